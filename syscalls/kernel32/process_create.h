/* CreateProcess from host code, for msvcrt's _spawn/_exec family, system()
 * and _popen (syscalls/kernel32/process_create.c has the rules). */
#ifndef WOWBOX_SYSCALLS_KERNEL32_PROCESS_CREATE_H
#define WOWBOX_SYSCALLS_KERNEL32_PROCESS_CREATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct k32_process_request {
    const char *app;      /* lpApplicationName (UTF-8) or NULL */
    const char *cmdline;  /* lpCommandLine (UTF-8) or NULL */
    const char *cwd;      /* NULL: this process's */
    uint16_t *env;        /* UTF-16 block, or NULL: this process's */
    size_t env_units;
    bool use_std;         /* STARTF_USESTDHANDLES with std[] */
    uint32_t std[3];
    bool inherit;         /* bInheritHandles */
    uint32_t flags;       /* dwCreationFlags */
};

struct k32_process_info {
    uint32_t process, thread, pid, tid; /* new handles and ids */
};

/* 0 or the Win32 error CreateProcess would set. */
uint32_t k32_create_process(const struct k32_process_request *r, struct k32_process_info *out);
/* A program by CreateProcess's search rules (".exe" appended to a name
 * without extension; a name without a path searched in the program's
 * directory, the current one, the system directories and PATH): its full
 * path (malloc'd) or NULL. */
char *k32_find_program(const char *name);

/* The full path of an existing regular file (relative to the current
 * directory), or NULL. */
char *k32_existing_file(const char *win);

/* This process's FILETIMEs: creation, exit (0), kernel and user time. */
void k32_own_process_times(uint64_t t[4]);

struct nt_process_list;
/* nt_process_list_hook (syscalls/ntdll/process_list.h): this process's
 * times and parent, and its running children. */
void k32_process_list_fill(struct nt_process_list *l);

#endif
