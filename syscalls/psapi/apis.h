/* psapi exports implemented by psapi.dll itself: none. Every export is a
 * forwarder to kernel32's K32 function of the same name (builtin_dlls.c),
 * as psapi.dll is on Windows 7 and later. */
