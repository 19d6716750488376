/* kernel32: debugging and code-modification support. */
API(FlushInstructionCache, "h hProcess, p lpBaseAddress, u dwSize", "b")
API(WaitForDebugEvent, "p lpDebugEvent, u dwMilliseconds", "b")
API(ContinueDebugEvent, "u dwProcessId, u dwThreadId, x dwContinueStatus", "b")
