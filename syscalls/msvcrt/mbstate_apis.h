/* msvcrt C95 restartable multibyte conversions (mbstate.c). */
API(btowc, "i c", "x")
API(wctob, "x wc", "i")
API(mbrtowc, "p pwc, p src, u count, p state", "u")
API(mbrlen, "p src, u count, p state", "u")
API(wcrtomb, "p dst, x wc, p state", "u")
API(mbsrtowcs, "p dst, p psrc, u len, p state", "u")
API(wcsrtombs, "p dst, p psrc, u len, p state", "u")
