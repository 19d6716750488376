/* The answer of a buffer-size-protocol query, built in host memory at the
 * guest addresses it will have: pieces are appended (aligned), pointers
 * between them are guest addresses from the caller's buffer on. */
#ifndef WOWBOX_SYSCALLS_IPHLPAPI_OUT_BUF_H
#define WOWBOX_SYSCALLS_IPHLPAPI_OUT_BUF_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/vm.h"

struct out_buf {
    uint8_t *data;
    uint32_t cap, used;
    gaddr base; /* where data[0] lands in the guest (0 while only measuring) */
};

static inline void *ob_at(struct out_buf *b, uint32_t off) { return b->data + off; }
static inline gaddr ob_addr(const struct out_buf *b, uint32_t off) { return b->base + off; }

/* n zeroed bytes at the next multiple of align; their offset. The caller
 * sizes cap for the worst case (host_if.h's limits), so this never fails. */
static inline uint32_t ob_take(struct out_buf *b, uint32_t n, uint32_t align)
{
    uint32_t off = (b->used + align - 1) & ~(align - 1);
    if (off + n > b->cap)
        abort(); /* a limit in host_if.h and the caller's worst case disagree */
    b->used = off + n;
    return off;
}

/* A copy of the text (NUL included) as UTF-16; its guest address. */
static inline gaddr ob_wstr(struct out_buf *b, const char *s)
{
    size_t n = strlen(s) + 1;
    uint32_t off = ob_take(b, (uint32_t)(n * 2), 2);
    uint8_t *d = ob_at(b, off);
    for (size_t i = 0; i < n; i++)
        d[2 * i] = (uint8_t)s[i]; /* the names are ASCII */
    return ob_addr(b, off);
}

static inline gaddr ob_str(struct out_buf *b, const char *s)
{
    size_t n = strlen(s) + 1;
    uint32_t off = ob_take(b, (uint32_t)n, 1);
    memcpy(ob_at(b, off), s, n);
    return ob_addr(b, off);
}

#endif
