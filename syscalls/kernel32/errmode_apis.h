/* kernel32: error modes (kernel32/errmode.c). */
API(SetErrorMode, "x uMode", "x")
API(GetErrorMode, "", "x")
API(SetThreadErrorMode, "x dwNewMode, p lpOldMode out x", "b")
API(GetThreadErrorMode, "", "x")
