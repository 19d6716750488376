/* kernel32 file-system names: delete, move, copy, attributes, directories,
 * the current directory, full paths, temp paths and drives, with the
 * errors Windows reports. Searches live in kernel32/find.c. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "core/heap.h"
#include "core/process.h"
#include "core/unicode.h"
#include "loader/peb.h"
#include "redirect/path.h"
#include "redirect/prefix.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/fs.h"
#include "syscalls/win32_errors.h"

#define MAX_PATH 260u

#define DRIVE_UNKNOWN     0u
#define DRIVE_NO_ROOT_DIR 1u
#define DRIVE_FIXED       3u

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

/* 0 → TRUE; an error → FALSE with the last error set. */
static uint64_t result(uint32_t err)
{
    if (err)
        return fail(err);
    return 1;
}

/* Files, directories and links only: Win32 names never reach the host's
 * device nodes through these calls (NUL maps to /dev/null). */
static bool is_special(const struct stat *st)
{
    return !S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode) && !S_ISLNK(st->st_mode);
}

/* lstat with the Win32 error for a missing name. */
static uint32_t lookup(const char *host, struct stat *st)
{
    if (lstat(host, st) == 0)
        return is_special(st) ? ERROR_ACCESS_DENIED : 0;
    return errno == ENOENT ? ERROR_FILE_NOT_FOUND : errno_to_win32(errno);
}

/* ---- delete, move, copy ------------------------------------------------ */

uint32_t fs_delete_file(const char *win)
{
    char host[PATH_MAX];
    struct stat st;
    uint32_t err = k32_host_path(win, host, sizeof host);
    if (!err)
        err = lookup(host, &st);
    if (err)
        return err;
    if (S_ISDIR(st.st_mode))
        return ERROR_ACCESS_DENIED;
    if (!S_ISLNK(st.st_mode) && k32_readonly(&st))
        return ERROR_ACCESS_DENIED;
    return unlink(host) == 0 ? 0 : errno_to_win32(errno);
}

static uint32_t copy_data(int in, int out)
{
    char buf[65536];
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errno_to_win32(errno);
        if (n == 0)
            return 0;
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                return errno_to_win32(errno);
            done += w;
        }
    }
}

/* Contents, read-only state and last-write time, as CopyFile keeps them. */
static uint32_t copy_host_file(const char *from, const char *to, const struct stat *st)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return errno_to_win32(errno);
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (out < 0) {
        uint32_t e = errno == ENOENT ? ERROR_PATH_NOT_FOUND : errno_to_win32(errno);
        close(in);
        return e;
    }
    uint32_t err = copy_data(in, out);
    struct timespec ts[2] = { st->st_atim, st->st_mtim };
    if (!err) {
        futimens(out, ts);
        fchmod(out, st->st_mode & 07777);
    }
    close(in);
    close(out);
    if (err)
        unlink(to);
    return err;
}

/* The last component of a Windows path as written (for case-only renames). */
static const char *win_base(const char *win)
{
    const char *b = win;
    for (const char *q = win; *q; q++)
        if ((*q == '\\' || *q == '/') && q[1])
            b = q + 1;
    return b;
}

/* "a.txt" → "A.TXT": the host path lookup finds the old spelling, so the
 * new one is spliced in by hand. */
static uint32_t rename_case(const char *host, const char *to_win)
{
    char target[PATH_MAX];
    const char *slash = strrchr(host, '/');
    const char *base = win_base(to_win);
    size_t n = strcspn(base, "\\/");
    size_t dirlen = slash ? (size_t)(slash - host) : 0;
    if (dirlen + 1 + n + 1 > sizeof target)
        return ERROR_FILENAME_EXCED_RANGE;
    memcpy(target, host, dirlen);
    target[dirlen] = '/';
    memcpy(target + dirlen + 1, base, n);
    target[dirlen + 1 + n] = '\0';
    return rename(host, target) == 0 ? 0 : errno_to_win32(errno);
}

/* Replacing: a directory never goes, a file does unless read-only (even
 * by a directory, which the host rename refuses: the file goes first). */
