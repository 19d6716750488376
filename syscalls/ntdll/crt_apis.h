/* ntdll: the C runtime's string formatting that ntdll.dll exports too
 * (syscalls/ntdll/crt.c), with msvcrt's formats. */
API(_vsnprintf, "p _Dest, u _Count, s _Format, p _Args", "i")
API(_snprintf, "p _Dest, u _Count, s _Format, ...", "i")
API(vsprintf, "p _Dest, s _Format, p _Args", "i")
API(sprintf, "p _Dest, s _Format, ...", "i")
