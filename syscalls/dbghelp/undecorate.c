/* UnDecorateSymbolName(W): the guest's strings around the demangler
 * (undname.c). The result is cut to the buffer; the count returned is
 * what was written, without the NUL. */
#include <stdlib.h>
#include <string.h>

#include "core/process.h"
#include "core/unicode.h"
#include "syscalls/api.h"
#include "syscalls/dbghelp/api_args.h"
#include "syscalls/dbghelp/undname.h"
#include "syscalls/win32_errors.h"

#define UNDNAME_MAX 4096

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

/* A decorated name (UTF-8; decorated names are ASCII) undecorated into
 * out; false when it cannot be read. */
static bool undecorate(const char *name, uint32_t flags, char out[UNDNAME_MAX])
{
    return name && undname(name, flags, out, UNDNAME_MAX);
}

uint64_t dbghelp_UnDecorateSymbolName(struct thunk_call *c)
{
    API_ARGS(dbghelp, UnDecorateSymbolName, a);
    if (!a.DecoratedName || !a.UnDecoratedName || !a.UndecoratedLength)
        return fail(ERROR_INVALID_PARAMETER);
    char *name = gm_strdup(a.DecoratedName);
    static _Thread_local char out[UNDNAME_MAX];
    bool ok = undecorate(name, a.Flags, out);
    free(name);
    if (!ok)
        return fail(ERROR_INVALID_PARAMETER);
    size_t n = strlen(out);
    if (n > a.UndecoratedLength - 1)
        n = a.UndecoratedLength - 1;
    out[n] = 0;
    if (!gm_write(a.UnDecoratedName, out, n + 1))
        return fail(ERROR_NOACCESS);
    return n;
}

uint64_t dbghelp_UnDecorateSymbolNameW(struct thunk_call *c)
{
    API_ARGS(dbghelp, UnDecorateSymbolNameW, a);
    if (!a.DecoratedName || !a.UnDecoratedName || !a.UndecoratedLength)
        return fail(ERROR_INVALID_PARAMETER);
    char *name = gm_wcs_to_utf8(a.DecoratedName);
    static _Thread_local char out[UNDNAME_MAX];
    bool ok = undecorate(name, a.Flags, out);
    free(name);
    if (!ok)
        return fail(ERROR_INVALID_PARAMETER);
    size_t n;
    uint16_t *w = utf8_to_utf16(out, &n);
    if (!w)
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    if (n > a.UndecoratedLength - 1)
        n = a.UndecoratedLength - 1;
    w[n] = 0;
    ok = gm_write(a.UnDecoratedName, w, (n + 1) * 2);
    free(w);
    return ok ? n : fail(ERROR_NOACCESS);
}
