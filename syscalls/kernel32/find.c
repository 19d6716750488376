/* FindFirstFile & co on NtQueryDirectoryFile's service: the mask is
 * rewritten into the DOS_STAR / DOS_QM / DOS_DOT forms as kernelbase does,
 * and the directory is read through an NT directory handle. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "core/handles.h"
#include "core/process.h"
#include "core/unicode.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/fs.h"
#include "syscalls/kernel32/struct32_file.h"
#include "syscalls/ntdll/nt_file.h"
#include "syscalls/ntdll/status.h"
#include "syscalls/win32_errors.h"

struct fs_find {
    uint32_t dir;      /* NT directory handle */
    struct fs_entry e; /* the entry last returned */
    bool first_pending; /* the first entry was read by fs_find_first */
};

/* "*.*" is "*"; '?' is DOS_QM ('>'); a '.' before '?', '*' or the end is
 * DOS_DOT ('"'); a '*' before a '.' is DOS_STAR ('<'). */
static char *dos_mask(const char *m)
{
    if (strcmp(m, "*.*") == 0)
        m = "*";
    char *t = strdup(m);
    if (!t)
        return NULL;
    for (size_t i = 0; t[i]; i++) {
        char next = m[i + 1];
        if (m[i] == '?')
            t[i] = '>';
        else if (m[i] == '.' && (next == '?' || next == '*' || next == '\0'))
            t[i] = '"';
        else if (m[i] == '*' && next == '.')
            t[i] = '<';
    }
    return t;
}

static void find_free(struct fs_find *f)
{
    if (!f)
        return;
    if (f->dir)
        nt_close(f->dir);
    free(f);
}

/* Splits "dir\mask" (or "X:mask"); dir keeps its separator. */
static void split_pattern(const char *pattern, char **dir, const char **mask)
{
    const char *cut = pattern;
    if (((pattern[0] | 0x20) >= 'a' && (pattern[0] | 0x20) <= 'z') && pattern[1] == ':')
        cut = pattern + 2;
    for (const char *q = pattern; *q; q++)
        if (*q == '\\' || *q == '/')
            cut = q + 1;
    *dir = strndup(pattern, (size_t)(cut - pattern));
    *mask = cut;
}

static uint32_t next_entry(struct fs_find *f, const char *mask)
{
    struct nt_dir_entry e;
    NTSTATUS st = nt_query_directory_entry(f->dir, mask, false, &e);
    if (st == STATUS_NO_SUCH_FILE || st == STATUS_NO_MORE_FILES)
        return st == STATUS_NO_SUCH_FILE ? ERROR_FILE_NOT_FOUND : ERROR_NO_MORE_FILES;
    if (st)
        return ntstatus_to_win32(st);
    f->e.name = e.name;
    f->e.info = e.info;
    return 0;
}

