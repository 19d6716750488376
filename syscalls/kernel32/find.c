/* FindFirstFile & co: one directory read at the first call, filtered with
 * Windows' wildcard rules (the DOS_STAR / DOS_QM / DOS_DOT forms kernel32
 * hands to the file system, case-insensitive) and sorted as NTFS lists. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/handles.h"
#include "core/process.h"
#include "core/unicode.h"
#include "redirect/path.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/fs.h"
#include "syscalls/win32_errors.h"

/* Pattern tokens beyond the character range. */
#define TOK_STAR     0x110000u /* any run of characters */
#define TOK_DOS_STAR 0x110001u /* any run, not past the name's last dot */
#define TOK_DOS_QM   0x110002u /* one character, or none at a dot or the end */
#define TOK_DOS_DOT  0x110003u /* a dot, or nothing at the end */

struct fs_find {
    struct fs_entry *e;
    size_t n, next;
};

/* Upper case as NTFS's table has it for the Latin-1, Greek and Cyrillic
 * letters programs meet; other characters compare as they are. */
static uint32_t upcase(uint32_t c)
{
    if (c >= 'a' && c <= 'z')
        return c - 32;
    if ((c >= 0xE0 && c <= 0xFE && c != 0xF7) || (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) ||
        (c >= 0x430 && c <= 0x44F))
        return c - 32;
    if (c >= 0x450 && c <= 0x45F)
        return c - 80;
    if (c == 0xFF)
        return 0x178;
    return c;
}

/* The mask as FindFirstFileEx rewrites it before the directory query. */
static uint32_t *compile_mask(const uint16_t *m, size_t n, size_t *out_n)
{
    uint32_t *t = malloc((n + 1) * sizeof *t);
    if (!t)
        return NULL;
    static const uint16_t star_dot_star[] = { '*', '.', '*' };
    if (n == 3 && memcmp(m, star_dot_star, sizeof star_dot_star) == 0)
        n = 1;
    for (size_t i = 0; i < n; i++) {
        uint16_t ch = m[i], next = i + 1 < n ? m[i + 1] : 0;
        switch (ch) {
        case '?': case '>': t[i] = TOK_DOS_QM; break;
        case '<': t[i] = TOK_DOS_STAR; break;
        case '"': t[i] = TOK_DOS_DOT; break;
        case '*': t[i] = next == '.' ? TOK_DOS_STAR : TOK_STAR; break;
        case '.': t[i] = (next == '?' || next == '*' || next == 0) ? TOK_DOS_DOT : '.'; break;
        default: t[i] = upcase(ch);
        }
    }
    *out_n = n;
    return t;
}

static bool match(const uint32_t *p, size_t np, const uint16_t *s, size_t ns)
{
    while (np) {
        switch (p[0]) {
        case TOK_STAR:
            for (size_t k = 0; k <= ns; k++)
                if (match(p + 1, np - 1, s + k, ns - k))
                    return true;
            return false;
        case TOK_DOS_STAR: {
            size_t last = ns;
            for (size_t k = 0; k < ns; k++)
                if (s[k] == '.')
                    last = k;
            for (size_t k = 0; k <= last; k++)
                if (match(p + 1, np - 1, s + k, ns - k))
                    return true;
            return false;
        }
        case TOK_DOS_QM:
            if (ns && s[0] != '.') {
                s++;
                ns--;
            }
            break;
        case TOK_DOS_DOT:
            if (ns) {
                if (s[0] != '.')
                    return false;
                s++;
                ns--;
            }
            break;
        default:
            if (!ns || upcase(s[0]) != p[0])
                return false;
            s++;
            ns--;
        }
        p++;
        np--;
    }
    return ns == 0;
}

/* Host names Windows could not show (separators, wildcards, ':') are
 * left out of listings. */
static bool win_name_ok(const char *name)
{
    return !strpbrk(name, "\\:*?\"<>|");
}

static int cmp_upper(const uint16_t *a, const uint16_t *b)
{
    for (;; a++, b++) {
        uint32_t x = upcase(*a), y = upcase(*b);
        if (x != y || !x)
            return x < y ? -1 : x > y;
    }
}

