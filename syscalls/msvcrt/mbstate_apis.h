/* msvcrt C95 restartable multibyte conversions (mbstate.c). */
API(btowc, "i c", "x fails:never")
API(wctob, "x wc", "i fails:never")
API(mbrtowc, "p pwc, p src, u count, p state", "u fails:-1")
API(mbrlen, "p src, u count, p state", "u fails:-1")
API(wcrtomb, "p dst, x wc, p state", "u fails:-1")
API(mbsrtowcs, "p dst, p psrc, u len, p state", "u fails:-1")
API(wcsrtombs, "p dst, p psrc, u len, p state", "u fails:-1")
