/* shell32: command lines, starting programs and finding what opens a file
 * (syscalls/shell32/execute.c). */
API(CommandLineToArgvW, "w lpCmdLine, p pNumArgs out i", "p")
API(ShellExecuteA, "p hwnd, s lpOperation, s lpFile, s lpParameters, s lpDirectory, i nShowCmd", "p fails:never")
API(ShellExecuteW, "p hwnd, w lpOperation, w lpFile, w lpParameters, w lpDirectory, i nShowCmd", "p fails:never")
API(ShellExecuteExA, "p pExecInfo", "b")
API(ShellExecuteExW, "p pExecInfo", "b")
API(FindExecutableA, "s lpFile, s lpDirectory, p lpResult", "p fails:never")
API(FindExecutableW, "w lpFile, w lpDirectory, p lpResult", "p fails:never")
