/* kernel32 CreateProcessA/W and the process handles they return:
 * Windows' rules for finding the program (the application name as given,
 * or the command line's first token, quoted or tried word by word, `.exe`
 * appended, searched in the program's directory, the current directory,
 * the system directories and PATH), the environment block (ANSI or
 * CREATE_UNICODE_ENVIRONMENT), the current directory, inherited handles
 * and STARTF_USESTDHANDLES. The child runs in its own wowbox (child.c).
 * GetExitCodeProcess, TerminateProcess, GetProcessId, GetProcessTimes and
 * OpenProcess (for this process and its children) work on those handles. */
#include <ctype.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>

#include "core/clock.h"
#include "core/handles.h"
#include "core/log.h"
#include "core/process.h"
#include "core/unicode.h"
#include "loader/peb.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/child.h"
#include "syscalls/kernel32/env.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/fs.h"
#include "syscalls/kernel32/objects.h"
#include "syscalls/kernel32/process_create.h"
#include "syscalls/kernel32/struct32.h"
#include "syscalls/ntdll/process_list.h"
#include "syscalls/ntdll/path.h"
#include "syscalls/win32_errors.h"

#define DEBUG_PROCESS                0x00000001u
#define DEBUG_ONLY_THIS_PROCESS      0x00000002u
#define CREATE_SUSPENDED             0x00000004u
#define DETACHED_PROCESS             0x00000008u
#define CREATE_NEW_CONSOLE           0x00000010u
#define CREATE_UNICODE_ENVIRONMENT   0x00000400u
#define STARTF_USESTDHANDLES         0x00000100u
#define FILE_ATTRIBUTE_DIRECTORY_BIT 0x10u
#define ENV_MAX_UNITS                (1u << 24)

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

/* ---- finding the program --------------------------------------------------- */

static char *join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir);
    char *s = malloc(n + strlen(name) + 2);
    if (s)
        sprintf(s, "%s%s%s", dir, n && dir[n - 1] != '\\' ? "\\" : "", name);
    return s;
}

static bool has_path(const char *name)
{
    return strpbrk(name, "\\/") || (isalpha((unsigned char)name[0]) && name[1] == ':');
}

/* The full path of an existing regular file, or NULL. */
static char *existing_file(const char *win)
{
    uint32_t err;
    char *full = fs_full_path(win, &err);
    FILE_NETWORK_OPEN_INFORMATION32 info;
    if (!full || fs_get_attributes(full, &info) != 0 || (info.FileAttributes & FILE_ATTRIBUTE_DIRECTORY_BIT)) {
        free(full);
        return NULL;
    }
    return full;
}

static char *dir_of(const char *path)
{
    char *d = strdup(path);
    char *slash = d ? strrchr(d, '\\') : NULL;
    if (slash)
        *(slash == d + 2 && d[1] == ':' ? slash + 1 : slash) = 0;
    return d;
}

/* name, or name + ".exe" when its last component has no extension. */
static char *with_exe(const char *name)
{
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '\\' || *p == '/')
            base = p + 1;
    size_t n = strlen(name);
    char *s = malloc(n + 5);
    if (!s)
        return NULL;
    strcpy(s, name);
    if (n && s[n - 1] == '.')
        s[n - 1] = 0; /* a final dot means "no extension" */
    else if (!strchr(base, '.'))
        strcat(s, ".exe");
    return s;
}

/* CreateProcess's search order for a name without a path. */
static char *search(const char *name)
{
    char *found = NULL;
    char *app_dir = dir_of(proc->image_path_win);
    const char *dirs[] = { app_dir, proc->cwd_win, "C:\\Windows\\System32", "C:\\Windows\\System", "C:\\Windows" };
    for (size_t i = 0; !found && i < sizeof dirs / sizeof *dirs; i++) {
        char *p = dirs[i] ? join_path(dirs[i], name) : NULL;
        found = p ? existing_file(p) : NULL;
        free(p);
    }
    free(app_dir);
    char *path = found ? NULL : env_get("PATH");
    for (char *save = NULL, *d = path ? strtok_r(path, ";", &save) : NULL; d && !found;
         d = strtok_r(NULL, ";", &save)) {
        char *p = *d ? join_path(d, name) : NULL;
        found = p ? existing_file(p) : NULL;
        free(p);
    }
    free(path);
    return found;
}

