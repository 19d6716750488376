/* Loads DLL images from files the way the Windows loader does: builtin
 * (known) DLLs first, then the application directory, the system
 * directory (redirected to SysWOW64), the Windows directory, the current
 * directory and PATH; imports recursively; TLS and DllMain in
 * initialization order (dependencies before dependents). */
#include "loader/dll_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/guest_mem.h"
#include "core/log.h"
#include "core/process.h"
#include "core/unicode.h"
#include "loader/apiset.h"
#include "loader/pe.h"
#include "loader/pe_load.h"
#include "loader/peb.h"
#include "loader/tls.h"

#define STATUS_DLL_INIT_FAILED 0xC0000142u

/* Modules waiting for DllMain, and those attached (for detach order). */
static struct module **pending, **initialized;
static size_t npending, ninitialized;

/* The loader lock: DllMain and TLS callbacks run under it, one thread at
 * a time, as Windows runs them (host code stays under the process lock;
 * this one is held across the guest calls). */
static struct thread_lock loader_lock;

static bool push(struct module ***list, size_t *n, struct module *m)
{
    struct module **nl = realloc(*list, (*n + 1) * sizeof *nl);
    if (!nl)
        return false;
    nl[(*n)++] = m;
    *list = nl;
    return true;
}

static NTSTATUS import_hook(const char *dll, const char *importer, struct module **out, char *err, size_t errsz)
{
    return dll_load(dll, importer, false, out, err, errsz);
}

void dll_loader_init(void)
{
    pe_import_loader = import_hook;
}

static const char *base_name(const char *path)
{
    const char *b = path;
    for (const char *p = path; *p; p++)
        if (*p == '\\' || *p == '/' || *p == ':')
            b = p + 1;
    return b;
}

/* Windows appends ".dll" to a name without an extension; a trailing dot
 * means "no extension". */
static void with_extension(const char *name, char *out, size_t outsz)
{
    const char *b = base_name(name);
    size_t n = strlen(name);
    if (n && name[n - 1] == '.')
        snprintf(out, outsz, "%.*s", (int)(n - 1), name);
    else if (!strchr(b, '.'))
        snprintf(out, outsz, "%s.dll", name);
    else
        snprintf(out, outsz, "%s", name);
}

/* The Path variable of the process environment block (UTF-8, malloc'd). */
static char *env_path(void)
{
    uint32_t block = 0;
    if (!proc->params || !gm_read_u32(proc->params + PARAMS_ENVIRONMENT, &block))
        return NULL;
    for (gaddr p = block;;) {
        long n = gm_wcsnlen(p, 1u << 16);
        if (n <= 0)
            return NULL;
        char *var = gm_wcs_to_utf8(p);
        if (var && strncasecmp(var, "PATH=", 5) == 0) {
            char *v = strdup(var + 5);
            free(var);
            return v;
        }
        free(var);
        p += (gaddr)(n + 1) * 2;
    }
}

/* Host path of an existing regular file for a Windows path, or false. */
NTSTATUS (*dll_host_path)(const char *winpath, char *host, size_t hostsz);

static bool existing_file(const char *winpath, char *host, size_t hostsz)
{
    if (!dll_host_path || dll_host_path(winpath, host, hostsz) != 0)
        return false;
    struct stat st;
    return stat(host, &st) == 0 && S_ISREG(st.st_mode);
}

static bool try_dir(const char *dir, const char *file, char *win, size_t winsz, char *host, size_t hostsz)
{
    size_t n = strlen(dir);
    snprintf(win, winsz, "%s%s%s", dir, n && dir[n - 1] == '\\' ? "" : "\\", file);
    return existing_file(win, host, hostsz);
}

