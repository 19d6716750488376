/* kernel32 calls about an open file and its volume: final path names, the
 * FILE_*_INFO classes of Get/SetFileInformationByHandle, byte-range locks
 * (kept in-process with Windows' overlap rules, enforced on ReadFile and
 * WriteFile), and volume information / free space. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "core/handles.h"
#include "core/process.h"
#include "core/unicode.h"
#include "redirect/path.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/fs.h"
#include "syscalls/win32_errors.h"

#define VOLUME_NAME_DOS  0x0u
#define VOLUME_NAME_GUID 0x1u
#define VOLUME_NAME_NT   0x2u
#define VOLUME_NAME_NONE 0x4u

#define LOCKFILE_FAIL_IMMEDIATELY 0x1u
#define LOCKFILE_EXCLUSIVE_LOCK   0x2u

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

static struct handle_obj *file_handle(uint32_t h)
{
    struct handle_obj *o = kernel32_io_handle(h);
    return o && o->type == HANDLE_FILE && o->host_path ? o : NULL;
}

/* The file's current Windows path ("C:\dir\name"): /proc knows where the
 * open file is now, even after a rename. */
static uint32_t current_win_path(struct handle_obj *o, char *out, size_t outsz)
{
    char link[64], host[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", o->fd);
    ssize_t n = readlink(link, host, sizeof host - 1);
    if (n > 0) {
        host[n] = '\0';
        static const char deleted[] = " (deleted)";
        size_t dl = sizeof deleted - 1;
        if ((size_t)n > dl && strcmp(host + n - dl, deleted) == 0)
            host[n - dl] = '\0';
    } else {
        snprintf(host, sizeof host, "%s", o->host_path);
    }
    uint32_t st = path_host_to_win(proc->prefix, host, out, outsz);
    return st ? ntstatus_to_win32(st) : 0;
}

/* ---- GetFinalPathNameByHandle --------------------------------------------- */

static uint64_t get_final_path(struct thunk_call *c, bool wide)
{
    struct handle_obj *o = file_handle(arg(c, 0));
    uint32_t flags = arg(c, 3), kind = flags & 7;
    char win[PATH_MAX], out[PATH_MAX + 64];
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    if (kind != VOLUME_NAME_DOS && kind != VOLUME_NAME_NT && kind != VOLUME_NAME_NONE)
        return fail(ERROR_INVALID_PARAMETER); /* no volume GUIDs here */
    uint32_t err = current_win_path(o, win, sizeof win);
    if (err)
        return fail(err);
    if (kind == VOLUME_NAME_DOS)
        snprintf(out, sizeof out, "\\\\?\\%s", win);
    else if (kind == VOLUME_NAME_NT) /* C: is the first volume, Z: the second */
        snprintf(out, sizeof out, "\\Device\\HarddiskVolume%d%s", win[0] == 'C' ? 1 : 2, win + 2);
    else
        snprintf(out, sizeof out, "%s", win + 2);
    return k32_put_string(out, arg(c, 1), arg(c, 2), wide);
}

uint64_t kernel32_GetFinalPathNameByHandleA(struct thunk_call *c) { return get_final_path(c, false); }
uint64_t kernel32_GetFinalPathNameByHandleW(struct thunk_call *c) { return get_final_path(c, true); }

/* ---- Get/SetFileInformationByHandle ------------------------------------- */

enum { FileBasicInfo = 0, FileStandardInfo = 1, FileNameInfo = 2, FileRenameInfo = 3,
       FileDispositionInfo = 4, FileAllocationInfo = 5, FileEndOfFileInfo = 6,
       FileAttributeTagInfo = 9, FileIdInfo = 18 };

static uint64_t older_time(const struct stat *st)
{
    uint64_t c = k32_filetime(&st->st_ctim), m = k32_filetime(&st->st_mtim);
    return c < m ? c : m;
}

/* FILE_NAME_INFO: the path without its drive; a short buffer gets what
 * fits and ERROR_MORE_DATA, FileNameLength always being the full size. */
static uint64_t name_info(struct handle_obj *o, gaddr buf, uint32_t size)
{
    char win[PATH_MAX];
    uint32_t err = current_win_path(o, win, sizeof win);
    if (err)
        return fail(err);
    size_t n = 0;
    uint16_t *w = utf8_to_utf16(win + 2, &n);
    if (!w)
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    uint32_t bytes = (uint32_t)n * 2;
    uint32_t room = size - 4 < bytes ? size - 4 : bytes;
    bool ok = gm_write_u32(buf, bytes) && gm_write(buf + 4, w, room);
    free(w);
    if (!ok)
        return fail(ERROR_NOACCESS);
    return room < bytes ? fail(ERROR_MORE_DATA) : 1;
}

uint64_t kernel32_GetFileInformationByHandleEx(struct thunk_call *c)
{
    struct handle_obj *o = file_handle(arg(c, 0));
    uint32_t cls = arg(c, 1), size = arg(c, 3);
    gaddr buf = arg(c, 2);
    struct stat st;
    if (!o || fstat(o->fd, &st) != 0)
        return fail(ERROR_INVALID_HANDLE);
    static const uint32_t need[19] = { [FileBasicInfo] = 40, [FileStandardInfo] = 24, [FileNameInfo] = 8,
                                       [FileAttributeTagInfo] = 8, [FileIdInfo] = 24 };
    if (cls > FileIdInfo || !need[cls])
        return fail(ERROR_INVALID_PARAMETER);
    if (size < need[cls])
        return fail(ERROR_BAD_LENGTH);
    if (cls == FileNameInfo)
        return name_info(o, buf, size);
    uint8_t b[40];
    memset(b, 0, sizeof b);
    uint64_t alloc = (uint64_t)st.st_blocks * 512, eof = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
    uint32_t attrs = k32_attributes(&st), links = (uint32_t)st.st_nlink;
    uint64_t serial = (uint64_t)st.st_dev, ino = (uint64_t)st.st_ino;
    switch (cls) {
    case FileBasicInfo: {
        uint64_t t[4] = { older_time(&st), k32_filetime(&st.st_atim), k32_filetime(&st.st_mtim),
                          k32_filetime(&st.st_ctim) };
        memcpy(b, t, 32);
        memcpy(b + 32, &attrs, 4);
        break;
    }
    case FileStandardInfo:
        memcpy(b, &alloc, 8);
        memcpy(b + 8, &eof, 8);
        memcpy(b + 16, &links, 4);
        b[21] = S_ISDIR(st.st_mode);
        break;
    case FileAttributeTagInfo:
        memcpy(b, &attrs, 4);
        break;
    default: /* FileIdInfo */
        memcpy(b, &serial, 8);
        memcpy(b + 8, &ino, 8);
        break;
    }
    return gm_write(buf, b, need[cls]) ? 1 : fail(ERROR_NOACCESS);
}

/* FILE_BASIC_INFO: times of 0 stay, the read-only bit is the only attribute
 * with a host equivalent (0 leaves attributes alone). */
static uint32_t set_basic(struct handle_obj *o, gaddr buf)
{
    uint64_t t[4];
    uint32_t attrs;
    if (!gm_read(buf, t, 32) || !gm_read_u32(buf + 32, &attrs))
        return ERROR_NOACCESS;
    struct timespec ts[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
    for (int i = 0; i < 2; i++) {
        uint64_t ft = t[1 + i];
        if (ft && ft < 0xFFFFFFFFFFFFFFFEull) {
            ts[i].tv_sec = (time_t)((int64_t)(ft / 10000000u) - 11644473600LL);
            ts[i].tv_nsec = (long)(ft % 10000000u) * 100;
        }
    }
    if (futimens(o->fd, ts) != 0)
        return errno_to_win32(errno);
    struct stat st;
    if (!attrs || fstat(o->fd, &st) != 0 || S_ISDIR(st.st_mode))
        return 0;
    mode_t mode = st.st_mode & 07777;
    mode = (attrs & FILE_ATTRIBUTE_READONLY) ? mode & ~(mode_t)0222 : mode | (k32_readonly(&st) ? S_IWUSR : 0);
    return fchmod(o->fd, mode) == 0 ? 0 : errno_to_win32(errno);
}

/* FILE_RENAME_INFO: { ReplaceIfExists (4), RootDirectory, FileNameLength, FileName } */
static uint32_t set_rename(struct handle_obj *o, gaddr buf, uint32_t size)
{
    uint32_t replace = 0, root = 0, len = 0;
    char from[PATH_MAX];
    if (!gm_read_u32(buf, &replace) || !gm_read_u32(buf + 4, &root) || !gm_read_u32(buf + 8, &len))
        return ERROR_NOACCESS;
    if (root || len == 0 || len > size - 12 || len % 2)
        return ERROR_INVALID_PARAMETER;
    const uint16_t *w = gm_ptr(buf + 12, len, false);
    char *to = w ? utf16_to_utf8(w, len / 2) : NULL;
    uint32_t err = to ? current_win_path(o, from, sizeof from) : ERROR_NOACCESS;
    if (!err)
        err = fs_move_file(from, to, (replace & 0xFF) ? MOVEFILE_REPLACE_EXISTING : 0);
    free(to);
    return err;
}

static uint32_t set_info(struct handle_obj *o, uint32_t cls, gaddr buf, uint32_t size)
{
    uint64_t v = 0;
    uint8_t flag = 0;
    struct stat st;
    switch (cls) {
    case FileBasicInfo:
        return size < 40 ? ERROR_BAD_LENGTH : set_basic(o, buf);
    case FileRenameInfo:
        return size < 14 ? ERROR_BAD_LENGTH : set_rename(o, buf, size);
    case FileDispositionInfo:
        if (size < 1)
            return ERROR_BAD_LENGTH;
        if (!gm_read_u8(buf, &flag))
            return ERROR_NOACCESS;
        k32_set_delete_on_close(o, flag != 0);
        return 0;
    case FileEndOfFileInfo:
    case FileAllocationInfo: /* a smaller allocation cuts the file, a larger one is not visible */
        if (size < 8)
            return ERROR_BAD_LENGTH;
        if (!gm_read(buf, &v, 8))
            return ERROR_NOACCESS;
        if (cls == FileAllocationInfo && (fstat(o->fd, &st) != 0 || v >= (uint64_t)st.st_size))
            return 0;
        return ftruncate(o->fd, (off_t)v) == 0 ? 0 : errno == EBADF ? ERROR_ACCESS_DENIED : errno_to_win32(errno);
    default:
        return ERROR_INVALID_PARAMETER;
    }
}

uint64_t kernel32_SetFileInformationByHandle(struct thunk_call *c)
{
    struct handle_obj *o = file_handle(arg(c, 0));
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    if (!k32_plain_file(o->fd)) /* NUL is the host's /dev/null: hands off */
        return fail(ERROR_INVALID_FUNCTION);
    uint32_t err = set_info(o, arg(c, 1), arg(c, 2), arg(c, 3));
    return err ? fail(err) : 1;
}

/* ---- byte-range locks ------------------------------------------------- */

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
uint32_t k32_lock_check(struct handle_obj *o, uint64_t start, uint64_t len, bool write)
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
            return ERROR_LOCK_VIOLATION;
    }
    return 0;
}

