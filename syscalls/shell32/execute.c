/* CommandLineToArgvW (Windows' own splitting rules, which differ from the
 * C runtime's for the program name), ShellExecute(Ex) and FindExecutable:
 * the "open" verb (or none) on a program starts it as CreateProcess would,
 * and a program (or batch file) is its own executable; documents, URLs and
 * other verbs need file associations and a shell, which wowbox does not
 * have: SE_ERR_NOASSOC. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/handles.h"
#include "core/heap.h"
#include "core/process.h"
#include "core/unicode.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/process_create.h"
#include "syscalls/shell32/api_args.h"
#include "syscalls/shell32/cmdline.h"
#include "syscalls/struct32_pin.h"
#include "syscalls/win32_errors.h"

#define SE_ERR_FNF      2u
#define SE_ERR_PNF      3u
#define SE_ERR_OOM      8u
#define SE_ERR_NOASSOC  31u
#define ERROR_NO_ASSOCIATION 1155u
#define SEE_MASK_NOCLOSEPROCESS 0x40u
#define SHELLEXECUTE_OK 33u /* any value above 32 means success */

/* SHELLEXECUTEINFO */
typedef struct {
    uint32_t cbSize, fMask, hwnd, lpVerb, lpFile, lpParameters, lpDirectory;
    int32_t nShow;
    uint32_t hInstApp, lpIDList, lpClass, hkeyClass, dwHotKey, hIcon, hProcess;
} SHELLEXECUTEINFO32;
PIN(SHELLEXECUTEINFO32, lpFile, 16);
PIN(SHELLEXECUTEINFO32, hInstApp, 32);
PIN(SHELLEXECUTEINFO32, hProcess, 56);
PIN_SIZE(SHELLEXECUTEINFO32, 60);

/* ---- CommandLineToArgvW -------------------------------------------------- */

