/* kernel32: debugging (no debugger is ever attached) and code-modification support. */
API(FlushInstructionCache, "h hProcess, p lpBaseAddress, u dwSize", "b")
API(WaitForDebugEvent, "p lpDebugEvent, u dwMilliseconds", "b")
API(ContinueDebugEvent, "u dwProcessId, u dwThreadId, x dwContinueStatus", "b")
API(CheckRemoteDebuggerPresent, "h hProcess, p pbDebuggerPresent out u", "b")
API(DebugActiveProcess, "u dwProcessId", "b")
API(DebugActiveProcessStop, "u dwProcessId", "b")
API(DebugSetProcessKillOnExit, "b KillOnExit", "b")