static int rank(const char *n)
{
    return strcmp(n, ".") == 0 ? 0 : strcmp(n, "..") == 0 ? 1 : 2;
}

static int cmp_entries(const void *pa, const void *pb)
{
    const struct fs_entry *a = pa, *b = pb;
    int ra = rank(a->name), rb = rank(b->name);
    if (ra != 2 || rb != 2)
        return ra - rb;
    uint16_t *wa = utf8_to_utf16(a->name, NULL), *wb = utf8_to_utf16(b->name, NULL);
    int r = wa && wb ? cmp_upper(wa, wb) : strcmp(a->name, b->name);
    free(wa);
    free(wb);
    return r;
}

static void find_free(struct fs_find *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++)
        free(f->e[i].name);
    free(f->e);
    free(f);
}

static bool add_entry(struct fs_find *f, const char *dir, const char *name)
{
    char path[PATH_MAX];
    struct fs_entry e;
    int len = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (len < 0 || (size_t)len >= sizeof path)
        return true; /* beyond PATH_MAX: not reachable by name anyway */
    if (stat(path, &e.st) != 0 && lstat(path, &e.st) != 0)
        return true; /* vanished meanwhile */
    e.name = strdup(name);
    struct fs_entry *grown = realloc(f->e, (f->n + 1) * sizeof *grown);
    if (!e.name || !grown) {
        free(e.name);
        if (grown)
            f->e = grown;
        return false;
    }
    f->e = grown;
    f->e[f->n++] = e;
    return true;
}

