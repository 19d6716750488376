/* kernel32: threads. */
API(CreateThread, "p lpThreadAttributes, u dwStackSize, p lpStartAddress, p lpParameter, x dwCreationFlags, p lpThreadId", "h")
API(ExitThread, "u dwExitCode", "v")
API(GetExitCodeThread, "h hThread, p lpExitCode", "b")
API(GetThreadId, "h Thread", "u fails:0")
API(GetProcessIdOfThread, "h Thread", "u fails:0")
API(OpenThread, "x dwDesiredAccess, b bInheritHandle, u dwThreadId", "h")
API(SuspendThread, "h hThread", "u")
API(ResumeThread, "h hThread", "u")
API(TerminateThread, "h hThread, u dwExitCode", "b")
API(SetThreadPriority, "h hThread, i nPriority", "b")
API(GetThreadPriority, "h hThread", "i")
API(DisableThreadLibraryCalls, "p hLibModule", "b")
/* where every thread's start routine is called from (guest/thread_start.c);
 * fastcall: RunProcessInit in ecx and lpStartAddress in edx, not on the stack */
GUEST_C(BaseThreadInitThunk, "p lpParameter", "v")
