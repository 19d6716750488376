/* ntdll exports the mingw-w64 headers do not declare, written here from
 * Microsoft's documentation of the functions (and of their kernel32 and
 * threadpool counterparts) so that their stubs fail as their type says.
 * tools/prototypes.py parses this after windows.h and winternl.h, and only
 * for exports the mingw-w64 headers leave unknown; gen_exports.py checks each
 * argument list against the export's @N size. Opaque structures are PVOID. */

/* critical sections, slim reader/writer locks, condition variables */
NTSTATUS NTAPI RtlEnterCriticalSection(PRTL_CRITICAL_SECTION CriticalSection);
NTSTATUS NTAPI RtlLeaveCriticalSection(PRTL_CRITICAL_SECTION CriticalSection);
BOOLEAN NTAPI RtlTryEnterCriticalSection(PRTL_CRITICAL_SECTION CriticalSection);
NTSTATUS NTAPI RtlInitializeCriticalSection(PRTL_CRITICAL_SECTION CriticalSection);
NTSTATUS NTAPI RtlInitializeCriticalSectionAndSpinCount(PRTL_CRITICAL_SECTION CriticalSection, ULONG SpinCount);
NTSTATUS NTAPI RtlInitializeCriticalSectionEx(PRTL_CRITICAL_SECTION CriticalSection, ULONG SpinCount, ULONG Flags);
NTSTATUS NTAPI RtlDeleteCriticalSection(PRTL_CRITICAL_SECTION CriticalSection);
ULONG NTAPI RtlSetCriticalSectionSpinCount(PRTL_CRITICAL_SECTION CriticalSection, ULONG SpinCount);
VOID NTAPI RtlInitializeSRWLock(PRTL_SRWLOCK SRWLock);
VOID NTAPI RtlAcquireSRWLockExclusive(PRTL_SRWLOCK SRWLock);
VOID NTAPI RtlAcquireSRWLockShared(PRTL_SRWLOCK SRWLock);
VOID NTAPI RtlReleaseSRWLockExclusive(PRTL_SRWLOCK SRWLock);
VOID NTAPI RtlReleaseSRWLockShared(PRTL_SRWLOCK SRWLock);
BOOLEAN NTAPI RtlTryAcquireSRWLockExclusive(PRTL_SRWLOCK SRWLock);
BOOLEAN NTAPI RtlTryAcquireSRWLockShared(PRTL_SRWLOCK SRWLock);
VOID NTAPI RtlInitializeConditionVariable(PRTL_CONDITION_VARIABLE ConditionVariable);
VOID NTAPI RtlWakeConditionVariable(PRTL_CONDITION_VARIABLE ConditionVariable);
VOID NTAPI RtlWakeAllConditionVariable(PRTL_CONDITION_VARIABLE ConditionVariable);
NTSTATUS NTAPI RtlSleepConditionVariableCS(PRTL_CONDITION_VARIABLE ConditionVariable, PRTL_CRITICAL_SECTION CriticalSection, PLARGE_INTEGER Timeout);
NTSTATUS NTAPI RtlSleepConditionVariableSRW(PRTL_CONDITION_VARIABLE ConditionVariable, PRTL_SRWLOCK SRWLock, PLARGE_INTEGER Timeout, ULONG Flags);
VOID NTAPI RtlAcquirePebLock(VOID);
VOID NTAPI RtlReleasePebLock(VOID);