static uint32_t read_matches(struct fs_find *f, const char *hostdir, bool root, const uint32_t *tok,
                             size_t ntok)
{
    DIR *d = opendir(hostdir);
    if (!d)
        return errno == ENOENT ? ERROR_PATH_NOT_FOUND : errno == ENOTDIR ? ERROR_DIRECTORY : errno_to_win32(errno);
    struct dirent *de;
    uint32_t err = 0;
    while (!err && (de = readdir(d)) != NULL) {
        const char *name = de->d_name;
        if ((root && rank(name) < 2) || !win_name_ok(name))
            continue;
        size_t n = 0;
        uint16_t *w = utf8_to_utf16(name, &n);
        if (w && match(tok, ntok, w, n) && !add_entry(f, hostdir, name))
            err = ERROR_NOT_ENOUGH_MEMORY;
        free(w);
    }
    closedir(d);
    return err;
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

static uint32_t search(const char *pattern, struct fs_find *f)
{
    char *dir;
    const char *mask;
    char norm[PATH_MAX], host[PATH_MAX];
    split_pattern(pattern, &dir, &mask);
    if (!dir)
        return ERROR_NOT_ENOUGH_MEMORY;
    const char *d = *dir ? dir : ".";
    uint32_t st = path_win_normalize(proc->cwd_win, d, PATH_NO_WOW64_REDIRECT, norm, sizeof norm);
    if (!st)
        st = path_win_to_host(proc->prefix, proc->cwd_win, d, 0, host, sizeof host);
    free(dir);
    if (st == PATH_STATUS_DEVICE)
        return ERROR_PATH_NOT_FOUND;
    if (st)
        return ntstatus_to_win32(st);
    size_t n = 0;
    uint16_t *wm = utf8_to_utf16(mask, &n);
    uint32_t *tok = wm ? compile_mask(wm, n, &n) : NULL;
    free(wm);
    if (!tok)
        return ERROR_NOT_ENOUGH_MEMORY;
    bool root = strlen(norm) == 3 && norm[1] == ':';
    uint32_t err = *mask ? read_matches(f, host, root, tok, n) : 0;
    free(tok);
    if (!err && f->n == 0)
        err = ERROR_FILE_NOT_FOUND;
    return err;
}

uint32_t fs_find_first(const char *pattern, struct fs_find **out)
{
    struct fs_find *f = calloc(1, sizeof *f);
    if (!f)
        return ERROR_NOT_ENOUGH_MEMORY;
    uint32_t err = search(pattern, f);
    if (err) {
        find_free(f);
        return err;
    }
    qsort(f->e, f->n, sizeof *f->e, cmp_entries);
    *out = f;
    return 0;
}

const struct fs_entry *fs_find_next(struct fs_find *f)
{
    return f->next < f->n ? &f->e[f->next++] : NULL;
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

#define FD_NAME     44u  /* cFileName */
#define FD_SIZE_A   320u
#define FD_SIZE_W   592u

static bool fill_find_data(gaddr out, const struct fs_entry *e, bool wide)
{
    uint8_t buf[FD_SIZE_W];
    memset(buf, 0, sizeof buf);
    const struct stat *st = &e->st;
    const struct timespec *ct = st->st_ctim.tv_sec < st->st_mtim.tv_sec ? &st->st_ctim : &st->st_mtim;
    uint64_t t[3] = { k32_filetime(ct), k32_filetime(&st->st_atim), k32_filetime(&st->st_mtim) };
    uint64_t size = S_ISREG(st->st_mode) ? (uint64_t)st->st_size : 0;
    uint32_t v[11] = { k32_attributes(st), (uint32_t)t[0], (uint32_t)(t[0] >> 32), (uint32_t)t[1],
                       (uint32_t)(t[1] >> 32), (uint32_t)t[2], (uint32_t)(t[2] >> 32),
                       (uint32_t)(size >> 32), (uint32_t)size, 0, 0 };
    memcpy(buf, v, sizeof v);
    if (wide) {
        size_t n = 0;
        uint16_t *w = utf8_to_utf16(e->name, &n);
        if (!w)
            return false;
        memcpy(buf + FD_NAME, w, (n < 259 ? n : 259) * 2);
        free(w);
    } else {
        char *a = utf8_to_ansi(e->name);
        if (!a)
            return false;
        size_t n = strlen(a);
        memcpy(buf + FD_NAME, a, n < 259 ? n : 259);
        free(a);
    }
    return gm_write(out, buf, wide ? FD_SIZE_W : FD_SIZE_A);
}

static uint64_t find_first(struct thunk_call *c, bool wide, gaddr out)
{
    uint32_t err;
    struct fs_find *f;
    char *p = k32_path_arg(arg(c, 0), wide, &err);
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

uint64_t kernel32_FindFirstFileA(struct thunk_call *c) { return find_first(c, false, arg(c, 1)); }
uint64_t kernel32_FindFirstFileW(struct thunk_call *c) { return find_first(c, true, arg(c, 1)); }

/* Both information levels fill the same fields here (there are no short
 * names); the directory-only search is advisory, as on NTFS. */
static uint64_t find_first_ex(struct thunk_call *c, bool wide)
{
    if (arg(c, 1) > 1 || arg(c, 3) > 1 || arg(c, 4) != 0 || (arg(c, 5) & ~3u)) {
        teb_set_last_error(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    return find_first(c, wide, arg(c, 2));
}

uint64_t kernel32_FindFirstFileExA(struct thunk_call *c) { return find_first_ex(c, false); }
uint64_t kernel32_FindFirstFileExW(struct thunk_call *c) { return find_first_ex(c, true); }

static uint64_t find_next(struct thunk_call *c, bool wide)
{
    struct fs_find *f = fs_find_from_handle(arg(c, 0));
    if (!f) {
        teb_set_last_error(ERROR_INVALID_HANDLE);
        return 0;
    }
    const struct fs_entry *e = fs_find_next(f);
    if (!e) {
        teb_set_last_error(ERROR_NO_MORE_FILES);
        return 0;
    }
    if (!fill_find_data(arg(c, 1), e, wide)) {
        teb_set_last_error(ERROR_NOACCESS);
        return 0;
    }
    return 1;
}

uint64_t kernel32_FindNextFileA(struct thunk_call *c) { return find_next(c, false); }
uint64_t kernel32_FindNextFileW(struct thunk_call *c) { return find_next(c, true); }

uint64_t kernel32_FindClose(struct thunk_call *c)
{
    if (!handle_get(arg(c, 0), HANDLE_FIND) || !handle_close(arg(c, 0))) {
        teb_set_last_error(ERROR_INVALID_HANDLE);
        return 0;
    }
    return 1;
}
