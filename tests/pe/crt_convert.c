/* crt_convert.c - proves msvcrt conversions and string routines the other
 * samples leave out: _itoa/_i64toa/_itow families, strtoul/_strtoi64 edge
 * cases, msvcrt's 'd' exponent in strtod, _ecvt/_fcvt rounding, "C" locale
 * mbstowcs/wcstombs, strncmp's difference result, _strnset & co., wcs*. */
// build-flags: -fno-builtin
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

typedef double (__cdecl *strtod_fn)(const char *, char **);
typedef double (__cdecl *wcstod_fn)(const wchar_t *, wchar_t **);

static void cvt(double v, int n)
{
    int dec, sign;
    char *e = _ecvt(v, n, &dec, &sign);
    printf("_ecvt(%g, %d) = [%s] dec %d sign %d; ", v, n, e, dec, sign);
    e = _fcvt(v, n, &dec, &sign);
    printf("_fcvt = [%s] dec %d sign %d\n", e, dec, sign);
}

int main(void)
{
    char buf[80], *end;
    wchar_t wbuf[40], *wend;
    const char *s;
    long long ll;
    unsigned long long ull;
    int n;

    printf("_itoa: %s %s %s %s\n", _itoa(-255, buf, 10), _itoa(-255, buf + 20, 16),
           _itoa(255, buf + 40, 2), _itoa(35, buf + 60, 36));
    printf("_ultoa: %s _ltoa: %s\n", _ultoa(4294967295UL, buf, 10), _ltoa(-2147483647L - 1, buf + 20, 10));
    printf("_i64toa: %s %s _ui64toa: %s\n", _i64toa(-9223372036854775807LL - 1, buf, 10),
           _i64toa(-1, buf + 30, 16), _ui64toa(18446744073709551615ULL, buf + 50, 10));
    _itow(-42, wbuf, 10);
    printf("_itow: %ls\n", wbuf);

    unsigned long ul;
    long l;
    double d;
    strtod_fn m_strtod = (strtod_fn)GetProcAddress(GetModuleHandleA("msvcrt.dll"), "strtod");
    wcstod_fn m_wcstod = (wcstod_fn)GetProcAddress(GetModuleHandleA("msvcrt.dll"), "wcstod");

    errno = 0;
    ul = strtoul("-1", NULL, 10);
    printf("strtoul(\"-1\") = %lu errno %d\n", ul, errno);
    s = "0xg";
    strtol(s, &end, 16);
    printf("strtol(\"0xg\", 16) end at %d\n", (int)(end - s));
    errno = 0;
    ll = _strtoi64("-9223372036854775809", NULL, 10);
    printf("_strtoi64 underflow: %lld errno %s\n", ll, errno == ERANGE ? "ERANGE" : "other");
    ull = _strtoui64("ffffffffffffffff", &end, 16);
    printf("_strtoui64: %llu rest [%s]\n", ull, end);
    errno = 0;
    l = strtol("11", NULL, 1);
    printf("strtol base 1: %ld errno %s\n", l, errno == EINVAL ? "EINVAL" : "other");
    l = wcstol(L"  0x7fz", &wend, 0);
    printf("wcstol: %ld rest [%ls]\n", l, wend);
    printf("_atoi64: %lld\n", _atoi64(" -1234567890123"));

    /* mingw links its own strtod: take msvcrt's */
    d = m_strtod("1.5d2x", &end);
    printf("strtod 'd' exponent: %g rest [%s]\n", d, end);
    d = m_strtod("-.5E+1", NULL);
    printf("strtod \"-.5E+1\": %g\n", d);
    d = m_strtod("  infinity", &end);
    printf("strtod \"infinity\": %g, %s\n", d, *end == ' ' ? "no number" : "parsed");
    d = m_wcstod(L"2.25e1", NULL);
    printf("wcstod: %g\n", d);

    cvt(45.0, 2);
    cvt(0.0001, 1);
    cvt(-111.0001, 5);
    cvt(999999999999.9, 3);
    cvt(0.0, 5);
    cvt(99.99, 1);
    cvt(0.0063, 2);
    cvt(0.6, 0);
    cvt(0.4, 0);
    cvt(-123.0001, -1);

    n = (int)mbstowcs(wbuf, "abc\xe9", 40);
    printf("mbstowcs: %d, last unit %04x\n", n, (unsigned)wbuf[3]);
    printf("mbstowcs size query: %d\n", (int)mbstowcs(NULL, "hello", 0));
    n = (int)wcstombs(buf, L"xyz", sizeof buf);
    printf("wcstombs: %d [%s]\n", n, buf);
    errno = 0;
    n = (int)wcstombs(buf, L"a\x20ac", sizeof buf);
    printf("wcstombs euro: %d errno %d\n", n, errno);

    printf("strncmp(\"\", \"abc\", 3) = %d, strncmp(\"abc\", \"abd\", 3) = %d\n", strncmp("", "abc", 3),
           strncmp("abc", "abd", 3));
    printf("strcmp(\"abc\", \"ab\") = %d\n", strcmp("abc", "ab"));
    strcpy(buf, "abcdef");
    printf("_strnset: %s\n", _strnset(buf, 'x', 3));
    printf("_strset: %s\n", _strset(buf, '-'));
    printf("_memicmp: %d\n", _memicmp("HeLLo!", "hello?", 5));
    memset(buf, 0, sizeof buf);
    s = _memccpy(buf, "copy until: here", ':', 40) ? "at ':'" : "at n";
    printf("_memccpy: %s, stopped %s\n", buf, s);
    strcpy(buf, "cat");
    strncat(buf, "enation", 3);
    printf("strncat: %s\n", buf);
    memset(buf, '#', 10);
    strncpy(buf, "ab", 5);
    printf("strncpy pads: %d %d %d %c\n", buf[2], buf[3], buf[4], buf[5]);

    wcscpy(wbuf, L"one,two;;three");
    printf("wcsrchr: %ls, wcsstr: %ls, wcsspn: %u, wcscspn: %u\n", wcsrchr(wbuf, L'o'),
           wcsstr(wbuf, L"two"), (unsigned)wcsspn(wbuf, L"eno"), (unsigned)wcscspn(wbuf, L";"));
    printf("wcstok:");
    for (wchar_t *t = wcstok(wbuf, L",;"); t; t = wcstok(NULL, L",;"))
        printf(" [%ls]", t);
    printf("\n");
    {
        wchar_t *dup = _wcsdup(L"MiXeD");
        printf("_wcsupr: %ls, ", _wcsupr(dup));
        printf("_wcslwr: %ls, _wcsnicmp: %d\n", _wcslwr(dup), _wcsnicmp(L"ABCx", L"abcy", 3));
        free(dup);
    }
    return 0;
}
