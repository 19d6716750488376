/* Process start-up and teardown: validate the image, reserve the address
 * space (2 GB or 4 GB), pick the CPU backend, build builtin DLLs, PEB/TEB,
 * map the program, run it, and report how it ended. The top layer: it wires
 * the loader, the syscalls layer and the backend into core's hooks. */
#include "core/app/start.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>

#include "core/app/environment.h"
#include "core/guest_mem.h"
#include "core/heap.h"
#include "core/host_crash.h"
#include "core/identity.h"
#include "core/kuser_shared.h"
#include "core/stack.h"
#include "core/log.h"
#include "core/seh.h"
#include "core/thread.h"
#include "core/trace.h"
#include "core/trace_record.h"
#include "core/vm_system.h"
#include "core/vmmap.h"
#include "cpu/cpu.h"
#include "syscalls/builtin_image.h"
#include "loader/dll_load.h"
#include "loader/module.h"
#include "loader/pe.h"
#include "loader/pe_load.h"
#include "loader/peb.h"
#include "loader/tls.h"
#include "syscalls/ntdll/path.h"
#include "redirect/prefix.h"
#include "core/sandbox.h"
#include "syscalls/builtin_dlls.h"
#include "syscalls/dispatch.h"
#include "syscalls/kernel32/child_spec.h"
#include "syscalls/process_hooks.h"

static struct process the_process;
static struct prefix the_prefix;

static void code_written(gaddr g, size_t n)
{
    proc->cpu->invalidate_code(g, (uint32_t)n);
}

/* Back to guest code from a hook: a thread asked to stop or to suspend
 * itself (SuspendThread on itself, or while it was in a handler) does so
 * here. */
static void leave_hook(struct cpu_thread *t)
{
    struct guest_thread *g = current_thread;
    if (g->suspend_count)
        thread_check_suspend();
    if (g->terminating)
        proc->cpu->stop(t);
    thread_to_guest();
}

/* Stubs of the builtin DLLs go to the dispatcher, the exception
 * dispatcher's own return stubs to core/seh.c; both are host code, run
 * under the process lock. */
static void thunk_hook(struct cpu_thread *t, uint32_t index)
{
    thread_to_host();
    if (index >= SEH_STUB_BASE)
        seh_stub(t, index - SEH_STUB_BASE);
    else
        dispatch_thunk(t, index);
    leave_hook(t);
}

static bool exception_hook(struct cpu_thread *t, const struct cpu_exception *exc)
{
    thread_to_host();
    bool r = seh_fault(t, exc);
    leave_hook(t);
    return r;
}

static const struct cpu_backend *pick_backend(const char *want, char *err, size_t errsz)
{
    char why[256];
    if (want && strcmp(want, "unicorn") == 0)
        return &cpu_unicorn;
    if (want && strcmp(want, "native") == 0) {
        if (cpu_native.available(why, sizeof why))
            return &cpu_native;
        snprintf(err, errsz, "--cpu=native is not available: %s", why);
        return NULL;
    }
    if (want) {
        snprintf(err, errsz, "unknown CPU backend '%s' (use unicorn or native)", want);
        return NULL;
    }
    /* native passes the sample suite as unicorn does: it is the default
     * wherever this host can run it */
    if (cpu_native.available(why, sizeof why))
        return &cpu_native;
    wb_note("native backend unavailable (%s); using unicorn", why);
    return &cpu_unicorn;
}

/* MS C runtime quoting: an argument with blanks or quotes is quoted, and
 * backslashes are doubled only where they precede a quote. */
static void append_quoted(char **out, size_t *len, const char *arg)
{
    size_t need = *len + strlen(arg) * 2 + 4;
    *out = realloc(*out, need);
    char *o = *out + *len;
    bool quote = *arg == 0 || strpbrk(arg, " \t\"") != NULL;
    if (quote)
        *o++ = '"';
    for (const char *p = arg;; p++) {
        size_t bs = 0;
        while (*p == '\\') {
            bs++;
            p++;
        }
        if (*p == 0) {
            for (size_t i = 0; i < (quote ? bs * 2 : bs); i++)
                *o++ = '\\';
            break;
        }
        if (*p == '"') {
            for (size_t i = 0; i < bs * 2 + 1; i++)
                *o++ = '\\';
        } else {
            for (size_t i = 0; i < bs; i++)
                *o++ = '\\';
        }
        *o++ = *p;
    }
    if (quote)
        *o++ = '"';
    *o = 0;
    *len = (size_t)(o - *out);
}

