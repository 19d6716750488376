/* kernel32: local time and time zones (syscalls/kernel32/timezone.c). */
API(GetLocalTime, "p lpSystemTime", "v")
API(FileTimeToLocalFileTime, "p lpFileTime, p lpLocalFileTime", "b")
API(LocalFileTimeToFileTime, "p lpLocalFileTime, p lpFileTime", "b")
API(GetTimeZoneInformation, "p lpTimeZoneInformation", "u fails:-1")
API(GetDynamicTimeZoneInformation, "p pTimeZoneInformation", "u fails:-1")
API(SystemTimeToTzSpecificLocalTime, "p lpTimeZoneInformation, p lpUniversalTime, p lpLocalTime", "b")
API(TzSpecificLocalTimeToSystemTime, "p lpTimeZoneInformation, p lpLocalTime, p lpUniversalTime", "b")