void k32_locks_release(struct handle_obj *o)
{
    size_t k = 0;
    for (size_t i = 0; i < nlocks; i++)
        if (locks[i].owner != o)
            locks[k++] = locks[i];
    nlocks = k;
}

/* A conflicting lock is refused at once: with one guest thread running at
 * a time a wait could not end. */
static uint32_t add_lock(uint32_t h, uint64_t start, uint64_t len, bool exclusive)
{
    struct handle_obj *o = file_handle(h);
    struct stat st;
    if (!o || fstat(o->fd, &st) != 0)
        return ERROR_INVALID_HANDLE;
    if (lock_conflicts(&st, o, start, len, exclusive))
        return ERROR_LOCK_VIOLATION;
    struct range_lock *n = realloc(locks, (nlocks + 1) * sizeof *n);
    if (!n)
        return ERROR_NOT_ENOUGH_MEMORY;
    locks = n;
    locks[nlocks++] = (struct range_lock){ st.st_dev, st.st_ino, start, len, exclusive, o };
    return 0;
}

/* Unlocking takes exactly a range this handle locked. */
static uint32_t remove_lock(uint32_t h, uint64_t start, uint64_t len)
{
    struct handle_obj *o = file_handle(h);
    if (!o)
        return ERROR_INVALID_HANDLE;
    for (size_t i = 0; i < nlocks; i++) {
        if (locks[i].owner == o && locks[i].start == start && locks[i].len == len) {
            locks[i] = locks[--nlocks];
            return 0;
        }
    }
    return ERROR_NOT_LOCKED;
}