static char *build_command_line(const struct options *opt, const char *image_win)
{
    char *cl = NULL;
    size_t len = 0;
    append_quoted(&cl, &len, image_win);
    if (opt->raw_args) {
        cl = realloc(cl, len + strlen(opt->raw_args) + 2);
        sprintf(cl + len, " %s", opt->raw_args);
        return cl;
    }
    for (int i = 0; i < opt->argc; i++) {
        cl = realloc(cl, len + 2);
        cl[len++] = ' ';
        cl[len] = 0;
        append_quoted(&cl, &len, opt->argv[i]);
    }
    return cl;
}

/* --drive and --no-host-drive, before any path is translated. */
static bool map_drives(const struct options *opt, struct prefix *p, char *err, size_t errsz)
{
    for (size_t i = 0; i < opt->ndrives; i++)
        if (!prefix_map_drive_spec(p, opt->drives[i], err, errsz))
            return false;
    if (opt->no_host_drive || opt->sandbox != SANDBOX_OFF)
        p->map_z_to_root = false;
    return true;
}

/* --sandbox: the prefix (registry store, drive_c) and the drives, each as
 * mapped; what wowbox itself reads; the --unimplemented-log file. */
static bool enter_sandbox(const struct options *opt, const struct prefix *p, char *err, size_t errsz)
{
    if (opt->sandbox == SANDBOX_OFF)
        return true;
    /* a CreateProcess child: Landlock domains, seccomp filters and
     * no_new_privs pass through exec, and its parent's rules are its own */
    if (opt->child && sandbox_inherited()) {
        wb_note("sandbox: inherited from the parent process");
        return true;
    }
    int abi = sandbox_landlock_abi();
    if (abi == 0 && opt->sandbox == SANDBOX_ON) {
        snprintf(err, errsz, "--sandbox: this kernel has no Landlock (Linux 5.13 or later with landlock "
                             "enabled); --sandbox=best-effort runs with seccomp and no_new_privs only");
        return false;
    }
    struct sandbox_rules r = { .no_network = opt->net && strcmp(opt->net, "none") == 0 };
    r.rw[r.nrw++] = p->root;
    for (int d = 0; d < 26; d++) {
        if (!p->drives[d].root)
            continue;
        if (p->drives[d].readonly)
            r.ro[r.nro++] = p->drives[d].root;
        else
            r.rw[r.nrw++] = p->drives[d].root;
    }
    if (opt->unimplemented_log) {
        int fd = open(opt->unimplemented_log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd >= 0) {
            close(fd);
            r.rw[r.nrw++] = opt->unimplemented_log;
        }
    }
    sandbox_add_host_needs(&r);
    char why[400];
    enum sandbox_outcome o = sandbox_apply(&r, why, sizeof why);
    if (o == SANDBOX_FAILED) {
        snprintf(err, errsz, "--sandbox: %s", why);
        return false;
    }
    if (o == SANDBOX_NO_LANDLOCK)
        fprintf(stderr, "wowbox: warning: --sandbox=best-effort: %s; files are not confined\n", why);
    else
        wb_note("sandbox: Landlock ABI %d, seccomp filter, no_new_privs", abi);
    return true;
}

static bool win_paths(struct process *p, char *err, size_t errsz)
{
    char buf[4096], host[PATH_MAX];
    if (!realpath(p->opt.program, host)) {
        snprintf(err, errsz, "cannot resolve %.900s", p->opt.program);
        return false;
    }
    if (nt_host_to_dos_path(host, buf, sizeof buf) != 0) {
        snprintf(err, errsz, "%.900s lies outside the prefix's drives", host);
        return false;
    }
    p->image_path_win = strdup(buf);
    if (child_spec_self) { /* CreateProcess decided both */
        p->cwd_win = strdup(child_spec_self->cwd);
        p->command_line = strdup(child_spec_self->command_line);
        return true;
    }
    if (!getcwd(host, sizeof host) || nt_host_to_dos_path(host, buf, sizeof buf) != 0)
        snprintf(buf, sizeof buf, "C:\\Users\\%s", p->prefix->user);
    p->cwd_win = strdup(buf);
    p->command_line = build_command_line(&p->opt, p->image_path_win);
    return true;
}