/* The program a command-line token names (full path), or NULL. */
static char *find_program(const char *token)
{
    char *name = with_exe(token);
    if (!name)
        return NULL;
    char *found = has_path(token) ? existing_file(name) : search(name);
    free(name);
    /* A name with a path gets no ".exe" (CreateProcess's documentation):
     * "C:\dir\prog" runs the file of that very name when there is no
     * prog.exe, as Wine does (compiled AutoIt scripts start such files). */
    if (!found && has_path(token))
        found = existing_file(token);
    return found;
}

char *k32_existing_file(const char *win)
{
    return existing_file(win);
}

char *k32_find_program(const char *name)
{
    return find_program(name);
}

/* No application name: the command line's first token, quoted, or the
 * shortest run of its blank-separated words that names a program
 * ("C:\Program Files\x" tries "C:\Program.exe" first). *tried: the
 * first word, which a failure names. */
static char *program_from_command_line(const char *cl, char **tried)
{
    while (*cl == ' ' || *cl == '\t')
        cl++;
    if (*cl == '"') {
        const char *end = strchr(cl + 1, '"');
        *tried = strndup(cl + 1, end ? (size_t)(end - cl - 1) : strlen(cl + 1));
        return *tried ? find_program(*tried) : NULL;
    }
    char *found = NULL;
    for (const char *p = cl; !found;) {
        while (*p && *p != ' ' && *p != '\t')
            p++;
        char *candidate = strndup(cl, (size_t)(p - cl));
        if (!candidate)
            return NULL;
        found = find_program(candidate);
        if (!*tried)
            *tried = candidate; /* a failure is reported for the first word */
        else
            free(candidate);
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
    }
    return found;
}

/* ---- what the file is ------------------------------------------------------- */

enum image_kind { IMAGE_PE32, IMAGE_BATCH, IMAGE_OTHER, IMAGE_UNREADABLE };

