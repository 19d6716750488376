/* kernel32 leaf functions answered by guest code in the DLL image with no
 * transition, as real kernel32 reads them from the TEB (fs:[...]).
 * GUEST(name, args, ret, x86 code bytes). */
/* mov eax, fs:[0x34] (LastErrorValue); ret */
GUEST(GetLastError, "", "u", "64 A1 34 00 00 00 C3")
/* mov eax, [esp+4]; mov fs:[0x34], eax; ret 4 */
GUEST(SetLastError, "u dwErrCode", "v", "8B 44 24 04 64 A3 34 00 00 00 C2 04 00")
/* mov eax, fs:[0x20] (ClientId.UniqueProcess); ret */
GUEST(GetCurrentProcessId, "", "u", "64 A1 20 00 00 00 C3")
/* mov eax, fs:[0x24] (ClientId.UniqueThread); ret */
GUEST(GetCurrentThreadId, "", "u", "64 A1 24 00 00 00 C3")
/* or eax, -1; ret: the pseudo-handle (HANDLE)-1 */
GUEST(GetCurrentProcess, "", "h", "83 C8 FF C3")
/* mov eax, -2; ret: the pseudo-handle (HANDLE)-2 */
GUEST(GetCurrentThread, "", "h", "B8 FE FF FF FF C3")
/* ecx = index; index >= 64 → last error 87 (ERROR_INVALID_PARAMETER), 0;
 * else last error 0 and eax = fs:[0xE10 + 4*index] (TlsSlots) */
GUEST(TlsGetValue, "u dwTlsIndex", "p",
      "8B 4C 24 04 83 F9 40 73 16 64 C7 05 34 00 00 00 00 00 00 00 64 8B 04 8D 10 0E 00 00 C2 04 00 "
      "64 C7 05 34 00 00 00 57 00 00 00 31 C0 C2 04 00")
/* fs:[0xE10 + 4*index] = value; TRUE, or last error 87 and FALSE */
GUEST(TlsSetValue, "u dwTlsIndex, p lpTlsValue", "b",
      "8B 4C 24 04 83 F9 40 73 14 8B 44 24 08 64 89 04 8D 10 0E 00 00 B8 01 00 00 00 C2 08 00 "
      "64 C7 05 34 00 00 00 57 00 00 00 31 C0 C2 08 00")