static const char *base_name(const char *path)
{
    const char *b = path;
    for (const char *q = path; *q; q++)
        if (*q == '/' || *q == '\\')
            b = q + 1;
    return b;
}

static bool load_builtins(char *err, size_t errsz)
{
    for (size_t i = 0; i < builtin_dll_count; i++) {
        const struct builtin_dll *dll = builtin_dlls[i];
        struct module *m;
        gaddr trap = 0;
        NTSTATUS st = builtin_image_load(dll, dispatch_first_index(dll), proc->cpu, &m, &trap);
        if (st != STATUS_SUCCESS) {
            snprintf(err, errsz, "cannot build builtin %s (status %#x)", dll->name, st);
            return false;
        }
        if (i == 0)
            proc->cpu->set_return_trap(trap);
    }
    return true;
}

/* The first thread starts as on Windows, in kernel32!BaseThreadInitThunk
 * (RunProcessInit = 1) with the entry point in edx and the PEB as its
 * parameter, under a return address of 0 (ntdll!RtlUserThreadStart's
 * call, which nothing returns to); eax = the entry point and ebx = the PEB
 * as Windows leaves them. The entry point's return address therefore lies
 * in kernel32's image. */
static bool start_context(struct cpu_context *ctx, gaddr entry, gaddr peb)
{
    const struct module *k32 = module_find("kernel32.dll");
    gaddr thunk = k32 ? module_export_by_name(k32, "BaseThreadInitThunk", -1) : 0;
    uint32_t frame[2] = { 0, peb };
    ctx->esp -= sizeof frame;
    if (!thunk || !gm_write(ctx->esp, frame, sizeof frame))
        return false;
    ctx->eip = thunk;
    ctx->ecx = 1;
    ctx->edx = entry;
    ctx->eax = entry;
    ctx->ebx = peb;
    return true;
}

/* The environment the program starts with: its creator's block for a
 * child process, else Windows' variables, the host's and --env. */
static uint16_t *process_environment(size_t *units)
{
    if (child_spec_self) {
        uint16_t *env = malloc(child_spec_self->env_units * 2);
        if (env)
            memcpy(env, child_spec_self->env, child_spec_self->env_units * 2);
        *units = child_spec_self->env_units;
        return env;
    }
    extern char **environ;
    struct env_request er = { proc->opt.env_clear ? NULL : environ, proc->opt.env_add, proc->opt.nenv_add };
    return environment_build(proc->prefix, &er, units);
}

/* Static TLS for the program (slot 0, as Windows gives it), then TLS
 * callbacks and DllMain of every DLL in initialization order, then the
 * program's own TLS callbacks. */
static bool initialize_modules(struct module *exe, char *err, size_t errsz)
{
    if (tls_thread_init(proc->main_thread.teb) != STATUS_SUCCESS ||
        tls_module_attach(exe) != STATUS_SUCCESS) {
        snprintf(err, errsz, "cannot set up thread-local storage");
        return false;
    }
    NTSTATUS st = dll_attach_pending(err, errsz);
    if (st != STATUS_SUCCESS) {
        if (proc->exiting)
            return true;
        proc->exit_code = st;
        return false;
    }
    tls_run_callbacks(exe, DLL_PROCESS_ATTACH);
    return true;
}

