/* mbstring_sjis.c - run with --codepage=932,932 (mbstring_sjis.opts):
 * msvcrt's _mbs* functions walk Shift-JIS characters, so a trail byte equal
 * to '\\' (0x5C in U+8868, "\x95\x5c") or 'a' (0x61 in U+30C2, "\x83\x61")
 * is never split off as a character of its own, where the byte functions
 * (strrchr, strchr, strstr) do split it. The multibyte code page starts as
 * the ANSI one; _setmbcp(0) makes every byte a character, _setmbcp with an
 * unknown page fails with EINVAL. user32's CharNextA/CharPrevA/CharUpperA
 * step over and keep the same pairs. */
#include <errno.h>
#include <mbctype.h>
#include <mbstring.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef unsigned char uchar;

/* _mbctype's address (mingw's header reads the _mbctype export as a pointer
 * variable, which it is not; the UCRT has only the accessor) */
unsigned char *__cdecl __p__mbctype(void);

static long off(const uchar *base, const void *p) { return p ? (long)((const uchar *)p - base) : -1; }

static void show(const char *label, const uchar *s)
{
    printf("%s:", label);
    for (; *s; s++)
        printf(" %02x", *s);
    printf("\n");
}

int main(void)
{
    /* C:\<U+8868>\<U+30C2>a.txt: 13 bytes, 11 characters */
    const uchar path[] = "C:\\\x95\x5c\\\x83\x61" "a.txt";
    const uchar dir[] = "dir\\\x95\x5c"; /* ends with a trail 0x5C */
    printf("_getmbcp %d\n", _getmbcp());
    printf("_ismbblead 0x95 %d, 'a' %d; _ismbbtrail 0x5c %d\n", !!_ismbblead(0x95), !!_ismbblead('a'),
           !!_ismbbtrail(0x5c));
    printf("_mbctype lead flag of 0x95: %d\n", !!(__p__mbctype()[0x95 + 1] & _M1));
    printf("_mbslen %u, strlen %u\n", (unsigned)_mbslen(path), (unsigned)strlen((const char *)path));
    printf("_mbsrchr(dir, '\\\\') at %ld, strrchr at %ld\n", off(dir, _mbsrchr(dir, '\\')),
           off(dir, strrchr((const char *)dir, '\\')));
    printf("_mbschr(path, 'a') at %ld, strchr at %ld\n", off(path, _mbschr(path, 'a')),
           off(path, strchr((const char *)path, 'a')));
    printf("_mbschr(path, 0x955c) at %ld\n", off(path, _mbschr(path, 0x955c)));
    const uchar aa[] = "\x83\x61" "a";
    printf("_mbsstr(\"<U+30C2>a\", \"aa\") at %ld, strstr at %ld\n", off(aa, _mbsstr(aa, (const uchar *)"aa")),
           off(aa, strstr((const char *)aa, "aa")));
    printf("_mbsinc(path+3) at %ld, _mbsdec(path, path+5) at %ld, _mbsdec(path, path+6) at %ld\n",
           off(path, _mbsinc(path + 3)), off(path, _mbsdec(path, path + 5)), off(path, _mbsdec(path, path + 6)));
    printf("_mbsnextc(path+3) %#x, _mbclen(path+3) %u\n", _mbsnextc(path + 3), (unsigned)_mbclen(path + 3));
    printf("_mbsbtype(path, 2/3/4) %d %d %d, past the end %d\n", _mbsbtype(path, 2), _mbsbtype(path, 3),
           _mbsbtype(path, 4), _mbsbtype(path, 20));
    printf("_ismbslead(path, path+3) %d, _ismbstrail(path, path+4) %d\n", _ismbslead(path, path + 3),
           _ismbstrail(path, path + 4));
    const uchar run[] = "\x95\x5c\x95\x5cX";
    printf("_mbsspnp at %ld, _mbsspn %u\n", off(run, _mbsspnp(run, (const uchar *)"\x95\x5c")),
           (unsigned)_mbsspn(run, (const uchar *)"\x95\x5c"));
    uchar up[32];
    strcpy((char *)up, (const char *)path);
    show("_mbsupr", _mbsupr(up));
    strcpy((char *)up, "x\x82\x60y\x82\x81");
    show("_mbslwr (fullwidth A)", _mbslwr(up));
    printf("_mbsicmp(\"\\x82\\x60\", \"\\x82\\x81\") %d, _mbscmp %d\n",
           _mbsicmp((const uchar *)"\x82\x60", (const uchar *)"\x82\x81"),
           _mbscmp((const uchar *)"\x82\x60", (const uchar *)"\x82\x81") < 0 ? -1 : 1);
    printf("_mbscmp(\"\\xa1\", \"\\x81\\x40\") %d (a character, not a byte, compare)\n",
           _mbscmp((const uchar *)"\xa1", (const uchar *)"\x81\x40") < 0 ? -1 : 1);
    strcpy((char *)up, "ab\x95\x5c");
    show("_mbsrev", _mbsrev(up));
    uchar tok[] = "a\x95\x5c" "b\\c";
    for (uchar *t = _mbstok(tok, (const uchar *)"\\"); t; t = _mbstok(NULL, (const uchar *)"\\"))
        show("_mbstok", t);
    /* user32's byte stepping and case mapping follow the ANSI page too */
    printf("CharNextA(path+3) at %ld, CharPrevA(path, path+5) at %ld, CharPrevA(path, path+6) at %ld\n",
           off(path, CharNextA((const char *)path + 3)), off(path, CharPrevA((const char *)path, (const char *)path + 5)),
           off(path, CharPrevA((const char *)path, (const char *)path + 6)));
    printf("CharNextExA(1252, path+6) at %ld\n", off(path, CharNextExA(1252, (const char *)path + 6, 0)));
    strcpy((char *)up, (const char *)path);
    show("CharUpperA", (uchar *)CharUpperA((char *)up));
    int r = _setmbcp(0); /* one call per statement: arguments have no order */
    printf("_setmbcp(0) %d, _getmbcp %d", r, _getmbcp());
    printf(", _mbslen %u, _mbsrchr(dir) at %ld\n", (unsigned)_mbslen(path), off(dir, _mbsrchr(dir, '\\')));
    errno = 0;
    r = _setmbcp(12345);
    printf("_setmbcp(12345) %d, errno %d\n", r, errno);
    r = _setmbcp(_MB_CP_ANSI);
    printf("_setmbcp(_MB_CP_ANSI) %d, _getmbcp %d", r, _getmbcp());
    printf(", _mbslen %u\n", (unsigned)_mbslen(path));
    return 0;
}
