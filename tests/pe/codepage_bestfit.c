/* codepage_bestfit.c - WideCharToMultiByte's best fit: without
 * WC_NO_BEST_FIT_CHARS a character cp1252 lacks becomes a close one
 * (letters with diacritics their base letter, fullwidth forms, subscripts
 * and typographic spaces their plain ones: the values of Microsoft's
 * bestfit1252 table) and lpUsedDefaultChar stays clear; with the flag, or
 * for a character with no close one, the default character (lpDefaultChar
 * when given) and lpUsedDefaultChar set. CP_ACP (1252 here) does the same. */
#include <stdio.h>
#include <windows.h>

static void convert(UINT cp, DWORD flags, const WCHAR *w, const char *defchar)
{
    char out[32];
    BOOL used = FALSE;
    int n = WideCharToMultiByte(cp, flags, w, -1, out, sizeof out, defchar, &used);
    printf("cp %u flags %#lx:", cp, flags);
    for (int i = 0; i + 1 < n; i++)
        printf(" %02x", (unsigned char)out[i]);
    printf(" (%d bytes), used default %d\n", n, used);
}

int main(void)
{
    /* A-macron, a-macron, c-acute, A-caron, A-diaeresis-macron, fullwidth A,
     * subscript two, en space, e-acute (in cp1252 itself) */
    const WCHAR *latin = L"\u0100\u0101\u0107\u01cd\u01de\uff21\u2082\u2002\u00e9";
    convert(1252, 0, latin, NULL);
    convert(1252, WC_NO_BEST_FIT_CHARS, latin, NULL);
    convert(CP_ACP, 0, latin, NULL);
    convert(1252, 0, L"x\u4e00y", NULL);  /* no close character */
    convert(1252, 0, L"x\u4e00y", "*");
    convert(1252, WC_NO_BEST_FIT_CHARS, L"\u0107", "*");
    return 0;
}
