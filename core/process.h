/* The one guest process a wowbox run hosts: its address space, CPU backend,
 * threads, options and exit state. Other layers reach it through `proc`;
 * core/app/start.c creates it. */
#ifndef WOWBOX_CORE_PROCESS_H
#define WOWBOX_CORE_PROCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/clock.h"
#include "core/thread.h"
#include "core/vm.h"
#include "core/trace.h"
#include "core/cpu_backend.h"

struct prefix;

/* --sandbox: off, required (refused when the kernel cannot confine), or
 * best-effort (whatever the kernel offers, with a warning). */
enum sandbox_mode { SANDBOX_OFF, SANDBOX_ON, SANDBOX_BEST_EFFORT };

struct options {
    const char *program;   /* host path of the .exe */
    int argc;              /* guest arguments after the program */
    char **argv;
    const char *raw_args;  /* verbatim command-line tail (test runner), overrides argv */
    const char *prefix_dir;
    const char *cpu;       /* "unicorn" / "native" / NULL = default */
    const char *unimplemented_log; /* --unimplemented-log: "dll!Name" lines appended */
    struct trace_config trace; /* --trace... and --summary */
    bool strict;
    bool vmmap;
    bool env_clear;        /* --env-clear: no host variables */
    const char **env_add;  /* --env NAME=value, in order */
    size_t nenv_add;
    bool child;            /* --child-spec=FD: a process CreateProcess started */
    int child_spec_fd;     /* its spec (syscalls/kernel32/child_spec.h) */
    bool trace_to_fd;      /* --trace-fd=N: the parent's trace output */
    int trace_fd;
    const char **drives;   /* --drive X:=DIR[:ro], in order */
    size_t ndrives;
    bool no_host_drive;    /* --no-host-drive (implied by --sandbox): no Z: */
    bool no_fs_redirect;   /* --no-fs-redirect: no System32 → SysWOW64 on any thread */
    enum sandbox_mode sandbox;
    const char *net;       /* --net value as given (children get it too), or NULL */
    struct clock_settings clock; /* --deterministic, --fake-time, --time-scale */
    uint32_t guest_pid;    /* --guest-pid=N: the id the parent chose; 0: none */
    uint32_t acp, oemcp;   /* --codepage=ACP[,OEMCP]; 0: 1252 and 437 */
};

struct process {
    struct options opt;
    struct vm vm;
    const struct cpu_backend *cpu;
    struct prefix *prefix;
    struct guest_thread main_thread;
    /* the current guest thread is per host thread: current_thread (core/thread.h) */
    uint32_t stack_reserve, stack_commit; /* the image's, for new threads */
    gaddr peb, params, ldr;
    gaddr process_heap;
    gaddr exit_process;    /* kernel32!ExitProcess (start thunk, top-level handler) */
    uint32_t pid;
    bool exiting;
    uint32_t exit_code;
    bool crashed;
    char *image_path_win;  /* "C:\\...\\app.exe" */
    char *command_line;    /* UTF-8, as GetCommandLine shows it */
    char *cwd_win;
};

extern struct process *proc;

/* Ends the process from a handler (ExitProcess, exit, fatal exception):
 * every thread stops; the caller returns promptly. */
void process_exit(uint32_t code);

/* Calls guest code from host code (loader callbacks, handlers): false when
 * the process is going away, and the caller must return at once. */
bool process_call_guest(gaddr fn, const uint32_t *args, unsigned nargs, uint32_t *ret);

/* An exception nobody handled: crash report, exit with its code. */
void process_unhandled_exception(const struct cpu_exception *exc);

/* TEB helpers the Win32 layer uses for GetLastError & co. */
uint32_t teb_get_last_error(void);
void teb_set_last_error(uint32_t err);

#endif
