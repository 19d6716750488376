/* Golden traces for `wowbox test`: what varies between runs and builds is
 * normalized away (docs/cli.md lists the rules), then the golden lines are
 * matched against the trace, in order. */
#ifndef WOWBOX_CORE_APP_TEST_TRACE_H
#define WOWBOX_CORE_APP_TEST_TRACE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/strbuf.h"

/* Where the run happened, written as the trace writes paths: replaced by
 * %CWD% and %EXEDIR%. Either may be NULL. */
struct trace_places {
    const char *cwd_win;    /* "Z:\\tmp\\wowbox-run-x\\wowbox-test-y\\cwd" */
    const char *exedir_win; /* the program's directory */
};

/* The normalized text (malloc'd). */
char *trace_normalize(const char *text, size_t len, const struct trace_places *where);

/* Matches golden lines (both normalized) against the trace. exact: the
 * traces must be equal line for line; otherwise every golden line must
 * occur in order with any lines between. A golden "0x?" also matches any
 * hexadecimal number. On a mismatch false, and details say where. */
bool trace_match(const char *golden, const char *trace, bool exact, struct strbuf *details);

#endif