static bool ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* A 32-bit x86 program (not a DLL): MZ, PE\0\0, machine i386, PE32 optional header. */
static enum image_kind classify(const char *win, const char *host)
{
    if (ends_with_ci(win, ".bat") || ends_with_ci(win, ".cmd"))
        return IMAGE_BATCH;
    int fd = open(host, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return IMAGE_UNREADABLE;
    uint8_t h[512];
    ssize_t n = pread(fd, h, sizeof h, 0);
    uint32_t lfanew = 0;
    uint8_t pe[26];
    bool ok = n >= 64 && h[0] == 'M' && h[1] == 'Z';
    if (ok) {
        memcpy(&lfanew, h + 0x3C, 4);
        ok = pread(fd, pe, sizeof pe, lfanew) == (ssize_t)sizeof pe;
    }
    close(fd);
    if (!ok || memcmp(pe, "PE\0\0", 4) != 0)
        return IMAGE_OTHER;
    uint16_t machine = (uint16_t)(pe[4] | pe[5] << 8), characteristics = (uint16_t)(pe[22] | pe[23] << 8),
             magic = (uint16_t)(pe[24] | pe[25] << 8);
    bool dll = characteristics & 0x2000u;
    return machine == 0x14C && magic == 0x10B && !dll ? IMAGE_PE32 : IMAGE_OTHER;
}

/* ---- the environment block ---------------------------------------------------- */

/* The guest's block as UTF-16 (ANSI strings converted); NULL with *err. */
static uint16_t *read_env_block(gaddr p, bool unicode, size_t *units, uint32_t *err)
{
    struct { uint16_t *w; size_t n, cap; } out = { NULL, 0, 0 };
    *err = ERROR_NOACCESS;
    for (;;) {
        long len = unicode ? gm_wcsnlen(p, ENV_MAX_UNITS) : gm_strnlen(p, ENV_MAX_UNITS);
        if (len < 0 || out.n > ENV_MAX_UNITS)
            break;
        uint16_t *s = NULL;
        size_t sl = 0;
        if (unicode) {
            s = gm_wcsdup(p, &sl);
            p += (gaddr)(len + 1) * 2;
        } else {
            char *a = gm_strdup(p), *u = a ? ansi_to_utf8(a) : NULL;
            s = u ? utf8_to_utf16(u, &sl) : NULL;
            free(a);
            free(u);
            p += (gaddr)len + 1;
        }
        if (!s)
            break;
        if (out.n + sl + 2 > out.cap) {
            out.cap = (out.n + sl + 2) * 2;
            uint16_t *nw = realloc(out.w, out.cap * 2);
            if (!nw) {
                free(s);
                *err = ERROR_NOT_ENOUGH_MEMORY;
                break;
            }
            out.w = nw;
        }
        memcpy(out.w + out.n, s, sl * 2);
        free(s);
        out.n += sl;
        out.w[out.n++] = 0;
        if (len == 0) {
            if (out.n == 1) /* an empty block is one empty string then the end */
                out.w[out.n++] = 0;
            *units = out.n;
            return out.w;
        }
    }
    free(out.w);
    return NULL;
}

/* ---- standard handles ----------------------------------------------------------- */

/* The host descriptor the child gets as 0-2 for a standard handle value:
 * its file's, else /dev/null (a NULL or invalid handle: output goes
 * nowhere, input ends at once). *opened: a descriptor to close later. */
static int std_fd(uint32_t h, int *opened)
{
    struct handle_obj *o = kernel32_io_handle(h);
    if (o && o->fd >= 0)
        return o->fd;
    *opened = open("/dev/null", O_RDWR | O_CLOEXEC);
    return *opened;
}

/* ---- CreateProcess ---------------------------------------------------------- */

/* Whether the directory a path names its file in exists. */
static bool directory_exists(const char *path)
{
    uint32_t err;
    char *full = fs_full_path(path, &err), *dir = full ? dir_of(full) : NULL;
    FILE_NETWORK_OPEN_INFORMATION32 info;
    bool yes = dir && fs_get_attributes(dir, &info) == 0 && (info.FileAttributes & FILE_ATTRIBUTE_DIRECTORY_BIT);
    free(full);
    free(dir);
    return yes;
}

/* The program's full path and what it is, reporting what a batch file or
 * `cmd` would need. 0 or the Win32 error. */
static uint32_t locate(const char *app, const char *cmdline, char **program, char *host, size_t hostsz)
{
    char *tried = NULL;
    *program = app ? existing_file(app) : program_from_command_line(cmdline, &tried);
    const char *asked = app ? app : tried ? tried : "";
    if (!*program) {
        const char *base = strrchr(asked, '\\') ? strrchr(asked, '\\') + 1 : asked;
        if (strcasecmp(base, "cmd") == 0 || strcasecmp(base, "cmd.exe") == 0)
            wb_error("CreateProcess: \"%s\" needs cmd.exe, which this prefix does not have (wowbox ships no "
                     "command interpreter; a 32-bit cmd.exe in C:\\Windows\\SysWOW64 would be used)", cmdline ? cmdline : asked);
        uint32_t err = has_path(asked) && !directory_exists(asked) ? ERROR_PATH_NOT_FOUND : ERROR_FILE_NOT_FOUND;
        free(tried);
        return err;
    }
    free(tried);
    if (nt_dos_path_to_host(*program, host, hostsz) != 0)
        return ERROR_FILE_NOT_FOUND;
    switch (classify(*program, host)) {
    case IMAGE_PE32:
        return 0;
    case IMAGE_BATCH:
        wb_error("CreateProcess: %s is a batch file; running it needs cmd.exe, which this prefix does not have "
                 "(wowbox ships no command interpreter)", *program);
        return ERROR_FILE_NOT_FOUND;
    case IMAGE_UNREADABLE:
        return ERROR_ACCESS_DENIED;
    default:
        return ERROR_BAD_EXE_FORMAT;
    }
}

static uint32_t current_directory(const char *cwd, char **out)
{
    if (!cwd) {
        *out = strdup(proc->cwd_win);
        return *out ? 0 : ERROR_NOT_ENOUGH_MEMORY;
    }
    uint32_t err;
    char *full = fs_full_path(cwd, &err);
    FILE_NETWORK_OPEN_INFORMATION32 info;
    if (!full || fs_get_attributes(full, &info) != 0 || !(info.FileAttributes & FILE_ATTRIBUTE_DIRECTORY_BIT)) {
        free(full);
        return ERROR_DIRECTORY;
    }
    *out = full;
    return 0;
}

static uint32_t fill_launch(const struct k32_process_request *r, struct child_launch *l, int opened[3],
                            char **program)
{
    if (r->flags & (DEBUG_PROCESS | DEBUG_ONLY_THIS_PROCESS))
        return ERROR_NOT_SUPPORTED; /* no debugger interface */
    if ((r->flags & (DETACHED_PROCESS | CREATE_NEW_CONSOLE)) == (DETACHED_PROCESS | CREATE_NEW_CONSOLE))
        return ERROR_INVALID_PARAMETER;
    if (!r->app && !r->cmdline)
        return ERROR_INVALID_PARAMETER;
    static char host[4096];
    uint32_t err = locate(r->app, r->cmdline, program, host, sizeof host);
    /* no command line: the application name is the command line */
    l->spec.command_line = strdup(r->cmdline ? r->cmdline : r->app);
    if (!err && !l->spec.command_line)
        err = ERROR_NOT_ENOUGH_MEMORY;
    if (!err)
        err = current_directory(r->cwd, &l->spec.cwd);
    if (!err && r->env) {
        l->spec.env = malloc(r->env_units * 2);
        if (l->spec.env)
            memcpy(l->spec.env, r->env, r->env_units * 2);
        l->spec.env_units = r->env_units;
    } else if (!err) {
        l->spec.env = env_block_copy(&l->spec.env_units);
    }
    if (!err && !l->spec.env)
        err = ERROR_NOT_ENOUGH_MEMORY;
    if (err)
        return err;
    l->host_exe = host;
    static const uint32_t slots[3] = { PARAMS_STDIN, PARAMS_STDOUT, PARAMS_STDERR };
    for (int i = 0; i < 3; i++) {
        uint32_t h = r->std[i];
        if (!r->use_std)
            gm_read_u32(proc->params + slots[i], &h);
        l->spec.std[i] = h;
        l->std_fds[i] = std_fd(h, &opened[i]);
        if (l->std_fds[i] < 0)
            return ERROR_NOT_ENOUGH_MEMORY;
    }
    l->inherit_handles = r->inherit;
    l->suspended = r->flags & CREATE_SUSPENDED;
    return 0;
}

uint32_t k32_create_process(const struct k32_process_request *r, struct k32_process_info *out)
{
    struct child_launch l = { .std_fds = { -1, -1, -1 } };
    l.spec.resume_fd = l.spec.status_fd = -1;
    int opened[3] = { -1, -1, -1 };
    char *program = NULL;
    uint32_t err = fill_launch(r, &l, opened, &program);
    struct child_started s = { 0 };
    if (!err)
        err = child_launch(&l, &s);
    for (int i = 0; i < 3; i++)
        if (opened[i] >= 0)
            close(opened[i]);
    child_spec_free(&l.spec);
    free(program);
    if (err)
        return err;
    out->process = kobj_handle_new(s.process);
    out->thread = kobj_handle_new(s.thread);
    out->pid = s.pid;
    out->tid = s.tid;
    kobj_unref(s.process); /* the handles hold them now */
    kobj_unref(s.thread);
    if (!out->process || !out->thread) {
        handle_close(out->process);
        handle_close(out->thread);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    return 0;
}

static char *guest_text(gaddr p, bool wide)
{
    if (wide)
        return gm_wcs_to_utf8(p);
    char *a = gm_strdup(p), *u = a ? ansi_to_utf8(a) : NULL;
    free(a);
    return u;
}

struct create_args {
    gaddr app, cmdline, env, cwd, startup, info;
    bool inherit;
    uint32_t flags;
    bool wide;
};

/* The guest's arguments as a request; 0 or the Win32 error. */
static uint32_t read_request(const struct create_args *a, struct k32_process_request *r)
{
    STARTUPINFO32 si;
    if (!a->startup || !gm_read(a->startup, &si, sizeof si) || !gm_writable(a->info, sizeof(PROCESS_INFORMATION32)))
        return ERROR_NOACCESS;
    r->app = a->app ? guest_text(a->app, a->wide) : NULL;
    r->cmdline = a->cmdline ? guest_text(a->cmdline, a->wide) : NULL;
    r->cwd = a->cwd ? guest_text(a->cwd, a->wide) : NULL;
    if ((a->app && !r->app) || (a->cmdline && !r->cmdline) || (a->cwd && !r->cwd))
        return ERROR_NOACCESS;
    uint32_t err = 0;
    if (a->env && !(r->env = read_env_block(a->env, a->flags & CREATE_UNICODE_ENVIRONMENT, &r->env_units, &err)))
        return err;
    r->use_std = si.dwFlags & STARTF_USESTDHANDLES;
    r->std[0] = si.hStdInput;
    r->std[1] = si.hStdOutput;
    r->std[2] = si.hStdError;
    r->inherit = a->inherit;
    r->flags = a->flags;
    return 0;
}

static uint64_t create_process(const struct create_args *a)
{
    struct k32_process_request r = { 0 };
    struct k32_process_info pi = { 0 };
    uint32_t err = read_request(a, &r);
    if (!err)
        err = k32_create_process(&r, &pi);
    free((char *)r.app);
    free((char *)r.cmdline);
    free((char *)r.cwd);
    free(r.env);
    if (err)
        return fail(err);
    PROCESS_INFORMATION32 out = { pi.process, pi.thread, pi.pid, pi.tid };
    gm_write(a->info, &out, sizeof out);
    return 1;
}

uint64_t kernel32_CreateProcessA(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateProcessA, a);
    struct create_args ca = { a.lpApplicationName, a.lpCommandLine, a.lpEnvironment, a.lpCurrentDirectory,
                              a.lpStartupInfo, a.lpProcessInformation, a.bInheritHandles != 0, a.dwCreationFlags, false };
    return create_process(&ca);
}

uint64_t kernel32_CreateProcessW(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateProcessW, a);
    struct create_args ca = { a.lpApplicationName, a.lpCommandLine, a.lpEnvironment, a.lpCurrentDirectory,
                              a.lpStartupInfo, a.lpProcessInformation, a.bInheritHandles != 0, a.dwCreationFlags, true };
    return create_process(&ca);
}

