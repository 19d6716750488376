/* ucrtbase: C99/C11 additions msvcrt.dll does not have. */
API(strtof, "s str, p end", "f")
API(_timespec32_get, "p ts, i base", "i")
API(_timespec64_get, "p ts, i base", "i")
API(strtod, "s str, p end", "f")