static bool start(const struct pe_image *img, const char *name, char *err, size_t errsz)
{
    if (kuser_shared_create() != STATUS_SUCCESS) {
        snprintf(err, errsz, "cannot map KUSER_SHARED_DATA");
        return false;
    }
    struct module *exe;
    /* then the program: its preferred base must not be taken by anything of ours */
    NTSTATUS lst = pe_map(img, name, proc->image_path_win, true, &exe, err, errsz);
    if (lst != STATUS_SUCCESS) {
        proc->exit_code = lst;
        return false;
    }
    if (!dispatch_init(builtin_dlls, builtin_dll_count, err, errsz) || !load_builtins(err, errsz))
        return false;
    struct module *k32 = module_find("kernel32.dll");
    proc->exit_process = k32 ? module_export_by_name(k32, "ExitProcess", -1) : 0;
    proc->process_heap = heap_create(0, img->heap_commit, 0);
    struct guest_thread *t = &proc->main_thread;
    proc->stack_reserve = img->stack_reserve;
    proc->stack_commit = img->stack_commit;
    if (!proc->process_heap || !stack_create(t, img->stack_reserve, img->stack_commit)) {
        snprintf(err, errsz, "cannot set up the process heap and stack");
        return false;
    }
    dll_loader_init();
    lst = pe_bind(img, exe, err, errsz);
    if (lst != STATUS_SUCCESS) {
        proc->exit_code = lst; /* the process exists and fails to initialize, as on Windows */
        return false;
    }
    size_t env_units;
    uint16_t *env = process_environment(&env_units);
    struct peb_setup ps = { exe->base, proc->process_heap, img->subsystem, proc->image_path_win,
                            proc->command_line, proc->cwd_win, env, env_units };
    NTSTATUS st = env ? peb_create(&ps, &proc->peb) : STATUS_NO_MEMORY;
    free(env);
    if (st == STATUS_SUCCESS)
        gm_read_u32(proc->peb + PEB_PROCESS_PARAMETERS, &proc->params);
    proc->pid = identity_pid();
    t->tid = proc->pid + 4;
    t->teb = TEB_MAIN_ADDR;
    if (st == STATUS_SUCCESS)
        st = teb_create(t->teb, proc->peb, t->stack_base, t->stack_limit, proc->pid, t->tid);
    /* the program comes first in load order, as on Windows */
    if (st == STATUS_SUCCESS)
        st = peb_ldr_add(exe);
    for (struct module *m = module_list; st == STATUS_SUCCESS && m; m = m->next)
        if (m != exe)
            st = peb_ldr_add(m);
    if (st != STATUS_SUCCESS) {
        snprintf(err, errsz, "cannot build the process structures (status %#x)", st);
        return false;
    }
    t->cpu = proc->cpu->thread_create(t->teb);
    current_thread = t;
    if (!t->cpu || !threads_init(t) || !seh_init() || !process_hooks_start(err, errsz)) {
        if (!*err)
            snprintf(err, errsz, "cannot create the main thread");
        return false;
    }
    thread_record_main(true);
    struct cpu_context ctx = { 0 };
    ctx.esp = t->stack_base - 16;
    ctx.eflags = 0x202;
    proc->cpu->set_context(t->cpu, &ctx);
    if (!initialize_modules(exe, err, errsz))
        return false;
    if (proc->exiting)
        return true;
    if (!start_context(&ctx, exe->entry, proc->peb)) {
        snprintf(err, errsz, "cannot start the first thread in kernel32!BaseThreadInitThunk");
        return false;
    }
    thread_to_guest();
    seh_run(t->cpu, &ctx); /* faults are dispatched to the guest's handlers */
    thread_to_host();
    return true;
}

/* The kernel logger's Process Start/End record (one session, no SID).
 * ParentId: the guest process that created this one; 0 for a process
 * started from the host (no guest parent). */
static void record_process(unsigned kind, const char *image)
{
    uint32_t parent = child_spec_self ? child_spec_self->parent_pid : 0;
    TRACE_RECORD(kind, 0u, proc->pid, parent, 1u, kind == TRACE_REC_PROCESS_END ? proc->exit_code : 0u, 0u, "",
                 image, proc->command_line);
}

static const char *module_name_at(gaddr base)
{
    struct module *m = module_by_handle(base);
    return m ? m->name : NULL;
}

static bool read_and_check(const char *path, uint8_t **data, struct pe_image *img, char *err, size_t errsz)
{
    size_t size;
    *data = pe_read_file(path, &size, err, errsz);
    if (!*data)
        return false;
    const char *why = pe_parse(img, *data, size);
    if (why) {
        snprintf(err, errsz, "%s: %s", path, why);
        return false;
    }
    if (pe_is_dll(img)) {
        snprintf(err, errsz, "%s is a DLL, not a program: it cannot be run directly", path);
        return false;
    }
    return true;
}

/* CREATE_SUSPENDED: the parent's ResumeThread closes the pipe's other end. */
static void wait_for_resume(void)
{
    int fd = child_spec_self ? child_spec_self->resume_fd : -1;
    if (fd < 0)
        return;
    char c;
    while (read(fd, &c, 1) != 0 && errno == EINTR)
        ;
    close(fd);
}

