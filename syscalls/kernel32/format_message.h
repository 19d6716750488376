/* FormatMessage's message language, host-side and on UTF-16: escapes
 * (%0 %n %r %t %% %space %. %!), inserts %1..%99 with an optional
 * printf format between '!' marks (default !s!; '*' width and precision
 * take the following inserts' arguments), FORMAT_MESSAGE_IGNORE_INSERTS
 * and the line width rules. Pure: the arguments come through callbacks. */
#ifndef WOWBOX_SYSCALLS_KERNEL32_FORMAT_MESSAGE_H
#define WOWBOX_SYSCALLS_KERNEL32_FORMAT_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/strbuf.h"
#include "syscalls/format.h"

#define FM_MAX_WIDTH_MASK 0xFFu

struct fm_options {
    bool ignore_inserts;
    /* FORMAT_MESSAGE_MAX_WIDTH_MASK bits: 0 keeps the text's line breaks,
     * 0xFF drops them (a space instead), another value also wraps lines
     * at that many characters (at the last space before it) */
    unsigned max_width;
    /* FormatMessageA: !s! and !c! mean 8-bit strings and characters */
    bool ansi;
    /* the argument array: slot i (0-based) of 32-bit values; false when
     * it cannot be read */
    void *ctx;
    bool (*slot)(void *ctx, unsigned i, uint32_t *value);
    /* string reads for the inserts (crt_args' read_str/read_wstr) */
    char *(*read_str)(void *ctx, uint32_t gptr);
    uint16_t *(*read_wstr)(void *ctx, uint32_t gptr, size_t *len);
};

/* Formats msg[0..n) (UTF-16 code units) into out (UTF-16 units as byte
 * pairs). 0, or the Win32 error: ERROR_INVALID_PARAMETER for a malformed
 * insert or missing arguments. */
uint32_t fm_format(const uint16_t *msg, size_t n, const struct fm_options *o, struct strbuf *out);

#endif
