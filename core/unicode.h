/* Text conversions between the guest's UTF-16 / ANSI strings and host UTF-8.
 * The ANSI code page is Latin-1 (bytes 0x00-0xFF = U+0000-U+00FF) unless
 * ansi_codec is set. */
#ifndef WOWBOX_CORE_UNICODE_H
#define WOWBOX_CORE_UNICODE_H

#include <stddef.h>
#include <stdint.h>

/* malloc'd, NUL-terminated; NULL only when out of memory. */
char *utf16_to_utf8(const uint16_t *w, size_t n);
uint16_t *utf8_to_utf16(const char *s, size_t *out_len);
char *ansi_to_utf8(const char *a);
char *utf8_to_ansi(const char *s);
size_t utf16_len(const uint16_t *w);

/* The process's ANSI code page, installed by the syscalls layer
 * (syscalls/codepage.c) at start: n bytes to UTF-16 (*out_len units) and
 * n units to a NUL-terminated byte string, both malloc'd, unmappable
 * characters as '?'. NULL members: Latin-1. */
struct ansi_codec {
    uint16_t *(*decode)(const char *a, size_t n, size_t *out_len);
    char *(*encode)(const uint16_t *w, size_t n);
};
extern struct ansi_codec ansi_codec;

#endif
