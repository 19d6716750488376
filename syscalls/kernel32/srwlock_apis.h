/* kernel32: slim reader/writer locks and condition variables
 * (syscalls/kernel32/srwlock.c). */
API(InitializeSRWLock, "p SRWLock", "v")
API(AcquireSRWLockExclusive, "p SRWLock", "v")
API(AcquireSRWLockShared, "p SRWLock", "v")
API(ReleaseSRWLockExclusive, "p SRWLock", "v")
API(ReleaseSRWLockShared, "p SRWLock", "v")
API(TryAcquireSRWLockExclusive, "p SRWLock", "b")
API(TryAcquireSRWLockShared, "p SRWLock", "b")
API(InitializeConditionVariable, "p ConditionVariable", "v")
API(SleepConditionVariableCS, "p ConditionVariable, p CriticalSection, u dwMilliseconds", "b")
API(SleepConditionVariableSRW, "p ConditionVariable, p SRWLock, u dwMilliseconds, x Flags", "b")
API(WakeConditionVariable, "p ConditionVariable", "v")
API(WakeAllConditionVariable, "p ConditionVariable", "v")
