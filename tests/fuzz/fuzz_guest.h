/* A fake 32-bit guest for the format-engine fuzz targets: argument slots
 * and a small guest memory, both filled from the fuzz input, so %s, %n and
 * scanf's results read and write only what the harness owns. */
#ifndef WOWBOX_TESTS_FUZZ_GUEST_H
#define WOWBOX_TESTS_FUZZ_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "syscalls/format.h"

#define FUZZ_GUEST_BASE 0x10000u
#define FUZZ_GUEST_SIZE 0x1000u
#define FUZZ_SLOTS 32

struct fuzz_guest {
    uint32_t slots[FUZZ_SLOTS];
    unsigned next;
    uint8_t mem[FUZZ_GUEST_SIZE];
};

static inline bool fuzz_in_guest(uint32_t g, size_t n)
{
    return g >= FUZZ_GUEST_BASE && g - FUZZ_GUEST_BASE <= FUZZ_GUEST_SIZE &&
           n <= FUZZ_GUEST_SIZE - (g - FUZZ_GUEST_BASE);
}

/* Slots past the end read as 0, as stack garbage would read as something. */
static inline uint32_t fuzz_next32(void *ctx)
{
    struct fuzz_guest *g = ctx;
    return g->next < FUZZ_SLOTS ? g->slots[g->next++] : 0;
}

static inline char *fuzz_read_str(void *ctx, uint32_t a)
{
    struct fuzz_guest *g = ctx;
    if (!fuzz_in_guest(a, 1))
        return NULL;
    size_t off = a - FUZZ_GUEST_BASE, n = 0;
    while (off + n < FUZZ_GUEST_SIZE && g->mem[off + n])
        n++;
    if (off + n == FUZZ_GUEST_SIZE)
        return NULL; /* runs off the end: unreadable, as a fault would be */
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, g->mem + off, n);
        s[n] = '\0';
    }
    return s;
}

static inline uint16_t *fuzz_read_wstr(void *ctx, uint32_t a, size_t *len)
{
    struct fuzz_guest *g = ctx;
    if (!fuzz_in_guest(a, 2))
        return NULL;
    size_t off = a - FUZZ_GUEST_BASE, n = 0;
    while (off + 2 * n + 1 < FUZZ_GUEST_SIZE && (g->mem[off + 2 * n] | g->mem[off + 2 * n + 1]))
        n++;
    if (off + 2 * n + 1 >= FUZZ_GUEST_SIZE)
        return NULL;
    uint16_t *w = malloc((n + 1) * 2);
    if (!w)
        return NULL;
    for (size_t i = 0; i < n; i++)
        w[i] = (uint16_t)(g->mem[off + 2 * i] | g->mem[off + 2 * i + 1] << 8);
    w[n] = 0;
    *len = n;
    return w;
}

static inline bool fuzz_write_mem(void *ctx, uint32_t a, const void *src, size_t n)
{
    struct fuzz_guest *g = ctx;
    if (!fuzz_in_guest(a, n))
        return false;
    memcpy(g->mem + (a - FUZZ_GUEST_BASE), src, n);
    return true;
}

/* Input layout: a format string up to the first NUL (a 16-bit NUL at an
 * even offset when wide), then the argument
 * slots (4 bytes each; a slot's low 12 bits pointing into guest memory
 * when its top byte is 0xFF), then the guest memory contents. */
static inline void fuzz_guest_fill(struct fuzz_guest *g, const uint8_t *data, size_t size, bool wide,
                                   size_t *fmt_len)
{
    memset(g, 0, sizeof *g);
    size_t end = size, unit = wide ? 2 : 1;
    for (size_t i = 0; i + unit <= size; i += unit)
        if (data[i] == 0 && (!wide || data[i + 1] == 0)) {
            end = i;
            break;
        }
    *fmt_len = end;
    size_t at = end < size ? end + unit : size;
    for (unsigned i = 0; i < FUZZ_SLOTS && at + 4 <= size; i++, at += 4) {
        uint32_t v = (uint32_t)data[at] | (uint32_t)data[at + 1] << 8 | (uint32_t)data[at + 2] << 16 |
                     (uint32_t)data[at + 3] << 24;
        g->slots[i] = (v >> 24) == 0xFF ? FUZZ_GUEST_BASE + (v & 0xFFFu) : v;
    }
    if (at < size)
        memcpy(g->mem, data + at, size - at < FUZZ_GUEST_SIZE ? size - at : FUZZ_GUEST_SIZE);
}

static inline struct crt_args fuzz_args(struct fuzz_guest *g)
{
    return (struct crt_args){ g, fuzz_next32, fuzz_read_str, fuzz_read_wstr, fuzz_write_mem };
}

#endif
