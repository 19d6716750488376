/* Byte-range locks (NtLockFile / NtUnlockFile): kept in-process with
 * Windows' overlap rules, enforced on reads and writes. */
#include <stdlib.h>
#include <sys/stat.h>

#include "syscalls/ntdll/nt_file.h"

struct range_lock {
    dev_t dev;
    ino_t ino;
    uint64_t start, len;
    bool exclusive;
    const struct handle_obj *owner;
};

static struct range_lock *locks;
static size_t nlocks;

static bool overlaps(const struct range_lock *l, uint64_t start, uint64_t len)
{
    return len && l->len && start < l->start + l->len && l->start < start + len;
}

/* Exclusive locks overlap nothing; shared ones overlap shared ones, and an
 * exclusive one of the same handle. */
static bool lock_conflicts(const struct stat *st, const struct handle_obj *o, uint64_t start, uint64_t len,
                           bool exclusive)
{
    for (size_t i = 0; i < nlocks; i++) {
        const struct range_lock *l = &locks[i];
        if (l->dev != st->st_dev || l->ino != st->st_ino || !overlaps(l, start, len))
            continue;
        if (exclusive || (l->exclusive && l->owner != o))
            return true;
    }
    return false;
}

/* Reads need no other handle's exclusive lock over the range; writes need
 * no lock at all but their own exclusive ones (a shared lock stops every
 * writer, its owner included). */
NTSTATUS nt_lock_check(struct handle_obj *o, uint64_t start, uint64_t len, bool write)
{
    struct stat st;
    if (!nlocks || fstat(o->fd, &st) != 0)
        return 0;
    for (size_t i = 0; i < nlocks; i++) {
        const struct range_lock *l = &locks[i];
        if (l->dev != st.st_dev || l->ino != st.st_ino || !overlaps(l, start, len))
            continue;
        bool mine = l->owner == o && l->exclusive;
        if (!mine && (write || l->exclusive))
            return STATUS_FILE_LOCK_CONFLICT;
    }
    return 0;
}

void nt_locks_release(struct handle_obj *o)
{
    size_t k = 0;
    for (size_t i = 0; i < nlocks; i++)
        if (locks[i].owner != o)
            locks[k++] = locks[i];
    nlocks = k;
}

/* A conflicting lock is refused at once (FailImmediately): a wait could
 * only end if another thread unlocked, which nothing here wakes for. */
NTSTATUS nt_lock_file(uint32_t h, uint64_t offset, uint64_t length, bool exclusive)
{
    NTSTATUS s;
    struct handle_obj *o = nt_file_object(h, &s);
    struct stat st;
    if (!o)
        return s;
    if (o->type != HANDLE_FILE || fstat(o->fd, &st) != 0)
        return STATUS_INVALID_HANDLE;
    if (lock_conflicts(&st, o, offset, length, exclusive))
        return STATUS_LOCK_NOT_GRANTED;
    struct range_lock *n = realloc(locks, (nlocks + 1) * sizeof *n);
    if (!n)
        return STATUS_NO_MEMORY;
    locks = n;
    locks[nlocks++] = (struct range_lock){ st.st_dev, st.st_ino, offset, length, exclusive, o };
    return 0;
}

/* Unlocking takes exactly a range this handle locked. */
NTSTATUS nt_unlock_file(uint32_t h, uint64_t offset, uint64_t length)
{
    NTSTATUS s;
    struct handle_obj *o = nt_file_object(h, &s);
    if (!o)
        return s;
    for (size_t i = 0; i < nlocks; i++) {
        if (locks[i].owner == o && locks[i].start == offset && locks[i].len == length) {
            locks[i] = locks[--nlocks];
            return 0;
        }
    }
    return STATUS_RANGE_NOT_LOCKED;
}
