/* kernel32 module functions over the loader's module list: handles are
 * image bases; lookups read the guest export directories. Loading DLLs
 * from files arrives with the address-space issue; until then only
 * builtin DLLs load, and others fail with ERROR_MOD_NOT_FOUND. */
#include <stdlib.h>
#include <string.h>

#include "core/process.h"
#include "core/unicode.h"
#include "core/log.h"
#include "loader/dll_load.h"
#include "loader/module.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/struct32.h"
#include "syscalls/win32_errors.h"

static uint64_t module_handle(struct thunk_call *c, char *name)
{
    (void)c;
    if (!name) {
        struct module *exe = module_exe();
        return exe ? exe->base : 0;
    }
    struct module *m = module_find(name);
    free(name);
    if (!m) {
        teb_set_last_error(ERROR_MOD_NOT_FOUND);
        return 0;
    }
    return m->base;
}

uint64_t kernel32_GetModuleHandleA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetModuleHandleA, args);
    gaddr p = args.lpModuleName;
    char *a = p ? gm_strdup(p) : NULL;
    if (p && !a) {
        teb_set_last_error(ERROR_NOACCESS);
        return 0;
    }
    return module_handle(c, a);
}

uint64_t kernel32_GetModuleHandleW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetModuleHandleW, args);
    gaddr p = args.lpModuleName;
    char *a = p ? gm_wcs_to_utf8(p) : NULL;
    if (p && !a) {
        teb_set_last_error(ERROR_NOACCESS);
        return 0;
    }
    return module_handle(c, a);
}

uint64_t kernel32_GetProcAddress(struct thunk_call *c)
{
    API_ARGS(kernel32, GetProcAddress, args);
    struct module *m = module_by_handle(args.hModule);
    gaddr name = args.lpProcName;
    if (!m) {
        teb_set_last_error(ERROR_MOD_NOT_FOUND);
        return 0;
    }
    gaddr a;
    if (name < 0x10000) { /* MAKEINTRESOURCE: an ordinal */
        a = module_export_by_ordinal(m, name);
    } else {
        char *s = gm_strdup(name);
        if (!s) {
            teb_set_last_error(ERROR_NOACCESS);
            return 0;
        }
        a = module_export_by_name(m, s, -1);
        free(s);
    }
    if (!a)
        teb_set_last_error(ERROR_PROC_NOT_FOUND);
    return a;
}

/* LoadLibrary: find or load (with imports), then run DllMain for what
 * was newly loaded; failures map to Windows' error codes. */
static uint64_t load_library(char *name)
{
    if (!name) {
        teb_set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    char err[512];
    struct module *m;
    NTSTATUS st = dll_load(name, NULL, true, &m, err, sizeof err);
    free(name);
    if (st == STATUS_SUCCESS)
        st = dll_attach_pending(err, sizeof err);
    if (st != STATUS_SUCCESS) {
        wb_note("LoadLibrary: %s", err);
        teb_set_last_error(st == STATUS_DLL_NOT_FOUND ? ERROR_MOD_NOT_FOUND
                           : st == 0xC0000142u ? ERROR_DLL_INIT_FAILED
                           : st == STATUS_INVALID_IMAGE_FORMAT ? ERROR_BAD_EXE_FORMAT
                           : ntstatus_to_win32(st));
        return 0;
    }
    return m->base;
}

uint64_t kernel32_LoadLibraryA(struct thunk_call *c)
{
    API_ARGS(kernel32, LoadLibraryA, a);
    return load_library(gm_strdup(a.lpLibFileName));
}
uint64_t kernel32_LoadLibraryW(struct thunk_call *c)
{
    API_ARGS(kernel32, LoadLibraryW, a);
    return load_library(gm_wcs_to_utf8(a.lpLibFileName));
}
uint64_t kernel32_LoadLibraryExA(struct thunk_call *c)
{
    API_ARGS(kernel32, LoadLibraryExA, a);
    return load_library(gm_strdup(a.lpLibFileName));
}
uint64_t kernel32_LoadLibraryExW(struct thunk_call *c)
{
    API_ARGS(kernel32, LoadLibraryExW, a);
    return load_library(gm_wcs_to_utf8(a.lpLibFileName));
}

uint64_t kernel32_FreeLibrary(struct thunk_call *c)
{
    API_ARGS(kernel32, FreeLibrary, a);
    struct module *m = module_by_handle(a.hLibModule);
    if (!m) {
        teb_set_last_error(ERROR_MOD_NOT_FOUND);
        return 0;
    }
    dll_unload(m);
    return 1;
}

/* Truncates like Windows: copies nSize-1 chars + NUL and reports
 * ERROR_INSUFFICIENT_BUFFER, returning nSize. */
static uint64_t module_file_name(uint32_t h, gaddr buf, uint32_t size, bool wide)
{
    struct module *m = h ? module_by_handle(h) : module_exe();
    if (!m) {
        teb_set_last_error(ERROR_MOD_NOT_FOUND);
        return 0;
    }
    size_t len;
    void *text;
    if (wide)
        text = utf8_to_utf16(m->path_win, &len);
    else {
        text = utf8_to_ansi(m->path_win);
        len = text ? strlen(text) : 0;
    }
    if (!text || size == 0) {
        free(text);
        teb_set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    size_t unit = wide ? 2 : 1;
    size_t n = len < size ? len : size - 1;
    bool ok = gm_write(buf, text, n * unit) && gm_fill(buf + (gaddr)(n * unit), 0, unit);
    free(text);
    if (!ok) {
        teb_set_last_error(ERROR_NOACCESS);
        return 0;
    }
    if (len >= size) {
        teb_set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return size;
    }
    return n;
}

uint64_t kernel32_GetModuleFileNameA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetModuleFileNameA, a);
    return module_file_name(a.hModule, a.lpFilename, a.nSize, false);
}
uint64_t kernel32_GetModuleFileNameW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetModuleFileNameW, a);
    return module_file_name(a.hModule, a.lpFilename, a.nSize, true);
}

