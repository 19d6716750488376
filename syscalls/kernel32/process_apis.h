/* kernel32: process, thread and environment basics. */
API(ExitProcess, "u uExitCode", "v")
API(GetStartupInfoA, "p lpStartupInfo", "v")
API(GetStartupInfoW, "p lpStartupInfo", "v")
API(GetCommandLineA, "", "s fails:never")
API(GetCommandLineW, "", "w fails:never")
API(IsDebuggerPresent, "", "b")
