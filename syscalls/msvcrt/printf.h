/* The printf and scanf families' plumbing (msvcrt/printf.c), shared with
 * ucrtbase's __stdio_common_* entry points: one implementation, the
 * flavour (syscalls/format.h CRT_FMT_*) chosen by the caller. */
#ifndef WOWBOX_SYSCALLS_MSVCRT_PRINTF_H
#define WOWBOX_SYSCALLS_MSVCRT_PRINTF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/strbuf.h"
#include "core/vm.h"

/* Formats into out (bytes, or UTF-16LE units when wide); the count or -1. */
int crt_printf_format(struct strbuf *out, gaddr fmt, gaddr va, unsigned flavour, bool wide);
/* Formats to a FILE; the count or -1 (as the guest sees it, in eax). */
uint64_t crt_printf_stream(gaddr stream, gaddr fmt, gaddr va, unsigned flavour, bool wide);
/* scanf from a FILE or from at most max characters of a string. */
uint64_t crt_scanf_stream(gaddr stream, gaddr fmt, gaddr va, bool wide);
uint64_t crt_scanf_string(gaddr str, size_t max, gaddr fmt, gaddr va, bool wide);

#endif
