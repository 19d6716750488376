/* kernel32: fiber-local storage (syscalls/kernel32/fls.c). */
API(FlsAlloc, "p lpCallback", "u")
API(FlsFree, "u dwFlsIndex", "b")
API(FlsGetValue, "u dwFlsIndex", "p fails:never")
API(FlsSetValue, "u dwFlsIndex, p lpFlsData", "b")