static uint64_t u64_args(const struct thunk_call *c, unsigned lo)
{
    return (uint64_t)arg(c, lo + 1) << 32 | arg(c, lo);
}

static bool overlapped_offset(gaddr ov, uint64_t *off)
{
    uint32_t lo = 0, hi = 0;
    if (!ov || !gm_read_u32(ov + 8, &lo) || !gm_read_u32(ov + 12, &hi))
        return false;
    *off = (uint64_t)hi << 32 | lo;
    return true;
}

uint64_t kernel32_LockFile(struct thunk_call *c)
{
    uint32_t err = add_lock(arg(c, 0), u64_args(c, 1), u64_args(c, 3), true);
    return err ? fail(err) : 1;
}

uint64_t kernel32_UnlockFile(struct thunk_call *c)
{
    uint32_t err = remove_lock(arg(c, 0), u64_args(c, 1), u64_args(c, 3));
    return err ? fail(err) : 1;
}

uint64_t kernel32_LockFileEx(struct thunk_call *c)
{
    uint64_t off;
    if (!overlapped_offset(arg(c, 5), &off))
        return fail(ERROR_INVALID_PARAMETER);
    uint32_t err = add_lock(arg(c, 0), off, u64_args(c, 3), (arg(c, 1) & LOCKFILE_EXCLUSIVE_LOCK) != 0);
    return err ? fail(err) : 1;
}