/* Other users and logons do not exist here: refused, never pretended. */
static uint64_t refuse_other_user(const char *api)
{
    wb_error("%s: running a program as another user is not supported (wowbox has one user)", api);
    return fail(ERROR_NOT_SUPPORTED);
}

uint64_t kernel32_CreateProcessAsUserA(struct thunk_call *c) { (void)c; return refuse_other_user("CreateProcessAsUserA"); }
uint64_t kernel32_CreateProcessAsUserW(struct thunk_call *c) { (void)c; return refuse_other_user("CreateProcessAsUserW"); }

/* ---- process handles -------------------------------------------------------- */

static struct kobj *own_process(void)
{
    return kobj_from_handle(CURRENT_PROCESS_HANDLE, KOBJ_PROCESS);
}

uint64_t kernel32_GetExitCodeProcess(struct thunk_call *c)
{
    API_ARGS(kernel32, GetExitCodeProcess, a);
    struct kobj *o = kobj_from_handle(a.hProcess, KOBJ_PROCESS);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    uint32_t code = STILL_ACTIVE;
    if (child_of(o))
        child_exit_code(child_of(o), &code);
    return gm_write_u32(a.lpExitCode, code) ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_TerminateProcess(struct thunk_call *c)
{
    API_ARGS(kernel32, TerminateProcess, a);
    struct kobj *o = kobj_from_handle(a.hProcess, KOBJ_PROCESS);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    if (o == own_process()) { /* as ExitProcess, without DLL notifications */
        process_exit(a.uExitCode);
        c->no_return = true;
        return 0;
    }
    /* an ended process cannot be terminated again: ERROR_ACCESS_DENIED */
    return child_terminate(child_of(o), a.uExitCode) ? 1 : fail(ERROR_ACCESS_DENIED);
}

uint64_t kernel32_GetProcessId(struct thunk_call *c)
{
    API_ARGS(kernel32, GetProcessId, a);
    struct kobj *o = kobj_from_handle(a.Process, KOBJ_PROCESS);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    return child_of(o) ? child_pid(child_of(o)) : proc->pid;
}

uint64_t kernel32_GetProcessTimes(struct thunk_call *c)
{
    API_ARGS(kernel32, GetProcessTimes, a);
    struct kobj *o = kobj_from_handle(a.hProcess, KOBJ_PROCESS);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    uint64_t t[4] = { 0 };
    if (child_of(o))
        child_times(child_of(o), t);
    else
        k32_own_process_times(t);
    gaddr out[4] = { a.lpCreationTime, a.lpExitTime, a.lpKernelTime, a.lpUserTime };
    for (int i = 0; i < 4; i++)
        if (!gm_write(out[i], &t[i], 8))
            return fail(ERROR_NOACCESS);
    return 1;
}

static uint64_t filetime_of(time_t sec, long frac_100ns)
{
    return (uint64_t)sec * 10000000u + (uint64_t)frac_100ns + 116444736000000000ull;
}

/* This process: its start from /proc (boot time + start ticks), its CPU
 * time from getrusage. */
void k32_own_process_times(uint64_t t[4])
{
    if (clock_settings()->deterministic) { /* started at the fake clock's start, no CPU time */
        t[0] = clock_settings()->fake_filetime;
        return;
    }
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0) {
        t[2] = (uint64_t)ru.ru_stime.tv_sec * 10000000u + (uint64_t)ru.ru_stime.tv_usec * 10u;
        t[3] = (uint64_t)ru.ru_utime.tv_sec * 10000000u + (uint64_t)ru.ru_utime.tv_usec * 10u;
    }
    char buf[1024] = "";
    unsigned long long start = 0, btime = 0;
    FILE *f = fopen("/proc/self/stat", "re");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = 0;
    const char *p = strrchr(buf, ')');
    bool ok = p && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
                          &start) == 1;
    f = ok ? fopen("/proc/stat", "re") : NULL;
    for (char line[256]; f && fgets(line, sizeof line, f);)
        if (sscanf(line, "btime %llu", &btime) == 1)
            break;
    if (f)
        fclose(f);
    long hz = sysconf(_SC_CLK_TCK);
    if (ok && btime && hz > 0)
        t[0] = filetime_of((time_t)(btime + start / (unsigned long long)hz),
                           (long)(start % (unsigned long long)hz * 10000000ull / (unsigned long long)hz));
}