#define GET_MODULE_HANDLE_EX_FLAG_PIN                0x1u
#define GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT 0x2u
#define GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS       0x4u

/* name is a module name, NULL for the program, or an address inside a
 * module with FROM_ADDRESS; the reference count moves unless told not to. */
static uint64_t module_handle_ex(uint32_t flags, gaddr name, gaddr out, bool wide)
{
    if (!out || (flags & ~7u) ||
        (flags & (GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT)) ==
            (GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT)) {
        teb_set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    struct module *m;
    if (flags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS) {
        m = module_at(name);
    } else if (!name) {
        m = module_exe();
    } else {
        char *s = wide ? gm_wcs_to_utf8(name) : gm_strdup(name);
        m = s ? module_find(s) : NULL;
        free(s);
    }
    if (!gm_write_u32(out, m ? m->base : 0)) {
        teb_set_last_error(ERROR_NOACCESS);
        return 0;
    }
    if (!m) {
        teb_set_last_error(ERROR_MOD_NOT_FOUND);
        return 0;
    }
    if (flags & GET_MODULE_HANDLE_EX_FLAG_PIN)
        m->dynamic = false; /* pinned: never unloaded */
    else if (!(flags & GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT))
        m->load_count++;
    return 1;
}

uint64_t kernel32_GetModuleHandleExA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetModuleHandleExA, a);
    return module_handle_ex(a.dwFlags, a.lpModuleName, a.phModule, false);
}
uint64_t kernel32_GetModuleHandleExW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetModuleHandleExW, a);
    return module_handle_ex(a.dwFlags, a.lpModuleName, a.phModule, true);
}

/* ---------------------------------------------------------- delay loading */

#define DLATTR_RVA 0x1u

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

/* ResolveDelayLoadedAPI: what a delay-load helper asks when a program
 * first calls through a delay-loaded import: load the DLL the descriptor
 * names (once: its module handle slot remembers it), find the function the
 * name table names for this IAT slot, write it into the slot and return it.
 * A DLL or function that cannot be found goes to the failure hook, as on
 * Windows (its answer is returned). */
static gaddr delay_failed(struct thunk_call *c, gaddr hook, gaddr dll_name, gaddr proc, uint32_t err)
{
    teb_set_last_error(err);
    uint32_t ret = 0;
    uint32_t args[2] = { dll_name, proc };
    if (hook && !thunk_call_guest(c, hook, args, 2, &ret))
        return 0;
    return ret;
}

uint64_t kernel32_ResolveDelayLoadedAPI(struct thunk_call *c)
{
    API_ARGS(kernel32, ResolveDelayLoadedAPI, a);
    IMAGE_DELAYLOAD_DESCRIPTOR32 d;
    if (!gm_read(a.DelayloadedImportDescriptor, &d, sizeof d))
        return fail(ERROR_NOACCESS);
    gaddr base = (d.Attributes & DLATTR_RVA) ? a.ParentModuleBase : 0;
    gaddr iat = base + d.ImportAddressTableRVA, names = base + d.ImportNameTableRVA;
    if (a.ThunkAddress < iat || (a.ThunkAddress - iat) % 4)
        return fail(ERROR_INVALID_PARAMETER);
    uint32_t entry = 0;
    if (!gm_read_u32(names + (a.ThunkAddress - iat), &entry))
        return fail(ERROR_NOACCESS);
    gaddr proc = (entry & 0x80000000u) ? (entry & 0xFFFFu) : base + entry + 2; /* ordinal, or IMAGE_IMPORT_BY_NAME.Name */
    uint32_t handle = 0;
    gm_read_u32(base + d.ModuleHandleRVA, &handle);
    struct module *m = handle ? module_by_handle(handle) : NULL;
    if (!m) {
        char *dll = gm_strdup(base + d.DllNameRVA), err[512];
        NTSTATUS st = dll ? dll_load(dll, NULL, true, &m, err, sizeof err) : STATUS_ACCESS_VIOLATION;
        if (st == STATUS_SUCCESS)
            st = dll_attach_pending(err, sizeof err);
        free(dll);
        if (st != STATUS_SUCCESS)
            return delay_failed(c, a.FailureSystemHook, base + d.DllNameRVA, proc, ERROR_MOD_NOT_FOUND);
        gm_write_u32(base + d.ModuleHandleRVA, m->base);
    }
    gaddr fn = 0;
    if (entry & 0x80000000u) {
        fn = module_export_by_ordinal(m, entry & 0xFFFFu);
    } else {
        char *s = gm_strdup(proc);
        fn = s ? module_export_by_name(m, s, -1) : 0;
        free(s);
    }
    if (!fn)
        return delay_failed(c, a.FailureSystemHook, base + d.DllNameRVA, proc, ERROR_PROC_NOT_FOUND);
    gm_write_u32(a.ThunkAddress, fn);
    return fn;
}
