/* k32_strings.c - kernel32 lstr* (bad pointers give 0/NULL), CompareString
 * ordering (symbols < digits < letters, lowercase first), LCMapString,
 * GetStringType CT_CTYPE1, code page info; user32 Char* helpers and
 * wsprintf (no floats, %c of 0 skipped, precision 0 means 1 for numbers). */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#define BAD_PTR ((char *)16)

static void cmp(const char *a, const char *b)
{
    printf("lstrcmpA(%s, %s) = %d, lstrcmpiA = %d\n", a ? a : "NULL", b ? b : "NULL", lstrcmpA(a, b),
           lstrcmpiA(a, b));
}

static void lstr(void)
{
    char buf[32];
    WCHAR wbuf[32];

    printf("lstrlenA: %d %d %d\n", lstrlenA("hello"), lstrlenA(NULL), lstrlenA(BAD_PTR));
    printf("lstrlenW: %d %d\n", lstrlenW(L"wide"), lstrlenW(NULL));
    printf("lstrcpyA: %d [%s]\n", lstrcpyA(buf, "abc") == buf, buf);
    printf("lstrcpyA(bad source): %p\n", lstrcpyA(buf, BAD_PTR));
    printf("lstrcpyA(bad dest): %p\n", lstrcpyA(BAD_PTR, "x"));
    printf("lstrcatA: %d [%s]\n", lstrcatA(buf, "def") == buf, buf);
    printf("lstrcpynA(4): %d [%s]\n", lstrcpynA(buf, "abcdefgh", 4) == buf, buf);
    printf("lstrcpynA(10): [%s]\n", lstrcpynA(buf, "ab", 10));
    lstrcpyW(wbuf, L"wi");
    lstrcatW(wbuf, L"de");
    printf("lstrcpyW/lstrcatW: [%ls] %d\n", wbuf, lstrlenW(wbuf));
    lstrcpynW(wbuf, L"truncated", 5);
    printf("lstrcpynW(5): [%ls]\n", wbuf);

    cmp("abc", "abd");
    cmp("abc", "ABC");
    cmp("abc", "abc");
    cmp("a", "B");
    cmp("_", "A");
    cmp("10", "9");
    cmp("9", "a");
    cmp("ab", "abc");
    cmp(NULL, "a");
    cmp("a", NULL);
    cmp(NULL, NULL);
    printf("lstrcmpW(L\"a\", L\"A\") = %d, lstrcmpiW(L\"STRASSE\", L\"strasse\") = %d\n", lstrcmpW(L"a", L"A"),
           lstrcmpiW(L"STRASSE", L"strasse"));
}

static void compare(void)
{
    DWORD err;
    int r;

    printf("CompareStringA ignorecase: %d\n",
           CompareStringA(LOCALE_USER_DEFAULT, NORM_IGNORECASE, "Hello", -1, "hELLO", -1));
    printf("CompareStringA counted: %d\n", CompareStringA(LOCALE_USER_DEFAULT, 0, "abc", 2, "abd", 3));
    printf("CompareStringA accent: %d %d %d\n", CompareStringA(0x409, 0, "\xe9", 1, "e", 1),
           CompareStringA(0x409, 0, "\xe9", 1, "f", 1),
           CompareStringA(0x409, NORM_IGNORENONSPACE, "\xe9", 1, "e", 1));
    printf("CompareStringW: %d\n", CompareStringW(LOCALE_INVARIANT, 0, L"apple", -1, L"Banana", -1));
    printf("CompareStringW ignore symbols: %d\n",
           CompareStringW(LOCALE_USER_DEFAULT, NORM_IGNORESYMBOLS, L"a.b!", -1, L"ab", -1));
    SetLastError(0);
    r = CompareStringA(LOCALE_USER_DEFAULT, 0, NULL, -1, "a", -1);
    err = GetLastError();
    printf("CompareStringA(NULL): %d error %lu\n", r, err);
    printf("CompareStringOrdinal: %d %d %d\n", CompareStringOrdinal(L"a", -1, L"B", -1, FALSE),
           CompareStringOrdinal(L"a", -1, L"B", -1, TRUE), CompareStringOrdinal(L"abc", 3, L"ABC", -1, TRUE));
}

