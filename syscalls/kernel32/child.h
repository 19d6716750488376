/* Child processes: each runs in its own wowbox (this binary, re-executed
 * with the parent's prefix, CPU backend, --strict and trace), started from
 * a child_spec. Its process and thread objects are kernel objects whose
 * wait is the child's pidfd (core/sync.h host_fd). */
#ifndef WOWBOX_SYSCALLS_KERNEL32_CHILD_H
#define WOWBOX_SYSCALLS_KERNEL32_CHILD_H

#include <stdbool.h>
#include <stdint.h>

#include "core/sync.h"
#include "syscalls/kernel32/child_spec.h"

struct child_launch {
    const char *host_exe;  /* the PE32 image */
    struct child_spec spec;/* command line, cwd, environment, std handle values */
    int std_fds[3];        /* host descriptors the child gets as 0, 1, 2 */
    bool inherit_handles;  /* bInheritHandles: every handle marked inheritable goes */
    bool suspended;        /* CREATE_SUSPENDED: the child waits for ResumeThread */
};

struct child_started {
    struct kobj *process, *thread; /* one reference each, for the caller */
    uint32_t pid, tid;
};

/* Starts the child; 0 or the Win32 error. */
uint32_t child_launch(struct child_launch *l, struct child_started *out);

/* The child behind a process or thread object; NULL for anything else. */
struct child_proc *child_of(struct kobj *o);
/* false while it runs; else its 32-bit exit code. */
bool child_exit_code(struct child_proc *c, uint32_t *code);
/* Ends it with code (TerminateProcess); false if it had already ended. */
bool child_terminate(struct child_proc *c, uint32_t code);
/* ResumeThread on its main thread: the previous suspend count (0 or 1). */
uint32_t child_resume(struct child_proc *c);
uint32_t child_pid(struct child_proc *c);
/* A host signal to a running child (GenerateConsoleCtrlEvent); false if it ended. */
bool child_signal(struct child_proc *c, int sig);
/* FILETIMEs: creation, exit (0 while running), kernel and user time. */
void child_times(struct child_proc *c, uint64_t t[4]);
/* A child of this process by its guest pid (OpenProcess), or NULL. */
struct child_proc *child_by_pid(uint32_t pid);
struct kobj *child_process_object(struct child_proc *c);
/* The running children in start order: after NULL the first, NULL after the last. */
struct child_proc *child_next_running(struct child_proc *after);
/* Its image's base name ("child.exe"). */
const char *child_image(struct child_proc *c);

#endif
