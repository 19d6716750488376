/* Share-mode bookkeeping for NtCreateFile with the Windows I/O manager's
 * rule: a new open conflicts when it wants to read, write or delete what an
 * existing open does not share, or when it does not share what an existing
 * open does. The opens of other wowbox processes count too: each open keeps
 * a descriptor of its own on the file holding host OFD read locks on bytes
 * past any real data, one byte per use and per refusal, plus one that says
 * "open"; a new open takes its locks and asks the host whether another
 * descriptor holds a conflicting byte (two racing opens see each other, so
 * one of them fails, never both succeed). A file whose deletion is pending
 * has a marker in "<prefix>/.wowbox-delete" named by device and inode, so
 * every process sees it; the last open to close (no other "open" lock)
 * removes the file and the marker. */
#define _GNU_SOURCE
#include "syscalls/ntdll/nt_share.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/process.h"
#include "redirect/prefix.h"
#include "syscalls/ntdll/nt_file.h"

#define FILE_EXECUTE 0x0020u
#define DELETE_DIR ".wowbox-delete"

/* The lock bytes: far past any file Windows could write (2^63 - 256). */
#define LOCK_BASE 0x7FFFFFFFFFFFFF00LL
enum { BYTE_USE = 0, BYTE_DENY = 3, BYTE_OPEN = 6 };
enum { USE_READ = 1, USE_WRITE = 2, USE_DELETE = 4 }; /* the same bits as FILE_SHARE_* */

struct share_open {
    dev_t dev;
    ino_t ino;
    uint32_t uses;  /* USE_* */
    uint32_t share; /* FILE_SHARE_* */
    int lfd;        /* the lock descriptor; -1: this open is known in this process only */
    char *host;     /* the file's path now, for the removal at the last close */
    const void *owner;
    struct share_open *next;
};
static struct share_open *opens;

/* What an access mask does to the data as share modes see it (attribute
 * and synchronize rights take part in no conflict). */
static uint32_t uses_of(uint32_t access)
{
    uint32_t uses = 0;
    if (access & (GENERIC_ALL | GENERIC_READ | GENERIC_EXECUTE | FILE_READ_DATA | FILE_EXECUTE | MAXIMUM_ALLOWED))
        uses |= USE_READ;
    if (access & (GENERIC_ALL | GENERIC_WRITE | FILE_WRITE_DATA | FILE_APPEND_DATA))
        uses |= USE_WRITE;
    if (access & (GENERIC_ALL | NT_DELETE))
        uses |= USE_DELETE;
    return uses;
}

/* ---- the lock bytes ------------------------------------------------------ */

static bool lock_byte(int fd, int byte, short type)
{
    struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = LOCK_BASE + byte, .l_len = 1 };
    return fcntl(fd, F_OFD_SETLK, &fl) == 0;
}

/* Does another descriptor (of any process) hold a lock on the byte? */
static bool byte_held(int fd, int byte)
{
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = LOCK_BASE + byte, .l_len = 1 };
    return fcntl(fd, F_OFD_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
}

/* Takes o's locks and looks for a conflicting open elsewhere. */
static bool locks_conflict(const struct share_open *o)
{
    if (!lock_byte(o->lfd, BYTE_OPEN, F_RDLCK))
        return false;
    if (!o->uses) /* an open that uses nothing conflicts with nothing, either way */
        return false;
    for (int b = 0; b < 3; b++) {
        if ((o->uses & (1u << b)) && !lock_byte(o->lfd, BYTE_USE + b, F_RDLCK))
            return false;
        if (!(o->share & (1u << b)) && !lock_byte(o->lfd, BYTE_DENY + b, F_RDLCK))
            return false;
    }
    for (int b = 0; b < 3; b++) {
        if ((o->uses & (1u << b)) && byte_held(o->lfd, BYTE_DENY + b))
            return true;
        if (!(o->share & (1u << b)) && byte_held(o->lfd, BYTE_USE + b))
            return true;
    }
    return false;
}

/* Opens of this process without a lock descriptor, checked by hand. */
static bool list_conflicts(const struct share_open *n)
{
    for (const struct share_open *o = opens; o; o = o->next) {
        if (o->dev != n->dev || o->ino != n->ino || (o->lfd >= 0 && n->lfd >= 0))
            continue;
        if (!n->uses || !o->uses)
            continue;
        if ((n->uses & ~o->share) || (o->uses & ~n->share))
            return true;
    }
    return false;
}

/* ---- delete pending ------------------------------------------------------ */

/* "<prefix>/.wowbox-delete/<dev>-<ino>" (the directory created when make),
 * or NULL without a prefix. */
