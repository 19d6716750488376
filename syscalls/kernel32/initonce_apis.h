/* kernel32: one-time initialization (syscalls/kernel32/initonce.c). */
API(InitOnceInitialize, "p InitOnce", "v")
API(InitOnceBeginInitialize, "p lpInitOnce, x dwFlags, p fPending, p lpContext", "b")
API(InitOnceComplete, "p lpInitOnce, x dwFlags, p lpContext", "b")
API(InitOnceExecuteOnce, "p InitOnce, p InitFn, p Parameter, p Context", "b")