/* Windows' safe DLL search order for a bare name. */
static bool search(const char *file, char *win, size_t winsz, char *host, size_t hostsz)
{
    struct module *exe = module_exe();
    if (exe) {
        char appdir[1024];
        snprintf(appdir, sizeof appdir, "%s", exe->path_win);
        char *slash = strrchr(appdir, '\\');
        if (slash) {
            *slash = 0;
            if (try_dir(appdir, file, win, winsz, host, hostsz))
                return true;
        }
    }
    static const char *const system_dirs[] = { "C:\\Windows\\System32", "C:\\Windows\\System", "C:\\Windows" };
    for (size_t i = 0; i < 3; i++)
        if (try_dir(system_dirs[i], file, win, winsz, host, hostsz))
            return true;
    if (try_dir(proc->cwd_win, file, win, winsz, host, hostsz))
        return true;
    char *path = env_path();
    bool found = false;
    for (char *save = NULL, *d = path ? strtok_r(path, ";", &save) : NULL; d && !found; d = strtok_r(NULL, ";", &save))
        found = *d && try_dir(d, file, win, winsz, host, hostsz);
    free(path);
    return found;
}

static NTSTATUS load_file(const char *win, const char *host, struct module **out, char *err, size_t errsz)
{
    size_t size;
    uint8_t *data = pe_read_file(host, &size, err, errsz);
    if (!data)
        return STATUS_DLL_NOT_FOUND;
    struct pe_image img;
    const char *why = pe_parse(&img, data, size);
    if (why) {
        snprintf(err, errsz, "%s: %s", win, why);
        free(data);
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    NTSTATUS st = pe_load(&img, base_name(win), win, false, out, err, errsz);
    pe_free(&img);
    free(data);
    return st;
}

NTSTATUS dll_load(const char *name, const char *importer, bool dynamic, struct module **out,
                  char *err, size_t errsz)
{
    char file[1024], win[2048], host[4096];
    with_extension(name, file, sizeof file);
    /* An API set is never a file: its host DLL stands in for it. */
    char asked[1100] = "";
    const char *set_host = apiset_host(file, NULL);
    if (set_host) {
        snprintf(asked, sizeof asked, " (the host of API set %s)", file);
        snprintf(file, sizeof file, "%.200s", set_host);
    }
    struct module *m = module_find(base_name(file));
    if (m && (m->builtin || base_name(file) == file)) {
        if (dynamic)
            m->load_count++;
        *out = m;
        return STATUS_SUCCESS;
    }
    bool has_path = base_name(file) != file;
    if (has_path ? !existing_file(file, host, sizeof host) : !search(file, win, sizeof win, host, sizeof host)) {
        snprintf(err, errsz, "%s needs %s%s, which was not found (searched the program's directory, "
                 "the system directories, the current directory and PATH)", importer ? importer : "LoadLibrary",
                 file, asked);
        return STATUS_DLL_NOT_FOUND;
    }
    if (has_path)
        snprintf(win, sizeof win, "%s", file);
    NTSTATUS st = load_file(win, host, &m, err, errsz);
    if (st != STATUS_SUCCESS)
        return st;
    m->dynamic = dynamic;
    if (proc->peb && peb_ldr_add(m) != STATUS_SUCCESS)
        return STATUS_NO_MEMORY;
    if (!push(&pending, &npending, m))
        return STATUS_NO_MEMORY;
    wb_note("loaded %s at %#x", win, m->base);
    *out = m;
    return STATUS_SUCCESS;
}

static bool call_dll_main(struct module *m, uint32_t reason, uint32_t reserved, uint32_t *ret)
{
    *ret = 1;
    if (!m->entry)
        return true;
    uint32_t args[3] = { m->base, reason, reserved };
    return process_call_guest(m->entry, args, 3, ret);
}

/* pe_load adds a module before its imports, so dependencies finish
 * loading (and are appended to `pending`) first: list order is
 * initialization order. */
static NTSTATUS attach_pending(char *err, size_t errsz)
{
    while (npending) {
        struct module *m = pending[0];
        memmove(pending, pending + 1, --npending * sizeof *pending);
        if (tls_module_attach(m) != STATUS_SUCCESS) {
            snprintf(err, errsz, "%s: cannot set up its TLS", m->name);
            return STATUS_DLL_INIT_FAILED;
        }
        uint32_t ok;
        if (!tls_run_callbacks(m, DLL_PROCESS_ATTACH) ||
            !call_dll_main(m, DLL_PROCESS_ATTACH, m->dynamic ? 0 : 1, &ok))
            return STATUS_DLL_INIT_FAILED; /* the process is going away */
        if (!ok) {
            snprintf(err, errsz, "%s: DllMain returned FALSE (DLL initialization failed)", m->name);
            return STATUS_DLL_INIT_FAILED;
        }
        m->attached = true;
        push(&initialized, &ninitialized, m);
    }
    return STATUS_SUCCESS;
}

NTSTATUS dll_attach_pending(char *err, size_t errsz)
{
    if (!thread_lock_enter(&loader_lock))
        return STATUS_DLL_INIT_FAILED; /* the thread is being ended */
    NTSTATUS st = attach_pending(err, errsz);
    thread_lock_leave(&loader_lock);
    return st;
}

/* TLS callbacks, then DllMain, for each DLL that wants thread calls, in
 * initialization order (reverse for detach); the program's own TLS
 * callbacks last. false when the thread is going away. */
static bool notify_threads(uint32_t reason)
{
    bool attach = reason == DLL_THREAD_ATTACH;
    for (size_t k = 0; k < ninitialized; k++) {
        struct module *m = initialized[attach ? k : ninitialized - 1 - k];
        uint32_t ret;
        if (m->no_thread_calls)
            continue;
        if (!tls_run_callbacks(m, reason) || !call_dll_main(m, reason, 0, &ret))
            return false;
    }
    struct module *exe = module_exe();
    return !exe || tls_run_callbacks(exe, reason);
}

bool dll_thread_attach(void)
{
    if (!thread_lock_enter(&loader_lock))
        return false;
    bool ok = tls_thread_setup(current_thread->teb) == STATUS_SUCCESS && notify_threads(DLL_THREAD_ATTACH);
    thread_lock_leave(&loader_lock);
    return ok;
}

void dll_thread_detach(void)
{
    if (!thread_lock_enter(&loader_lock))
        return;
    notify_threads(DLL_THREAD_DETACH);
    thread_lock_leave(&loader_lock);
}

static void forget(struct module *m)
{
    for (size_t i = 0; i < ninitialized; i++) {
        if (initialized[i] == m) {
            memmove(initialized + i, initialized + i + 1, (ninitialized - i - 1) * sizeof *initialized);
            ninitialized--;
            return;
        }
    }
}

NTSTATUS dll_unload(struct module *m)
{
    if (m->builtin || m->is_exe || !m->dynamic) {
        if (m->load_count > 1)
            m->load_count--;
        return STATUS_SUCCESS; /* static and builtin modules stay for the process's life */
    }
    if (--m->load_count > 0)
        return STATUS_SUCCESS;
    uint32_t ret;
    if (!thread_lock_enter(&loader_lock))
        return STATUS_SUCCESS;
    if (m->attached) {
        tls_run_callbacks(m, DLL_PROCESS_DETACH);
        call_dll_main(m, DLL_PROCESS_DETACH, 0, &ret);
    }
    forget(m);
    thread_lock_leave(&loader_lock);
    peb_ldr_remove(m);
    vm_release(g_vm, m->base);
    module_remove(m);
    return STATUS_SUCCESS;
}

static void detach_all(void)
{
    while (ninitialized && !proc->exiting) {
        struct module *m = initialized[--ninitialized];
        uint32_t ret;
        /* TLS callbacks before DllMain, as the Windows loader shuts down */
        if (!tls_run_callbacks(m, DLL_PROCESS_DETACH) || !call_dll_main(m, DLL_PROCESS_DETACH, 1, &ret))
            return;
    }
    struct module *exe = module_exe();
    if (exe && !proc->exiting)
        tls_run_callbacks(exe, DLL_PROCESS_DETACH);
}

void dll_detach_all(void)
{
    if (!thread_lock_enter(&loader_lock))
        return;
    detach_all();
    thread_lock_leave(&loader_lock);
}