/* pointer encoding, vectored handlers, fiber-local storage */
PVOID NTAPI RtlEncodePointer(PVOID Ptr);
PVOID NTAPI RtlDecodePointer(PVOID Ptr);
PVOID NTAPI RtlEncodeSystemPointer(PVOID Ptr);
PVOID NTAPI RtlDecodeSystemPointer(PVOID Ptr);
PVOID NTAPI RtlAddVectoredExceptionHandler(ULONG First, PVECTORED_EXCEPTION_HANDLER Handler);
PVOID NTAPI RtlAddVectoredContinueHandler(ULONG First, PVECTORED_EXCEPTION_HANDLER Handler);
ULONG NTAPI RtlRemoveVectoredExceptionHandler(PVOID Handle);
ULONG NTAPI RtlRemoveVectoredContinueHandler(PVOID Handle);
NTSTATUS NTAPI RtlFlsAlloc(PFLS_CALLBACK_FUNCTION Callback, PULONG Index);
NTSTATUS NTAPI RtlFlsFree(ULONG Index);
NTSTATUS NTAPI RtlFlsGetValue(ULONG Index, PVOID *Value);
NTSTATUS NTAPI RtlFlsSetValue(ULONG Index, PVOID Value);

/* heaps */
NTSTATUS NTAPI RtlWalkHeap(PVOID HeapHandle, PVOID Entry);
ULONG NTAPI RtlGetProcessHeaps(ULONG NumberOfHeaps, PVOID *ProcessHeaps);
BOOLEAN NTAPI RtlLockHeap(PVOID HeapHandle);
BOOLEAN NTAPI RtlUnlockHeap(PVOID HeapHandle);
BOOLEAN NTAPI RtlValidateHeap(PVOID HeapHandle, ULONG Flags, PVOID BaseAddress);
SIZE_T NTAPI RtlCompactHeap(PVOID HeapHandle, ULONG Flags);

/* environment, paths, process parameters */
NTSTATUS NTAPI RtlCreateEnvironment(BOOLEAN CloneCurrentEnvironment, PVOID *Environment);
NTSTATUS NTAPI RtlDestroyEnvironment(PVOID Environment);
NTSTATUS NTAPI RtlSetCurrentEnvironment(PVOID Environment, PVOID *PreviousEnvironment);
NTSTATUS NTAPI RtlSetEnvironmentVariable(PVOID *Environment, PUNICODE_STRING Name, PUNICODE_STRING Value);
NTSTATUS NTAPI RtlQueryEnvironmentVariable_U(PVOID Environment, PUNICODE_STRING Name, PUNICODE_STRING Value);
NTSTATUS NTAPI RtlExpandEnvironmentStrings_U(PVOID Environment, PUNICODE_STRING Source, PUNICODE_STRING Destination, PULONG ReturnedLength);
RTL_PATH_TYPE NTAPI RtlDetermineDosPathNameType_U(PCWSTR DosFileName);
BOOLEAN NTAPI RtlDoesFileExists_U(PCWSTR FileName);
ULONG NTAPI RtlDosSearchPath_U(PCWSTR Path, PCWSTR FileName, PCWSTR Extension, ULONG BufferLength, PWSTR Buffer, PWSTR *FilePart);
NTSTATUS NTAPI RtlDosPathNameToNtPathName_U_WithStatus(PCWSTR DosFileName, PUNICODE_STRING NtFileName, PWSTR *FilePart, PVOID RelativeName);
BOOLEAN NTAPI RtlDosPathNameToRelativeNtPathName_U(PCWSTR DosFileName, PUNICODE_STRING NtFileName, PWSTR *FilePart, PVOID RelativeName);
NTSTATUS NTAPI RtlDosPathNameToRelativeNtPathName_U_WithStatus(PCWSTR DosFileName, PUNICODE_STRING NtFileName, PWSTR *FilePart, PVOID RelativeName);
ULONG NTAPI RtlGetCurrentDirectory_U(ULONG BufferLength, PWSTR Buffer);
NTSTATUS NTAPI RtlSetCurrentDirectory_U(PUNICODE_STRING PathName);
ULONG NTAPI RtlGetFullPathName_U(PCWSTR FileName, ULONG BufferLength, PWSTR Buffer, PWSTR *FilePart);
NTSTATUS NTAPI RtlGetSearchPath(PWSTR *SearchPath);
NTSTATUS NTAPI RtlCreateProcessParameters(PVOID *ProcessParameters, PUNICODE_STRING ImagePathName, PUNICODE_STRING DllPath, PUNICODE_STRING CurrentDirectory, PUNICODE_STRING CommandLine, PVOID Environment, PUNICODE_STRING WindowTitle, PUNICODE_STRING DesktopInfo, PUNICODE_STRING ShellInfo, PUNICODE_STRING RuntimeData);
NTSTATUS NTAPI RtlCreateProcessParametersEx(PVOID *ProcessParameters, PUNICODE_STRING ImagePathName, PUNICODE_STRING DllPath, PUNICODE_STRING CurrentDirectory, PUNICODE_STRING CommandLine, PVOID Environment, PUNICODE_STRING WindowTitle, PUNICODE_STRING DesktopInfo, PUNICODE_STRING ShellInfo, PUNICODE_STRING RuntimeData, ULONG Flags);
NTSTATUS NTAPI RtlDestroyProcessParameters(PVOID ProcessParameters);
PVOID NTAPI RtlNormalizeProcessParams(PVOID ProcessParameters);
PVOID NTAPI RtlDeNormalizeProcessParams(PVOID ProcessParameters);
NTSTATUS NTAPI RtlGetNativeSystemInformation(ULONG SystemInformationClass, PVOID SystemInformation, ULONG SystemInformationLength, PULONG ReturnLength);
NTSTATUS NTAPI RtlLcidToLocaleName(LCID Lcid, PUNICODE_STRING LocaleName, ULONG Flags, BOOLEAN AllocateDestinationString);

