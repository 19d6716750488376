/* GetUserNameEx: the prefix's user (GetUserNameW's name) in the formats a
 * stand-alone machine answers; the directory-service formats need a
 * domain, and wowbox's computer WOWBOX is in none. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/identity.h"
#include "core/process.h"
#include "core/unicode.h"
#include "redirect/prefix.h"
#include "syscalls/api.h"
#include "syscalls/nls.h"
#include "syscalls/secur32/api_args.h"
#include "syscalls/win32_errors.h"

/* EXTENDED_NAME_FORMAT (secext.h) */
#define NAME_UNKNOWN          0
#define NAME_SAM_COMPATIBLE   2

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

/* *nSize in/out (characters): success → the length without the NUL; too
 * small (or no buffer) → ERROR_MORE_DATA and the size with the NUL. */
static uint64_t user_name_ex(int format, gaddr buf, gaddr sizep, bool wide)
{
    if (format == NAME_UNKNOWN)
        return fail(ERROR_INVALID_PARAMETER);
    if (format != NAME_SAM_COMPATIBLE)
        return fail(ERROR_NONE_MAPPED); /* the other formats name directory objects */
    uint32_t size;
    if (!sizep || !gm_read_u32(sizep, &size))
        return fail(ERROR_INVALID_PARAMETER);
    const char *user = proc->prefix && proc->prefix->user ? proc->prefix->user : "user";
    char sam[512];
    snprintf(sam, sizeof sam, "%s\\%s", IDENTITY_COMPUTER_NAME, user);
    size_t len;
    uint16_t *w = utf8_to_utf16(sam, &len); /* the prefix keeps the user as UTF-8 */
    char *a = w && !wide ? nls_w_to_ansi(w, len) : NULL;
    if (!w || (!wide && !a)) {
        free(w);
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    uint32_t n = wide ? (uint32_t)len : (uint32_t)strlen(a);
    uint64_t ok = 0;
    if (!buf || size < n + 1) {
        gm_write_u32(sizep, n + 1);
        teb_set_last_error(ERROR_MORE_DATA);
    } else if (!(wide ? gm_write(buf, w, (n + 1) * 2) : gm_write(buf, a, n + 1))) {
        teb_set_last_error(ERROR_NOACCESS);
    } else {
        gm_write_u32(sizep, n);
        ok = 1;
    }
    free(w);
    free(a);
    return ok;
}

uint64_t secur32_GetUserNameExW(struct thunk_call *c)
{
    API_ARGS(secur32, GetUserNameExW, a);
    return user_name_ex(a.NameFormat, a.lpNameBuffer, a.nSize, true);
}

uint64_t secur32_GetUserNameExA(struct thunk_call *c)
{
    API_ARGS(secur32, GetUserNameExA, a);
    return user_name_ex(a.NameFormat, a.lpNameBuffer, a.nSize, false);
}
