/* --sandbox (sandbox.h): Landlock rules over the prefix, the mapped drives
 * and what wowbox itself reads, a seccomp filter, PR_SET_NO_NEW_PRIVS. */
#define _GNU_SOURCE
#include "core/sandbox.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>

/* Rights newer than the build host's headers (values from the kernel's
 * uapi landlock.h; ABI 3 added TRUNCATE, 5 IOCTL_DEV, 4 the TCP rights,
 * 6 the scopes). */
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif
#define LL_NET_BIND_TCP (1ULL << 0)
#define LL_NET_CONNECT_TCP (1ULL << 1)
#define LL_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define LL_SCOPE_SIGNAL (1ULL << 1)

/* landlock_ruleset_attr as of ABI 6; the kernel takes a prefix of it by size. */
struct ll_ruleset_attr {
    uint64_t handled_access_fs;
    uint64_t handled_access_net;
    uint64_t scoped;
};

struct ll_path_beneath {
    uint64_t allowed_access;
    int32_t parent_fd;
} __attribute__((packed));

_Static_assert(sizeof(struct ll_path_beneath) == 12, "landlock_path_beneath_attr is packed");

#define LL_RULE_PATH_BENEATH 1

int sandbox_landlock_abi(void)
{
    long v = syscall(__NR_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    return v < 0 ? 0 : (int)v;
}

/* ---- the rules ------------------------------------------------------------ */

static uint64_t fs_rights(int abi)
{
    uint64_t all = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1; /* ABI 1: EXECUTE .. MAKE_SYM */
    if (abi >= 2)
        all |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3)
        all |= LANDLOCK_ACCESS_FS_TRUNCATE;
    if (abi >= 5)
        all |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
    return all;
}

/* The rights that make sense on a file rather than a directory. */
static const uint64_t file_rights = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |
                                    LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_TRUNCATE |
                                    LANDLOCK_ACCESS_FS_IOCTL_DEV;

static const uint64_t read_rights =
    LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;

static void add(const char **list, size_t *n, const char *path)
{
    if (*n < SANDBOX_MAX_PATHS)
        list[(*n)++] = path;
}

void sandbox_add_host_needs(struct sandbox_rules *r)
{
    static char self[PATH_MAX];
    static const char *const system_ro[] = {
        "/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib", "/etc/ld.so.cache",
        "/etc/ld.so.preload", "/etc/localtime", "/usr/share/zoneinfo", "/proc/cpuinfo", "/proc/meminfo",
        "/proc/stat", "/proc/self", "/sys/devices/system/cpu", "/dev/urandom",
    };
    static const char *const network_ro[] = {
        "/etc/hosts", "/etc/resolv.conf", "/etc/nsswitch.conf", "/etc/gai.conf", "/etc/host.conf",
        "/etc/services", "/etc/protocols",
    };
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        add(r->ro, &r->nro, self);
    }
    for (size_t i = 0; i < sizeof system_ro / sizeof *system_ro; i++)
        add(r->ro, &r->nro, system_ro[i]);
    if (!r->no_network)
        for (size_t i = 0; i < sizeof network_ro / sizeof *network_ro; i++)
            add(r->ro, &r->nro, network_ro[i]);
    add(r->rw, &r->nrw, "/dev/null");
}

/* A missing path has nothing to allow; a path that exists but cannot be
 * added is an error (the sandbox would be narrower than asked, and the
 * program would fail in ways hard to trace back). */
static bool add_rule(int ruleset, const char *path, uint64_t rights, bool required, char *why, size_t whysz)
{
    int fd = open(path, O_PATH | O_CLOEXEC);
    if (fd < 0) {
        if (!required)
            return true;
        snprintf(why, whysz, "cannot open %s: %s", path, strerror(errno));
        return false;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))
        rights &= file_rights;
    struct ll_path_beneath rule = { rights, fd };
    long rc = syscall(__NR_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &rule, 0);
    int e = errno;
    close(fd);
    if (rc == 0)
        return true;
    snprintf(why, whysz, "Landlock refused a rule for %s: %s", path, strerror(e));
    return false;
}

static bool landlock_apply(const struct sandbox_rules *r, int abi, char *why, size_t whysz)
{
    uint64_t all = fs_rights(abi);
    struct ll_ruleset_attr attr = { .handled_access_fs = all };
    size_t size = sizeof attr.handled_access_fs;
    if (abi >= 4) {
        /* TCP is handled (so denied) only with no network: --net=loopback is
         * a policy wowbox enforces on addresses, which Landlock cannot express */
        attr.handled_access_net = r->no_network ? LL_NET_BIND_TCP | LL_NET_CONNECT_TCP : 0;
        size = offsetof(struct ll_ruleset_attr, scoped);
    }
    if (abi >= 6) {
        attr.scoped = LL_SCOPE_ABSTRACT_UNIX_SOCKET | LL_SCOPE_SIGNAL;
        size = sizeof attr;
    }
    int ruleset = (int)syscall(__NR_landlock_create_ruleset, &attr, size, 0);
    if (ruleset < 0) {
        snprintf(why, whysz, "cannot create a Landlock ruleset: %s", strerror(errno));
        return false;
    }
    bool ok = true;
    for (size_t i = 0; ok && i < r->nrw; i++)
        ok = add_rule(ruleset, r->rw[i], all, true, why, whysz);
    for (size_t i = 0; ok && i < r->nro; i++)
        ok = add_rule(ruleset, r->ro[i], read_rights & all, false, why, whysz);
    if (ok && syscall(__NR_landlock_restrict_self, ruleset, 0) != 0) {
        snprintf(why, whysz, "cannot enforce the Landlock ruleset: %s", strerror(errno));
        ok = false;
    }
    close(ruleset);
    return ok;
}

