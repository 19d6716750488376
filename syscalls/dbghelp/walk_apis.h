/* dbghelp: x86 stack walks by frame pointers (syscalls/dbghelp/walk.c). */
API(StackWalk64, "u MachineType, h hProcess, h hThread, p StackFrame, p ContextRecord, p ReadMemoryRoutine, p FunctionTableAccessRoutine, p GetModuleBaseRoutine, p TranslateAddress", "b")
API(StackWalk, "u MachineType, h hProcess, h hThread, p StackFrame, p ContextRecord, p ReadMemoryRoutine, p FunctionTableAccessRoutine, p GetModuleBaseRoutine, p TranslateAddress", "b")
