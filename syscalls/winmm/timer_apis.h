/* winmm: the multimedia timer's clock and resolution (syscalls/winmm/timer.c). */
API(timeGetTime, "", "u")
API(timeGetSystemTime, "p pmmt, u cbmmt", "u")
API(timeGetDevCaps, "p ptc, u cbtc", "u")
API(timeBeginPeriod, "u uPeriod", "u")
API(timeEndPeriod, "u uPeriod", "u")
