/* codepage_dbcs.c - the double-byte code pages 932 (Shift-JIS), 936 (GBK),
 * 949 (Korean) and 950 (Big5) and two single-byte ones: GetCPInfo's lead
 * byte ranges, IsDBCSLeadByteEx, WideCharToMultiByte's bytes for a known
 * text and MultiByteToWideChar back to the same text, the size queries, a
 * character the page lacks (WC_NO_BEST_FIT_CHARS: the default character,
 * lpUsedDefaultChar set),
 * MB_ERR_INVALID_CHARS on a lead byte without a trail, cp1252's 0x80 (the
 * euro sign) and cp437's 0x82 (e acute). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

static void show_bytes(const char *label, const char *b, int n)
{
    printf("%s:", label);
    for (int i = 0; i < n; i++)
        printf(" %02x", (unsigned char)b[i]);
    printf("\n");
}

static void page(UINT cp, const WCHAR *text)
{
    CPINFO info;
    BOOL ok = GetCPInfo(cp, &info);
    printf("cp %u: GetCPInfo %d, MaxCharSize %u, lead ranges", cp, ok, info.MaxCharSize);
    for (int i = 0; i < MAX_LEADBYTES && info.LeadByte[i]; i += 2)
        printf(" %02x-%02x", info.LeadByte[i], info.LeadByte[i + 1]);
    printf("\n");
    printf("  IsDBCSLeadByteEx 0x41 %d, 0x81 %d, 0xa1 %d\n", IsDBCSLeadByteEx(cp, 0x41), IsDBCSLeadByteEx(cp, 0x81),
           IsDBCSLeadByteEx(cp, 0xA1));
    int wlen = (int)wcslen(text);
    int need = WideCharToMultiByte(cp, 0, text, wlen, NULL, 0, NULL, NULL);
    char bytes[64];
    int n = WideCharToMultiByte(cp, 0, text, wlen, bytes, sizeof bytes, NULL, NULL);
    printf("  %d characters -> %d bytes (size query %d)\n", wlen, n, need);
    show_bytes("  bytes", bytes, n);
    WCHAR back[32];
    int wneed = MultiByteToWideChar(cp, 0, bytes, n, NULL, 0);
    int m = MultiByteToWideChar(cp, 0, bytes, n, back, 32);
    printf("  back: %d characters (size query %d), same text: %s\n", m, wneed,
           m == wlen && !memcmp(back, text, m * sizeof(WCHAR)) ? "yes" : "no");
    BOOL used = FALSE;
    n = WideCharToMultiByte(cp, WC_NO_BEST_FIT_CHARS, L"a\x0100z", 3, bytes, sizeof bytes, NULL, &used);
    show_bytes("  U+0100 (not in the page)", bytes, n);
    printf("  used default: %d\n", used);
    SetLastError(0);
    m = MultiByteToWideChar(cp, MB_ERR_INVALID_CHARS, "a\x81", 2, back, 32);
    printf("  lead byte without trail, MB_ERR_INVALID_CHARS: %d, error %lu\n", m, GetLastError());
}

int main(void)
{
    printf("GetACP %u, GetOEMCP %u\n", GetACP(), GetOEMCP());
    page(932, L"\u65e5\u672c\u8a9e\u30c6\u30ad\u30b9\u30c8");
    page(936, L"\u4e2d\u6587\u7b80\u4f53");
    page(949, L"\ud55c\uad6d\uc5b4");
    page(950, L"\u4e2d\u6587\u7e41\u9ad4");
    WCHAR w[4] = { 0 };
    int n = MultiByteToWideChar(1252, 0, "\x80", 1, w, 4);
    printf("cp1252 0x80 -> %d, U+%04X\n", n, w[0]);
    char b[4] = { 0 };
    n = WideCharToMultiByte(CP_ACP, 0, L"\x20ac", 1, b, 4, NULL, NULL);
    printf("CP_ACP U+20AC -> %d, %02x\n", n, (unsigned char)b[0]);
    n = MultiByteToWideChar(437, 0, "\x82", 1, w, 4);
    printf("cp437 0x82 -> %d, U+%04X\n", n, w[0]);
    SetLastError(0);
    BOOL ok = IsValidCodePage(12345);
    CPINFO info;
    BOOL ok2 = GetCPInfo(12345, &info);
    printf("code page 12345: IsValidCodePage %d, GetCPInfo %d, error %lu\n", ok, ok2, GetLastError());
    CPINFOEXW ex;
    ok = GetCPInfoExW(932, 0, &ex);
    printf("GetCPInfoExW(932): %d, CodePage %u, MaxCharSize %u\n", ok, ex.CodePage, ex.MaxCharSize);
    return 0;
}
