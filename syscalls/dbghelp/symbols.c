/* dbghelp's symbol handler for the guest's own process: SymInitialize /
 * SymCleanup per process handle, the options word, and symbols from the
 * export tables of the loaded images (the program, its DLLs, the builtin
 * DLLs): wowbox reads no PDB files, so every symbol is a public export. */
#include <stdio.h>
#include <string.h>

#include "core/process.h"
#include "loader/module.h"
#include "syscalls/api.h"
#include "syscalls/dbghelp/api_args.h"
#include "syscalls/dbghelp/struct32.h"
#include "syscalls/win32_errors.h"

#define ERROR_MOD_NOT_FOUND 126u
#define ERROR_NOT_FOUND 1168u
#define SYMFLAG_EXPORT 0x200u
#define SYM_TAG_PUBLIC_SYMBOL 10u
/* SymGetOptions before any SymSetOptions: undecorated names, deferred loads */
#define SYMOPT_DEFAULT 0x6u

#define MAX_SESSIONS 16

static uint32_t sessions[MAX_SESSIONS]; /* the process handles initialized (0: free) */
static uint32_t options = SYMOPT_DEFAULT;

static int session_of(uint32_t h)
{
    for (int i = 0; i < MAX_SESSIONS; i++)
        if (sessions[i] && sessions[i] == h)
            return i;
    return -1;
}

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

/* A second SymInitialize for the same handle fails (ERROR_INVALID_PARAMETER). */
static uint64_t initialize(uint32_t h)
{
    if (!h || session_of(h) >= 0)
        return fail(ERROR_INVALID_PARAMETER);
    for (int i = 0; i < MAX_SESSIONS; i++)
        if (!sessions[i]) {
            sessions[i] = h;
            return 1;
        }
    return fail(ERROR_NOT_ENOUGH_MEMORY);
}

uint64_t dbghelp_SymInitialize(struct thunk_call *c)
{
    API_ARGS(dbghelp, SymInitialize, a);
    return initialize(a.hProcess);
}

uint64_t dbghelp_SymInitializeW(struct thunk_call *c)
{
    API_ARGS(dbghelp, SymInitializeW, a);
    return initialize(a.hProcess);
}

uint64_t dbghelp_SymCleanup(struct thunk_call *c)
{
    API_ARGS(dbghelp, SymCleanup, a);
    int i = session_of(a.hProcess);
    if (i < 0)
        return fail(ERROR_INVALID_HANDLE);
    sessions[i] = 0;
    return 1;
}

uint64_t dbghelp_SymSetOptions(struct thunk_call *c)
{
    API_ARGS(dbghelp, SymSetOptions, a);
    options = a.SymOptions;
    return options;
}

uint64_t dbghelp_SymGetOptions(struct thunk_call *c)
{
    (void)c;
    return options;
}

/* ------------------------------------------------------------------ exports by address */

/* The export of m at the highest address <= addr (forwarders, which hold
 * no code, skipped): its name (or "Ordinal<n>") and address; false when
 * none lies below addr. */
