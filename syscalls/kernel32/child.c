/* Child processes (child.h): posix_spawn of /proc/self/exe with the
 * descriptors the child needs at known numbers, a pidfd to wait on, and a
 * pipe that carries the child's full 32-bit exit code (the host exit
 * status keeps only 8 bits). A suspended child blocks on a pipe until
 * ResumeThread closes it. */
#define _GNU_SOURCE
#include "syscalls/kernel32/child.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "core/clock.h"
#include "core/identity.h"
#include "core/handles.h"
#include "core/log.h"
#include "core/process.h"
#include "core/trace.h"
#include "redirect/prefix.h"
#include "syscalls/ntdll/nt_section.h"
#include "syscalls/win32_errors.h"

#define STATUS_CONTROL_C_EXIT 0xC000013Au

struct child_proc {
    pid_t host_pid;
    int pidfd, status_fd, resume_fd;
    uint32_t pid, tid;
    bool ended, terminated;
    uint32_t exit_code, terminate_code;
    uint64_t created, exited, kernel, user; /* FILETIME / 100 ns units */
    struct kobj *process, *thread;          /* NULL once their last reference went */
    char image[260];                        /* its image's base name (the process list) */
    struct child_proc *next;
};

static struct child_proc *children;

static uint64_t timeval_100ns(struct timeval tv)
{
    return (uint64_t)tv.tv_sec * 10000000u + (uint64_t)tv.tv_usec * 10u;
}

/* The child ended: its code from the status pipe, else from how the host
 * process ended (TerminateProcess's code, a signal, a start-up failure). */
static void collect(struct child_proc *c)
{
    uint32_t code = 0;
    bool reported = read(c->status_fd, &code, 4) == 4;
    int st = 0;
    struct rusage ru = { 0 };
    pid_t r;
    do
        r = wait4(c->host_pid, &st, 0, &ru);
    while (r < 0 && errno == EINTR);
    if (c->terminated)
        code = c->terminate_code;
    else if (!reported && r > 0 && WIFSIGNALED(st))
        code = WTERMSIG(st) == SIGINT ? STATUS_CONTROL_C_EXIT : 128u + (uint32_t)WTERMSIG(st);
    else if (!reported && r > 0 && WIFEXITED(st))
        code = (uint32_t)WEXITSTATUS(st);
    c->ended = true;
    c->exit_code = code;
    c->exited = clock_peek_filetime();
    c->kernel = timeval_100ns(ru.ru_stime);
    c->user = timeval_100ns(ru.ru_utime);
    if (c->thread) {
        c->thread->exit_code = code;
        c->thread->signaled = true;
    }
}

static void refresh(struct child_proc *c)
{
    if (c->ended)
        return;
    struct pollfd p = { .fd = c->pidfd, .events = POLLIN };
    if (poll(&p, 1, 0) == 1)
        collect(c);
}

static void forget(struct child_proc *c)
{
    for (struct child_proc **p = &children; *p; p = &(*p)->next)
        if (*p == c) {
            *p = c->next;
            break;
        }
    refresh(c); /* reaped if it has ended; a running child is left to run */
    close(c->pidfd);
    close(c->status_fd);
    if (c->resume_fd >= 0)
        close(c->resume_fd);
    free(c);
}

static void object_gone(struct kobj *o)
{
    struct child_proc *c = o->ext;
    if (c->process == o)
        c->process = NULL;
    if (c->thread == o)
        c->thread = NULL;
    if (!c->process && !c->thread)
        forget(c);
}

struct child_proc *child_of(struct kobj *o)
{
    return o && o->ext_free == object_gone ? o->ext : NULL;
}

/* ---- start ---------------------------------------------------------------- */

/* Descriptors created for one launch, closed in the parent afterwards. */
struct launch_fds {
    int spec, std[3], trace, status[2], resume[2];
    int *inherited;
    size_t ninherited;
};

