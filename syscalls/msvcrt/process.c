/* msvcrt's process functions on top of kernel32's CreateProcess
 * (kernel32/process_create.h): the _spawn and _exec families (arguments
 * joined with blanks and not quoted, as msvcrt does), _cwait, system()
 * and _popen/_pclose, which run `%ComSpec% /c command`. wowbox ships no
 * command interpreter, so unless ComSpec names a program that exists
 * system(NULL) answers 0 ("no command processor") and a command fails
 * with ENOENT; _exec starts the new program and ends this process at once
 * with exit code 0 (as Windows' CRT does), the program running on its own
 * with the inherited handles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/handles.h"
#include "core/process.h"
#include "core/sync.h"
#include "core/unicode.h"
#include "loader/peb.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/child.h"
#include "syscalls/kernel32/env.h"
#include "syscalls/kernel32/objects.h"
#include "syscalls/kernel32/process_create.h"
#include "syscalls/msvcrt/api_args.h"
#include "syscalls/msvcrt/lowio.h"
#include "syscalls/msvcrt/state.h"
#include "syscalls/msvcrt/stdio.h"
#include "syscalls/ntdll/pipe.h"
#include "syscalls/win32_errors.h"

#define P_WAIT    0
#define P_NOWAIT  1
#define P_OVERLAY 2
#define P_NOWAITO 3
#define P_DETACH  4
#define CRT_ENOEXEC 8
#define CRT_ECHILD  10
#define MAX_ARGS 4096

/* A list of guest string pointers (argv, envp) as UTF-8, NULL-terminated;
 * NULL with errno when unreadable. */
static char **read_list(gaddr list, bool wide, gaddr *after)
{
    char **v = calloc(MAX_ARGS + 1, sizeof *v);
    size_t n = 0;
    for (uint32_t p; v && n < MAX_ARGS; n++, list += 4) {
        if (!gm_read_u32(list, &p))
            break;
        if (!p) {
            if (after)
                *after = list + 4;
            return v;
        }
        char *a = wide ? gm_wcs_to_utf8(p) : gm_strdup(p), *u = a && !wide ? ansi_to_utf8(a) : NULL;
        if (!wide) {
            free(a);
            a = u;
        }
        if (!a)
            break;
        v[n] = a;
    }
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
    msvcrt_set_errno(CRT_EINVAL);
    return NULL;
}

