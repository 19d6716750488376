/* National-language helpers shared by the kernel32 and user32 string APIs:
 * en-US case mapping, CT_CTYPE1 classes and the CompareString ordering. */
#ifndef WOWBOX_SYSCALLS_NLS_H
#define WOWBOX_SYSCALLS_NLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* CT_CTYPE1 bits (winnls.h) */
#define C1_UPPER   0x0001u
#define C1_LOWER   0x0002u
#define C1_DIGIT   0x0004u
#define C1_SPACE   0x0008u
#define C1_PUNCT   0x0010u
#define C1_CNTRL   0x0020u
#define C1_BLANK   0x0040u
#define C1_XDIGIT  0x0080u
#define C1_ALPHA   0x0100u
#define C1_DEFINED 0x0200u

/* CompareString flags */
#define NORM_IGNORECASE         0x00000001u
#define NORM_IGNORENONSPACE     0x00000002u
#define NORM_IGNORESYMBOLS      0x00000004u
#define LINGUISTIC_IGNORECASE   0x00000010u
#define LINGUISTIC_IGNOREDIACRITIC 0x00000020u
#define SORT_STRINGSORT         0x00001000u
#define NORM_IGNOREKANATYPE     0x00010000u
#define NORM_IGNOREWIDTH        0x00020000u
#define NORM_LINGUISTIC_CASING  0x08000000u
#define NLS_COMPARE_FLAGS \
    (NORM_IGNORECASE | NORM_IGNORENONSPACE | NORM_IGNORESYMBOLS | LINGUISTIC_IGNORECASE | \
     LINGUISTIC_IGNOREDIACRITIC | SORT_STRINGSORT | NORM_IGNOREKANATYPE | NORM_IGNOREWIDTH | \
     NORM_LINGUISTIC_CASING)

#define CSTR_LESS_THAN    1
#define CSTR_EQUAL        2
#define CSTR_GREATER_THAN 3

/* Simple (one unit to one unit) Unicode case mapping; surrogates and
 * characters without a mapping come back unchanged. */
uint16_t nls_upper(uint16_t c);
uint16_t nls_lower(uint16_t c);
/* The same for one ANSI byte (the code page is read as Latin-1): a mapping
 * that leaves the code page keeps the byte. */
uint8_t nls_upper_a(uint8_t c);
uint8_t nls_lower_a(uint8_t c);

/* ANSI (CP_ACP, byte by byte: a double-byte page's lead bytes become '?')
 * <-> UTF-16 for n units, malloc'd and NUL-terminated; unmappable units
 * become '?'. */
uint16_t *nls_ansi_to_w(const char *a, size_t n);
char *nls_w_to_ansi(const uint16_t *w, size_t n);

/* CT_CTYPE1 classification of one UTF-16 unit. */
uint16_t nls_ctype1(uint16_t c);

/* Linguistic comparison as CompareStringW does it for en-US (word sort:
 * symbols < digits < letters, then diacritics, then lowercase < uppercase;
 * hyphen and apostrophe only break ties). Returns CSTR_*. */
int nls_compare(uint32_t flags, const uint16_t *a, size_t na, const uint16_t *b, size_t nb);

/* Ordinal comparison (CompareStringOrdinal), optionally case-insensitive
 * through nls_upper. Returns CSTR_*. */
int nls_compare_ordinal(const uint16_t *a, size_t na, const uint16_t *b, size_t nb, bool ignore_case);

#endif