/* One LocalAlloc block (LocalFree frees it): the pointers, then the text. */
uint64_t shell32_CommandLineToArgvW(struct thunk_call *c)
{
    API_ARGS(shell32, CommandLineToArgvW, a);
    if (!a.pNumArgs) {
        teb_set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    uint16_t *w = NULL;
    size_t len = 0;
    char *line = a.lpCmdLine ? gm_wcs_to_utf8(a.lpCmdLine) : NULL;
    if (a.lpCmdLine && !line) {
        teb_set_last_error(ERROR_NOACCESS);
        return 0;
    }
    if (!line || !*line) { /* the program's own path alone */
        free(line);
        line = malloc(strlen(proc->image_path_win) + 3);
        if (line)
            sprintf(line, "\"%s\"", proc->image_path_win);
    }
    w = line ? utf8_to_utf16(line, &len) : NULL;
    free(line);
    size_t units = 0;
    uint32_t argc = w ? cmdline_split(w, NULL, &units) : 0;
    uint16_t *text = w ? malloc(units * 2 + 2) : NULL;
    gaddr block = text ? heap_alloc(proc->process_heap, argc * 4u + (uint32_t)units * 2u, 0) : 0;
    if (!block) {
        free(w);
        free(text);
        teb_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    cmdline_split(w, text, &units);
    gaddr strings = block + argc * 4u, at = strings;
    for (uint32_t i = 0, k = 0; i < argc; i++) {
        gm_write_u32(block + 4 * i, at);
        size_t n = 0;
        while (text[k + n])
            n++;
        at += (gaddr)((n + 1) * 2);
        k += n + 1;
    }
    bool ok = gm_write(strings, text, units * 2) && gm_write_u32(a.pNumArgs, argc);
    free(w);
    free(text);
    if (!ok) {
        heap_free(proc->process_heap, block);
        teb_set_last_error(ERROR_NOACCESS);
        return 0;
    }
    return block;
}

/* ---- ShellExecute -------------------------------------------------------- */

static char *text_arg(gaddr p, bool wide, bool *bad)
{
    if (!p)
        return NULL;
    uint32_t err = 0;
    char *s = k32_path_arg(p, wide, &err);
    if (!s)
        *bad = true;
    return s;
}

static bool is_program(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot && (!strcasecmp(dot, ".exe") || !strcasecmp(dot, ".com"));
}

/* Starts file with params in dir: a value above 32 (*process: its handle
 * when asked for), else the SE_ERR_* code with the last error set. */
static uint32_t execute(const char *verb, const char *file, const char *params, const char *dir, uint32_t *process)
{
    if (!file || !*file) {
        teb_set_last_error(ERROR_FILE_NOT_FOUND);
        return SE_ERR_FNF;
    }
    if (verb && *verb && strcasecmp(verb, "open") && strcasecmp(verb, "runas")) {
        teb_set_last_error(ERROR_NO_ASSOCIATION);
        return SE_ERR_NOASSOC;
    }
    char *path = k32_find_program(file);
    if (!path) {
        teb_set_last_error(ERROR_FILE_NOT_FOUND);
        return SE_ERR_FNF;
    }
    if (!is_program(path)) {
        free(path);
        teb_set_last_error(ERROR_NO_ASSOCIATION);
        return SE_ERR_NOASSOC;
    }
    char *cmdline = malloc(strlen(path) + (params ? strlen(params) : 0) + 4);
    if (cmdline)
        sprintf(cmdline, "\"%s\"%s%s", path, params && *params ? " " : "", params && *params ? params : "");
    struct k32_process_request r = { .app = path, .cmdline = cmdline, .cwd = dir && *dir ? dir : NULL };
    struct k32_process_info info = { 0 };
    uint32_t err = cmdline ? k32_create_process(&r, &info) : ERROR_NOT_ENOUGH_MEMORY;
    free(path);
    free(cmdline);
    if (err) {
        teb_set_last_error(err);
        return err == ERROR_NOT_ENOUGH_MEMORY ? SE_ERR_OOM : err == ERROR_PATH_NOT_FOUND ? SE_ERR_PNF : SE_ERR_FNF;
    }
    handle_close(info.thread);
    if (process)
        *process = info.process;
    else
        handle_close(info.process);
    return SHELLEXECUTE_OK;
}

static uint64_t shell_execute(gaddr op, gaddr file, gaddr params, gaddr dir, bool wide)
{
    bool bad = false;
    char *v = text_arg(op, wide, &bad), *f = text_arg(file, wide, &bad), *p = text_arg(params, wide, &bad),
         *d = text_arg(dir, wide, &bad);
    uint32_t r = bad ? SE_ERR_FNF : execute(v, f, p, d, NULL);
    if (bad)
        teb_set_last_error(ERROR_NOACCESS);
    free(v);
    free(f);
    free(p);
    free(d);
    return r;
}

uint64_t shell32_ShellExecuteA(struct thunk_call *c)
{
    API_ARGS(shell32, ShellExecuteA, a);
    return shell_execute(a.lpOperation, a.lpFile, a.lpParameters, a.lpDirectory, false);
}
uint64_t shell32_ShellExecuteW(struct thunk_call *c)
{
    API_ARGS(shell32, ShellExecuteW, a);
    return shell_execute(a.lpOperation, a.lpFile, a.lpParameters, a.lpDirectory, true);
}

/* hInstApp gets the ShellExecute result, hProcess the new process with
 * SEE_MASK_NOCLOSEPROCESS. */
static uint64_t shell_execute_ex(gaddr info, bool wide)
{
    SHELLEXECUTEINFO32 sei;
    if (!gm_read(info, &sei, sizeof sei) || sei.cbSize != sizeof sei) {
        teb_set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    bool bad = false;
    char *v = text_arg(sei.lpVerb, wide, &bad), *f = text_arg(sei.lpFile, wide, &bad),
         *p = text_arg(sei.lpParameters, wide, &bad), *d = text_arg(sei.lpDirectory, wide, &bad);
    uint32_t process = 0;
    uint32_t r = bad ? SE_ERR_FNF : execute(v, f, p, d, sei.fMask & SEE_MASK_NOCLOSEPROCESS ? &process : NULL);
    if (bad)
        teb_set_last_error(ERROR_NOACCESS);
    free(v);
    free(f);
    free(p);
    free(d);
    gm_write_u32(info + offsetof(SHELLEXECUTEINFO32, hInstApp), r);
    gm_write_u32(info + offsetof(SHELLEXECUTEINFO32, hProcess), process);
    return r > 32;
}

uint64_t shell32_ShellExecuteExA(struct thunk_call *c)
{
    API_ARGS(shell32, ShellExecuteExA, a);
    return shell_execute_ex(a.pExecInfo, false);
}
uint64_t shell32_ShellExecuteExW(struct thunk_call *c)
{
    API_ARGS(shell32, ShellExecuteExW, a);
    return shell_execute_ex(a.pExecInfo, true);
}

/* ---- FindExecutable ------------------------------------------------------ */

#define MAX_PATH_CHARS 260u

static bool opens_itself(const char *path)
{
    const char *dot = strrchr(path, '.');
    return is_program(path) || (dot && (!strcasecmp(dot, ".bat") || !strcasecmp(dot, ".cmd")));
}

/* file looked for in dir first when it has no path of its own, then by
 * CreateProcess's search rules; NULL when it is nowhere */
static char *locate_file(const char *file, const char *dir)
{
    if (dir && *dir && !strchr(file, '\\') && !strchr(file, '/') && !strchr(file, ':')) {
        char *joined = malloc(strlen(dir) + strlen(file) + 2);
        if (!joined)
            return NULL;
        sprintf(joined, "%s%s%s", dir, dir[strlen(dir) - 1] == '\\' ? "" : "\\", file);
        char *found = k32_existing_file(joined);
        free(joined);
        if (found)
            return found;
    }
    return k32_find_program(file);
}

/* The result (above 32, or an SE_ERR_* code) and the executable's path in
 * lpResult, a MAX_PATH buffer (empty on failure). */
static uint64_t find_executable(gaddr file_arg, gaddr dir_arg, gaddr result, bool wide)
{
    bool bad = false;
    char *file = text_arg(file_arg, wide, &bad), *dir = text_arg(dir_arg, wide, &bad);
    char *path = !bad && file && *file ? locate_file(file, dir) : NULL;
    uint32_t r = SHELLEXECUTE_OK;
    if (bad) {
        r = SE_ERR_FNF;
        teb_set_last_error(ERROR_NOACCESS);
    } else if (!path) {
        r = SE_ERR_FNF;
        teb_set_last_error(ERROR_FILE_NOT_FOUND);
    } else if (!opens_itself(path)) {
        r = SE_ERR_NOASSOC;
        teb_set_last_error(ERROR_NO_ASSOCIATION);
    }
    const char *text = r > 32 ? path : "";
    uint32_t put = result ? k32_put_string(text, result, MAX_PATH_CHARS, wide) : 0;
    if (result && r > 32 && put == 0) {
        r = SE_ERR_FNF; /* an unwritable result buffer: ERROR_NOACCESS is set */
    } else if (put >= MAX_PATH_CHARS && r > 32) {
        r = SE_ERR_OOM; /* the path does not fit the caller's MAX_PATH buffer */
    }
    free(file);
    free(dir);
    free(path);
    return r;
}

uint64_t shell32_FindExecutableA(struct thunk_call *c)
{
    API_ARGS(shell32, FindExecutableA, a);
    return find_executable(a.lpFile, a.lpDirectory, a.lpResult, false);
}
uint64_t shell32_FindExecutableW(struct thunk_call *c)
{
    API_ARGS(shell32, FindExecutableW, a);
    return find_executable(a.lpFile, a.lpDirectory, a.lpResult, true);
}