static void close_launch_fds(struct launch_fds *f, bool keep_parent_ends)
{
    int *all[] = { &f->spec, &f->std[0], &f->std[1], &f->std[2], &f->trace, &f->status[1], &f->resume[0] };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (*all[i] >= 0)
            close(*all[i]), *all[i] = -1;
    for (size_t i = 0; i < f->ninherited; i++)
        close(f->inherited[i]);
    free(f->inherited);
    f->inherited = NULL;
    if (!keep_parent_ends) {
        if (f->status[0] >= 0)
            close(f->status[0]);
        if (f->resume[1] >= 0)
            close(f->resume[1]);
    }
}

/* A copy of fd at 3 or above, close-on-exec: the child gets it through a
 * file action, nothing else does. */
static int dup_high(int fd)
{
    return fcntl(fd, F_DUPFD_CLOEXEC, 3);
}

/* The inheritable file handles (pipes, files, consoles) and section
 * handles (their pages' descriptor) go with their values; other kernel
 * objects (events, mutexes...) do not cross. */
static bool gather_inherited(struct launch_fds *f, struct child_spec *spec)
{
    size_t cap = 0;
    for (uint32_t h = handle_next(0); h; h = handle_next(h)) {
        struct handle_obj *o = handle_get(h, HANDLE_FREE);
        struct nt_section_export sec = { -1, 0, 0, 0, 0, false, NULL };
        if (!(handle_flags(h) & HANDLE_FLAG_INHERIT))
            continue;
        if (o->type == HANDLE_MAPPING ? !nt_section_export(h, &sec)
                                      : (o->type != HANDLE_FILE && o->type != HANDLE_CONSOLE) || o->fd < 0)
            continue;
        if (spec->nhandles == cap) {
            cap = cap ? cap * 2 : 8;
            struct child_handle *nh = realloc(spec->handles, cap * sizeof *nh);
            int *nf = realloc(f->inherited, cap * sizeof *nf);
            if (nh)
                spec->handles = nh;
            if (nf)
                f->inherited = nf;
            if (!nh || !nf)
                return false;
        }
        int fd = dup_high(o->type == HANDLE_MAPPING ? sec.fd : o->fd);
        if (fd < 0)
            return false;
        f->inherited[f->ninherited++] = fd;
        struct child_handle ch = { h, fd, handle_flags(h), o->append, o->host_path, { 0 } };
        if (o->type == HANDLE_MAPPING) {
            ch.host_path = NULL;
            ch.section.is = true;
            ch.section.access = sec.access;
            ch.section.prot = sec.prot;
            ch.section.attrs = sec.attrs;
            ch.section.size = sec.size;
            ch.section.file_backed = sec.file_backed;
            ch.section.name = (char *)sec.name; /* the parent's; child_spec_write copies it */
        }
        spec->handles[spec->nhandles++] = ch;
    }
    return true;
}

/* Up to "wowbox", 19 options, 26 drives, "--", the program and NULL. */
#define CHILD_ARGV_MAX 49

/* Appends a formatted, malloc'd argument (freed by free_argv); a failed
 * allocation leaves a NULL that ends argv early, which spawn refuses. */
static void add_arg(char *argv[], int *n, const char *fmt, const char *value)
{
    char *a = NULL;
    if (asprintf(&a, fmt, value) < 0)
        a = NULL;
    argv[(*n)++] = a;
}

static void free_argv(char *argv[], int n)
{
    for (int i = 0; i < n; i++)
        free(argv[i]);
}

/* The drive mappings, confinement and file-system redirection the child
 * must keep: the absolute directories, since its host current directory
 * may differ. */
static void add_drive_args(char *argv[], int *n)
{
    const struct prefix *p = proc->prefix;
    for (int d = 0; d < 26; d++) {
        if (!p->drives[d].root)
            continue;
        char *a = NULL;
        if (asprintf(&a, "--drive=%c:=%s%s", 'A' + d, p->drives[d].root, p->drives[d].readonly ? ":ro" : "") < 0)
            a = NULL;
        argv[(*n)++] = a;
    }
    if (!p->map_z_to_root && !p->drives['Z' - 'A'].root)
        add_arg(argv, n, "%s", "--no-host-drive");
    if (proc->opt.no_fs_redirect)
        add_arg(argv, n, "%s", "--no-fs-redirect");
    char pages[32];
    snprintf(pages, sizeof pages, "%u,%u", proc->opt.acp, proc->opt.oemcp);
    if (proc->opt.acp)
        add_arg(argv, n, "--codepage=%s", pages);
    if (proc->opt.sandbox != SANDBOX_OFF)
        add_arg(argv, n, "%s", proc->opt.sandbox == SANDBOX_BEST_EFFORT ? "--sandbox=best-effort" : "--sandbox");
    if (proc->opt.net)
        add_arg(argv, n, "--net=%s", proc->opt.net);
}

