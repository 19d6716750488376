/* codepage_utf7.c - CP_UTF7 (65000) both ways, as Windows converts it: only
 * RFC 2152's set D, space, tab, CR, LF and NUL stay as they are, every other
 * character goes in a base64 run that '-' always ends, '+' is "+-";
 * decoding drops a '+' that starts no run and drops a run's unfinished
 * bits at its end. Flags are refused (ERROR_INVALID_FLAGS), and so are
 * lpDefaultChar/lpUsedDefaultChar (ERROR_INVALID_PARAMETER). The decoded
 * texts were checked with Python's utf-7 codec. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

static void encode(const WCHAR *w)
{
    char out[64];
    int need = WideCharToMultiByte(CP_UTF7, 0, w, -1, NULL, 0, NULL, NULL);
    int n = WideCharToMultiByte(CP_UTF7, 0, w, -1, out, sizeof out, NULL, NULL);
    printf("encode: %d (size query %d) [%s]\n", n, need, n ? out : "");
    WCHAR back[64];
    int m = MultiByteToWideChar(CP_UTF7, 0, out, -1, back, 64);
    printf("  back: %d units, same text: %s\n", m, m && !wcscmp(back, w) ? "yes" : "no");
}

static void decode(const char *s)
{
    WCHAR w[64];
    int need = MultiByteToWideChar(CP_UTF7, 0, s, (int)strlen(s), NULL, 0);
    int n = MultiByteToWideChar(CP_UTF7, 0, s, (int)strlen(s), w, 64);
    printf("decode [%s]: %d (size query %d):", s, n, need);
    for (int i = 0; i < n; i++)
        printf(" %04X", w[i]);
    printf("\n");
}

int main(void)
{
    CPINFO info;
    BOOL ok = GetCPInfo(CP_UTF7, &info);
    printf("IsValidCodePage(65000) %d, GetCPInfo %d, MaxCharSize %u\n", IsValidCodePage(CP_UTF7), ok,
           info.MaxCharSize);
    encode(L"Hi Mom -\u263a-!");
    encode(L"A+B");
    encode(L"\u4f60\u597d\u5417");
    encode(L"~\\ (a,b-c./:?')\tz");
    encode(L"\U0001F600 smile");
    decode("Hi Mom -+Jjo--+ACE-");
    decode("+AGEAYgBj-x");
    decode("+ZeVnLIqe");
    decode("1 +- 1");
    decode("+!x");
    decode("+T2B-+T2B-hi");
    decode("caf\xe9");
    SetLastError(0);
    WCHAR w[8];
    int n = MultiByteToWideChar(CP_UTF7, MB_ERR_INVALID_CHARS, "abc", 3, w, 8);
    printf("MB_ERR_INVALID_CHARS: %d, error %lu\n", n, GetLastError());
    char b[16];
    SetLastError(0);
    n = WideCharToMultiByte(CP_UTF7, WC_NO_BEST_FIT_CHARS, L"abc", 3, b, sizeof b, NULL, NULL);
    printf("WC_NO_BEST_FIT_CHARS: %d, error %lu\n", n, GetLastError());
    BOOL used;
    SetLastError(0);
    n = WideCharToMultiByte(CP_UTF7, 0, L"abc", 3, b, sizeof b, NULL, &used);
    printf("lpUsedDefaultChar: %d, error %lu\n", n, GetLastError());
    return 0;
}
