/* Exports nobody implemented fail the way their return type says, so that a
 * caller never takes the stub's answer for success; and the coverage list. */
#include "syscalls/unimplemented.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "core/ntstatus.h"
#include "core/process.h"
#include "syscalls/dispatch.h"
#include "syscalls/win32_errors.h"

#define E_NOTIMPL 0x80004001u
#define WSAEOPNOTSUPP 10045u
#define CRT_ENOSYS 40 /* msvcrt's errno.h */
#define ALL_ONES32 0xFFFFFFFFu

/* The one rule: failure class (tools/prototypes.py picks it from the return
 * type) -> what the stub returns and which error it leaves. Win32 and NT
 * classes set ERROR_CALL_NOT_IMPLEMENTED, Winsock ones WSAEOPNOTSUPP (its
 * "operation not supported"), msvcrt ones errno ENOSYS as well. */
static const struct api_failure failures[API_FAIL_COUNT] = {
    [API_FAIL_UNKNOWN] = { 0, false, ERROR_CALL_NOT_IMPLEMENTED, 0, 'x', "0 (prototype unknown)" },
    [API_FAIL_VOID] = { 0, false, ERROR_CALL_NOT_IMPLEMENTED, 0, 'v', "nothing (void)" },
    [API_FAIL_NTSTATUS] = { STATUS_NOT_IMPLEMENTED, false, ERROR_CALL_NOT_IMPLEMENTED, 0, 'x',
                            "STATUS_NOT_IMPLEMENTED" },
    [API_FAIL_WIN32_ERROR] = { ERROR_CALL_NOT_IMPLEMENTED, false, ERROR_CALL_NOT_IMPLEMENTED, 0, 'u',
                               "ERROR_CALL_NOT_IMPLEMENTED" },
    [API_FAIL_HRESULT] = { E_NOTIMPL, false, ERROR_CALL_NOT_IMPLEMENTED, 0, 'x', "E_NOTIMPL" },
    [API_FAIL_FALSE] = { 0, false, ERROR_CALL_NOT_IMPLEMENTED, 0, 'b', "FALSE" },
    [API_FAIL_NULL] = { 0, false, ERROR_CALL_NOT_IMPLEMENTED, 0, 'p', "NULL" },
    [API_FAIL_INVALID_HANDLE] = { ALL_ONES32, false, ERROR_CALL_NOT_IMPLEMENTED, 0, 'h',
                                  "INVALID_HANDLE_VALUE" },
    [API_FAIL_ZERO] = { 0, false, ERROR_CALL_NOT_IMPLEMENTED, 0, 'u', "0" },
    [API_FAIL_ALL_ONES] = { ALL_ONES32, false, ERROR_CALL_NOT_IMPLEMENTED, 0, 'x', "0xffffffff" },
    [API_FAIL_INT64] = { 0, false, ERROR_CALL_NOT_IMPLEMENTED, 0, 'l', "0 (64-bit)" },
    [API_FAIL_DOUBLE] = { 0, true, ERROR_CALL_NOT_IMPLEMENTED, 0, 'f', "NaN" },
    [API_FAIL_SOCKET_ERROR] = { ALL_ONES32, false, WSAEOPNOTSUPP, 0, 'i', "SOCKET_ERROR" },
    [API_FAIL_INVALID_SOCKET] = { ALL_ONES32, false, WSAEOPNOTSUPP, 0, 'x', "INVALID_SOCKET" },
    [API_FAIL_WSA_NULL] = { 0, false, WSAEOPNOTSUPP, 0, 'p', "NULL" },
    [API_FAIL_WSA_ZERO] = { 0, false, WSAEOPNOTSUPP, 0, 'u', "0" },
    [API_FAIL_WSA_VOID] = { 0, false, WSAEOPNOTSUPP, 0, 'v', "nothing (void)" },
    [API_FAIL_CRT_INT] = { ALL_ONES32, false, ERROR_CALL_NOT_IMPLEMENTED, CRT_ENOSYS, 'i', "-1" },
    [API_FAIL_CRT_ERRNO] = { CRT_ENOSYS, false, ERROR_CALL_NOT_IMPLEMENTED, CRT_ENOSYS, 'i', "ENOSYS" },
    [API_FAIL_CRT_NULL] = { 0, false, ERROR_CALL_NOT_IMPLEMENTED, CRT_ENOSYS, 'p', "NULL" },
    [API_FAIL_CRT_ZERO] = { 0, false, ERROR_CALL_NOT_IMPLEMENTED, CRT_ENOSYS, 'u', "0" },
    [API_FAIL_CRT_WEOF] = { 0xFFFF, false, ERROR_CALL_NOT_IMPLEMENTED, CRT_ENOSYS, 'x', "WEOF" },
    [API_FAIL_CRT_INT64] = { UINT64_MAX, false, ERROR_CALL_NOT_IMPLEMENTED, CRT_ENOSYS, 'l',
                             "-1 (64-bit)" },
    [API_FAIL_CRT_DOUBLE] = { 0, true, ERROR_CALL_NOT_IMPLEMENTED, CRT_ENOSYS, 'f', "NaN" },
    [API_FAIL_CRT_VOID] = { 0, false, ERROR_CALL_NOT_IMPLEMENTED, CRT_ENOSYS, 'v', "nothing (void)" },
};

