/* Proves msvcrt.dll's C95 restartable conversions (btowc, wctob, mbrtowc,
 * mbrlen, wcrtomb, mbsrtowcs, wcsrtombs) behave as the C standard says in the
 * "C" locale, and ucrtbase.dll's in the UCRT build. They are looked up in the
 * CRT by name: mingw-w64 links its own static copies when a program calls
 * them directly. */
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

typedef wint_t (__cdecl *btowc_fn)(int);
typedef int (__cdecl *wctob_fn)(wint_t);
typedef size_t (__cdecl *mbrtowc_fn)(wchar_t *, const char *, size_t, mbstate_t *);
typedef size_t (__cdecl *mbrlen_fn)(const char *, size_t, mbstate_t *);
typedef size_t (__cdecl *wcrtomb_fn)(char *, wchar_t, mbstate_t *);
typedef size_t (__cdecl *mbsrtowcs_fn)(wchar_t *, const char **, size_t, mbstate_t *);
typedef size_t (__cdecl *wcsrtombs_fn)(char *, const wchar_t **, size_t, mbstate_t *);
typedef int *(__cdecl *errno_fn)(void);

static HMODULE crt;
static void *need(const char *name)
{
    void *p = (void *)GetProcAddress(crt, name);
    if (!p) {
        printf("missing %s\n", name);
        ExitProcess(1);
    }
    return p;
}

int main(void)
{
#ifdef _UCRT
    crt = GetModuleHandleA("ucrtbase.dll");
#else
    crt = GetModuleHandleA("msvcrt.dll");
#endif
    btowc_fn my_btowc = need("btowc");
    wctob_fn my_wctob = need("wctob");
    mbrtowc_fn my_mbrtowc = need("mbrtowc");
    mbrlen_fn my_mbrlen = need("mbrlen");
    wcrtomb_fn my_wcrtomb = need("wcrtomb");
    mbsrtowcs_fn my_mbsrtowcs = need("mbsrtowcs");
    wcsrtombs_fn my_wcsrtombs = need("wcsrtombs");
    errno_fn crt_errno = need("_errno");
    mbstate_t st;
    memset(&st, 0, sizeof st); /* an int in msvcrt's headers, a struct in the UCRT's */

    printf("btowc: %x %x %x\n", my_btowc('A'), my_btowc(0xE9), my_btowc(EOF));
    printf("wctob: %d %d %d\n", my_wctob(L'A'), my_wctob(0xE9), my_wctob(0x263A));

    wchar_t wc = 0xFFFF;
    size_t n = my_mbrtowc(&wc, "\xE9x", 2, &st);
    printf("mbrtowc: %d %x", (int)n, wc);
    printf(" nul=%d", (int)my_mbrtowc(&wc, "", 1, &st));
    printf(" n0=%d", (int)my_mbrtowc(&wc, "a", 0, &st));
    printf(" null=%d\n", (int)my_mbrtowc(NULL, NULL, 5, &st));
    printf("mbrlen: %d %d %d\n", (int)my_mbrlen("ab", 2, NULL), (int)my_mbrlen("", 1, NULL),
           (int)my_mbrlen("a", 0, NULL));

    char b[4] = "??";
    *crt_errno() = 0;
    n = my_wcrtomb(b, 0xE9, &st);
    printf("wcrtomb: %d %02x", (int)n, (unsigned char)b[0]);
    n = my_wcrtomb(b, 0x263A, &st);
    printf(" big=%d errno=%d", (int)n, *crt_errno());
    printf(" null=%d\n", (int)my_wcrtomb(NULL, L'x', &st));

    const char *src = "hello";
    wchar_t wbuf[8];
    printf("mbsrtowcs count=%d", (int)my_mbsrtowcs(NULL, &src, 0, &st));
    printf(" src kept=%d", src && src[0] == 'h');
    n = my_mbsrtowcs(wbuf, &src, 3, &st);
    printf(" part=%d rest=%s", (int)n, src);
    n = my_mbsrtowcs(wbuf, &src, 8, &st);
    printf(" all=%d src=%s wbuf=%ls\n", (int)n, src ? "set" : "NULL", wbuf);

    const wchar_t *wsrc = L"wide";
    char nbuf[8];
    printf("wcsrtombs count=%d", (int)my_wcsrtombs(NULL, &wsrc, 0, &st));
    n = my_wcsrtombs(nbuf, &wsrc, 8, &st);
    printf(" all=%d src=%s buf=%s", (int)n, wsrc ? "set" : "NULL", nbuf);
    const wchar_t bad[] = { L'o', L'k', 0x263A, L'!', 0 };
    wsrc = bad;
    *crt_errno() = 0;
    n = my_wcsrtombs(nbuf, &wsrc, 8, &st);
    printf(" bad=%d errno=%d at=%d\n", (int)n, *crt_errno(), (int)(wsrc - bad));
    return 0;
}