/* The child continues this trace, as it is written. */
static void add_trace_args(const struct launch_fds *f, const struct trace_handoff *tr, char *argv[], int *n)
{
    char num[16];
    if (f->trace < 0)
        return;
    snprintf(num, sizeof num, "%d", f->trace);
    add_arg(argv, n, "--trace-fd=%s", num);
    add_arg(argv, n, "--trace-layer=%s", tr->layers);
    add_arg(argv, n, "--trace-format=%s", tr->format);
    if (tr->filter)
        add_arg(argv, n, "--trace=%s", tr->filter);
    if (tr->failed_only)
        add_arg(argv, n, "%s", "--trace-failed");
}

/* The child runs on the same clock: deterministic (with the id chosen for
 * it) and scaled as this process. */
static void add_clock_args(char *argv[], int *n, uint32_t guest_pid)
{
    const struct clock_settings *cs = clock_settings();
    char num[32];
    if (cs->deterministic) {
        add_arg(argv, n, "%s", "--deterministic");
        snprintf(num, sizeof num, "%llu", (unsigned long long)cs->fake_filetime);
        add_arg(argv, n, "--fake-time-filetime=%s", num);
    }
    if (cs->scale != 1.0) {
        snprintf(num, sizeof num, "%.17g", cs->scale);
        add_arg(argv, n, "--time-scale=%s", num);
    }
    if (guest_pid) {
        snprintf(num, sizeof num, "%u", guest_pid);
        add_arg(argv, n, "--guest-pid=%s", num);
    }
}

/* argv of the child wowbox, every string malloc'd; returns its length. */
static int child_argv(const char *exe, const struct launch_fds *f, const struct trace_handoff *tr,
                      uint32_t guest_pid, char *argv[])
{
    int n = 0;
    char num[16];
    add_arg(argv, &n, "%s", "wowbox");
    add_arg(argv, &n, "--prefix=%s", proc->prefix->root);
    add_arg(argv, &n, "--cpu=%s", proc->cpu->name);
    if (proc->opt.strict)
        add_arg(argv, &n, "%s", "--strict");
    if (wb_verbose)
        add_arg(argv, &n, "%s", "--verbose");
    add_drive_args(argv, &n);
    add_trace_args(f, tr, argv, &n);
    add_clock_args(argv, &n, guest_pid);
    snprintf(num, sizeof num, "%d", f->spec);
    add_arg(argv, &n, "--child-spec=%s", num);
    add_arg(argv, &n, "%s", "--");
    add_arg(argv, &n, "%s", exe);
    argv[n] = NULL;
    return n;
}

static bool argv_complete(char *argv[], int n)
{
    for (int i = 0; i < n; i++)
        if (!argv[i])
            return false;
    return true;
}

