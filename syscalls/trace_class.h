/* What the trace derives from an export's declaration: its class (from the
 * concern file the API line is in, syscalls/<dll>/<concern>_apis.h, or for
 * exports nobody implemented from a few name globs) and which of its
 * return values mean it failed (the failure clause of its API line, else
 * its C return type). Both are data. */
#ifndef WOWBOX_SYSCALLS_TRACE_CLASS_H
#define WOWBOX_SYSCALLS_TRACE_CLASS_H

#include <stdbool.h>
#include <stdint.h>

#include "syscalls/api.h"

enum api_fail_rule {
    API_FAILS_NEVER,     /* the value is a result, not a status (int, DWORD counts, void) */
    API_FAILS_ZERO,      /* BOOL FALSE, a NULL pointer or handle */
    API_FAILS_ALL_ONES,  /* INVALID_HANDLE_VALUE, INVALID_SOCKET, SOCKET_ERROR, -1 */
    API_FAILS_NEGATIVE,  /* NTSTATUS and HRESULT errors and warnings */
    API_FAILS_NONZERO,   /* a Win32 error code (LONG of the Reg* functions), errno_t */
    API_FAILS_DEFAULT = 0xFF, /* an API line without a failure clause */
};

/* The class of dll's export exp implemented by impl (NULL if not). */
uint8_t api_trace_class(const char *dll, const struct api_export *exp, const struct api_impl *impl);
/* Which return values of export exp (implemented by impl, or NULL) are
 * failures: the failure clause of impl's declared return when it has one
 * ("p fails:never"), else a BOOL declared 'b' fails with 0, else the
 * export's failure class (its C return type) decides. */
uint8_t api_fail_rule_of(const struct api_export *exp, const struct api_impl *impl);
/* The failure clause of an API line's return ("p", "u fails:0"):
 * API_FAILS_* or API_FAILS_DEFAULT without one; false when malformed. */
bool api_ret_fail_clause(const char *ret, uint8_t *rule);
bool api_call_failed(uint8_t rule, uint64_t ret);

#endif
