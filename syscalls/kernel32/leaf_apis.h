/* kernel32 leaf functions answered by guest code in the DLL image with no
 * transition, as real kernel32 reads them from the TEB (fs:[...]):
 * syscalls/kernel32/guest/leaf.c. */
GUEST_C(GetLastError, "", "u")
GUEST_C(SetLastError, "u dwErrCode", "v")
GUEST_C(GetCurrentProcessId, "", "u")
GUEST_C(GetCurrentThreadId, "", "u")
GUEST_C(GetCurrentProcess, "", "h fails:never")
GUEST_C(GetCurrentThread, "", "h fails:never")
GUEST_C(TlsGetValue, "u dwTlsIndex", "p fails:never")
GUEST_C(TlsSetValue, "u dwTlsIndex, p lpTlsValue", "b")
