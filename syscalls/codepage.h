/* Windows code pages for the conversion functions (MultiByteToWideChar,
 * WideCharToMultiByte, IsDBCSLeadByteEx, GetCPInfo(Ex)): single-byte and
 * double-byte (932, 936, 949, 950) pages as tables built at first use from
 * the host's iconv (glibc's gconv modules, part of libc6). UTF-8 is
 * converted by the callers; these tables cover the other pages. */
#ifndef WOWBOX_SYSCALLS_CODEPAGE_H
#define WOWBOX_SYSCALLS_CODEPAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CP_ACP        0u
#define CP_OEMCP      1u
#define CP_MACCP      2u
#define CP_THREAD_ACP 3u
#define CP_UTF7       65000u
#define CP_UTF8       65001u

/* The process's ANSI and OEM code pages (--codepage; 1252 and 437). */
extern uint32_t cp_ansi, cp_oem;

/* The code page an alias (CP_ACP, CP_OEMCP, CP_THREAD_ACP, CP_MACCP) stands
 * for; others as they are. */
uint32_t cp_resolve(uint32_t cp);
/* Whether cp (resolved) converts here: UTF-8, UTF-7 (kernel32's
 * conversions and syscalls/utf7.c), or a page the host's iconv has. Builds
 * its table on first use. */
bool cp_valid(uint32_t cp);
bool cp_is_dbcs(uint32_t cp);
bool cp_lead_byte(uint32_t cp, uint8_t b);
/* CPINFO.LeadByte: up to five [first, last] ranges, zero-terminated. */
void cp_lead_ranges(uint32_t cp, uint8_t out[12]);

/* len bytes of cp to UTF-16 (*n units, malloc'd). A byte or pair with no
 * character: U+003F, or with strict a NULL return and *invalid set. */
uint16_t *cp_to_utf16(uint32_t cp, const uint8_t *src, size_t len, size_t *n, bool strict, bool *invalid);
/* n UTF-16 units to cp (*len bytes, malloc'd); a character the page lacks
 * becomes, with best, the page's character for what it decomposes to
 * (Windows' best fit, e.g. U+0100 to 'A'; the base letter first), else defchar (one byte, or two
 * for a lead and trail; NULL: '?') and sets *used_default. */
char *cp_from_utf16(uint32_t cp, const uint16_t *w, size_t n, size_t *len, const char *defchar, bool best,
                    bool *used_default);

/* One byte as a single-byte character of cp ('?' for a lead byte), and
 * back (-1: the page has no single byte for it). */
uint16_t cp_byte_to_unit(uint32_t cp, uint8_t b);
int cp_unit_to_byte(uint32_t cp, uint16_t u);

/* Makes ansi and oem the process's ANSI and OEM code pages, the ANSI one
 * for every A function too (core/unicode.h's ansi_codec); false when
 * either is not a page this converts. */
bool cp_install(uint32_t ansi, uint32_t oem);

#endif
