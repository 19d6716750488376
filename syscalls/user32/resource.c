/* user32 LoadStringA/W: a string of the module's string table (found
 * through kernel32's resource lookup) copied out, truncated to the
 * buffer, NUL-terminated; LoadStringW with a zero size hands out a
 * pointer to the read-only string in the image instead. */
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/resource.h"
#include "syscalls/nls.h"
#include "syscalls/user32/api_args.h"
#include "syscalls/win32_errors.h"

static uint64_t not_found(void)
{
    teb_set_last_error(ERROR_RESOURCE_NAME_NOT_FOUND);
    return 0;
}

uint64_t user32_LoadStringW(struct thunk_call *c)
{
    API_ARGS(user32, LoadStringW, a);
    int32_t max = (int32_t)a.cchBufferMax;
    gaddr s;
    uint16_t len;
    if (!a.lpBuffer || max < 0) {
        teb_set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!resource_string(a.hInstance, a.uID, &s, &len))
        return not_found();
    if (max == 0) /* the string itself, not NUL-terminated */
        return gm_write_u32(a.lpBuffer, s) ? len : 0;
    uint32_t n = len < (uint32_t)max - 1 ? len : (uint32_t)max - 1;
    uint16_t *w = malloc(2u * n + 2);
    if (!w || !gm_read(s, w, 2u * n)) {
        free(w);
        return not_found();
    }
    w[n] = 0;
    bool ok = gm_write(a.lpBuffer, w, 2u * n + 2);
    free(w);
    return ok ? n : 0;
}

uint64_t user32_LoadStringA(struct thunk_call *c)
{
    API_ARGS(user32, LoadStringA, a);
    int32_t max = (int32_t)a.cchBufferMax;
    gaddr s;
    uint16_t len;
    if (!a.lpBuffer || max <= 0) {
        teb_set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!resource_string(a.hInstance, a.uID, &s, &len))
        return not_found();
    uint16_t *w = malloc(2u * len + 2);
    char *ansi = w && gm_read(s, w, 2u * len) ? nls_w_to_ansi(w, len) : NULL;
    free(w);
    if (!ansi)
        return not_found();
    size_t n = strlen(ansi);
    if (n > (size_t)max - 1)
        n = (size_t)max - 1;
    ansi[n] = 0;
    bool ok = gm_write(a.lpBuffer, ansi, n + 1);
    free(ansi);
    return ok ? n : 0;
}