static bool nearest_export(const struct module *m, gaddr addr, char *name, size_t namesz, gaddr *at)
{
    uint32_t dir_rva, dir_size, base_ord, nfuncs, nnames, funcs, names, ords;
    if (!module_data_dir(m, 0, &dir_rva, &dir_size))
        return false;
    gaddr dir = m->base + dir_rva;
    if (!gm_read_u32(dir + 16, &base_ord) || !gm_read_u32(dir + 20, &nfuncs) || !gm_read_u32(dir + 24, &nnames) ||
        !gm_read_u32(dir + 28, &funcs) || !gm_read_u32(dir + 32, &names) || !gm_read_u32(dir + 36, &ords))
        return false;
    uint32_t best = UINT32_MAX, best_rva = 0;
    for (uint32_t i = 0; i < nfuncs; i++) {
        uint32_t rva;
        if (!gm_read_u32(m->base + funcs + 4 * i, &rva) || !rva || (rva >= dir_rva && rva < dir_rva + dir_size))
            continue;
        if (m->base + rva <= addr && (best == UINT32_MAX || rva > best_rva))
            best = i, best_rva = rva;
    }
    if (best == UINT32_MAX)
        return false;
    snprintf(name, namesz, "Ordinal%u", base_ord + best);
    for (uint32_t i = 0; i < nnames; i++) {
        uint16_t ord;
        uint32_t name_rva;
        if (!gm_read_u16(m->base + ords + 2 * i, &ord) || ord != best || !gm_read_u32(m->base + names + 4 * i, &name_rva))
            continue;
        long n = gm_strnlen(m->base + name_rva, namesz - 1);
        if (n >= 0 && gm_read(m->base + name_rva, name, (size_t)n))
            name[n] = 0;
        break;
    }
    *at = m->base + best_rva;
    return true;
}

/* SYMBOL_INFO: the caller sets SizeOfStruct and MaxNameLen; the name is
 * cut to MaxNameLen - 1 characters, NameLen says its whole length. */
uint64_t dbghelp_SymFromAddr(struct thunk_call *c)
{
    API_ARGS(dbghelp, SymFromAddr, a);
    if (session_of(a.hProcess) < 0)
        return fail(ERROR_INVALID_HANDLE);
    SYMBOL_INFO32 si;
    if (!a.Symbol || !gm_read(a.Symbol, &si, sizeof si) || si.SizeOfStruct < sizeof si - 4)
        return fail(ERROR_INVALID_PARAMETER);
    struct module *m = a.Address <= 0xFFFFFFFFu ? module_at((gaddr)a.Address) : NULL;
    if (!m)
        return fail(ERROR_MOD_NOT_FOUND);
    char name[512];
    gaddr at;
    if (!nearest_export(m, (gaddr)a.Address, name, sizeof name, &at))
        return fail(ERROR_NOT_FOUND);
    uint32_t len = (uint32_t)strlen(name), max = si.MaxNameLen;
    si.TypeIndex = si.Index = si.Size = 0;
    si.ModBase = m->base;
    si.Flags = SYMFLAG_EXPORT;
    si.Value = si.Address = at;
    si.Register = si.Scope = 0;
    si.Tag = SYM_TAG_PUBLIC_SYMBOL;
    si.NameLen = len;
    uint32_t copy = max ? (len < max - 1 ? len : max - 1) : 0;
    if (!gm_write(a.Symbol, &si, offsetof(SYMBOL_INFO32, Name)) ||
        (max && (!gm_write(a.Symbol + (gaddr)offsetof(SYMBOL_INFO32, Name), name, copy) ||
                 !gm_write_u8(a.Symbol + (gaddr)offsetof(SYMBOL_INFO32, Name) + copy, 0))))
        return fail(ERROR_INVALID_PARAMETER);
    if (a.Displacement) {
        uint64_t disp = (gaddr)a.Address - at;
        if (!gm_write(a.Displacement, &disp, 8))
            return fail(ERROR_INVALID_PARAMETER);
    }
    return 1;
}

static uint64_t module_base(uint32_t process, uint64_t addr)
{
    if (session_of(process) < 0)
        return fail(ERROR_INVALID_HANDLE);
    struct module *m = addr <= 0xFFFFFFFFu ? module_at((gaddr)addr) : NULL;
    return m ? m->base : fail(ERROR_MOD_NOT_FOUND);
}

uint64_t dbghelp_SymGetModuleBase(struct thunk_call *c)
{
    API_ARGS(dbghelp, SymGetModuleBase, a);
    return module_base(a.hProcess, a.dwAddr);
}

uint64_t dbghelp_SymGetModuleBase64(struct thunk_call *c)
{
    API_ARGS(dbghelp, SymGetModuleBase64, a);
    return module_base(a.hProcess, a.qwAddr);
}