static void free_list(char **v)
{
    for (size_t i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

/* msvcrt's command line: the arguments joined by blanks, unquoted. */
static char *join_args(char **argv)
{
    size_t n = 1;
    for (size_t i = 0; argv[i]; i++)
        n += strlen(argv[i]) + 1;
    char *s = malloc(n);
    if (!s)
        return NULL;
    *s = 0;
    for (size_t i = 0; argv[i]; i++) {
        if (i)
            strcat(s, " ");
        strcat(s, argv[i]);
    }
    return s;
}

/* "NAME=value" strings as a UTF-16 environment block. */
static uint16_t *env_from_list(char **envp, size_t *units)
{
    size_t total = 1;
    uint16_t *blk = malloc(2);
    for (size_t i = 0; blk && envp[i]; i++) {
        size_t len;
        uint16_t *w = utf8_to_utf16(envp[i], &len);
        uint16_t *nb = w ? realloc(blk, (total + len + 1) * 2) : NULL;
        if (!nb) {
            free(w);
            free(blk);
            return NULL;
        }
        blk = nb;
        memcpy(blk + total - 1, w, len * 2);
        total += len + 1;
        blk[total - 2] = 0;
        free(w);
    }
    if (!blk)
        return NULL;
    if (total == 1) { /* empty: one empty string, then the end */
        uint16_t *nb = realloc(blk, 4);
        if (!nb) {
            free(blk);
            return NULL;
        }
        blk = nb;
        blk[0] = 0;
        total = 2;
    }
    blk[total - 1] = 0;
    *units = total;
    return blk;
}

static int errno_of(uint32_t err)
{
    switch (err) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
        return CRT_ENOENT;
    case ERROR_BAD_EXE_FORMAT:
        return CRT_ENOEXEC;
    case ERROR_NOT_ENOUGH_MEMORY:
        return CRT_ENOMEM;
    case ERROR_ACCESS_DENIED:
        return CRT_EACCES;
    default:
        return CRT_EINVAL;
    }
}

/* Waits for a child's end; false when this thread is being ended. */
static bool wait_process(struct thunk_call *c, uint32_t h, uint32_t *code)
{
    struct kobj *o = kobj_from_handle(h, KOBJ_PROCESS);
    if (!o || !child_of(o))
        return false;
    bool terminated;
    kobj_wait(&o, 1, false, WAIT_INFINITE, false, &terminated);
    if (terminated) {
        c->no_return = true;
        return false;
    }
    child_exit_code(child_of(o), code);
    return true;
}

struct spawn {
    int mode;
    const char *file; /* as the program gave it */
    char **argv, **envp;
    bool search;      /* the p variants: PATH too */
};

/* name, else name + ".exe" when it has no extension: relative to the
 * current directory, or to dir. */
static char *try_names(const char *dir, const char *name)
{
    size_t n = (dir ? strlen(dir) + 1 : 0) + strlen(name) + 5;
    char *p = malloc(n);
    if (!p)
        return NULL;
    snprintf(p, n, "%s%s%s", dir ? dir : "", dir ? "\\" : "", name);
    char *found = k32_existing_file(p);
    const char *base = strrchr(p, '\\') ? strrchr(p, '\\') + 1 : p;
    if (!found && !strchr(base, '.')) {
        strcat(p, ".exe");
        found = k32_existing_file(p);
    }
    free(p);
    return found;
}

/* The program a _spawn names, as msvcrt finds it: the name as given (from
 * the current directory), then for the p variants and a name without a
 * path each PATH directory. */
static char *spawn_program(const char *file, bool search)
{
    char *found = try_names(NULL, file);
    if (found || !search || strpbrk(file, "\\/:"))
        return found;
    char *path = env_get("PATH");
    for (char *save = NULL, *d = path ? strtok_r(path, ";", &save) : NULL; d && !found; d = strtok_r(NULL, ";", &save))
        if (*d)
            found = try_names(d, file);
    free(path);
    return found;
}

static int64_t do_spawn(struct thunk_call *c, const struct spawn *s)
{
    if (s->mode < P_WAIT || s->mode > P_DETACH) {
        msvcrt_set_errno(CRT_EINVAL);
        return -1;
    }
    char *app = spawn_program(s->file, s->search);
    char *cmdline = join_args(s->argv);
    struct k32_process_request r = { .app = app, .cmdline = cmdline, .inherit = true };
    if (s->envp)
        r.env = env_from_list(s->envp, &r.env_units);
    struct k32_process_info pi;
    uint32_t err = !app ? ERROR_FILE_NOT_FOUND : !cmdline || (s->envp && !r.env) ? ERROR_NOT_ENOUGH_MEMORY
                                                                              : k32_create_process(&r, &pi);
    free(app);
    free(cmdline);
    free(r.env);
    if (err) {
        msvcrt_set_errno(errno_of(err));
        return -1;
    }
    handle_close(pi.thread);
    uint32_t code = 0;
    switch (s->mode) {
    case P_OVERLAY:
        /* _exec: the program runs on; this process ends at once with 0,
         * as the CRT's _exit(0) after CreateProcess does */
        handle_close(pi.process);
        return msvcrt_exit_process(c, 0, false);
    case P_WAIT:
        if (!wait_process(c, pi.process, &code))
            return -1;
        handle_close(pi.process);
        return (int32_t)code;
    case P_DETACH:
        handle_close(pi.process);
        return 0;
    default:
        return pi.process; /* _cwait takes it */
    }
}

/* The l variants: arguments on the stack from arg0 (at `list`) to a NULL,
 * then envp for the e variants. */
static uint64_t spawn_l(struct thunk_call *c, int mode, gaddr file, gaddr list, bool wide, bool env, bool search)
{
    char *f = wide ? gm_wcs_to_utf8(file) : gm_strdup(file), *fu = f && !wide ? ansi_to_utf8(f) : NULL;
    if (!wide) {
        free(f);
        f = fu;
    }
    gaddr after = 0;
    char **argv = f ? read_list(list, wide, &after) : NULL;
    uint32_t envp_addr = 0;
    char **envp = NULL;
    if (argv && env && gm_read_u32(after, &envp_addr) && envp_addr)
        envp = read_list(envp_addr, wide, NULL);
    int64_t r = -1;
    if (!f || !argv || (env && envp_addr && !envp))
        msvcrt_set_errno(CRT_EINVAL);
    else
        r = do_spawn(c, &(struct spawn){ mode, f, argv, envp, search });
    free(f);
    free_list(argv);
    free_list(envp);
    return (uint64_t)(uint32_t)r;
}

static uint64_t spawn_v(struct thunk_call *c, int mode, gaddr file, gaddr argv_addr, gaddr envp_addr, bool wide,
                        bool search)
{
    char *f = wide ? gm_wcs_to_utf8(file) : gm_strdup(file), *fu = f && !wide ? ansi_to_utf8(f) : NULL;
    if (!wide) {
        free(f);
        f = fu;
    }
    char **argv = f ? read_list(argv_addr, wide, NULL) : NULL;
    char **envp = argv && envp_addr ? read_list(envp_addr, wide, NULL) : NULL;
    int64_t r = -1;
    if (!f || !argv || (envp_addr && !envp))
        msvcrt_set_errno(CRT_EINVAL);
    else
        r = do_spawn(c, &(struct spawn){ mode, f, argv, envp, search });
    free(f);
    free_list(argv);
    free_list(envp);
    return (uint64_t)(uint32_t)r;
}

/* One handler per export, each naming its family's shape. */
#define SPAWN_L(name, wide, env, search)                                                  \
    uint64_t msvcrt_##name(struct thunk_call *c)                                          \
    {                                                                                     \
        API_ARGS(msvcrt, name, a);                                                        \
        return spawn_l(c, (int)a.mode, a.cmdname, API_VARARGS(a) - 4, wide, env, search);          \
    }
#define EXEC_L(name, wide, env, search)                                                   \
    uint64_t msvcrt_##name(struct thunk_call *c)                                          \
    {                                                                                     \
        API_ARGS(msvcrt, name, a);                                                        \
        return spawn_l(c, P_OVERLAY, a.cmdname, API_VARARGS(a) - 4, wide, env, search);            \
    }
#define SPAWN_V(name, wide, search)                                                       \
    uint64_t msvcrt_##name(struct thunk_call *c)                                          \
    {                                                                                     \
        API_ARGS(msvcrt, name, a);                                                        \
        return spawn_v(c, (int)a.mode, a.cmdname, a.argv, 0, wide, search);               \
    }
#define SPAWN_VE(name, wide, search)                                                      \
    uint64_t msvcrt_##name(struct thunk_call *c)                                          \
    {                                                                                     \
        API_ARGS(msvcrt, name, a);                                                        \
        return spawn_v(c, (int)a.mode, a.cmdname, a.argv, a.envp, wide, search);         \
    }
#define EXEC_V(name, wide, search)                                                        \
    uint64_t msvcrt_##name(struct thunk_call *c)                                          \
    {                                                                                     \
        API_ARGS(msvcrt, name, a);                                                        \
        return spawn_v(c, P_OVERLAY, a.cmdname, a.argv, 0, wide, search);                 \
    }
#define EXEC_VE(name, wide, search)                                                       \
    uint64_t msvcrt_##name(struct thunk_call *c)                                          \
    {                                                                                     \
        API_ARGS(msvcrt, name, a);                                                        \
        return spawn_v(c, P_OVERLAY, a.cmdname, a.argv, a.envp, wide, search);            \
    }

SPAWN_L(_spawnl, false, false, false)
SPAWN_L(_spawnle, false, true, false)
SPAWN_L(_spawnlp, false, false, true)
SPAWN_L(_spawnlpe, false, true, true)
SPAWN_V(_spawnv, false, false)
SPAWN_VE(_spawnve, false, false)
SPAWN_V(_spawnvp, false, true)
SPAWN_VE(_spawnvpe, false, true)
SPAWN_L(_wspawnl, true, false, false)
SPAWN_L(_wspawnle, true, true, false)
SPAWN_L(_wspawnlp, true, false, true)
SPAWN_L(_wspawnlpe, true, true, true)
SPAWN_V(_wspawnv, true, false)
SPAWN_VE(_wspawnve, true, false)
SPAWN_V(_wspawnvp, true, true)
SPAWN_VE(_wspawnvpe, true, true)
EXEC_L(_execl, false, false, false)
EXEC_L(_execle, false, true, false)
EXEC_L(_execlp, false, false, true)
EXEC_L(_execlpe, false, true, true)
EXEC_V(_execv, false, false)
EXEC_VE(_execve, false, false)
EXEC_V(_execvp, false, true)
EXEC_VE(_execvpe, false, true)
EXEC_L(_wexecl, true, false, false)
EXEC_L(_wexecle, true, true, false)
EXEC_L(_wexeclp, true, false, true)
EXEC_L(_wexeclpe, true, true, true)
EXEC_V(_wexecv, true, false)
EXEC_VE(_wexecve, true, false)
EXEC_V(_wexecvp, true, true)
EXEC_VE(_wexecvpe, true, true)

uint64_t msvcrt__cwait(struct thunk_call *c)
{
    API_ARGS(msvcrt, _cwait, a);
    uint32_t code;
    struct kobj *o = kobj_from_handle(a.procHandle, KOBJ_PROCESS);
    if (!o || !child_of(o)) {
        msvcrt_set_errno(CRT_ECHILD);
        return (uint32_t)-1;
    }
    if (!wait_process(c, a.procHandle, &code))
        return (uint32_t)-1;
    if (a.termstat && !gm_write_u32(a.termstat, code)) {
        msvcrt_set_errno(CRT_EINVAL);
        return (uint32_t)-1;
    }
    handle_close(a.procHandle); /* msvcrt closes it once waited for */
    return a.procHandle;
}

/* ---- the command interpreter ----------------------------------------------- */

/* %ComSpec% if it names a program, else cmd.exe by the search rules. */
static char *interpreter(void)
{
    char *spec = env_get("ComSpec");
    char *found = spec ? k32_find_program(spec) : NULL;
    free(spec);
    return found ? found : k32_find_program("cmd.exe");
}

/* "<interpreter> /c command" with our standard handles; 0 or the Win32 error. */
static uint32_t run_interpreter(const char *command, bool use_std, const uint32_t std[3],
                                struct k32_process_info *pi)
{
    char *shell = interpreter();
    if (!shell)
        return ERROR_FILE_NOT_FOUND;
    char *cl = malloc(strlen(shell) + strlen(command) + 8);
    uint32_t err = ERROR_NOT_ENOUGH_MEMORY;
    if (cl) {
        sprintf(cl, "%s /c %s", shell, command);
        struct k32_process_request r = { .app = shell, .cmdline = cl, .inherit = true, .use_std = use_std };
        if (use_std)
            memcpy(r.std, std, sizeof r.std);
        err = k32_create_process(&r, pi);
    }
    free(cl);
    free(shell);
    return err;
}

static uint64_t run_command(struct thunk_call *c, gaddr command, bool wide)
{
    if (!command) { /* is there a command processor? */
        char *shell = interpreter();
        free(shell);
        return shell != NULL;
    }
    char *cmd = wide ? gm_wcs_to_utf8(command) : gm_strdup(command), *u = cmd && !wide ? ansi_to_utf8(cmd) : NULL;
    if (!wide) {
        free(cmd);
        cmd = u;
    }
    if (!cmd) {
        msvcrt_set_errno(CRT_EINVAL);
        return (uint32_t)-1;
    }
    struct k32_process_info pi;
    uint32_t err = run_interpreter(cmd, false, NULL, &pi);
    free(cmd);
    if (err) {
        msvcrt_set_errno(errno_of(err));
        return (uint32_t)-1;
    }
    handle_close(pi.thread);
    uint32_t code = (uint32_t)-1;
    if (wait_process(c, pi.process, &code))
        handle_close(pi.process);
    return code;
}

uint64_t msvcrt_system(struct thunk_call *c)
{
    API_ARGS(msvcrt, system, a);
    return run_command(c, a.command, false);
}

uint64_t msvcrt__wsystem(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wsystem, a);
    return run_command(c, a.command, true);
}