static int spawn(const struct child_launch *l, struct launch_fds *f, const struct trace_handoff *tr, uint32_t guest_pid,
                 pid_t *pid)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&attr);
    for (int i = 0; i < 3; i++)
        posix_spawn_file_actions_adddup2(&fa, f->std[i], i);
    /* dup2 onto itself clears close-on-exec (glibc 2.29 and later) */
    int keep[] = { f->spec, f->trace, f->status[1], f->resume[0] };
    for (size_t i = 0; i < sizeof keep / sizeof *keep; i++)
        if (keep[i] >= 0)
            posix_spawn_file_actions_adddup2(&fa, keep[i], keep[i]);
    for (size_t i = 0; i < f->ninherited; i++)
        posix_spawn_file_actions_adddup2(&fa, f->inherited[i], f->inherited[i]);
    sigset_t none, dflt;
    sigemptyset(&none);
    sigemptyset(&dflt);
    sigaddset(&dflt, SIGINT);
    sigaddset(&dflt, SIGPIPE);
    sigaddset(&dflt, SIGQUIT);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &dflt);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    /* argv[0] is room for an emulator (below); the child's own argv
     * starts at argv[1] */
    char *argv[CHILD_ARGV_MAX + 1];
    int argc = child_argv(l->host_exe, f, tr, guest_pid, argv + 1);
    extern char **environ;
    int r = ENOMEM;
    /* An emulator the kernel does not know (qemu-user without binfmt_misc:
     * the arm64 build tested on x86-64) must start wowbox again itself;
     * tests/CMakeLists.txt's wrapper names it. */
    const char *emulator = getenv("WOWBOX_EMULATOR");
    char self[4096];
    ssize_t n;
    if (!argv_complete(argv + 1, argc)) {
        /* an allocation failed: r stays ENOMEM */
    } else if (emulator && *emulator && (n = readlink("/proc/self/exe", self, sizeof self - 1)) > 0) {
        self[n] = 0;
        char *wowbox = argv[1];
        argv[0] = (char *)emulator;
        argv[1] = self;
        r = posix_spawnp(pid, emulator, &fa, &attr, argv, environ);
        argv[1] = wowbox;
    } else {
        r = posix_spawn(pid, "/proc/self/exe", &fa, &attr, argv + 1, environ);
    }
    free_argv(argv + 1, argc);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    return r;
}

static struct child_proc *track(pid_t host_pid, uint32_t guest_pid, int pidfd, struct launch_fds *f)
{
    struct child_proc *c = calloc(1, sizeof *c);
    struct kobj *p = kobj_create(KOBJ_PROCESS), *t = kobj_create(KOBJ_THREAD);
    if (!c || !p || !t) {
        free(c);
        if (p)
            kobj_unref(p);
        if (t)
            kobj_unref(t);
        return NULL;
    }
    c->host_pid = host_pid;
    c->pidfd = pidfd;
    c->status_fd = f->status[0];
    c->resume_fd = f->resume[1];
    f->status[0] = f->resume[1] = -1;
    c->pid = guest_pid ? guest_pid : identity_pid_of_host(host_pid);
    c->tid = c->pid + 4;
    c->created = clock_filetime();
    c->process = p;
    c->thread = t;
    /* waiting on either is waiting for the process to end (the child's
     * other threads are not visible here) */
    for (struct kobj *o = p; o; o = o == p ? t : NULL) {
        o->host_fd = pidfd;
        o->host_events = POLLIN;
        o->ext = c;
        o->ext_free = object_gone;
        o->tid = c->tid;
        o->exit_code = STILL_ACTIVE;
    }
    c->next = children;
    children = c;
    return c;
}

