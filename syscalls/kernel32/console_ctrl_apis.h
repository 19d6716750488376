/* kernel32: console control events (console_ctrl.c). */
API(SetConsoleCtrlHandler, "p HandlerRoutine, b Add", "b")
API(GenerateConsoleCtrlEvent, "u dwCtrlEvent, u dwProcessGroupId", "b")
API(CtrlRoutine, "p lpParameter", "u")
