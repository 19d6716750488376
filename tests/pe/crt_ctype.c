/* crt_ctype.c - proves msvcrt's "C" locale character classes: the _pctype
 * table (through __pctype_func and _isctype), the is* functions' mask
 * values, toupper/tolower vs _toupper/_tolower, and the wide classes of
 * Latin-1 characters (iswalpha & co.), towupper/towlower on ASCII. */
// build-flags: -fno-builtin
#include <ctype.h>
#include <stdio.h>
#include <wctype.h>

int main(void)
{
    static const int chars[] = { -1, 0, '\t', '\n', ' ', '!', '0', '9', 'A', 'F', 'G', 'Z',
                                 'a', 'f', 'z', '_', '~', 127, 128, 200, 255 };
    const unsigned short *t = __pctype_func();
    unsigned i;

    printf("_pctype:");
    for (i = 0; i < sizeof chars / sizeof chars[0]; i++)
        printf(" %d=%03x", chars[i], t[chars[i]]);
    printf("\n");
    printf("is*('a'): alpha %x upper %x lower %x digit %x xdigit %x space %x punct %x alnum %x print %x graph %x cntrl %x\n",
           isalpha('a'), isupper('a'), islower('a'), isdigit('a'), isxdigit('a'), isspace('a'),
           ispunct('a'), isalnum('a'), isprint('a'), isgraph('a'), iscntrl('a'));
    printf("is*('7'): alpha %x digit %x xdigit %x alnum %x print %x\n", isalpha('7'), isdigit('7'),
           isxdigit('7'), isalnum('7'), isprint('7'));
    printf("is*(' '): space %x print %x graph %x blank-class %x\n", isspace(' '), isprint(' '),
           isgraph(' '), _isctype(' ', _BLANK));
    printf("is*(0xE9): alpha %x print %x (the C locale has no classes above 0x7F)\n", isalpha(0xE9),
           isprint(0xE9));
    printf("toupper: %c %c %d; tolower: %c %c\n", toupper('q'), toupper('Q'), toupper(0xE9),
           tolower('Q'), tolower('['));
    printf("_toupper('a') %c _tolower('A') %c\n", _toupper('a'), _tolower('A'));

    printf("iswalpha: e-acute %d, multiply %d, y-umlaut %d, digit %d\n", !!iswalpha(0xE9),
           !!iswalpha(0xD7), !!iswalpha(0xFF), !!iswalpha(L'5'));
    printf("iswupper(0xC9) %d iswlower(0xE9) %d iswspace(0xA0) %d iswpunct(0xBF) %d iswcntrl(0x85) %d\n",
           !!iswupper(0xC9), !!iswlower(0xE9), !!iswspace(0xA0), !!iswpunct(0xBF), !!iswcntrl(0x85));
    printf("towupper: %04x %04x, towlower: %04x %04x\n", (unsigned)towupper(L'b'),
           (unsigned)towupper(L'7'), (unsigned)towlower(L'B'), (unsigned)towlower(L'z'));
    return 0;
}