uint64_t kernel32_UnlockFileEx(struct thunk_call *c)
{
    uint64_t off;
    if (!overlapped_offset(arg(c, 4), &off))
        return fail(ERROR_INVALID_PARAMETER);
    uint32_t err = remove_lock(arg(c, 0), off, u64_args(c, 2));
    return err ? fail(err) : 1;
}

/* ---- volumes ------------------------------------------------------------- */

/* The host directory behind a root path argument ("C:\", NULL = the
 * current drive); roots only, as Windows requires. */
static uint32_t volume_root(gaddr p, bool wide, char *host, size_t hostsz, char *drive)
{
    uint32_t err = 0;
    char *s = p ? k32_path_arg(p, wide, &err) : strndup(proc->cwd_win, 3);
    if (!s)
        return err ? err : ERROR_NOT_ENOUGH_MEMORY;
    size_t n = strlen(s);
    bool root = n == 3 && s[1] == ':' && (s[2] == '\\' || s[2] == '/');
    *drive = (char)(s[0] & ~0x20);
    if (!root)
        err = n >= 2 && s[1] == ':' ? ERROR_DIR_NOT_ROOT : ERROR_INVALID_NAME;
    else
        err = k32_host_path(s, host, hostsz);
    free(s);
    return err;
}

static bool put_name(const char *s, gaddr buf, uint32_t cch, bool wide)
{
    return !buf || k32_put_string(s, buf, cch, wide) < cch;
}

/* Volume serial numbers from the host file system id, so two drives on one
 * host file system still tell apart by letter. */
static uint64_t get_volume_information(struct thunk_call *c, bool wide)
{
    char host[PATH_MAX], drive;
    struct statvfs vfs;
    uint32_t err = volume_root(arg(c, 0), wide, host, sizeof host, &drive);
    if (!err && statvfs(host, &vfs) != 0)
        err = errno_to_win32(errno);
    if (err)
        return fail(err);
    uint32_t serial = (uint32_t)vfs.f_fsid ^ (uint32_t)((uint64_t)vfs.f_fsid >> 32) ^ (uint32_t)drive << 24;
    /* case-sensitive search, case-preserved names, Unicode, ACLs: NTFS's basics */
    uint32_t fsflags = 0x0000000Fu;
    uint32_t maxlen = vfs.f_namemax ? (uint32_t)vfs.f_namemax : 255;
    if (!put_name(drive == 'C' ? "" : "host", arg(c, 1), arg(c, 2), wide) ||
        !put_name("NTFS", arg(c, 6), arg(c, 7), wide))
        return fail(ERROR_BAD_LENGTH);
    if ((arg(c, 3) && !gm_write_u32(arg(c, 3), serial)) || (arg(c, 4) && !gm_write_u32(arg(c, 4), maxlen)) ||
        (arg(c, 5) && !gm_write_u32(arg(c, 5), fsflags)))
        return fail(ERROR_NOACCESS);
    return 1;
}

uint64_t kernel32_GetVolumeInformationA(struct thunk_call *c) { return get_volume_information(c, false); }
uint64_t kernel32_GetVolumeInformationW(struct thunk_call *c) { return get_volume_information(c, true); }

/* Clusters of 8 x 512 bytes; counts beyond 32 bits are capped, as the old
 * call cannot describe big volumes. */
static uint64_t get_disk_free_space(struct thunk_call *c, bool wide)
{
    char host[PATH_MAX], drive;
    struct statvfs vfs;
    uint32_t err = volume_root(arg(c, 0), wide, host, sizeof host, &drive);
    if (!err && statvfs(host, &vfs) != 0)
        err = errno_to_win32(errno);
    if (err)
        return fail(err);
    uint64_t bs = vfs.f_frsize ? vfs.f_frsize : vfs.f_bsize;
    uint64_t free_cl = bs * vfs.f_bavail / 4096, total_cl = bs * vfs.f_blocks / 4096;
    uint32_t v[4] = { 8, 512, free_cl > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)free_cl,
                      total_cl > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)total_cl };
    for (unsigned i = 0; i < 4; i++)
        if (arg(c, 1 + i) && !gm_write_u32(arg(c, 1 + i), v[i]))
            return fail(ERROR_NOACCESS);
    return 1;
}

uint64_t kernel32_GetDiskFreeSpaceA(struct thunk_call *c) { return get_disk_free_space(c, false); }
uint64_t kernel32_GetDiskFreeSpaceW(struct thunk_call *c) { return get_disk_free_space(c, true); }

/* The file calls take ANSI strings in the ANSI code page (never switched
 * to OEM here). */
uint64_t kernel32_AreFileApisANSI(struct thunk_call *c) { (void)c; return 1; }
