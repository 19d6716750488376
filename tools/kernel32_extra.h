/* kernel32 (and ntdll) exports the mingw-w64 headers declare only as macros
 * or intrinsics, or not at all, written here from Microsoft's documentation.
 * tools/prototypes.py parses this after windows.h, only for exports the
 * mingw-w64 headers leave unknown; gen_exports.py checks each argument list
 * against the export's @N size. */
#undef RtlMoveMemory
#undef RtlCopyMemory
#undef RtlFillMemory
#undef RtlZeroMemory
#undef InterlockedIncrement
#undef InterlockedDecrement
#undef InterlockedExchange
#undef InterlockedExchangeAdd
#undef InterlockedCompareExchange
#undef InterlockedCompareExchange64

VOID WINAPI RtlMoveMemory(PVOID Destination, const VOID *Source, SIZE_T Length);
VOID WINAPI RtlFillMemory(PVOID Destination, SIZE_T Length, BYTE Fill);
VOID WINAPI RtlZeroMemory(PVOID Destination, SIZE_T Length);
LONG WINAPI InterlockedIncrement(LONG volatile *Addend);
LONG WINAPI InterlockedDecrement(LONG volatile *Addend);
LONG WINAPI InterlockedExchange(LONG volatile *Target, LONG Value);
LONG WINAPI InterlockedExchangeAdd(LONG volatile *Addend, LONG Value);
LONG WINAPI InterlockedCompareExchange(LONG volatile *Destination, LONG Exchange, LONG Comperand);
LONGLONG WINAPI InterlockedCompareExchange64(LONGLONG volatile *Destination, LONGLONG Exchange, LONGLONG Comperand);

HRESULT WINAPI GetThreadDescription(HANDLE hThread, PWSTR *ppszThreadDescription);
HRESULT WINAPI SetThreadDescription(HANDLE hThread, PCWSTR lpThreadDescription);
VOID WINAPI RestoreLastError(DWORD dwErrCode);
HANDLE WINAPI RegisterWaitForSingleObjectEx(HANDLE hObject, WAITORTIMERCALLBACK Callback, PVOID Context, ULONG dwMilliseconds, ULONG dwFlags);
BOOL WINAPI IsProcessCritical(HANDLE hProcess, PBOOL Critical);
HRESULT WINAPI GetDiskSpaceInformationA(LPCSTR rootPath, PVOID diskSpaceInfo);
HRESULT WINAPI GetDiskSpaceInformationW(LPCWSTR rootPath, PVOID diskSpaceInfo);
BOOL WINAPI GetSystemCpuSetInformation(PVOID Information, ULONG BufferLength, PULONG ReturnedLength, HANDLE Process, ULONG Flags);
BOOL WINAPI GetProcessDefaultCpuSets(HANDLE Process, PULONG CpuSetIds, ULONG CpuSetIdCount, PULONG RequiredIdCount);
BOOL WINAPI SetProcessDefaultCpuSets(HANDLE Process, const ULONG *CpuSetIds, ULONG CpuSetIdCount);
BOOL WINAPI GetThreadSelectedCpuSets(HANDLE Thread, PULONG CpuSetIds, ULONG CpuSetIdCount, PULONG RequiredIdCount);
BOOL WINAPI SetThreadSelectedCpuSets(HANDLE Thread, const ULONG *CpuSetIds, ULONG CpuSetIdCount);
PVOID WINAPI ResolveDelayLoadedAPI(PVOID ParentModuleBase, PVOID DelayloadedImportDescriptor, PVOID FailureDllHook, PVOID FailureSystemHook, PVOID ThunkAddress, ULONG Flags);
NTSTATUS WINAPI ResolveDelayLoadsFromDll(PVOID ParentBase, LPCSTR TargetDllName, ULONG Flags);
