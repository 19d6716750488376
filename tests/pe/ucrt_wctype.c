/* Proves ucrtbase.dll's C95 wctype/wctrans/towctrans: class names give the
 * masks iswctype tests, the two mapping names give working descriptors, and
 * unknown names give 0. Looked up by name in ucrtbase.dll, which this
 * msvcrt-linked program loads like any other DLL. */
#include <stdio.h>
#include <wctype.h>
#include <windows.h>

typedef unsigned short (__cdecl *wctype_fn)(const char *);
typedef int (__cdecl *iswctype_fn)(unsigned short, unsigned short);
typedef unsigned short (__cdecl *towctrans_fn)(unsigned short, unsigned short);

int main(void)
{
    HMODULE ucrt = LoadLibraryA("ucrtbase.dll");
    if (!ucrt) {
        printf("no ucrtbase.dll: %lu\n", GetLastError());
        return 1;
    }
    wctype_fn my_wctype = (wctype_fn)GetProcAddress(ucrt, "wctype");
    wctype_fn my_wctrans = (wctype_fn)GetProcAddress(ucrt, "wctrans");
    iswctype_fn my_iswctype = (iswctype_fn)GetProcAddress(ucrt, "iswctype");
    towctrans_fn my_towctrans = (towctrans_fn)GetProcAddress(ucrt, "towctrans");
    static const char *names[] = { "alnum", "alpha", "blank", "cntrl", "digit", "graph",
                                   "lower", "print", "punct", "space", "upper", "xdigit",
                                   "bogus", "" };
    static const unsigned short probe[] = { 'a', 'Z', '5', ' ', '!', 'f', 0x7F, 'G' };
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
        unsigned short t = my_wctype(names[i]);
        printf("%-6s %04x:", names[i], t);
        for (unsigned k = 0; k < sizeof probe / sizeof probe[0]; k++)
            printf(" %d", my_iswctype(probe[k], t) != 0);
        printf("\n");
    }
    unsigned short up = my_wctrans("toupper"), low = my_wctrans("tolower");
    printf("wctrans: toupper=%u tolower=%u bogus=%u\n", up, low, my_wctrans("title"));
    printf("towctrans: %c%c %c%c %c%c\n", my_towctrans('q', up), my_towctrans('Q', low),
           my_towctrans('Q', up), my_towctrans('7', low), my_towctrans('m', up),
           my_towctrans('M', low));
    return 0;
}