/* ---- pipes to a command ------------------------------------------------------ */

#define MAX_POPEN 64
static struct { gaddr file; uint32_t process; } popened[MAX_POPEN];

static uint64_t popen_call(gaddr command, gaddr mode_addr, bool wide)
{
    char *cmd = wide ? gm_wcs_to_utf8(command) : gm_strdup(command), *u = cmd && !wide ? ansi_to_utf8(cmd) : NULL;
    char *mode = wide ? gm_wcs_to_utf8(mode_addr) : gm_strdup(mode_addr);
    if (!wide) {
        free(cmd);
        cmd = u;
    }
    gaddr file = 0;
    int slot = 0;
    while (slot < MAX_POPEN && popened[slot].file)
        slot++;
    bool reading = mode && mode[0] == 'r', binary = mode && strchr(mode, 'b');
    uint32_t rd, wr, err = ERROR_NOT_ENOUGH_MEMORY;
    if (!cmd || !mode || (mode[0] != 'r' && mode[0] != 'w') || slot == MAX_POPEN) {
        msvcrt_set_errno(slot == MAX_POPEN ? CRT_EMFILE : CRT_EINVAL);
        goto out;
    }
    if (nt_pipe_create(0, false, &rd, &wr) != STATUS_SUCCESS) {
        msvcrt_set_errno(CRT_EMFILE);
        goto out;
    }
    uint32_t mine = reading ? rd : wr, theirs = reading ? wr : rd;
    handle_set_flags(theirs, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
    uint32_t std[3];
    static const uint32_t slots[3] = { PARAMS_STDIN, PARAMS_STDOUT, PARAMS_STDERR };
    for (int i = 0; i < 3; i++)
        gm_read_u32(proc->params + slots[i], &std[i]);
    std[reading ? 1 : 0] = theirs;
    struct k32_process_info pi;
    err = run_interpreter(cmd, true, std, &pi);
    handle_close(theirs);
    int fd = err ? -1 : lowio_adopt(mine, binary ? 0 : CRT_O_TEXT);
    file = fd >= 0 ? stdio_fdopen(fd, reading ? (binary ? "rb" : "r") : (binary ? "wb" : "w")) : 0;
    if (!err) {
        handle_close(pi.thread);
        if (file) {
            popened[slot].file = file;
            popened[slot].process = pi.process;
        } else {
            handle_close(pi.process);
        }
    }
    if (err) {
        handle_close(mine);
        msvcrt_set_errno(errno_of(err));
    } else if (!file && fd < 0) {
        handle_close(mine);
    }
out:
    free(cmd);
    free(mode);
    return file;
}

uint64_t msvcrt__popen(struct thunk_call *c)
{
    API_ARGS(msvcrt, _popen, a);
    return popen_call(a.command, a.mode, false);
}

uint64_t msvcrt__wpopen(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wpopen, a);
    return popen_call(a.command, a.mode, true);
}

uint64_t msvcrt__pclose(struct thunk_call *c)
{
    API_ARGS(msvcrt, _pclose, a);
    int slot = 0;
    while (slot < MAX_POPEN && (!a.stream || popened[slot].file != a.stream))
        slot++;
    if (slot == MAX_POPEN) {
        msvcrt_set_errno(CRT_EINVAL);
        return (uint32_t)-1;
    }
    uint32_t process = popened[slot].process, code = (uint32_t)-1;
    popened[slot].file = 0;
    stdio_fclose(a.stream); /* the command sees the end of its input */
    if (wait_process(c, process, &code))
        handle_close(process);
    return code;
}
