/* The printf-family engine (msvcrt's printf family, user32's wsprintf): formats guest
 * varargs exactly like 32-bit msvcrt.dll does
 * (state machine quirks, 3-digit exponents, 17-digit floats, 1.#INF forms). */
#ifndef WOWBOX_SYSCALLS_FORMAT_H
#define WOWBOX_SYSCALLS_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/strbuf.h"

struct crt_args {                 /* the variadic arguments of one call */
    void *ctx;
    uint32_t (*next32)(void *ctx);            /* next 4-byte stack slot */
    /* copy a NUL-terminated guest string (8-bit) into a malloc'd buffer; NULL if unreadable */
    char *(*read_str)(void *ctx, uint32_t gptr);
    /* copy a NUL-terminated guest UTF-16 string; *len receives code units; NULL if unreadable */
    uint16_t *(*read_wstr)(void *ctx, uint32_t gptr, size_t *len);
    /* write n bytes to guest memory (for %n and scanf results); false if unwritable */
    bool (*write_mem)(void *ctx, uint32_t gptr, const void *src, size_t n);
};
/* 8-byte arguments (double, __int64) are two consecutive next32 calls, low word first. */

/* printf: narrow format -> bytes appended to out. Returns chars produced or -1 (like msvcrt,
 * e.g. on a bad %n target). Output produced before a failure stays in out. */
int crt_format(struct strbuf *out, const char *fmt, struct crt_args *args);

/* wprintf family: wide format -> UTF-16 code units appended to out (as little-endian
 * uint16 pairs of bytes in the strbuf). Returns code units produced or -1. */
int crt_wformat(struct strbuf *out, const uint16_t *fmt, struct crt_args *args);

/* Flavours: msvcrt.dll's forms, or the Universal CRT's C99 ones (each a
 * flag, as ucrtbase's _CRT_INTERNAL_PRINTF_LEGACY_* options undo them one by one). */
#define CRT_FMT_MSVCRT 0u
#define CRT_FMT_TWO_DIGIT_EXPONENT 0x1u /* 1.5e+10, not 1.5e+010 */
#define CRT_FMT_C99_SPECIALS 0x2u       /* inf, nan, -nan(ind); %a with all 13 hex digits */
#define CRT_FMT_UCRT (CRT_FMT_TWO_DIGIT_EXPONENT | CRT_FMT_C99_SPECIALS)
int crt_format_as(struct strbuf *out, const char *fmt, struct crt_args *args, unsigned flavour);
int crt_wformat_as(struct strbuf *out, const uint16_t *fmt, struct crt_args *args, unsigned flavour);

/* Largest output one call may produce (in chars); beyond it the call fails with -1 rather
 * than letting a garbage width such as %2147483647d exhaust host memory. */
#define CRT_FORMAT_MAX_OUTPUT (1L << 28)

#endif
