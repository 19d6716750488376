/* advapi32 user identity: the prefix's Windows user name; running a
 * program as another user is refused. */
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/process.h"
#include "core/unicode.h"
#include "redirect/prefix.h"
#include "syscalls/api.h"
#include "syscalls/advapi32/api_args.h"
#include "syscalls/nls.h"
#include "syscalls/win32_errors.h"

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

/* *pcbBuffer in/out (characters): on success the count copied with the
 * NUL; too small → ERROR_INSUFFICIENT_BUFFER and the size needed. */
static uint64_t user_name(gaddr buf, gaddr sizep, bool wide)
{
    const char *user = proc->prefix && proc->prefix->user ? proc->prefix->user : "user";
    uint32_t size;
    if (!gm_read_u32(sizep, &size))
        return fail(ERROR_NOACCESS);
    size_t len;
    uint16_t *w = utf8_to_utf16(user, &len); /* the prefix keeps it as UTF-8 */
    char *a = w && !wide ? nls_w_to_ansi(w, len) : NULL;
    if (!w || (!wide && !a)) {
        free(w);
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    uint32_t n = (uint32_t)len + 1;
    bool ok = true;
    if (size < n) {
        gm_write_u32(sizep, n);
        teb_set_last_error(ERROR_INSUFFICIENT_BUFFER);
        ok = false;
    } else if (!(wide ? gm_write(buf, w, n * 2) : gm_write(buf, a, n))) {
        teb_set_last_error(ERROR_NOACCESS);
        ok = false;
    } else {
        gm_write_u32(sizep, n);
    }
    free(w);
    free(a);
    return ok;
}

uint64_t advapi32_GetUserNameA(struct thunk_call *c)
{
    API_ARGS(advapi32, GetUserNameA, a);
    return user_name(a.lpBuffer, a.pcbBuffer, false);
}
uint64_t advapi32_GetUserNameW(struct thunk_call *c)
{
    API_ARGS(advapi32, GetUserNameW, a);
    return user_name(a.lpBuffer, a.pcbBuffer, true);
}

/* Another user's or logon's process: wowbox has one user and no logons,
 * so these are refused with a message, never run as the caller. */
static uint64_t refuse_other_user(const char *api)
{
    wb_error("advapi32!%s: running a program as another user is not supported (wowbox has one user)", api);
    return fail(ERROR_NOT_SUPPORTED);
}

uint64_t advapi32_CreateProcessAsUserA(struct thunk_call *c) { (void)c; return refuse_other_user("CreateProcessAsUserA"); }
uint64_t advapi32_CreateProcessAsUserW(struct thunk_call *c) { (void)c; return refuse_other_user("CreateProcessAsUserW"); }
uint64_t advapi32_CreateProcessWithLogonW(struct thunk_call *c) { (void)c; return refuse_other_user("CreateProcessWithLogonW"); }
uint64_t advapi32_CreateProcessWithTokenW(struct thunk_call *c) { (void)c; return refuse_other_user("CreateProcessWithTokenW"); }