static uint32_t replace_target(const char *host, const struct stat *src, const struct stat *dst, uint32_t flags)
{
    if (!(flags & MOVEFILE_REPLACE_EXISTING))
        return ERROR_ALREADY_EXISTS;
    if (S_ISDIR(dst->st_mode) || k32_readonly(dst))
        return ERROR_ACCESS_DENIED;
    if (S_ISDIR(src->st_mode) && unlink(host) != 0)
        return errno_to_win32(errno);
    return 0;
}

uint32_t fs_move_file(const char *from, const char *to, uint32_t flags)
{
    char hfrom[PATH_MAX], hto[PATH_MAX];
    struct stat sf, sd;
    if (flags & MOVEFILE_DELAY_UNTIL_REBOOT)
        return ERROR_ACCESS_DENIED; /* needs administrator rights on Windows */
    if (!to)
        return ERROR_INVALID_PARAMETER;
    uint32_t err = k32_host_path(from, hfrom, sizeof hfrom);
    if (!err)
        err = lookup(hfrom, &sf);
    if (!err)
        err = k32_host_path(to, hto, sizeof hto);
    if (err)
        return err;
    if (lstat(hto, &sd) == 0) {
        if (is_special(&sd))
            return ERROR_ACCESS_DENIED;
        if (sd.st_dev == sf.st_dev && sd.st_ino == sf.st_ino)
            return strcmp(hfrom, hto) == 0 ? rename_case(hfrom, to) : 0;
        if ((err = replace_target(hto, &sf, &sd, flags)) != 0)
            return err;
    }
    if (rename(hfrom, hto) == 0)
        return 0;
    if (errno != EXDEV)
        return errno == ENOENT ? ERROR_PATH_NOT_FOUND : errno_to_win32(errno);
    if (!(flags & MOVEFILE_COPY_ALLOWED) || S_ISDIR(sf.st_mode))
        return ERROR_NOT_SAME_DEVICE;
    err = copy_host_file(hfrom, hto, &sf);
    if (!err && unlink(hfrom) != 0)
        err = errno_to_win32(errno);
    return err;
}

static uint32_t copy_file(const char *from, const char *to, bool fail_if_exists)
{
    char hfrom[PATH_MAX], hto[PATH_MAX];
    struct stat sf, sd;
    uint32_t err = k32_host_path(from, hfrom, sizeof hfrom);
    if (!err)
        err = stat(hfrom, &sf) == 0 ? 0 : errno == ENOENT ? ERROR_FILE_NOT_FOUND : errno_to_win32(errno);
    if (!err && (S_ISDIR(sf.st_mode) || is_special(&sf)))
        err = ERROR_ACCESS_DENIED;
    if (!err)
        err = k32_host_path(to, hto, sizeof hto);
    if (err)
        return err;
    if (stat(hto, &sd) == 0) {
        if (fail_if_exists)
            return ERROR_FILE_EXISTS;
        if (sd.st_dev == sf.st_dev && sd.st_ino == sf.st_ino)
            return ERROR_SHARING_VIOLATION; /* the source is open for reading */
        if (S_ISDIR(sd.st_mode) || is_special(&sd) || k32_readonly(&sd))
            return ERROR_ACCESS_DENIED;
    }
    return copy_host_file(hfrom, hto, &sf);
}

/* Runs a one-path operation on an A or W path argument. */
static uint64_t path_op(struct thunk_call *c, unsigned i, bool wide, uint32_t (*op)(const char *))
{
    uint32_t err;
    char *p = k32_path_arg(arg(c, i), wide, &err);
    if (!p)
        return fail(err);
    err = op(p);
    free(p);
    return result(err);
}

uint64_t kernel32_DeleteFileA(struct thunk_call *c) { return path_op(c, 0, false, fs_delete_file); }
uint64_t kernel32_DeleteFileW(struct thunk_call *c) { return path_op(c, 0, true, fs_delete_file); }

static uint64_t move_file(struct thunk_call *c, bool wide, uint32_t flags)
{
    uint32_t err;
    char *from = k32_path_arg(arg(c, 0), wide, &err);
    if (!from)
        return fail(err);
    char *to = NULL;
    if (arg(c, 1) && !(to = k32_path_arg(arg(c, 1), wide, &err))) {
        free(from);
        return fail(err);
    }
    err = fs_move_file(from, to, flags);
    free(from);
    free(to);
    return result(err);
}