uint32_t child_launch(struct child_launch *l, struct child_started *out)
{
    struct launch_fds f = { .spec = -1, .std = { -1, -1, -1 }, .trace = -1, .status = { -1, -1 }, .resume = { -1, -1 } };
    struct child_spec *spec = &l->spec;
    uint32_t err = ERROR_NOT_ENOUGH_MEMORY;
    struct trace_handoff tr;
    int tfd = trace_handoff(&tr) ? tr.fd : -1;
    bool ok = pipe2(f.status, O_CLOEXEC) == 0 && (!l->suspended || pipe2(f.resume, O_CLOEXEC) == 0);
    for (int i = 0; ok && i < 3; i++)
        ok = (f.std[i] = dup_high(l->std_fds[i])) >= 0;
    ok = ok && (tfd < 0 || (f.trace = dup_high(tfd)) >= 0);
    ok = ok && (!l->inherit_handles || gather_inherited(&f, spec));
    if (ok) {
        fcntl(f.status[0], F_SETFL, O_NONBLOCK);
        spec->status_fd = f.status[1];
        spec->parent_pid = proc->pid;
        spec->resume_fd = f.resume[0];
        f.spec = memfd_create("wowbox-child-spec", MFD_CLOEXEC);
        ok = f.spec >= 0 && child_spec_write(f.spec, spec);
    }
    pid_t pid = -1;
    int pidfd = -1;
    uint32_t guest_pid = ok ? identity_next_child_pid() : 0;
    if (ok) {
        int r = spawn(l, &f, &tr, guest_pid, &pid);
        if (r != 0) {
            ok = false;
            err = r == ENOMEM ? ERROR_NOT_ENOUGH_MEMORY : ERROR_ACCESS_DENIED;
        } else if ((pidfd = (int)syscall(SYS_pidfd_open, pid, 0)) < 0) {
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            ok = false;
        } else {
            fcntl(pidfd, F_SETFD, FD_CLOEXEC);
        }
    }
    free(spec->handles); /* the gathered entries point into the handle table */
    spec->handles = NULL;
    spec->nhandles = 0;
    struct child_proc *c = ok ? track(pid, guest_pid, pidfd, &f) : NULL;
    close_launch_fds(&f, c != NULL);
    if (!c) {
        if (pidfd >= 0) {
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            close(pidfd);
        }
        return err;
    }
    const char *base = strrchr(l->host_exe, '/');
    snprintf(c->image, sizeof c->image, "%s", base ? base + 1 : l->host_exe);
    out->process = c->process;
    out->thread = c->thread;
    out->pid = c->pid;
    out->tid = c->tid;
    return 0;
}

/* ---- the objects' operations ------------------------------------------ */

bool child_exit_code(struct child_proc *c, uint32_t *code)
{
    refresh(c);
    *code = c->ended ? c->exit_code : STILL_ACTIVE;
    return c->ended;
}

bool child_terminate(struct child_proc *c, uint32_t code)
{
    refresh(c);
    if (c->ended)
        return false;
    c->terminated = true;
    c->terminate_code = code;
    kill(c->host_pid, SIGKILL);
    return true;
}

uint32_t child_resume(struct child_proc *c)
{
    if (c->resume_fd < 0)
        return 0;
    close(c->resume_fd); /* the child's read sees the end and runs */
    c->resume_fd = -1;
    return 1;
}

bool child_signal(struct child_proc *c, int sig)
{
    refresh(c);
    return !c->ended && kill(c->host_pid, sig) == 0;
}

uint32_t child_pid(struct child_proc *c)
{
    return c->pid;
}

/* Kernel and user time of a running child from /proc (clock ticks). */
static void running_times(pid_t pid, uint64_t *kernel, uint64_t *user)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "re");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = 0;
    const char *p = strrchr(buf, ')'); /* the command name may hold anything */
    unsigned long ut = 0, st = 0;
    if (p && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) == 2) {
        long hz = sysconf(_SC_CLK_TCK);
        *user = (uint64_t)ut * 10000000u / (uint64_t)(hz > 0 ? hz : 100);
        *kernel = (uint64_t)st * 10000000u / (uint64_t)(hz > 0 ? hz : 100);
    }
}

void child_times(struct child_proc *c, uint64_t t[4])
{
    refresh(c);
    t[0] = c->created;
    t[1] = c->ended ? c->exited : 0;
    t[2] = c->kernel;
    t[3] = c->user;
    if (!c->ended)
        running_times(c->host_pid, &t[2], &t[3]);
    if (clock_settings()->deterministic)
        t[2] = t[3] = 0; /* CPU time differs per run */
}

struct child_proc *child_by_pid(uint32_t pid)
{
    for (struct child_proc *c = children; c; c = c->next)
        if (c->pid == pid && c->process)
            return c;
    return NULL;
}

struct child_proc *child_next_running(struct child_proc *after)
{
    for (struct child_proc *c = after ? after->next : children; c; c = c->next) {
        refresh(c);
        if (!c->ended)
            return c;
    }
    return NULL;
}

const char *child_image(struct child_proc *c)
{
    return c->image;
}

struct kobj *child_process_object(struct child_proc *c)
{
    return c->process;
}