/* atom and handle tables */
NTSTATUS NTAPI RtlCreateAtomTable(ULONG NumberOfBuckets, PVOID *AtomTableHandle);
NTSTATUS NTAPI RtlDestroyAtomTable(PVOID AtomTableHandle);
NTSTATUS NTAPI RtlEmptyAtomTable(PVOID AtomTableHandle, BOOLEAN IncludePinnedAtoms);
NTSTATUS NTAPI RtlAddAtomToAtomTable(PVOID AtomTableHandle, PWSTR AtomName, PUSHORT Atom);
NTSTATUS NTAPI RtlLookupAtomInAtomTable(PVOID AtomTableHandle, PWSTR AtomName, PUSHORT Atom);
NTSTATUS NTAPI RtlDeleteAtomFromAtomTable(PVOID AtomTableHandle, USHORT Atom);
NTSTATUS NTAPI RtlPinAtomInAtomTable(PVOID AtomTableHandle, USHORT Atom);
NTSTATUS NTAPI RtlQueryAtomInAtomTable(PVOID AtomTableHandle, USHORT Atom, PULONG AtomUsage, PULONG AtomFlags, PWSTR AtomName, PULONG AtomNameLength);
VOID NTAPI RtlInitializeHandleTable(ULONG MaximumNumberOfHandles, ULONG SizeOfHandleTableEntry, PVOID HandleTable);
NTSTATUS NTAPI RtlDestroyHandleTable(PVOID HandleTable);
PVOID NTAPI RtlAllocateHandle(PVOID HandleTable, PULONG HandleIndex);
BOOLEAN NTAPI RtlFreeHandle(PVOID HandleTable, PVOID Handle);

