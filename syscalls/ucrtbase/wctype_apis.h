/* ucrtbase's C95 <wctype.h> extensible classification and mapping (wctype.c);
 * msvcrt.dll does not export these. */
API(wctype, "s name", "x")
API(wctrans, "s name", "x")
API(towctrans, "x ch, x desc", "x")