uint64_t kernel32_MoveFileA(struct thunk_call *c) { return move_file(c, false, MOVEFILE_COPY_ALLOWED); }
uint64_t kernel32_MoveFileW(struct thunk_call *c) { return move_file(c, true, MOVEFILE_COPY_ALLOWED); }
uint64_t kernel32_MoveFileExA(struct thunk_call *c) { return move_file(c, false, arg(c, 2)); }
uint64_t kernel32_MoveFileExW(struct thunk_call *c) { return move_file(c, true, arg(c, 2)); }

static uint64_t copy_file_call(struct thunk_call *c, bool wide)
{
    uint32_t err;
    char *from = k32_path_arg(arg(c, 0), wide, &err);
    if (!from)
        return fail(err);
    char *to = k32_path_arg(arg(c, 1), wide, &err);
    if (to)
        err = copy_file(from, to, arg(c, 2) != 0);
    free(from);
    free(to);
    return result(err);
}

uint64_t kernel32_CopyFileA(struct thunk_call *c) { return copy_file_call(c, false); }
uint64_t kernel32_CopyFileW(struct thunk_call *c) { return copy_file_call(c, true); }

/* ---- attributes ---------------------------------------------------------- */

uint32_t fs_get_attributes(const char *win, uint32_t *attrs, struct stat *st)
{
    char host[PATH_MAX];
    uint32_t err = k32_host_path(win, host, sizeof host);
    if (err)
        return err;
    if (stat(host, st) != 0 && lstat(host, st) != 0)
        return errno == ENOENT ? ERROR_FILE_NOT_FOUND : errno_to_win32(errno);
    *attrs = k32_attributes(st);
    return 0;
}

/* Only the read-only bit has a host equivalent (the write permission);
 * directories ignore it, as the bit means nothing for a directory's
 * contents on Windows. */
uint32_t fs_set_attributes(const char *win, uint32_t attrs)
{
    char host[PATH_MAX];
    struct stat st;
    uint32_t err = k32_host_path(win, host, sizeof host);
    if (!err)
        err = stat(host, &st) == 0 ? 0 : errno == ENOENT ? ERROR_FILE_NOT_FOUND : errno_to_win32(errno);
    if (err)
        return err;
    if (is_special(&st))
        return ERROR_ACCESS_DENIED;
    if (S_ISDIR(st.st_mode))
        return 0;
    mode_t mode = st.st_mode & 07777;
    if (attrs & FILE_ATTRIBUTE_READONLY)
        mode &= ~(mode_t)0222;
    else if (k32_readonly(&st))
        mode |= S_IWUSR;
    if (mode != (st.st_mode & 07777) && chmod(host, mode) != 0)
        return errno_to_win32(errno);
    return 0;
}

static uint64_t get_attributes(struct thunk_call *c, bool wide)
{
    uint32_t err, attrs = 0;
    struct stat st;
    char *p = k32_path_arg(arg(c, 0), wide, &err);
    if (p) {
        err = fs_get_attributes(p, &attrs, &st);
        free(p);
    }
    if (err) {
        teb_set_last_error(err);
        return INVALID_FILE_ATTRIBUTES;
    }
    return attrs;
}

uint64_t kernel32_GetFileAttributesA(struct thunk_call *c) { return get_attributes(c, false); }
uint64_t kernel32_GetFileAttributesW(struct thunk_call *c) { return get_attributes(c, true); }