#define PROCESS_VALID_ACCESS 0x001FFFFFu

uint64_t kernel32_OpenProcess(struct thunk_call *c)
{
    API_ARGS(kernel32, OpenProcess, a);
    if (a.dwDesiredAccess & ~(PROCESS_VALID_ACCESS | 0xF0000000u /* generic rights */ | 0x02000000u /* MAXIMUM_ALLOWED */))
        return fail(ERROR_ACCESS_DENIED);
    struct kobj *o = a.dwProcessId == proc->pid ? own_process() : NULL;
    struct child_proc *cp = o ? NULL : child_by_pid(a.dwProcessId);
    if (cp)
        o = child_process_object(cp);
    /* pid 0 (idle) and unknown ids: ERROR_INVALID_PARAMETER as on Windows;
     * processes other than ours and our children are not visible */
    if (!o)
        return fail(ERROR_INVALID_PARAMETER);
    uint32_t h = kobj_handle_new(o);
    if (!h)
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    handle_set_flags(h, HANDLE_FLAG_INHERIT, a.bInheritHandle ? HANDLE_FLAG_INHERIT : 0);
    return h;
}

/* NtQuerySystemInformation's and toolhelp's process list: this process's
 * times and parent, and the children still running (their threads other
 * than the first are not visible from here). */
void k32_process_list_fill(struct nt_process_list *l)
{
    uint64_t t[4] = { 0 };
    k32_own_process_times(t);
    l->p[0].created = t[0];
    l->p[0].kernel = t[2];
    l->p[0].user = t[3];
    l->p[0].parent_pid = child_spec_self ? child_spec_self->parent_pid : 0;
    for (struct child_proc *c = child_next_running(NULL); c; c = child_next_running(c)) {
        struct nt_process_entry *e = nt_process_list_add(l, 1);
        if (!e)
            return;
        child_times(c, t);
        e->pid = child_pid(c);
        e->parent_pid = proc->pid;
        snprintf(e->image, sizeof e->image, "%s", child_image(c));
        e->created = t[0];
        e->kernel = t[2];
        e->user = t[3];
        e->threads[0].tid = e->pid + 4; /* its main thread's id, as child_launch chose it */
    }
}
