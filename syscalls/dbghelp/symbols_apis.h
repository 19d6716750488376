/* dbghelp: the symbol handler over the loaded images' exports (syscalls/dbghelp/symbols.c). */
API(SymInitialize, "h hProcess, s UserSearchPath, b fInvadeProcess", "b")
API(SymInitializeW, "h hProcess, w UserSearchPath, b fInvadeProcess", "b")
API(SymCleanup, "h hProcess", "b")
API(SymSetOptions, "x SymOptions", "x fails:never")
API(SymGetOptions, "", "x fails:never")
API(SymFromAddr, "h hProcess, l Address, p Displacement, p Symbol", "b")
API(SymGetModuleBase, "h hProcess, x dwAddr", "x fails:0")
API(SymGetModuleBase64, "h hProcess, l qwAddr", "l fails:0")