static void mapping(void)
{
    char buf[32];
    WCHAR wbuf[32];
    WORD types[8];
    CPINFO cpi;
    int n, i;
    DWORD err;

    n = LCMapStringA(LOCALE_USER_DEFAULT, LCMAP_UPPERCASE, "Hello, World", -1, buf, sizeof buf);
    printf("LCMapStringA upper: %d [%s]\n", n, buf);
    n = LCMapStringW(LOCALE_USER_DEFAULT, LCMAP_LOWERCASE, L"\x00C0\x00C9Z", 3, wbuf, 32);
    wbuf[n] = 0;
    printf("LCMapStringW lower: %d [%04x %04x %04x]\n", n, wbuf[0], wbuf[1], wbuf[2]);
    printf("LCMapStringW size query: %d\n", LCMapStringW(LOCALE_USER_DEFAULT, LCMAP_UPPERCASE, L"abc", -1, NULL, 0));
    SetLastError(0);
    n = LCMapStringW(LOCALE_USER_DEFAULT, LCMAP_UPPERCASE, L"abcdef", -1, wbuf, 3);
    err = GetLastError();
    printf("LCMapStringW too small: %d error %lu\n", n, err);

    printf("GetStringTypeW: %d", GetStringTypeW(CT_CTYPE1, L"aZ5 .\t", 6, types));
    for (i = 0; i < 6; i++)
        printf(" %03x", types[i]);
    printf("\n");
    printf("GetStringTypeA: %d", GetStringTypeA(LOCALE_USER_DEFAULT, CT_CTYPE1, "Fz", 2, types));
    printf(" %03x %03x\n", types[0], types[1]);

    memset(&cpi, 0xEE, sizeof cpi);
    printf("GetCPInfo(CP_ACP): %d", GetCPInfo(CP_ACP, &cpi));
    printf(" max %u default %02x %02x lead %02x\n", cpi.MaxCharSize, cpi.DefaultChar[0], cpi.DefaultChar[1],
           cpi.LeadByte[0]);
    printf("GetCPInfo(CP_UTF8): %d", GetCPInfo(CP_UTF8, &cpi));
    printf(" max %u\n", cpi.MaxCharSize);
    printf("IsValidCodePage: 1252 %d 437 %d 65001 %d 12345 %d\n", IsValidCodePage(1252), IsValidCodePage(437),
           IsValidCodePage(65001), IsValidCodePage(12345));
}

static void user32(void)
{
    char buf[64], *s = "ab";
    WCHAR wbuf[64];
    int n;

    lstrcpyA(buf, "Hello World");
    printf("CharUpperA: %d [%s]\n", CharUpperA(buf) == buf, buf);
    printf("CharLowerA: [%s]\n", CharLowerA(buf));
    printf("CharUpperA(char): 0x%lx, CharLowerW(char): 0x%lx\n", (unsigned long)(ULONG_PTR)CharUpperA((LPSTR)'q'),
           (unsigned long)(ULONG_PTR)CharLowerW((LPWSTR)0xC9));
    lstrcpyA(buf, "abcdef");
    printf("CharUpperBuffA: %lu [%s]\n", CharUpperBuffA(buf, 3), buf);
    lstrcpyW(wbuf, L"\x00E0x");
    CharUpperW(wbuf);
    printf("CharUpperW: %04x %04x\n", wbuf[0], wbuf[1]);
    printf("CharNextA: %d %d, CharPrevA: %d %d\n", CharNextA(s) == s + 1, CharNextA(s + 2) == s + 2,
           CharPrevA(s, s + 1) == s, CharPrevA(s, s) == s);
    printf("IsCharAlphaA: %d %d IsCharAlphaNumericA: %d IsCharUpperA: %d %d IsCharLowerA: %d\n",
           IsCharAlphaA('a'), IsCharAlphaA('1'), IsCharAlphaNumericA('1'), IsCharUpperA('A'), IsCharUpperA('a'),
           IsCharLowerA('a'));
    printf("IsCharAlphaW(alpha): %d IsCharUpperW(0xC0): %d\n", IsCharAlphaW(0x3B1), IsCharUpperW(0xC0));

    n = wsprintfA(buf, "%d|%5d|%-5d|%05d|%x|%X|%#x|%u", -42, 42, 42, 42, 255, 255, 255, 3000000000u);
    printf("wsprintfA: %d [%s]\n", n, buf);
    n = wsprintfA(buf, "%s|%-6s|%.2s|%c|%ls|%%", "str", "left", "truncate", 'C', L"wide");
    printf("wsprintfA: %d [%s]\n", n, buf);
    n = wsprintfA(buf, "[%c][%.0d][%p][%010ld]", 0, 0, (void *)0x12345, -1L);
    printf("wsprintfA: %d [%s]\n", n, buf);
    n = wsprintfA(buf, "%I64X|%I64d|%I32x", 0x123450067890AULL, -5LL, 0xBEEF);
    printf("wsprintfA: %d [%s]\n", n, buf);
    n = wsprintfW(wbuf, L"%s|%S|%c|%d", L"wide", "narrow", L'W', 7);
    printf("wsprintfW: %d [%ls]\n", n, wbuf);
}

int main(void)
{
    lstr();
    compare();
    mapping();
    user32();
    return 0;
}
