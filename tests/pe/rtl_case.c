/* rtl_case.c - ntdll's counted-string comparisons and case mapping:
 * RtlUpcaseUnicodeChar/RtlDowncaseUnicodeChar (ASCII, Latin-1, Latin
 * Extended-A pairs, Greek, Cyrillic, U+00FF to U+0178; no single upper case
 * for U+00DF), RtlUpperChar (ASCII letters only, as Windows' ntdll),
 * RtlCompare/Equal/PrefixUnicodeString with and without case, the ANSI
 * forms (bytes compare as signed chars), RtlUpcaseUnicodeString into a
 * buffer (too small: STATUS_BUFFER_OVERFLOW) and allocated, RtlUpperString. */
#include <stdio.h>
#include <windows.h>

typedef struct { USHORT Length, MaximumLength; void *Buffer; } STR;
typedef WCHAR(WINAPI *charfn)(WCHAR);
typedef CHAR(WINAPI *upperchar)(CHAR);
typedef LONG(WINAPI *cmpfn)(const STR *, const STR *, BOOLEAN);
typedef BOOLEAN(WINAPI *eqfn)(const STR *, const STR *, BOOLEAN);
typedef LONG(WINAPI *cmpsfn)(const WCHAR *, SIZE_T, const WCHAR *, SIZE_T, BOOLEAN);
typedef LONG(WINAPI *recasefn)(STR *, const STR *, BOOLEAN);
typedef void(WINAPI *upperfn)(STR *, const STR *);

static HMODULE nt;
#define FN(type, name) ((type)GetProcAddress(nt, name))

static STR wstr(const WCHAR *s)
{
    STR r = { (USHORT)(wcslen(s) * 2), (USHORT)(wcslen(s) * 2 + 2), (void *)s };
    return r;
}

static STR astr(const char *s)
{
    STR r = { (USHORT)strlen(s), (USHORT)(strlen(s) + 1), (void *)s };
    return r;
}

static int sign(LONG v) { return (v > 0) - (v < 0); }

int main(void)
{
    nt = GetModuleHandleA("ntdll.dll");
    charfn up = FN(charfn, "RtlUpcaseUnicodeChar"), down = FN(charfn, "RtlDowncaseUnicodeChar");
    const WCHAR chars[] = { 'a', 'Z', '1', 0xE9, 0xFF, 0xDF, 0x101, 0x3B1, 0x436, 0xFF41, 0x24D0, 0 };
    for (int i = 0; chars[i]; i++)
        printf("U+%04X: upcase U+%04X, downcase U+%04X\n", chars[i], up(chars[i]), down(chars[i]));
    upperchar uc = FN(upperchar, "RtlUpperChar");
    printf("RtlUpperChar: 'q' %02x, 0xe9 %02x, 0xff %02x\n", (BYTE)uc('q'), (BYTE)uc((CHAR)0xE9),
           (BYTE)uc((CHAR)0xFF));
    cmpfn cmpw = FN(cmpfn, "RtlCompareUnicodeString"), cmpa = FN(cmpfn, "RtlCompareString");
    eqfn eqw = FN(eqfn, "RtlEqualUnicodeString"), eqa = FN(eqfn, "RtlEqualString");
    eqfn prew = FN(eqfn, "RtlPrefixUnicodeString"), prea = FN(eqfn, "RtlPrefixString");
    STR w1 = wstr(L"Stra\xdf" L"e \x3a9"), w2 = wstr(L"STRA\xdf" L"E \x3c9"), w3 = wstr(L"stra");
    printf("RtlCompareUnicodeString: %d, case-insensitive %d, longer first %d\n", sign(cmpw(&w1, &w2, FALSE)),
           sign(cmpw(&w1, &w2, TRUE)), sign(cmpw(&w1, &w3, TRUE)));
    printf("RtlEqualUnicodeString: %d, case-insensitive %d\n", eqw(&w1, &w2, FALSE), eqw(&w1, &w2, TRUE));
    printf("RtlPrefixUnicodeString: %d, case-insensitive %d, longer %d\n", prew(&w3, &w1, FALSE),
           prew(&w3, &w1, TRUE), prew(&w1, &w3, TRUE));
    cmpsfn cmps = FN(cmpsfn, "RtlCompareUnicodeStrings");
    printf("RtlCompareUnicodeStrings(\"ab\", \"AB\", 2 chars): %d, case-insensitive %d\n",
           sign(cmps(L"abc", 2, L"ABx", 2, FALSE)), sign(cmps(L"abc", 2, L"ABx", 2, TRUE)));
    STR a1 = astr("Hello\xe9"), a2 = astr("HELLO\xc9"), a3 = astr("hell"), a4 = astr("A");
    STR a5 = astr("\x80");
    printf("RtlCompareString: %d, case-insensitive %d (0xe9 is not a letter to it), 0x80 vs 'A' %d\n",
           sign(cmpa(&a1, &a2, FALSE)), sign(cmpa(&a1, &a2, TRUE)), sign(cmpa(&a5, &a4, FALSE)));
    printf("RtlEqualString case-insensitive: %d; RtlPrefixString: %d, case-insensitive %d\n", eqa(&a3, &a3, TRUE),
           prea(&a3, &a1, FALSE), prea(&a3, &a1, TRUE));
    recasefn upstr = FN(recasefn, "RtlUpcaseUnicodeString"), downstr = FN(recasefn, "RtlDowncaseUnicodeString");
    WCHAR buf[16];
    STR d = { 0, sizeof buf, buf }, small = { 0, 4, buf }, alloc = { 0 };
    LONG st = upstr(&d, &w1, FALSE);
    printf("RtlUpcaseUnicodeString: %#lx, %u bytes:", st, d.Length);
    for (int i = 0; i < d.Length / 2; i++)
        printf(" %04X", buf[i]);
    printf("\n");
    printf("  into 4 bytes: %#lx\n", upstr(&small, &w1, FALSE));
    st = downstr(&alloc, &w2, TRUE);
    printf("RtlDowncaseUnicodeString allocated: %#lx, %u of %u bytes:", st, alloc.Length, alloc.MaximumLength);
    for (int i = 0; i < alloc.Length / 2; i++)
        printf(" %04X", ((WCHAR *)alloc.Buffer)[i]);
    printf("\n");
    char abuf[4];
    STR ad = { 0, sizeof abuf, abuf };
    FN(upperfn, "RtlUpperString")(&ad, &a1);
    printf("RtlUpperString into 4 bytes: %u [%.4s]\n", ad.Length, abuf);
    return 0;
}
