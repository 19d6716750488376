/* Toolhelp snapshots: CreateToolhelp32Snapshot copies the process list
 * (syscalls/ntdll/process_list.h) and this process's modules at the call;
 * the First/Next functions walk the copy, each kind with its own cursor,
 * as Windows' snapshot section does. */
#include <stdlib.h>
#include <string.h>

#include "core/handles.h"
#include "core/process.h"
#include "core/unicode.h"
#include "loader/module.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/struct32_toolhelp.h"
#include "syscalls/ntdll/process_list.h"
#include "syscalls/win32_errors.h"

#define MODULE_STATIC_USAGE 0xFFFFu /* a statically loaded module's usage count */

struct snap_module {
    char name[256], path[260];
    gaddr base;
    uint32_t size, usage;
};

struct snapshot {
    uint32_t pid;
    struct nt_process_list procs; /* empty without TH32CS_SNAPPROCESS / SNAPTHREAD */
    bool processes, threads;
    struct snap_module *modules;
    size_t nmodules;
    size_t next_process, next_thread, next_module;
};

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

static void destroy(struct handle_obj *o)
{
    struct snapshot *s = o->data;
    nt_process_list_free(&s->procs);
    free(s->modules);
    free(s);
}

static bool copy_modules(struct snapshot *s)
{
    size_t n = 0;
    for (struct module *m = module_list; m; m = m->next)
        n++;
    s->modules = calloc(n ? n : 1, sizeof *s->modules);
    if (!s->modules)
        return false;
    for (struct module *m = module_list; m; m = m->next) {
        struct snap_module *e = &s->modules[s->nmodules++];
        strncpy(e->name, m->name, sizeof e->name - 1);
        strncpy(e->path, m->path_win ? m->path_win : m->name, sizeof e->path - 1);
        e->base = m->base;
        e->size = m->size;
        e->usage = m->dynamic ? m->load_count : MODULE_STATIC_USAGE;
    }
    return true;
}

static bool known_pid(const struct nt_process_list *l, uint32_t pid)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->p[i].pid == pid)
            return true;
    return false;
}

/* Modules of another process are out of reach: wowbox sees only its own. */
static uint32_t take(struct snapshot *s, uint32_t flags, uint32_t pid)
{
    bool want_modules = flags & (TH32CS_SNAPMODULE | TH32CS_SNAPMODULE32);
    s->pid = pid ? pid : proc->pid;
    if (!nt_process_list(&s->procs))
        return ERROR_NOT_ENOUGH_MEMORY;
    if (want_modules && !known_pid(&s->procs, s->pid))
        return ERROR_INVALID_PARAMETER;
    if (want_modules && s->pid != proc->pid)
        return ERROR_ACCESS_DENIED;
    if (want_modules && !copy_modules(s))
        return ERROR_NOT_ENOUGH_MEMORY;
    s->processes = flags & TH32CS_SNAPPROCESS;
    s->threads = flags & TH32CS_SNAPTHREAD;
    return 0;
}

uint64_t kernel32_CreateToolhelp32Snapshot(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateToolhelp32Snapshot, a);
    struct snapshot *s = calloc(1, sizeof *s);
    struct handle_obj *o = calloc(1, sizeof *o);
    uint32_t err = s && o ? take(s, a.dwFlags, a.th32ProcessID) : ERROR_NOT_ENOUGH_MEMORY;
    uint32_t h = 0;
    if (!err) {
        o->type = HANDLE_SNAPSHOT;
        o->fd = -1;
        o->data = s;
        o->destroy = destroy;
        h = handle_new(o);
        err = h ? 0 : ERROR_TOO_MANY_OPEN_FILES;
    }
    if (h) {
        if (a.dwFlags & TH32CS_INHERIT)
            handle_set_flags(h, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
        return h;
    }
    if (s) {
        nt_process_list_free(&s->procs);
        free(s->modules);
    }
    free(s);
    free(o);
    teb_set_last_error(err);
    return INVALID_HANDLE_VALUE;
}

static struct snapshot *snapshot_of(uint32_t h)
{
    struct handle_obj *o = handle_get(h, HANDLE_SNAPSHOT);
    return o ? o->data : NULL;
}

/* s into a fixed field of `chars` characters at p, NUL-terminated,
 * truncated to fit (ANSI or UTF-16). */
static bool put_text(gaddr p, uint32_t chars, const char *s, bool wide)
{
    size_t n = 0;
    void *text = wide ? (void *)utf8_to_utf16(s, &n) : (void *)utf8_to_ansi(s);
    if (!text)
        return false;
    if (!wide)
        n = strlen(text);
    n = n < chars ? n : chars - 1;
    size_t unit = wide ? 2 : 1;
    bool ok = gm_write(p, text, n * unit) && gm_fill(p + (gaddr)(n * unit), 0, unit);
    free(text);
    return ok;
}

/* The entry's dwSize must cover the structure: ERROR_INSUFFICIENT_BUFFER otherwise. */
static uint64_t check_size(gaddr entry, uint32_t need, uint32_t *err)
{
    uint32_t size = 0;
    *err = !gm_read_u32(entry, &size) ? ERROR_NOACCESS : size < need ? ERROR_INSUFFICIENT_BUFFER : 0;
    return *err == 0;
}