void (*unimplemented_set_crt_errno)(int e);

const struct api_failure *api_failure_of(enum api_fail fail)
{
    if ((unsigned)fail >= API_FAIL_COUNT || fail == API_FAIL_DATA)
        return NULL;
    return &failures[fail];
}

uint64_t unimplemented_fail(struct thunk_call *c)
{
    const struct api_failure *f = api_failure_of((enum api_fail)c->entry->exp->fail);
    if (!f)
        f = &failures[API_FAIL_UNKNOWN];
    teb_set_last_error(f->last_error);
    if (f->crt_errno && unimplemented_set_crt_errno)
        unimplemented_set_crt_errno(f->crt_errno);
    if (f->nan)
        return thunk_return_double(c, __builtin_nan(""));
    return f->value;
}

/* Implemented here, or forwarded to a DLL that implements it. */
static bool implemented(const struct builtin_dll *dll, const struct api_export *e)
{
    const struct api_export *to = dispatch_forward_target(dll, e);
    if (to)
        return implemented(dll->forward_to, to);
    const struct api_impl *impl = builtin_impl_for(dll, e);
    return impl && (impl->fn || impl->guest || e->kind == API_DATA);
}

/* "KERNEL32.dll" matches "kernel32" and "kernel32.dll", in any case. */
static bool dll_matches(const struct builtin_dll *dll, const char *want)
{
    size_t n = strcspn(dll->name, ".");
    return strncasecmp(dll->name, want, n) == 0 && (want[n] == 0 || strcasecmp(want + n, ".dll") == 0);
}

static void list_dll(FILE *out, const struct builtin_dll *dll)
{
    size_t done = 0;
    for (size_t i = 0; i < dll->nexports; i++)
        done += implemented(dll, &dll->exports[i]);
    fprintf(out, "%s: %zu of %zu exports implemented, %zu not:\n", dll->name, done, dll->nexports,
            dll->nexports - done);
    for (size_t i = 0; i < dll->nexports; i++) {
        const struct api_export *e = &dll->exports[i];
        if (implemented(dll, e))
            continue;
        if (e->kind == API_DATA) {
            fprintf(out, "  %-40s data (zero-filled)\n", e->name);
            continue;
        }
        if (dispatch_forward_target(dll, e)) {
            fprintf(out, "  %-40s forwarded to %s (unimplemented there)\n", e->name, dll->forward_to->name);
            continue;
        }
        const struct api_failure *f = api_failure_of((enum api_fail)e->fail);
        fprintf(out, "  %-40s %s -> %s\n", e->name, e->ret_type ? e->ret_type : "?",
                f ? f->says : "?");
    }
}

bool list_unimplemented(FILE *out, const struct builtin_dll *const *dlls, size_t count, const char *dll)
{
    bool found = false;
    for (size_t d = 0; d < count; d++) {
        if (dll && !dll_matches(dlls[d], dll))
            continue;
        list_dll(out, dlls[d]);
        found = true;
    }
    return found;
}