static char *marker_path(const struct stat *st, bool make)
{
    if (!proc || !proc->prefix || !proc->prefix->root)
        return NULL;
    size_t n = strlen(proc->prefix->root) + sizeof DELETE_DIR + 48;
    char *p = malloc(n);
    if (!p)
        return NULL;
    snprintf(p, n, "%s/%s", proc->prefix->root, DELETE_DIR);
    if (make && mkdir(p, 0700) != 0 && errno != EEXIST) {
        free(p);
        return NULL;
    }
    snprintf(p, n, "%s/%s/%llx-%llx", proc->prefix->root, DELETE_DIR, (unsigned long long)st->st_dev,
             (unsigned long long)st->st_ino);
    return p;
}

bool nt_share_delete_pending(const struct stat *st)
{
    char *m = marker_path(st, false);
    bool pending = m && access(m, F_OK) == 0;
    free(m);
    return pending;
}

bool nt_share_set_delete_pending(const struct stat *st, bool on)
{
    char *m = marker_path(st, on);
    if (!m)
        return false;
    bool ok = true;
    if (on) {
        int fd = open(m, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        ok = fd >= 0;
        if (fd >= 0)
            close(fd);
    } else {
        unlink(m);
    }
    free(m);
    return ok;
}

/* After an open closed: a file whose deletion is pending goes when no
 * descriptor of any process still says "open" (two last opens closing at
 * once may both find the other and leave the file; the next open finds the
 * marker unbacked and drops it, and the file stays). */
static void delete_if_last(dev_t dev, ino_t ino, const char *host)
{
    struct stat st = { .st_dev = dev, .st_ino = ino }, now;
    if (!host || !nt_share_delete_pending(&st))
        return;
    int fd = open(host, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return;
    if (fstat(fd, &now) == 0 && now.st_dev == dev && now.st_ino == ino && !byte_held(fd, BYTE_OPEN)) {
        unlink(host);
        nt_share_set_delete_pending(&st, false);
    }
    close(fd);
}

/* ---- the opens ----------------------------------------------------------- */

NTSTATUS nt_share_check(const char *host, const struct stat *st, uint32_t access, uint32_t share,
                        struct share_open **claim)
{
    *claim = NULL;
    struct share_open *o = calloc(1, sizeof *o);
    if (!o)
        return STATUS_NO_MEMORY;
    o->dev = st->st_dev;
    o->ino = st->st_ino;
    o->uses = uses_of(access);
    o->share = share & (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE);
    o->host = strdup(host);
    o->lfd = open(host, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat lst;
    if (o->lfd >= 0 && (fstat(o->lfd, &lst) != 0 || lst.st_dev != o->dev || lst.st_ino != o->ino)) {
        close(o->lfd);
        o->lfd = -1;
    }
    if (nt_share_delete_pending(st)) {
        /* a marker nobody's open backs was left by a process that died (or
         * by two last closes at once): dropped, the file stays */
        if (o->lfd < 0 || byte_held(o->lfd, BYTE_OPEN)) {
            nt_share_cancel(o);
            return STATUS_DELETE_PENDING;
        }
        nt_share_set_delete_pending(st, false);
    }
    if ((o->lfd >= 0 && locks_conflict(o)) || list_conflicts(o)) {
        nt_share_cancel(o);
        return STATUS_SHARING_VIOLATION;
    }
    *claim = o;
    return STATUS_SUCCESS;
}

static void close_all_at_exit(void);

void nt_share_add(struct share_open *o, const void *owner)
{
    if (!o)
        return;
    static bool registered;
    if (!registered)
        registered = atexit(close_all_at_exit) == 0;
    o->owner = owner;
    o->next = opens;
    opens = o;
}

void nt_share_cancel(struct share_open *o)
{
    if (!o)
        return;
    if (o->lfd >= 0)
        close(o->lfd); /* its locks go with it */
    free(o->host);
    free(o);
}

/* The process ends with opens left: they close now, as Windows closes a
 * dying process's handles, and pending deletions they held back happen. */
static void close_all_at_exit(void)
{
    for (struct share_open *o = opens; o; o = o->next)
        if (o->lfd >= 0) {
            close(o->lfd);
            o->lfd = -1;
        }
    for (struct share_open *o = opens; o; o = o->next)
        delete_if_last(o->dev, o->ino, o->host);
}

void nt_share_moved(const void *owner, const char *host)
{
    for (struct share_open *o = opens; o; o = o->next)
        if (o->owner == owner) {
            char *n = strdup(host);
            if (n) {
                free(o->host);
                o->host = n;
            }
        }
}

bool nt_share_remove(const void *owner)
{
    for (struct share_open **p = &opens; *p; p = &(*p)->next)
        if ((*p)->owner == owner) {
            struct share_open *o = *p;
            *p = o->next;
            if (o->lfd >= 0)
                close(o->lfd);
            o->lfd = -1;
            delete_if_last(o->dev, o->ino, o->host);
            nt_share_cancel(o);
            return true;
        }
    return false;
}
