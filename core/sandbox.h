/* --sandbox: confines the whole wowbox process, whatever the guest does
 * (guest code under the native backend can make Linux system calls itself),
 * with Landlock file-system (and TCP) rules, a seccomp filter and
 * PR_SET_NO_NEW_PRIVS. Inherited by threads and child processes. */
#ifndef WOWBOX_CORE_SANDBOX_H
#define WOWBOX_CORE_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

#define SANDBOX_MAX_PATHS 64

struct sandbox_rules {
    const char *rw[SANDBOX_MAX_PATHS]; /* read, write, create, delete beneath (dirs or files) */
    size_t nrw;
    const char *ro[SANDBOX_MAX_PATHS]; /* read and execute beneath; missing paths are skipped */
    size_t nro;
    bool no_network;                   /* --net=none: no socket but AF_UNIX, no TCP bind/connect */
};

/* The Landlock ABI version the kernel offers, 0 when it has none (not
 * built, not enabled at boot, or a kernel before 5.13). */
int sandbox_landlock_abi(void);

/* The read-only host files wowbox itself needs: its executable (children
 * are /proc/self/exe), the shared libraries and the dynamic loader, time
 * zones, the /proc and /sys files it reads, /dev/null (read-write), and the
 * network configuration unless no_network. Adds to r. */
void sandbox_add_host_needs(struct sandbox_rules *r);

enum sandbox_outcome {
    SANDBOX_APPLIED,     /* Landlock, seccomp and no_new_privs all in force */
    SANDBOX_NO_LANDLOCK, /* seccomp and no_new_privs only: the kernel lacks Landlock */
    SANDBOX_FAILED,      /* nothing reliable applied; why says what */
};

/* Does this process already run under a seccomp filter with no_new_privs
 * (a child wowbox that inherited its parent's sandbox)? */
bool sandbox_inherited(void);

/*
 * Applies r to the calling process, which must have one thread (Landlock
 * confines the calling thread and what it creates later).  Adds what every
 * sandbox denies: the system calls wowbox never makes (ptrace, mount,
 * module and kexec loading, bpf, io_uring, namespace changes, ...), every
 * system call of another ABI (i386 int 0x80, x32), and with no_network the
 * sockets.  Denied calls fail with EPERM (sockets with EACCES).  why gets a
 * one-line reason for anything but SANDBOX_APPLIED.
 */
enum sandbox_outcome sandbox_apply(const struct sandbox_rules *r, char *why, size_t whysz);

#endif