/* threads, timers, waits, work items */
NTSTATUS NTAPI RtlCreateUserThread(HANDLE Process, PSECURITY_DESCRIPTOR ThreadSecurityDescriptor, BOOLEAN CreateSuspended, ULONG ZeroBits, SIZE_T MaximumStackSize, SIZE_T CommittedStackSize, PVOID StartAddress, PVOID Parameter, PHANDLE Thread, PCLIENT_ID ClientId);
VOID NTAPI RtlExitUserThread(NTSTATUS ExitStatus);
VOID NTAPI RtlExitUserProcess(NTSTATUS ExitStatus);
BOOLEAN NTAPI RtlDllShutdownInProgress(VOID);
NTSTATUS NTAPI RtlAdjustPrivilege(ULONG Privilege, BOOLEAN Enable, BOOLEAN CurrentThread, PBOOLEAN Enabled);
NTSTATUS NTAPI RtlCreateTimerQueue(PHANDLE TimerQueue);
NTSTATUS NTAPI RtlDeleteTimerQueue(HANDLE TimerQueue);
NTSTATUS NTAPI RtlDeleteTimerQueueEx(HANDLE TimerQueue, HANDLE CompletionEvent);
NTSTATUS NTAPI RtlCreateTimer(HANDLE TimerQueue, PHANDLE Timer, WAITORTIMERCALLBACKFUNC Callback, PVOID Parameter, ULONG DueTime, ULONG Period, ULONG Flags);
NTSTATUS NTAPI RtlUpdateTimer(HANDLE TimerQueue, HANDLE Timer, ULONG DueTime, ULONG Period);
NTSTATUS NTAPI RtlDeleteTimer(HANDLE TimerQueue, HANDLE Timer, HANDLE CompletionEvent);
NTSTATUS NTAPI RtlCancelTimer(HANDLE TimerQueue, HANDLE Timer);
NTSTATUS NTAPI RtlRegisterWait(PHANDLE WaitHandle, HANDLE Object, WAITORTIMERCALLBACKFUNC Callback, PVOID Context, ULONG Milliseconds, ULONG Flags);
NTSTATUS NTAPI RtlDeregisterWait(HANDLE WaitHandle);
NTSTATUS NTAPI RtlDeregisterWaitEx(HANDLE WaitHandle, HANDLE CompletionEvent);
NTSTATUS NTAPI RtlQueueWorkItem(WORKERCALLBACKFUNC Function, PVOID Context, ULONG Flags);

/* the thread pool (kernel32's *Threadpool* functions sit on these) */
NTSTATUS NTAPI TpAllocPool(PTP_POOL *PoolReturn, PVOID Reserved);
VOID NTAPI TpReleasePool(PTP_POOL Pool);
NTSTATUS NTAPI TpSetPoolMinThreads(PTP_POOL Pool, LONG MinThreads);
VOID NTAPI TpSetPoolMaxThreads(PTP_POOL Pool, LONG MaxThreads);
NTSTATUS NTAPI TpAllocCleanupGroup(PTP_CLEANUP_GROUP *CleanupGroupReturn);
VOID NTAPI TpReleaseCleanupGroup(PTP_CLEANUP_GROUP CleanupGroup);
VOID NTAPI TpReleaseCleanupGroupMembers(PTP_CLEANUP_GROUP CleanupGroup, LOGICAL CancelPendingCallbacks, PVOID CleanupParameter);
NTSTATUS NTAPI TpSimpleTryPost(PTP_SIMPLE_CALLBACK Callback, PVOID Context, PTP_CALLBACK_ENVIRON CallbackEnviron);
NTSTATUS NTAPI TpAllocWork(PTP_WORK *WorkReturn, PTP_WORK_CALLBACK Callback, PVOID Context, PTP_CALLBACK_ENVIRON CallbackEnviron);
VOID NTAPI TpPostWork(PTP_WORK Work);
VOID NTAPI TpReleaseWork(PTP_WORK Work);
VOID NTAPI TpWaitForWork(PTP_WORK Work, LOGICAL CancelPendingCallbacks);
NTSTATUS NTAPI TpAllocTimer(PTP_TIMER *Timer, PTP_TIMER_CALLBACK Callback, PVOID Context, PTP_CALLBACK_ENVIRON CallbackEnviron);
VOID NTAPI TpSetTimer(PTP_TIMER Timer, PLARGE_INTEGER DueTime, LONG Period, LONG WindowLength);
LOGICAL NTAPI TpIsTimerSet(PTP_TIMER Timer);
VOID NTAPI TpReleaseTimer(PTP_TIMER Timer);
VOID NTAPI TpWaitForTimer(PTP_TIMER Timer, LOGICAL CancelPendingCallbacks);
NTSTATUS NTAPI TpAllocWait(PTP_WAIT *WaitReturn, PTP_WAIT_CALLBACK Callback, PVOID Context, PTP_CALLBACK_ENVIRON CallbackEnviron);
VOID NTAPI TpSetWait(PTP_WAIT Wait, HANDLE Handle, PLARGE_INTEGER Timeout);
VOID NTAPI TpReleaseWait(PTP_WAIT Wait);
VOID NTAPI TpWaitForWait(PTP_WAIT Wait, LOGICAL CancelPendingCallbacks);
NTSTATUS NTAPI TpCallbackMayRunLong(PTP_CALLBACK_INSTANCE Instance);
VOID NTAPI TpDisassociateCallback(PTP_CALLBACK_INSTANCE Instance);
VOID NTAPI TpCallbackSetEventOnCompletion(PTP_CALLBACK_INSTANCE Instance, HANDLE Event);
VOID NTAPI TpCallbackReleaseSemaphoreOnCompletion(PTP_CALLBACK_INSTANCE Instance, HANDLE Semaphore, LONG ReleaseCount);
VOID NTAPI TpCallbackReleaseMutexOnCompletion(PTP_CALLBACK_INSTANCE Instance, HANDLE Mutex);
VOID NTAPI TpCallbackLeaveCriticalSectionOnCompletion(PTP_CALLBACK_INSTANCE Instance, PRTL_CRITICAL_SECTION CriticalSection);
VOID NTAPI TpCallbackUnloadDllOnCompletion(PTP_CALLBACK_INSTANCE Instance, PVOID DllHandle);
VOID NTAPI TpStartAsyncIoOperation(PTP_IO Io);
VOID NTAPI TpCancelAsyncIoOperation(PTP_IO Io);
VOID NTAPI TpReleaseIoCompletion(PTP_IO Io);
VOID NTAPI TpWaitForIoCompletion(PTP_IO Io, LOGICAL CancelPendingCallbacks);

