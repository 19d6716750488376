/* dbghelp: Microsoft C++ decorated names as declarations (syscalls/dbghelp/undname.c, undecorate.c). */
API(UnDecorateSymbolName, "s DecoratedName, s UnDecoratedName out[ret], u UndecoratedLength, x Flags", "u fails:0")
API(UnDecorateSymbolNameW, "w DecoratedName, w UnDecoratedName out[ret], u UndecoratedLength, x Flags", "u fails:0")
