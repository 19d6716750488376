/* msvcrt's narrow character classes and case mappings in the "C" locale
 * (the only one setlocale accepts) as guest code. The wide classes stay on
 * the host (string.c): above U+00FF they come from the host's Unicode
 * tables. */
#include "syscalls/guest/wg.h"

#define CT_UPPER 0x1
#define CT_LOWER 0x2
#define CT_DIGIT 0x4
#define CT_SPACE 0x8
#define CT_PUNCT 0x10
#define CT_CONTROL 0x20
#define CT_BLANK 0x40
#define CT_HEX 0x80
#define CT_ALPHA 0x100

#define LETTER (CT_ALPHA | CT_UPPER | CT_LOWER)

/* The "C" locale's classes, the values of the _pctype table: ASCII only,
 * 0x80-0xFF have none. */
static const uint16_t c_classes[256] = {
    [0x00 ... 0x08] = CT_CONTROL,
    [0x09] = CT_CONTROL | CT_SPACE | CT_BLANK,
    [0x0A ... 0x0D] = CT_CONTROL | CT_SPACE,
    [0x0E ... 0x1F] = CT_CONTROL,
    [' '] = CT_SPACE | CT_BLANK,
    ['!' ... '/'] = CT_PUNCT,
    ['0' ... '9'] = CT_DIGIT | CT_HEX,
    [':' ... '@'] = CT_PUNCT,
    ['A' ... 'F'] = CT_ALPHA | CT_UPPER | CT_HEX,
    ['G' ... 'Z'] = CT_ALPHA | CT_UPPER,
    ['[' ... '`'] = CT_PUNCT,
    ['a' ... 'f'] = CT_ALPHA | CT_LOWER | CT_HEX,
    ['g' ... 'z'] = CT_ALPHA | CT_LOWER,
    ['{' ... '~'] = CT_PUNCT,
    [0x7F] = CT_CONTROL,
};

/* The class of a character argument: 0..255 (EOF and others have none). */
static uint32_t cls(int c) { return c >= 0 && c <= 255 ? c_classes[c] : 0; }

int CDECL msvcrt_isalpha(int c) { return cls(c) & LETTER; }
int CDECL msvcrt_isupper(int c) { return cls(c) & CT_UPPER; }
int CDECL msvcrt_islower(int c) { return cls(c) & CT_LOWER; }
int CDECL msvcrt_isdigit(int c) { return cls(c) & CT_DIGIT; }
int CDECL msvcrt_isxdigit(int c) { return cls(c) & CT_HEX; }
int CDECL msvcrt_isspace(int c) { return cls(c) & CT_SPACE; }
int CDECL msvcrt_ispunct(int c) { return cls(c) & CT_PUNCT; }
int CDECL msvcrt_isalnum(int c) { return cls(c) & (LETTER | CT_DIGIT); }
int CDECL msvcrt_isprint(int c) { return cls(c) & (CT_BLANK | CT_PUNCT | LETTER | CT_DIGIT); }
int CDECL msvcrt_isgraph(int c) { return cls(c) & (CT_PUNCT | LETTER | CT_DIGIT); }
int CDECL msvcrt_iscntrl(int c) { return cls(c) & CT_CONTROL; }
int CDECL msvcrt__isctype(int c, int mask) { return (int)(cls(c) & (uint32_t)mask); }
int CDECL msvcrt___isascii(int c) { return (uint32_t)c < 0x80; }
int CDECL msvcrt___toascii(int c) { return c & 0x7F; }
int CDECL msvcrt___iscsym(int c) { return (cls(c) & (CT_ALPHA | CT_DIGIT)) || c == '_'; }
int CDECL msvcrt___iscsymf(int c) { return (cls(c) & CT_ALPHA) || c == '_'; }

int CDECL msvcrt_toupper(int c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }
int CDECL msvcrt_tolower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
/* _toupper/_tolower convert unconditionally. */
int CDECL msvcrt__toupper(int c) { return c - 0x20; }
int CDECL msvcrt__tolower(int c) { return c + 0x20; }

/* "C" locale: only ASCII letters change case. */
int CDECL msvcrt_iswascii(uint32_t c) { return (c & 0xFFFF) < 0x80; }

uint32_t CDECL msvcrt_towupper(uint32_t c)
{
    c &= 0xFFFF;
    return c >= 'a' && c <= 'z' ? c - 32 : c;
}

uint32_t CDECL msvcrt_towlower(uint32_t c)
{
    c &= 0xFFFF;
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}
