/* Share-mode bookkeeping for NtCreateFile: the opens of each host file
 * (device and inode), with the Windows I/O manager's rule: a new open
 * conflicts when it wants to read, write or delete what an existing open
 * does not share, or when it does not share what an existing open does. */
#include "syscalls/ntdll/nt_share.h"

#include <stdbool.h>
#include <stdlib.h>

#include "syscalls/ntdll/nt_file.h"

#define FILE_EXECUTE 0x0020u

enum { USE_READ = 1, USE_WRITE = 2, USE_DELETE = 4 }; /* the same bits as FILE_SHARE_* */

struct share_open {
    dev_t dev;
    ino_t ino;
    uint32_t uses;  /* USE_* */
    uint32_t share; /* FILE_SHARE_* */
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

NTSTATUS nt_share_check(const struct stat *st, uint32_t access, uint32_t share)
{
    uint32_t uses = uses_of(access);
    share &= FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
    for (const struct share_open *o = opens; o; o = o->next) {
        if (o->dev != st->st_dev || o->ino != st->st_ino)
            continue;
        /* an open that uses nothing conflicts with nothing, either way */
        if (!uses || !o->uses)
            continue;
        if ((uses & ~o->share) || (o->uses & ~share))
            return STATUS_SHARING_VIOLATION;
    }
    return STATUS_SUCCESS;
}

void nt_share_add(const struct stat *st, uint32_t access, uint32_t share, const void *owner)
{
    struct share_open *o = calloc(1, sizeof *o);
    if (!o)
        return; /* unrecorded: later opens are not held back by this one */
    o->dev = st->st_dev;
    o->ino = st->st_ino;
    o->uses = uses_of(access);
    o->share = share & (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE);
    o->owner = owner;
    o->next = opens;
    opens = o;
}

void nt_share_remove(const void *owner)
{
    for (struct share_open **p = &opens; *p; p = &(*p)->next)
        if ((*p)->owner == owner) {
            struct share_open *o = *p;
            *p = o->next;
            free(o);
            return;
        }
}
