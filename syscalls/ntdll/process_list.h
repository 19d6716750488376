/* The guest processes a program can see (NtQuerySystemInformation's
 * process list, kernel32's toolhelp snapshots): this process with its
 * threads, and the child processes it started. wowbox hosts no others. */
#ifndef WOWBOX_SYSCALLS_NTDLL_PROCESS_LIST_H
#define WOWBOX_SYSCALLS_NTDLL_PROCESS_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "core/vm.h"

struct nt_thread_entry {
    uint32_t tid;
    gaddr start;          /* its start routine; 0 when unknown */
    int32_t priority;     /* THREAD_PRIORITY_* */
};

struct nt_process_entry {
    uint32_t pid, parent_pid;
    char image[260];      /* base name, UTF-8: "app.exe" */
    uint64_t created, kernel, user; /* FILETIME, 100 ns */
    uint32_t nthreads;    /* at least 1 */
    struct nt_thread_entry *threads;
};

struct nt_process_list {
    struct nt_process_entry *p;
    size_t n;
};

/* Fills l (this process first); false when out of memory. */
bool nt_process_list(struct nt_process_list *l);
void nt_process_list_free(struct nt_process_list *l);
/* Appends one process with nthreads zeroed threads; NULL when out of memory. */
struct nt_process_entry *nt_process_list_add(struct nt_process_list *l, uint32_t nthreads);

/* What the Win32 layer knows and the NT layer does not: this process's
 * times and parent, and the children it started. Set at start-up
 * (syscalls/process_hooks.c); NULL: this process alone, times 0. */
extern void (*nt_process_list_hook)(struct nt_process_list *l);

#endif