/* A child of another wowbox: what its creator decided (child_spec.h). */
static bool read_child_spec(int fd, char *err, size_t errsz)
{
    static struct child_spec spec;
    if (!child_spec_read(fd, &spec, err, errsz))
        return false;
    close(fd);
    /* the exit-code pipe is this process's alone */
    if (spec.status_fd >= 0)
        fcntl(spec.status_fd, F_SETFD, FD_CLOEXEC);
    if (spec.resume_fd >= 0)
        fcntl(spec.resume_fd, F_SETFD, FD_CLOEXEC);
    child_spec_self = &spec;
    return true;
}

uint32_t process_run(const struct options *opt, bool *failed)
{
    char err[1024] = "";
    uint8_t *data = NULL;
    struct pe_image img;
    proc = &the_process;
    proc->opt = *opt;
    *failed = true;
    host_crash_install(); /* before the backend: its fault handlers chain to it */
    if (opt->child && !read_child_spec(opt->child_spec_fd, err, sizeof err))
        goto out;
    if (!read_and_check(opt->program, &data, &img, err, sizeof err))
        goto out;
    proc->cpu = pick_backend(opt->cpu, err, sizeof err);
    if (!proc->cpu)
        goto out_img;
    if (!prefix_open(&the_prefix, opt->prefix_dir, err, sizeof err))
        goto out_img;
    proc->prefix = &the_prefix;
    if (!map_drives(opt, &the_prefix, err, sizeof err))
        goto out_img;
    if (!win_paths(proc, err, sizeof err))
        goto out_img;
    if (!enter_sandbox(opt, &the_prefix, err, sizeof err))
        goto out_img;
    /* native: guest address == host address, in the range available() reserved */
    NTSTATUS vst = proc->cpu == &cpu_native ? vm_init_identity(&proc->vm, pe_large_address_aware(&img))
                                            : vm_init(&proc->vm, pe_large_address_aware(&img));
    if (vst != STATUS_SUCCESS) {
        if (vst == STATUS_NOT_SUPPORTED)
            snprintf(err, sizeof err, "the host's %u-byte pages are larger than the guest's "
                     "64 KB allocation granularity", vm_host_page_size());
        else
            snprintf(err, sizeof err, "cannot reserve the guest address space");
        goto out_img;
    }
    g_vm = &proc->vm;
    proc->vm.execute_readable = !(img.dll_characteristics & 0x0100u); /* IMAGE_DLLCHARACTERISTICS_NX_COMPAT */
    gm_code_written = code_written;
    dll_host_path = nt_dos_path_to_host;
    trace_describe_addr = module_describe_addr;
    trace_locate_addr = module_locate;
    thread_loader = (struct thread_loader_hooks){ dll_thread_attach, dll_thread_detach, dll_detach_all,
                                                  tls_thread_free };
    char why[256] = "";
    if (!proc->cpu->init(&proc->vm, &(struct cpu_hooks){ thunk_hook, exception_hook, thread_interrupted },
                         why, sizeof why)) {
        snprintf(err, sizeof err, "CPU backend %s failed: %s", proc->cpu->name, why);
        goto out_img;
    }
    wb_note("cpu backend: %s; address space: %s", proc->cpu->name,
            proc->vm.large_address_aware ? "4 GB (large address aware)" : "2 GB");
    wait_for_resume();
    /* the guest ids are known before anything is mapped: records carry them */
    proc->pid = identity_pid();
    record_process(TRACE_REC_PROCESS_START, base_name(opt->program));
    bool started = start(&img, base_name(opt->program), err, sizeof err);
    threads_finish(); /* the process ends when its last thread does */
    if (proc->main_thread.tid)
        thread_record_main(false);
    record_process(TRACE_REC_PROCESS_END, base_name(opt->program));
    if (!started) {
        if (proc->exit_code == 0)
            goto out_img;
        /* a loader failure (missing DLL, DllMain failing): Windows ends the
         * process with the status, e.g. 0xC0000135 STATUS_DLL_NOT_FOUND */
        wb_error("%s", err);
        *failed = false;
        goto out_img;
    }
    *failed = false;
    /* every other thread is gone: the final flush is this thread's own
     * work even when another thread's ExitProcess ended its guest code
     * (a pipe write would otherwise stop at once for a terminated thread) */
    proc->main_thread.terminating = false;
    process_hooks_exit();
    if (opt->vmmap)
        vmmap_print(stderr, &proc->vm, module_name_at);
out_img:
    pe_free(&img);
out:
    if (*failed)
        wb_error("%s", err);
    free(data);
    return proc->exit_code;
}
