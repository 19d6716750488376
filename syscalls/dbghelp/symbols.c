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

/* The export at or below addr in the session's process: 0 or the error. */
static uint32_t lookup(uint32_t process, uint64_t addr, struct module **m, char *name, size_t namesz, gaddr *at)
{
    if (session_of(process) < 0)
        return ERROR_INVALID_HANDLE;
    *m = addr <= 0xFFFFFFFFu ? module_at((gaddr)addr) : NULL;
    if (!*m)
        return ERROR_MOD_NOT_FOUND;
    return nearest_export(*m, (gaddr)addr, name, namesz, at) ? 0 : ERROR_NOT_FOUND;
}

/* The name cut to max - 1 characters and its NUL at p (nothing for max 0). */
static bool put_name(gaddr p, const char *name, uint32_t max)
{
    if (!max)
        return true;
    uint32_t len = (uint32_t)strlen(name), copy = len < max - 1 ? len : max - 1;
    return gm_write(p, name, copy) && gm_write_u8(p + copy, 0);
}

/* SYMBOL_INFO: the caller sets SizeOfStruct and MaxNameLen; the name is
 * cut to MaxNameLen - 1 characters, NameLen says its whole length. */
uint64_t dbghelp_SymFromAddr(struct thunk_call *c)
{
    API_ARGS(dbghelp, SymFromAddr, a);
    SYMBOL_INFO32 si;
    struct module *m;
    char name[512];
    gaddr at;
    uint32_t err = lookup(a.hProcess, a.Address, &m, name, sizeof name, &at);
    if (err)
        return fail(err);
    if (!a.Symbol || !gm_read(a.Symbol, &si, sizeof si) || si.SizeOfStruct < sizeof si - 4)
        return fail(ERROR_INVALID_PARAMETER);
    si.TypeIndex = si.Index = si.Size = 0;
    si.ModBase = m->base;
    si.Flags = SYMFLAG_EXPORT;
    si.Value = si.Address = at;
    si.Register = si.Scope = 0;
    si.Tag = SYM_TAG_PUBLIC_SYMBOL;
    si.NameLen = (uint32_t)strlen(name);
    if (!gm_write(a.Symbol, &si, offsetof(SYMBOL_INFO32, Name)) ||
        !put_name(a.Symbol + (gaddr)offsetof(SYMBOL_INFO32, Name), name, si.MaxNameLen))
        return fail(ERROR_INVALID_PARAMETER);
    uint64_t disp = (gaddr)a.Address - at;
    if (a.Displacement && !gm_write(a.Displacement, &disp, 8))
        return fail(ERROR_INVALID_PARAMETER);
    return 1;
}

/* IMAGEHLP_SYMBOL64 / IMAGEHLP_SYMBOL, the older form of the same answer:
 * the caller sets SizeOfStruct and MaxNameLength. */
static uint64_t sym_from_addr(uint32_t process, uint64_t addr, gaddr pdisp, unsigned disp_size, gaddr sym, bool wide)
{
    struct module *m;
    char name[512];
    gaddr at;
    uint32_t err = lookup(process, addr, &m, name, sizeof name, &at);
    if (err)
        return fail(err);
    uint32_t size, max;
    gaddr name_at = sym + (wide ? offsetof(IMAGEHLP_SYMBOL64_32, Name) : offsetof(IMAGEHLP_SYMBOL32, Name));
    if (!sym || !gm_read_u32(sym, &size) || !gm_read_u32(sym + (wide ? offsetof(IMAGEHLP_SYMBOL64_32, MaxNameLength) : offsetof(IMAGEHLP_SYMBOL32, MaxNameLength)), &max))
        return fail(ERROR_INVALID_PARAMETER);
    bool ok;
    if (wide) {
        IMAGEHLP_SYMBOL64_32 s = {.SizeOfStruct = size, .Address = at, .Flags = SYMFLAG_EXPORT, .MaxNameLength = max};
        ok = gm_write(sym, &s, offsetof(IMAGEHLP_SYMBOL64_32, Name));
    } else {
        IMAGEHLP_SYMBOL32 s = {.SizeOfStruct = size, .Address = at, .Flags = SYMFLAG_EXPORT, .MaxNameLength = max};
        ok = gm_write(sym, &s, offsetof(IMAGEHLP_SYMBOL32, Name));
    }
    uint64_t disp = (gaddr)addr - at;
    if (!ok || !put_name(name_at, name, max) || (pdisp && !gm_write(pdisp, &disp, disp_size)))
        return fail(ERROR_INVALID_PARAMETER);
    return 1;
}

uint64_t dbghelp_SymGetSymFromAddr64(struct thunk_call *c)
{
    API_ARGS(dbghelp, SymGetSymFromAddr64, a);
    return sym_from_addr(a.hProcess, a.qwAddr, a.pdwDisplacement, 8, a.Symbol, true);
}

uint64_t dbghelp_SymGetSymFromAddr(struct thunk_call *c)
{
    API_ARGS(dbghelp, SymGetSymFromAddr, a);
    return sym_from_addr(a.hProcess, a.dwAddr, a.pdwDisplacement, 4, a.Symbol, false);
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