static uint64_t next_process(uint32_t h, gaddr lppe, bool first, bool wide)
{
    struct snapshot *s = snapshot_of(h);
    uint32_t err;
    if (!s)
        return fail(ERROR_INVALID_HANDLE);
    if (!check_size(lppe, wide ? PROCESSENTRY32W_SIZE : PROCESSENTRY32A_SIZE, &err))
        return fail(err);
    if (first)
        s->next_process = 0;
    if (!s->processes || s->next_process >= s->procs.n)
        return fail(ERROR_NO_MORE_FILES);
    const struct nt_process_entry *e = &s->procs.p[s->next_process++];
    PROCESSENTRY32_HEAD32 pe = {
        .dwSize = wide ? PROCESSENTRY32W_SIZE : PROCESSENTRY32A_SIZE,
        .th32ProcessID = e->pid,
        .cntThreads = e->nthreads,
        .th32ParentProcessID = e->parent_pid,
        .pcPriClassBase = 8, /* NORMAL_PRIORITY_CLASS */
    };
    if (!gm_write(lppe, &pe, sizeof pe) || !put_text(lppe + sizeof pe, 260, e->image, wide))
        return fail(ERROR_NOACCESS);
    return 1;
}

uint64_t kernel32_Process32First(struct thunk_call *c)
{
    API_ARGS(kernel32, Process32First, a);
    return next_process(a.hSnapshot, a.lppe, true, false);
}
uint64_t kernel32_Process32Next(struct thunk_call *c)
{
    API_ARGS(kernel32, Process32Next, a);
    return next_process(a.hSnapshot, a.lppe, false, false);
}
uint64_t kernel32_Process32FirstW(struct thunk_call *c)
{
    API_ARGS(kernel32, Process32FirstW, a);
    return next_process(a.hSnapshot, a.lppe, true, true);
}
uint64_t kernel32_Process32NextW(struct thunk_call *c)
{
    API_ARGS(kernel32, Process32NextW, a);
    return next_process(a.hSnapshot, a.lppe, false, true);
}

/* Threads are numbered across the processes in list order. */
static bool thread_at(const struct snapshot *s, size_t k, const struct nt_process_entry **p, size_t *t)
{
    for (size_t i = 0; s->threads && i < s->procs.n; i++) {
        if (k < s->procs.p[i].nthreads) {
            *p = &s->procs.p[i];
            *t = k;
            return true;
        }
        k -= s->procs.p[i].nthreads;
    }
    return false;
}

static uint64_t next_thread(uint32_t h, gaddr lpte, bool first)
{
    struct snapshot *s = snapshot_of(h);
    uint32_t err;
    if (!s)
        return fail(ERROR_INVALID_HANDLE);
    if (!check_size(lpte, sizeof(THREADENTRY32_32), &err))
        return fail(err);
    if (first)
        s->next_thread = 0;
    const struct nt_process_entry *p;
    size_t t;
    if (!thread_at(s, s->next_thread, &p, &t))
        return fail(ERROR_NO_MORE_FILES);
    s->next_thread++;
    THREADENTRY32_32 te = {
        .dwSize = sizeof te,
        .th32ThreadID = p->threads[t].tid,
        .th32OwnerProcessID = p->pid,
        .tpBasePri = 8 + p->threads[t].priority,
    };
    return gm_write(lpte, &te, sizeof te) ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_Thread32First(struct thunk_call *c)
{
    API_ARGS(kernel32, Thread32First, a);
    return next_thread(a.hSnapshot, a.lpte, true);
}
uint64_t kernel32_Thread32Next(struct thunk_call *c)
{
    API_ARGS(kernel32, Thread32Next, a);
    return next_thread(a.hSnapshot, a.lpte, false);
}

static uint64_t next_module(uint32_t h, gaddr lpme, bool first, bool wide)
{
    struct snapshot *s = snapshot_of(h);
    uint32_t err;
    if (!s)
        return fail(ERROR_INVALID_HANDLE);
    if (!check_size(lpme, wide ? MODULEENTRY32W_SIZE : MODULEENTRY32A_SIZE, &err))
        return fail(err);
    if (first)
        s->next_module = 0;
    if (s->next_module >= s->nmodules)
        return fail(ERROR_NO_MORE_FILES);
    const struct snap_module *m = &s->modules[s->next_module++];
    MODULEENTRY32_HEAD32 me = {
        .dwSize = wide ? MODULEENTRY32W_SIZE : MODULEENTRY32A_SIZE,
        .th32ModuleID = 1, /* Windows reports 1 for every module */
        .th32ProcessID = s->pid,
        .GlblcntUsage = m->usage,
        .ProccntUsage = m->usage,
        .modBaseAddr = m->base,
        .modBaseSize = m->size,
        .hModule = m->base,
    };
    uint32_t unit = wide ? 2 : 1;
    gaddr name = lpme + sizeof me, path = name + MODULEENTRY32_NAME_CHARS * unit;
    if (!gm_write(lpme, &me, sizeof me) || !put_text(name, MODULEENTRY32_NAME_CHARS, m->name, wide) ||
        !put_text(path, MODULEENTRY32_PATH_CHARS, m->path, wide))
        return fail(ERROR_NOACCESS);
    return 1;
}

uint64_t kernel32_Module32First(struct thunk_call *c)
{
    API_ARGS(kernel32, Module32First, a);
    return next_module(a.hSnapshot, a.lpme, true, false);
}
uint64_t kernel32_Module32Next(struct thunk_call *c)
{
    API_ARGS(kernel32, Module32Next, a);
    return next_module(a.hSnapshot, a.lpme, false, false);
}
uint64_t kernel32_Module32FirstW(struct thunk_call *c)
{
    API_ARGS(kernel32, Module32FirstW, a);
    return next_module(a.hSnapshot, a.lpme, true, true);
}
uint64_t kernel32_Module32NextW(struct thunk_call *c)
{
    API_ARGS(kernel32, Module32NextW, a);
    return next_module(a.hSnapshot, a.lpme, false, true);
}
