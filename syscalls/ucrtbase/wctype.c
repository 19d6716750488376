/* ucrtbase wctype/wctrans/towctrans: the C95 way to name a character class
 * or case mapping by string, in the "C" locale msvcrt's ctype uses. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "syscalls/api.h"
#include "syscalls/ucrtbase/api_args.h"

/* The CRT's ctype bits (<ctype.h>: _UPPER 0x1 ... _HEX 0x80, _ALPHA
 * includes 0x100): a wctype_t is the mask iswctype tests. */
enum {
    CT_UPPER = 0x1, CT_LOWER = 0x2, CT_DIGIT = 0x4, CT_SPACE = 0x8, CT_PUNCT = 0x10,
    CT_CONTROL = 0x20, CT_BLANK = 0x40, CT_HEX = 0x80, CT_ALPHA = 0x100 | CT_UPPER | CT_LOWER,
};

static const struct { const char *name; uint16_t mask; } classes[] = {
    { "alnum", CT_ALPHA | CT_DIGIT },
    { "alpha", CT_ALPHA },
    { "blank", CT_BLANK },
    { "cntrl", CT_CONTROL },
    { "digit", CT_DIGIT },
    { "graph", CT_PUNCT | CT_ALPHA | CT_DIGIT },
    { "lower", CT_LOWER },
    { "print", CT_BLANK | CT_PUNCT | CT_ALPHA | CT_DIGIT },
    { "punct", CT_PUNCT },
    { "space", CT_SPACE },
    { "upper", CT_UPPER },
    { "xdigit", CT_HEX },
};

/* The Universal CRT numbers its two mappings toupper 1, tolower 2, and maps
 * any other descriptor as tolower. 0 means "no such mapping". */
enum { TRANS_TOUPPER = 1, TRANS_TOLOWER = 2 };

uint64_t ucrtbase_wctype(struct thunk_call *c)
{
    API_ARGS(ucrtbase, wctype, a);
    char *name = gm_strdup(a.name);
    uint16_t mask = 0;
    for (size_t i = 0; name && i < sizeof classes / sizeof classes[0]; i++)
        if (strcmp(name, classes[i].name) == 0)
            mask = classes[i].mask;
    free(name);
    return mask;
}

uint64_t ucrtbase_wctrans(struct thunk_call *c)
{
    API_ARGS(ucrtbase, wctrans, a);
    char *name = gm_strdup(a.name);
    uint16_t desc = 0;
    if (name && strcmp(name, "toupper") == 0)
        desc = TRANS_TOUPPER;
    else if (name && strcmp(name, "tolower") == 0)
        desc = TRANS_TOLOWER;
    free(name);
    return desc;
}

/* The "C" locale maps only ASCII letters, as msvcrt's towupper/towlower. */
uint64_t ucrtbase_towctrans(struct thunk_call *c)
{
    API_ARGS(ucrtbase, towctrans, a);
    uint16_t ch = (uint16_t)a.ch;
    if ((uint16_t)a.desc == TRANS_TOUPPER)
        return ch >= 'a' && ch <= 'z' ? ch - 32u : ch;
    return ch >= 'A' && ch <= 'Z' ? ch + 32u : ch;
}
