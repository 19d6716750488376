/* ntdll: version queries (syscalls/ntdll/version.c). */
API(RtlGetVersion, "p lpVersionInformation", "x")
API(RtlGetNtVersionNumbers, "p MajorVersion, p MinorVersion, p BuildNumber", "v")
