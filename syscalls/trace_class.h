/* What the trace derives from an export's declaration: its class (from the
 * concern file the API line is in, syscalls/<dll>/<concern>_apis.h, or for
 * exports nobody implemented from a few name globs) and which of its
 * return values mean it failed (from its C return type). Both are tables. */
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
    API_FAILS_NONZERO,   /* a Win32 error code (LONG of the Reg* functions) */
};

/* The class of dll's export exp implemented by impl (NULL if not). */
uint8_t api_trace_class(const char *dll, const struct api_export *exp, const struct api_impl *impl);
/* From exp's return type and failure class. */
uint8_t api_fail_rule_of(const struct api_export *exp);
bool api_call_failed(uint8_t rule, uint64_t ret);

#endif