/* the loader */
NTSTATUS NTAPI LdrLoadDll(PWSTR SearchPath, PULONG DllCharacteristics, PUNICODE_STRING DllName, PVOID *BaseAddress);
NTSTATUS NTAPI LdrUnloadDll(PVOID BaseAddress);
NTSTATUS NTAPI LdrGetDllHandle(PWSTR DllPath, PULONG DllCharacteristics, PUNICODE_STRING DllName, PVOID *DllHandle);
NTSTATUS NTAPI LdrGetDllHandleEx(ULONG Flags, PWSTR DllPath, PULONG DllCharacteristics, PUNICODE_STRING DllName, PVOID *DllHandle);
NTSTATUS NTAPI LdrGetProcedureAddress(PVOID DllHandle, PANSI_STRING ProcedureName, ULONG ProcedureNumber, PVOID *ProcedureAddress);
NTSTATUS NTAPI LdrAddRefDll(ULONG Flags, PVOID DllHandle);
NTSTATUS NTAPI LdrDisableThreadCalloutsForDll(PVOID DllHandle);
NTSTATUS NTAPI LdrFindEntryForAddress(PVOID Address, PVOID *TableEntry);
NTSTATUS NTAPI LdrLockLoaderLock(ULONG Flags, PULONG Disposition, PULONG_PTR Cookie);
NTSTATUS NTAPI LdrUnlockLoaderLock(ULONG Flags, ULONG_PTR Cookie);
NTSTATUS NTAPI LdrAccessResource(PVOID DllHandle, PIMAGE_RESOURCE_DATA_ENTRY ResourceDataEntry, PVOID *Address, PULONG Size);
NTSTATUS NTAPI LdrFindResource_U(PVOID DllHandle, PULONG_PTR ResourceIdPath, ULONG ResourceIdPathLength, PIMAGE_RESOURCE_DATA_ENTRY *ResourceDataEntry);
NTSTATUS NTAPI LdrQueryProcessModuleInformation(PVOID ModuleInformation, ULONG Size, PULONG ReturnedSize);
NTSTATUS NTAPI LdrRegisterDllNotification(ULONG Flags, PVOID NotificationFunction, PVOID Context, PVOID *Cookie);
NTSTATUS NTAPI LdrUnregisterDllNotification(PVOID Cookie);