/* ---- the seccomp filter ----------------------------------------------------- */

/* System calls wowbox never makes and a confined program must not. */
static const int denied_syscalls[] = {
    __NR_ptrace, __NR_process_vm_readv, __NR_process_vm_writev, __NR_kcmp, __NR_pidfd_getfd,
    __NR_mount, __NR_umount2, __NR_pivot_root, __NR_chroot, __NR_open_tree, __NR_move_mount,
    __NR_fsopen, __NR_fsconfig, __NR_fsmount, __NR_fspick, __NR_mount_setattr, __NR_setns, __NR_unshare,
    __NR_swapon, __NR_swapoff, __NR_reboot, __NR_kexec_load, __NR_kexec_file_load, __NR_init_module,
    __NR_finit_module, __NR_delete_module, __NR_bpf, __NR_perf_event_open, __NR_userfaultfd,
    __NR_keyctl, __NR_add_key, __NR_request_key, __NR_open_by_handle_at, __NR_name_to_handle_at,
#ifdef __NR_iopl /* x86 only */
    __NR_iopl, __NR_ioperm,
#endif
    __NR_acct, __NR_settimeofday, __NR_clock_settime, __NR_clock_adjtime,
    __NR_adjtimex, __NR_quotactl, __NR_syslog, __NR_vhangup, __NR_io_uring_setup, __NR_io_uring_enter,
    __NR_io_uring_register, __NR_fanotify_init, __NR_lookup_dcookie, __NR_sethostname,
    __NR_setdomainname, __NR_truncate, /* by path: Landlock before ABI 3 does not see it */
#ifdef __NR_mknod /* aarch64's generic table has only mknodat */
    __NR_mknod, __NR_uselib,
#endif
    __NR_mknodat, __NR_personality,
};

/* The host's own system-call ABI; any other (i386's int 0x80 on x86-64,
 * aarch32 on aarch64) is never wowbox's. */
#if defined(__x86_64__)
#define HOST_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define HOST_AUDIT_ARCH AUDIT_ARCH_AARCH64
#else
#error "the seccomp filter needs this host's AUDIT_ARCH"
#endif

/* The socket families a program may create when it may use the network
 * (netlink: the resolver and interface queries). */
static const int allowed_families[] = { AF_INET, AF_INET6, AF_NETLINK };

#define MAX_FILTER 256

struct filter {
    struct sock_filter insn[MAX_FILTER];
    unsigned n;
};

static void emit(struct filter *f, uint16_t code, uint32_t k, uint8_t jt, uint8_t jf)
{
    if (f->n < MAX_FILTER)
        f->insn[f->n++] = (struct sock_filter)BPF_JUMP(code, k, jt, jf);
}

static void emit_ret(struct filter *f, uint32_t action)
{
    emit(f, BPF_RET | BPF_K, action, 0, 0);
}

static void build_filter(struct filter *f, bool no_network)
{
    const uint32_t deny = SECCOMP_RET_ERRNO | EPERM;
    f->n = 0;
    /* another ABI (int 0x80 from 32-bit code: i386 numbers) is never wowbox's */
    emit(f, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch), 0, 0);
    emit(f, BPF_JMP | BPF_JEQ | BPF_K, HOST_AUDIT_ARCH, 1, 0);
    emit_ret(f, deny);
    emit(f, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr), 0, 0);
    emit(f, BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 1); /* x32 (no such numbers on aarch64) */
    emit_ret(f, deny);
    for (size_t i = 0; i < sizeof denied_syscalls / sizeof *denied_syscalls; i++) {
        emit(f, BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)denied_syscalls[i], 0, 1);
        emit_ret(f, deny);
    }
    /* socket(family, ...): only the allowed families, none without network */
    emit(f, BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 1, 0);
    emit_ret(f, SECCOMP_RET_ALLOW);
    emit(f, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]), 0, 0);
    if (!no_network)
        for (size_t i = 0; i < sizeof allowed_families / sizeof *allowed_families; i++) {
            emit(f, BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)allowed_families[i], 0, 1);
            emit_ret(f, SECCOMP_RET_ALLOW);
        }
    emit_ret(f, SECCOMP_RET_ERRNO | EACCES);
}

static bool seccomp_apply(bool no_network, char *why, size_t whysz)
{
    static struct filter f;
    build_filter(&f, no_network);
    struct sock_fprog prog = { (unsigned short)f.n, f.insn };
    if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog) == 0)
        return true;
    snprintf(why, whysz, "cannot install the seccomp filter: %s", strerror(errno));
    return false;
}

/* ---- together --------------------------------------------------------------- */

static int thread_count(void)
{
    DIR *d = opendir("/proc/self/task");
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

bool sandbox_inherited(void)
{
    return prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 && prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2;
}

enum sandbox_outcome sandbox_apply(const struct sandbox_rules *r, char *why, size_t whysz)
{
    why[0] = '\0';
    if (thread_count() != 1) {
        snprintf(why, whysz, "the sandbox must be applied while the process has one thread");
        return SANDBOX_FAILED;
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        snprintf(why, whysz, "PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
        return SANDBOX_FAILED;
    }
    int abi = sandbox_landlock_abi();
    bool landlock = abi > 0 && landlock_apply(r, abi, why, whysz);
    if (abi > 0 && !landlock)
        return SANDBOX_FAILED;
    if (!seccomp_apply(r->no_network, why, whysz))
        return SANDBOX_FAILED;
    if (landlock)
        return SANDBOX_APPLIED;
    snprintf(why, whysz, "this kernel has no Landlock (needs Linux 5.13 or later with landlock in the lsm= list)");
    return SANDBOX_NO_LANDLOCK;
}