uint32_t fs_find_first(const char *pattern, struct fs_find **out)
{
    char *dir;
    const char *mask;
    split_pattern(pattern, &dir, &mask);
    struct fs_find *f = dir ? calloc(1, sizeof *f) : NULL;
    char *m = f ? dos_mask(mask) : NULL;
    if (!m) {
        free(dir);
        free(f);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    uint32_t err = fs_open_directory(*dir ? dir : ".", &f->dir);
    free(dir);
    if (!err)
        err = *mask ? next_entry(f, m) : ERROR_FILE_NOT_FOUND;
    free(m);
    if (err) {
        find_free(f);
        return err;
    }
    f->first_pending = true;
    *out = f;
    return 0;
}

const struct fs_entry *fs_find_next(struct fs_find *f)
{
    if (f->first_pending) {
        f->first_pending = false;
        return &f->e;
    }
    return next_entry(f, NULL) ? NULL : &f->e;
}

static void destroy_find(struct handle_obj *o)
{
    find_free(o->data);
    o->data = NULL;
}

uint32_t fs_find_handle(struct fs_find *f)
{
    struct handle_obj *o = calloc(1, sizeof *o);
    if (!o) {
        find_free(f);
        return 0;
    }
    o->type = HANDLE_FIND;
    o->fd = -1;
    o->data = f;
    o->destroy = destroy_find;
    uint32_t h = handle_new(o);
    if (!h) {
        find_free(f);
        free(o);
    }
    return h;
}

struct fs_find *fs_find_from_handle(uint32_t h)
{
    struct handle_obj *o = handle_get(h, HANDLE_FIND);
    return o ? o->data : NULL;
}

/* ---- WIN32_FIND_DATA ------------------------------------------------------ */

static bool fill_find_data(gaddr out, const struct fs_entry *e, bool wide)
{
    const FILE_NETWORK_OPEN_INFORMATION32 *i = &e->info;
    WIN32_FIND_DATAW32 d; /* the A layout is the same up to cFileName */
    memset(&d, 0, sizeof d);
    d.dwFileAttributes = i->FileAttributes;
    d.ftCreationTime = filetime32(i->CreationTime);
    d.ftLastAccessTime = filetime32(i->LastAccessTime);
    d.ftLastWriteTime = filetime32(i->LastWriteTime);
    d.nFileSizeHigh = (uint32_t)((uint64_t)i->EndOfFile >> 32);
    d.nFileSizeLow = (uint32_t)i->EndOfFile;
    if (wide) {
        size_t n = 0;
        uint16_t *w = utf8_to_utf16(e->name, &n);
        if (!w)
            return false;
        memcpy(d.cFileName, w, (n < 259 ? n : 259) * 2);
        free(w);
        return gm_write(out, &d, sizeof d);
    }
    WIN32_FIND_DATAA32 a;
    _Static_assert(offsetof(WIN32_FIND_DATAA32, cFileName) == offsetof(WIN32_FIND_DATAW32, cFileName),
                   "same head");
    memset(&a, 0, sizeof a);
    memcpy(&a, &d, offsetof(WIN32_FIND_DATAA32, cFileName));
    char *s = utf8_to_ansi(e->name);
    if (!s)
        return false;
    size_t n = strlen(s);
    memcpy(a.cFileName, s, n < 259 ? n : 259);
    free(s);
    return gm_write(out, &a, sizeof a);
}

static uint64_t find_first(gaddr name, gaddr out, bool wide)
{
    uint32_t err;
    struct fs_find *f;
    char *p = k32_path_arg(name, wide, &err);
    if (!p) {
        teb_set_last_error(err);
        return INVALID_HANDLE_VALUE;
    }
    err = fs_find_first(p, &f);
    free(p);
    if (!err && !fill_find_data(out, fs_find_next(f), wide)) {
        find_free(f);
        err = ERROR_NOACCESS;
    }
    uint32_t h = err ? 0 : fs_find_handle(f);
    if (!err && !h)
        err = ERROR_TOO_MANY_OPEN_FILES;
    if (err) {
        teb_set_last_error(err);
        return INVALID_HANDLE_VALUE;
    }
    return h;
}

uint64_t kernel32_FindFirstFileA(struct thunk_call *c)
{
    API_ARGS(kernel32, FindFirstFileA, a);
    return find_first(a.lpFileName, a.lpFindFileData, false);
}

uint64_t kernel32_FindFirstFileW(struct thunk_call *c)
{
    API_ARGS(kernel32, FindFirstFileW, a);
    return find_first(a.lpFileName, a.lpFindFileData, true);
}

/* Both information levels fill the same fields here (there are no short
 * names); the directory-only search is advisory, as on NTFS. */
static uint64_t find_first_ex(gaddr name, uint32_t level, gaddr out, uint32_t op, gaddr filter, uint32_t flags,
                              bool wide)
{
    if (level > 1 || op > 1 || filter != 0 || (flags & ~3u)) {
        teb_set_last_error(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    return find_first(name, out, wide);
}

uint64_t kernel32_FindFirstFileExA(struct thunk_call *c)
{
    API_ARGS(kernel32, FindFirstFileExA, a);
    return find_first_ex(a.lpFileName, a.fInfoLevelId, a.lpFindFileData, a.fSearchOp, a.lpSearchFilter,
                         a.dwAdditionalFlags, false);
}

uint64_t kernel32_FindFirstFileExW(struct thunk_call *c)
{
    API_ARGS(kernel32, FindFirstFileExW, a);
    return find_first_ex(a.lpFileName, a.fInfoLevelId, a.lpFindFileData, a.fSearchOp, a.lpSearchFilter,
                         a.dwAdditionalFlags, true);
}

static uint64_t find_next(uint32_t handle, gaddr out, bool wide)
{
    struct fs_find *f = fs_find_from_handle(handle);
    if (!f) {
        teb_set_last_error(ERROR_INVALID_HANDLE);
        return 0;
    }
    const struct fs_entry *e = fs_find_next(f);
    if (!e) {
        teb_set_last_error(ERROR_NO_MORE_FILES);
        return 0;
    }
    if (!fill_find_data(out, e, wide)) {
        teb_set_last_error(ERROR_NOACCESS);
        return 0;
    }
    return 1;
}

uint64_t kernel32_FindNextFileA(struct thunk_call *c)
{
    API_ARGS(kernel32, FindNextFileA, a);
    return find_next(a.hFindFile, a.lpFindFileData, false);
}

uint64_t kernel32_FindNextFileW(struct thunk_call *c)
{
    API_ARGS(kernel32, FindNextFileW, a);
    return find_next(a.hFindFile, a.lpFindFileData, true);
}

uint64_t kernel32_FindClose(struct thunk_call *c)
{
    API_ARGS(kernel32, FindClose, a);
    if (!handle_get(a.hFindFile, HANDLE_FIND) || !handle_close(a.hFindFile)) {
        teb_set_last_error(ERROR_INVALID_HANDLE);
        return 0;
    }
    return 1;
}
