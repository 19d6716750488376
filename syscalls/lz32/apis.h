/* lz32 exports implemented by lz32.dll itself: none. Every export is a
 * forwarder to kernel32's LZ function of the same name (builtin_dlls.c),
 * as lz32.dll is on Windows NT and later. */