static uint64_t get_attributes_ex(struct thunk_call *c, bool wide)
{
    uint32_t err, attrs = 0;
    struct stat st;
    if (arg(c, 1) != 0) /* GetFileExInfoStandard is the only level */
        return fail(ERROR_INVALID_PARAMETER);
    char *p = k32_path_arg(arg(c, 0), wide, &err);
    if (!p)
        return fail(err);
    err = fs_get_attributes(p, &attrs, &st);
    free(p);
    if (err)
        return fail(err);
    uint64_t t[3] = { k32_filetime(st.st_ctim.tv_sec < st.st_mtim.tv_sec ? &st.st_ctim : &st.st_mtim),
                      k32_filetime(&st.st_atim), k32_filetime(&st.st_mtim) };
    uint64_t size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
    uint32_t v[9] = { attrs, (uint32_t)t[0], (uint32_t)(t[0] >> 32), (uint32_t)t[1], (uint32_t)(t[1] >> 32),
                      (uint32_t)t[2], (uint32_t)(t[2] >> 32), (uint32_t)(size >> 32), (uint32_t)size };
    return gm_write(arg(c, 2), v, sizeof v) ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_GetFileAttributesExA(struct thunk_call *c) { return get_attributes_ex(c, false); }
uint64_t kernel32_GetFileAttributesExW(struct thunk_call *c) { return get_attributes_ex(c, true); }

static uint64_t set_attributes(struct thunk_call *c, bool wide)
{
    uint32_t err;
    char *p = k32_path_arg(arg(c, 0), wide, &err);
    if (!p)
        return fail(err);
    err = fs_set_attributes(p, arg(c, 1));
    free(p);
    return result(err);
}

uint64_t kernel32_SetFileAttributesA(struct thunk_call *c) { return set_attributes(c, false); }
uint64_t kernel32_SetFileAttributesW(struct thunk_call *c) { return set_attributes(c, true); }

/* ---- directories ------------------------------------------------------- */

uint32_t fs_create_directory(const char *win)
{
    char host[PATH_MAX];
    uint32_t err = k32_host_path(win, host, sizeof host);
    if (err)
        return err;
    if (mkdir(host, 0777) == 0)
        return 0;
    if (errno == EEXIST)
        return ERROR_ALREADY_EXISTS;
    return errno == ENOENT ? ERROR_PATH_NOT_FOUND : errno_to_win32(errno);
}

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

uint32_t fs_remove_directory(const char *win)
{
    char host[PATH_MAX], cwd[PATH_MAX];
    struct stat st;
    uint32_t err = k32_host_path(win, host, sizeof host);
    if (!err)
        err = lookup(host, &st);
    if (err)
        return err;
    if (!S_ISDIR(st.st_mode))
        return ERROR_DIRECTORY;
    /* the process keeps its current directory open */
    if (k32_host_path(proc->cwd_win, cwd, sizeof cwd) == 0 && same_file(host, cwd))
        return ERROR_SHARING_VIOLATION;
    if (rmdir(host) == 0)
        return 0;
    return errno == ENOTEMPTY || errno == EEXIST ? ERROR_DIR_NOT_EMPTY : errno_to_win32(errno);
}

uint64_t kernel32_CreateDirectoryA(struct thunk_call *c) { return path_op(c, 0, false, fs_create_directory); }
uint64_t kernel32_CreateDirectoryW(struct thunk_call *c) { return path_op(c, 0, true, fs_create_directory); }
uint64_t kernel32_CreateDirectoryExA(struct thunk_call *c) { return path_op(c, 1, false, fs_create_directory); }
uint64_t kernel32_CreateDirectoryExW(struct thunk_call *c) { return path_op(c, 1, true, fs_create_directory); }
uint64_t kernel32_RemoveDirectoryA(struct thunk_call *c) { return path_op(c, 0, false, fs_remove_directory); }
uint64_t kernel32_RemoveDirectoryW(struct thunk_call *c) { return path_op(c, 0, true, fs_remove_directory); }

/* ---- current directory and full paths --------------------------------- */

/* The PEB's CurrentDirectory.DosPath (with its trailing backslash) follows
 * the current directory for code that reads it directly. */
static void update_peb_curdir(const char *cwd)
{
    char buf[PATH_MAX + 2];
    snprintf(buf, sizeof buf, "%s%s", cwd, cwd[strlen(cwd) - 1] == '\\' ? "" : "\\");
    size_t n;
    uint16_t *w = utf8_to_utf16(buf, &n);
    if (!w)
        return;
    gaddr us = proc->params + PARAMS_CURDIR;
    uint16_t max = 0;
    uint32_t old = 0;
    gm_read_u16(us + 2, &max);
    gm_read_u32(us + 4, &old);
    size_t need = (n + 1) * 2;
    gaddr dst = old;
    if (!old || need > max) {
        uint32_t size = need > MAX_PATH * 2 ? (uint32_t)need : MAX_PATH * 2;
        dst = heap_alloc(proc->process_heap, size, 0);
        max = (uint16_t)(size > 0xFFFF ? 0xFFFE : size);
    }
    if (dst && need <= 0xFFFF && gm_write(dst, w, need)) {
        gm_write_u16(us, (uint16_t)(n * 2));
        gm_write_u16(us + 2, max);
        gm_write_u32(us + 4, dst);
    }
    free(w);
}

uint32_t fs_set_current_directory(const char *win)
{
    char norm[PATH_MAX], host[PATH_MAX];
    struct stat st;
    uint32_t s = path_win_normalize(proc->cwd_win, win, PATH_NO_WOW64_REDIRECT, norm, sizeof norm);
    if (s)
        return ntstatus_to_win32(s);
    if (strncmp(norm, "\\\\.\\", 4) == 0)
        return ERROR_DIRECTORY;
    uint32_t err = k32_host_path(norm, host, sizeof host);
    if (err)
        return err;
    if (stat(host, &st) != 0)
        return errno == ENOENT ? ERROR_FILE_NOT_FOUND : errno_to_win32(errno);
    if (!S_ISDIR(st.st_mode))
        return ERROR_DIRECTORY;
    size_t len = strlen(norm);
    if (len > 3 && norm[len - 1] == '\\')
        norm[len - 1] = '\0';
    char *copy = strdup(norm);
    if (!copy)
        return ERROR_NOT_ENOUGH_MEMORY;
    free(proc->cwd_win);
    proc->cwd_win = copy;
    update_peb_curdir(copy);
    return 0;
}

static uint64_t get_current_directory(struct thunk_call *c, bool wide)
{
    return k32_put_string(proc->cwd_win, arg(c, 1), arg(c, 0), wide);
}

uint64_t kernel32_GetCurrentDirectoryA(struct thunk_call *c) { return get_current_directory(c, false); }
uint64_t kernel32_GetCurrentDirectoryW(struct thunk_call *c) { return get_current_directory(c, true); }
uint64_t kernel32_SetCurrentDirectoryA(struct thunk_call *c) { return path_op(c, 0, false, fs_set_current_directory); }
uint64_t kernel32_SetCurrentDirectoryW(struct thunk_call *c) { return path_op(c, 0, true, fs_set_current_directory); }

/* GetFullPathName does not validate names: wildcards and the other
 * characters the path layer refuses travel through as private-use
 * stand-ins (U+E000 + index, 3 bytes of UTF-8 each). */
static const char wild_chars[] = "*?<>\"|";

static char *hide_wild(const char *s)
{
    char *out = malloc(strlen(s) * 3 + 1), *o = out;
    if (!out)
        return NULL;
    for (; *s; s++) {
        const char *w = strchr(wild_chars, *s);
        if (w && *s) {
            *o++ = (char)0xEE;
            *o++ = (char)0x80;
            *o++ = (char)(0x80 + (w - wild_chars));
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
    return out;
}

static void show_wild(char *s)
{
    char *o = s;
    for (char *p = s; *p;) {
        unsigned char b2 = (unsigned char)p[2];
        if ((unsigned char)p[0] == 0xEE && (unsigned char)p[1] == 0x80 && b2 >= 0x80 &&
            b2 < 0x80 + sizeof wild_chars - 1) {
            *o++ = wild_chars[b2 - 0x80];
            p += 3;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
}

char *fs_full_path(const char *win, uint32_t *err)
{
    char *hidden = hide_wild(win);
    char *out = malloc(PATH_MAX * 2);
    if (!hidden || !out) {
        free(hidden);
        free(out);
        *err = ERROR_NOT_ENOUGH_MEMORY;
        return NULL;
    }
    uint32_t st = path_win_normalize(proc->cwd_win, hidden, PATH_NO_WOW64_REDIRECT, out, PATH_MAX * 2);
    free(hidden);
    if (st) {
        free(out);
        *err = ntstatus_to_win32(st);
        return NULL;
    }
    show_wild(out);
    return out;
}

/* Offset in output units of the last component, -1 if the path ends with
 * a separator (lpFilePart is then NULL). */
static long file_part_offset(const char *path, bool wide)
{
    const char *sep = strrchr(path, '\\');
    if (!sep || !sep[1])
        return -1;
    char *head = strndup(path, (size_t)(sep + 1 - path));
    if (!head)
        return -1;
    long units = -1;
    if (wide) {
        size_t n = 0;
        uint16_t *w = utf8_to_utf16(head, &n);
        if (w)
            units = (long)n;
        free(w);
    } else {
        char *a = utf8_to_ansi(head);
        if (a)
            units = (long)strlen(a);
        free(a);
    }
    free(head);
    return units;
}

static uint64_t get_full_path_name(struct thunk_call *c, bool wide)
{
    uint32_t err, cch = arg(c, 1);
    gaddr buf = arg(c, 2), part = arg(c, 3);
    char *p = k32_path_arg(arg(c, 0), wide, &err);
    char *full = p ? fs_full_path(p, &err) : NULL;
    free(p);
    if (!full)
        return fail(err);
    uint32_t r = k32_put_string(full, buf, cch, wide);
    if (r && r < cch && part) {
        long off = file_part_offset(full, wide);
        gm_write_u32(part, off < 0 ? 0 : buf + (gaddr)off * (wide ? 2 : 1));
    }
    free(full);
    return r;
}

uint64_t kernel32_GetFullPathNameA(struct thunk_call *c) { return get_full_path_name(c, false); }
uint64_t kernel32_GetFullPathNameW(struct thunk_call *c) { return get_full_path_name(c, true); }

/* GetLongPathName / GetShortPathName: there are no 8.3 aliases, so an
 * existing path is its own long and short form, returned as given. */
static uint64_t same_path_name(struct thunk_call *c, bool wide)
{
    uint32_t err, attrs;
    struct stat st;
    char *p = k32_path_arg(arg(c, 0), wide, &err);
    if (!p)
        return fail(ERROR_INVALID_PARAMETER);
    err = fs_get_attributes(p, &attrs, &st);
    uint32_t r = err ? (uint32_t)fail(err) : k32_put_string(p, arg(c, 1), arg(c, 2), wide);
    free(p);
    return r;
}

uint64_t kernel32_GetLongPathNameA(struct thunk_call *c) { return same_path_name(c, false); }
uint64_t kernel32_GetLongPathNameW(struct thunk_call *c) { return same_path_name(c, true); }
uint64_t kernel32_GetShortPathNameA(struct thunk_call *c) { return same_path_name(c, false); }
uint64_t kernel32_GetShortPathNameW(struct thunk_call *c) { return same_path_name(c, true); }

/* ---- temp paths ------------------------------------------------------- */

/* A variable of the process environment block (what SetEnvironmentVariable
 * edits), malloc'd UTF-8 or NULL. */
static char *peb_getenv(const char *name)
{
    uint32_t block = 0;
    size_t nlen = strlen(name);
    gm_read_u32(proc->params + PARAMS_ENVIRONMENT, &block);
    for (gaddr p = block; p;) {
        long n = gm_wcsnlen(p, 1u << 16);
        if (n <= 0)
            return NULL;
        char *entry = gm_wcs_to_utf8(p);
        if (entry && strncasecmp(entry, name, nlen) == 0 && entry[nlen] == '=') {
            char *v = strdup(entry + nlen + 1);
            free(entry);
            return v;
        }
        free(entry);
        p += (gaddr)(n + 1) * 2;
    }
    return NULL;
}

/* GetTempPath's lookup order (see kernel32/fs.h). */
char *fs_temp_dir(void)
{
    static const char *const vars[] = { "TMP", "TEMP", "USERPROFILE" };
    char *dir = NULL;
    for (size_t i = 0; i < 3 && !dir; i++) {
        char *v = peb_getenv(vars[i]);
        uint32_t err;
        dir = v && *v ? fs_full_path(v, &err) : NULL;
        free(v);
    }
    if (!dir) {
        dir = malloc(PATH_MAX);
        if (!dir)
            return NULL;
        snprintf(dir, PATH_MAX, "C:\\Users\\%s\\AppData\\Local\\Temp", proc->prefix->user);
    }
    size_t n = strlen(dir);
    if (n && dir[n - 1] != '\\') {
        char *d = realloc(dir, n + 2);
        if (!d) {
            free(dir);
            return NULL;
        }
        dir = d;
        strcpy(dir + n, "\\");
    }
    return dir;
}

static uint64_t get_temp_path(struct thunk_call *c, bool wide)
{
    char *t = fs_temp_dir();
    if (!t)
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    uint32_t r = k32_put_string(t, arg(c, 1), arg(c, 0), wide);
    free(t);
    return r;
}

uint64_t kernel32_GetTempPathA(struct thunk_call *c) { return get_temp_path(c, false); }
uint64_t kernel32_GetTempPathW(struct thunk_call *c) { return get_temp_path(c, true); }

/* <path>\<up to 3 prefix chars><hex>.tmp */
static char *temp_name(const char *dir, const char *prefix, uint32_t unique)
{
    char pre[16] = "";
    size_t k = 0;
    /* three characters, not bytes: keep whole UTF-8 sequences */
    for (size_t chars = 0; prefix[k] && chars < 3; chars++) {
        k++;
        while (((unsigned char)prefix[k] & 0xC0) == 0x80)
            k++;
    }
    memcpy(pre, prefix, k < sizeof pre ? k : sizeof pre - 1);
    size_t n = strlen(dir);
    const char *sep = n && dir[n - 1] != '\\' && dir[n - 1] != '/' ? "\\" : "";
    char *out = malloc(n + 32);
    if (out)
        snprintf(out, n + 32, "%s%s%s%X.tmp", dir, sep, pre, unique & 0xFFFFu);
    return out;
}

/* Tries numbers from a time-based start until CREATE_NEW succeeds. */
static uint32_t create_unique(const char *dir, const char *prefix, char **name)
{
    static uint32_t counter;
    if (!counter)
        counter = (uint32_t)time(NULL) ^ ((uint32_t)getpid() << 4);
    for (uint32_t tries = 0; tries < 0x10000; tries++) {
        uint32_t num = ++counter & 0xFFFF;
        if (!num)
            continue;
        char *cand = temp_name(dir, prefix, num);
        uint32_t err;
        if (!cand)
            return 0;
        uint32_t h = k32_create_file(cand, GENERIC_WRITE, CREATE_NEW, 0, &err);
        if (h) {
            handle_close(h);
            *name = cand;
            return num;
        }
        free(cand);
        if (err != ERROR_FILE_EXISTS && err != ERROR_ACCESS_DENIED) {
            teb_set_last_error(err == ERROR_PATH_NOT_FOUND || err == ERROR_FILE_NOT_FOUND ? ERROR_DIRECTORY : err);
            return 0;
        }
    }
    teb_set_last_error(ERROR_FILE_EXISTS);
    return 0;
}

static uint64_t get_temp_file_name(struct thunk_call *c, bool wide)
{
    uint32_t err, unique = arg(c, 2);
    char *dir = k32_path_arg(arg(c, 0), wide, &err);
    if (!dir)
        return fail(ERROR_INVALID_PARAMETER);
    char *prefix = arg(c, 1) ? k32_path_arg(arg(c, 1), wide, &err) : strdup("");
    char *name = NULL;
    uint32_t r = 0;
    if (!prefix)
        teb_set_last_error(err);
    else if (unique)
        r = (name = temp_name(dir, prefix, unique)) ? unique : (uint32_t)fail(ERROR_NOT_ENOUGH_MEMORY);
    else
        r = create_unique(dir, prefix, &name);
    uint32_t put = r ? k32_put_string(name, arg(c, 3), MAX_PATH, wide) : 0;
    if (r && (put == 0 || put >= MAX_PATH)) /* 0: bad buffer, error already set */
        r = put ? (uint32_t)fail(ERROR_BUFFER_OVERFLOW) : 0;
    free(dir);
    free(prefix);
    free(name);
    return r;
}

uint64_t kernel32_GetTempFileNameA(struct thunk_call *c) { return get_temp_file_name(c, false); }
uint64_t kernel32_GetTempFileNameW(struct thunk_call *c) { return get_temp_file_name(c, true); }

/* ---- drives -------------------------------------------------------------- */

static uint32_t drive_mask(void)
{
    return 1u << 2 | (proc->prefix->map_z_to_root ? 1u << 25 : 0);
}

/* "X:" or "X:\" → drive index, -1 for anything else. */
static int root_drive(const char *s)
{
    char d = s[0];
    if (d >= 'a' && d <= 'z')
        d = (char)(d - 'a' + 'A');
    if (d < 'A' || d > 'Z' || s[1] != ':' || (s[2] && (s[2] != '\\' && s[2] != '/')) || (s[2] && s[3]))
        return -1;
    return d - 'A';
}

static uint64_t get_drive_type(struct thunk_call *c, bool wide)
{
    uint32_t err;
    char *p = arg(c, 0) ? k32_path_arg(arg(c, 0), wide, &err) : strdup(proc->cwd_win);
    if (!p)
        return DRIVE_UNKNOWN;
    if (!arg(c, 0) && strlen(p) > 3)
        p[3] = '\0';
    int d = root_drive(p);
    free(p);
    if (d < 0 || !(drive_mask() & (1u << d)))
        return DRIVE_NO_ROOT_DIR;
    return DRIVE_FIXED;
}

uint64_t kernel32_GetDriveTypeA(struct thunk_call *c) { return get_drive_type(c, false); }
uint64_t kernel32_GetDriveTypeW(struct thunk_call *c) { return get_drive_type(c, true); }
uint64_t kernel32_GetLogicalDrives(struct thunk_call *c) { (void)c; return drive_mask(); }

/* "C:\<NUL>Z:\<NUL><NUL>": the length without the final NUL, or the size
 * needed when the buffer is too small. */
static uint64_t get_logical_drive_strings(struct thunk_call *c, bool wide)
{
    uint32_t cch = arg(c, 0), mask = drive_mask(), n = 0;
    uint16_t buf[26 * 4 + 1];
    for (int d = 0; d < 26; d++) {
        if (!(mask & (1u << d)))
            continue;
        buf[n++] = (uint16_t)('A' + d);
        buf[n++] = ':';
        buf[n++] = '\\';
        buf[n++] = 0;
    }
    buf[n] = 0;
    if (n + 1 > cch)
        return n + 1;
    for (uint32_t i = 0; i <= n; i++) {
        bool ok = wide ? gm_write_u16(arg(c, 1) + 2 * i, buf[i]) : gm_write_u8(arg(c, 1) + i, (uint8_t)buf[i]);
        if (!ok)
            return fail(ERROR_NOACCESS);
    }
    return n;
}

uint64_t kernel32_GetLogicalDriveStringsA(struct thunk_call *c) { return get_logical_drive_strings(c, false); }
uint64_t kernel32_GetLogicalDriveStringsW(struct thunk_call *c) { return get_logical_drive_strings(c, true); }

static bool put_u64(gaddr at, uint64_t v)
{
    return !at || (gm_write_u32(at, (uint32_t)v) && gm_write_u32(at + 4, (uint32_t)(v >> 32)));
}

/* Free space of the host file system behind a directory. */
static uint64_t get_disk_free_space_ex(struct thunk_call *c, bool wide)
{
    char host[PATH_MAX];
    uint32_t err = 0;
    char *p = arg(c, 0) ? k32_path_arg(arg(c, 0), wide, &err) : strdup(proc->cwd_win);
    if (!p)
        return fail(err ? err : ERROR_NOT_ENOUGH_MEMORY);
    err = k32_host_path(p, host, sizeof host);
    free(p);
    struct statvfs vfs;
    if (!err && statvfs(host, &vfs) != 0)
        err = errno == ENOENT ? ERROR_PATH_NOT_FOUND : errno_to_win32(errno);
    if (err)
        return fail(err);
    uint64_t bs = vfs.f_frsize ? vfs.f_frsize : vfs.f_bsize;
    if (!put_u64(arg(c, 1), bs * vfs.f_bavail) || !put_u64(arg(c, 2), bs * vfs.f_blocks) ||
        !put_u64(arg(c, 3), bs * vfs.f_bfree))
        return fail(ERROR_NOACCESS);
    return 1;
}

uint64_t kernel32_GetDiskFreeSpaceExA(struct thunk_call *c) { return get_disk_free_space_ex(c, false); }
uint64_t kernel32_GetDiskFreeSpaceExW(struct thunk_call *c) { return get_disk_free_space_ex(c, true); }
