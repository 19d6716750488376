/* wide.c - proves wide-character support: wcs* functions, UTF-16 <-> UTF-8 /
 * ANSI conversion with MultiByteToWideChar/WideCharToMultiByte (including
 * non-ASCII, and a short buffer), *W kernel32 APIs, and msvcrt wprintf to a text-mode stdout. */
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

int main(void)
{
    wchar_t w[64], w2[64];
    char u8[64];
    int n, i;
    DWORD len;

    wcscpy(w, L"wide");
    wcscat(w, L" string");
    printf("wcslen: %u\n", (unsigned)wcslen(w));
    printf("wcscmp: %d %d\n", wcscmp(L"abc", L"abc") == 0, wcscmp(L"abc", L"abd") < 0);
    printf("_wcsicmp: %d\n", _wcsicmp(L"HeLLo", L"hello") == 0);
    printf("wcschr offset: %d\n", (int)(wcschr(w, L's') - w));
    printf("wcstol: %ld\n", wcstol(L"  -4096", NULL, 10));

    /* UTF-8 "h\xc3\xa9llo \xe2\x82\xac" = "hello" with e-acute, then a euro sign */
    n = MultiByteToWideChar(CP_UTF8, 0, "h\xc3\xa9llo \xe2\x82\xac", -1, w2, 64);
    printf("MultiByteToWideChar(UTF-8): %d chars incl. NUL:", n);
    for (i = 0; i < n; i++)
        printf(" %04x", (unsigned)w2[i]);
    printf("\n");
    n = WideCharToMultiByte(CP_UTF8, 0, w2, -1, u8, sizeof u8, NULL, NULL);
    printf("WideCharToMultiByte(UTF-8): %d bytes incl. NUL:", n);
    for (i = 0; i < n; i++)
        printf(" %02x", (unsigned char)u8[i]);
    printf("\n");
    n = MultiByteToWideChar(CP_UTF8, 0, "abc", 3, NULL, 0);
    printf("size query for 3 ASCII bytes: %d\n", n);
    n = MultiByteToWideChar(CP_ACP, 0, "ascii", -1, w2, 64);
    printf("CP_ACP ascii: %d [%ls]\n", n, w2);
    /* a short buffer: 0 and ERROR_INSUFFICIENT_BUFFER, with what fits written
     * (Windows 10 does; installers ask with one unit too few) */
    for (i = 0; i < 8; i++)
        w2[i] = 0x7F7F;
    SetLastError(0xdeadbeef);
    n = MultiByteToWideChar(CP_ACP, 0, "ascii", -1, w2, 3);
    printf("CP_ACP short buffer: %d, error %lu, buffer %04x %04x %04x %04x\n", n, GetLastError(),
           (unsigned)w2[0], (unsigned)w2[1], (unsigned)w2[2], (unsigned)w2[3]);

    /* wide kernel32 APIs */
    SetEnvironmentVariableW(L"WOWBOX_WIDE", L"w\x00e9rt");
    len = GetEnvironmentVariableW(L"WOWBOX_WIDE", w2, 64);
    printf("GetEnvironmentVariableW: %lu, second char %04x\n", len, (unsigned)w2[1]);
    printf("lstrlenW: %d\n", lstrlenW(L"12345"));

    /* msvcrt wide printf: wide characters converted for a text-mode stream */
    fflush(stdout);
    wprintf(L"wprintf: %ls %d %hs\n", w, 42, "narrow");
    fflush(stdout);
    printf("done\n");
    return 0;
}
