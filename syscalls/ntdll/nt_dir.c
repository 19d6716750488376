/* NtQueryDirectoryFile's host side: one directory read per scan, filtered
 * with the file-system wildcard rules (*, ?, and the DOS_STAR / DOS_QM /
 * DOS_DOT forms '<' '>' '"' kernelbase writes, case-insensitive) and sorted
 * as NTFS lists: ".", "..", then upper-case order. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "core/unicode.h"
#include "syscalls/ntdll/nt_file.h"

/* Pattern tokens beyond the character range. */
#define TOK_STAR     0x110000u /* any run of characters */
#define TOK_QM       0x110001u /* exactly one character */
#define TOK_DOS_STAR 0x110002u /* any run, not past the name's last dot */
#define TOK_DOS_QM   0x110003u /* one character, or none at a dot or the end */
#define TOK_DOS_DOT  0x110004u /* a dot, or nothing at the end */

struct entry {
    char *name;
    FILE_NETWORK_OPEN_INFORMATION32 info;
    uint64_t id;
};

struct nt_dir {
    struct entry *e;
    size_t n, next;
    bool scanned;
    char *mask; /* the first call's pattern: a restart without one keeps it */
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

static uint32_t *compile(const uint16_t *m, size_t n)
{
    uint32_t *t = malloc((n + 1) * sizeof *t);
    if (!t)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        switch (m[i]) {
        case '*': t[i] = TOK_STAR; break;
        case '?': t[i] = TOK_QM; break;
        case '<': t[i] = TOK_DOS_STAR; break;
        case '>': t[i] = TOK_DOS_QM; break;
        case '"': t[i] = TOK_DOS_DOT; break;
        default: t[i] = upcase(m[i]);
        }
    }
    return t;
}

/* One pattern token applied to every position the pattern prefix could
 * reach: reach[j] says "the tokens so far can consume exactly s[0..j)".
 * Walking tokens over a reach set keeps matching O(tokens * length), where
 * backtracking over several stars is exponential (issue 14). */
static void step(uint32_t tok, const uint16_t *s, size_t ns, const bool *reach, bool *next)
{
    memset(next, 0, ns + 1);
    size_t last_dot = ns;
    for (size_t k = 0; k < ns; k++)
        if (s[k] == '.')
            last_dot = k;
    bool any = false;
    for (size_t j = 0; j <= ns; j++) {
        any = any || reach[j];
        switch (tok) {
        case TOK_STAR: /* any run, including none */
            next[j] = any;
            break;
        case TOK_DOS_STAR: /* any run that stops at or before the last dot */
            if (reach[j])
                for (size_t k = j; k <= (last_dot >= j ? last_dot : ns) && !next[k]; k++)
                    next[k] = true;
            break;
        case TOK_QM:
            if (reach[j] && j < ns)
                next[j + 1] = true;
            break;
        case TOK_DOS_QM: /* one character, but never a dot; nothing at a dot or the end */
            if (reach[j])
                next[j < ns && s[j] != '.' ? j + 1 : j] = true;
            break;
        case TOK_DOS_DOT: /* the dot, or nothing at the end of the name */
            if (reach[j] && (j == ns || s[j] == '.'))
                next[j < ns ? j + 1 : j] = true;
            break;
        default:
            if (reach[j] && j < ns && upcase(s[j]) == tok)
                next[j + 1] = true;
        }
    }
}

static bool match(const uint32_t *p, size_t np, const uint16_t *s, size_t ns)
{
    bool *reach = calloc(2 * (ns + 1), 1);
    if (!reach)
        return false;
    bool *next = reach + ns + 1;
    reach[0] = true;
    for (size_t i = 0; i < np; i++) {
        step(p[i], s, ns, reach, next);
        memcpy(reach, next, ns + 1);
    }
    bool ok = reach[ns];
    free(reach);
    return ok;
}

bool nt_name_in_expression(const char *pattern, const char *name)
{
    size_t np = 0, n = 0;
    uint16_t *wp = utf8_to_utf16(pattern, &np);
    uint16_t *w = utf8_to_utf16(name, &n);
    uint32_t *tok = wp ? compile(wp, np) : NULL;
    bool ok = tok && w && match(tok, np, w, n);
    free(tok);
    free(wp);
    free(w);
    return ok;
}

/* Host names Windows could not show (separators, wildcards, ':') are left
 * out of listings. */
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
    const struct entry *a = pa, *b = pb;
    int ra = rank(a->name), rb = rank(b->name);
    if (ra != 2 || rb != 2)
        return ra - rb;
    uint16_t *wa = utf8_to_utf16(a->name, NULL), *wb = utf8_to_utf16(b->name, NULL);
    int r = wa && wb ? cmp_upper(wa, wb) : strcmp(a->name, b->name);
    free(wa);
    free(wb);
    return r;
}

static void dir_clear(struct nt_dir *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->e[i].name);
    free(d->e);
    d->e = NULL;
    d->n = d->next = 0;
    d->scanned = false;
}

void nt_dir_release(struct handle_obj *o)
{
    void **slot = nt_file_dir_slot(o);
    if (!slot || !*slot)
        return;
    dir_clear(*slot);
    free(((struct nt_dir *)*slot)->mask);
    free(*slot);
    *slot = NULL;
}

static bool add_entry(struct nt_dir *d, int dirfd, const char *name)
{
    struct stat st;
    if (fstatat(dirfd, name, &st, 0) != 0 && fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return true; /* vanished meanwhile */
    struct entry e = { strdup(name), { 0 }, (uint64_t)st.st_ino };
    nt_stat_to_info(&st, &e.info);
    struct entry *grown = e.name ? realloc(d->e, (d->n + 1) * sizeof *grown) : NULL;
    if (!grown) {
        free(e.name);
        return false;
    }
    d->e = grown;
    d->e[d->n++] = e;
    return true;
}

/* "\??\C:" or "\??\C:\": the drive root lists no "." and "..". */
static bool is_root(const char *nt)
{
    size_t n = nt ? strlen(nt) : 0;
    return nt && strncmp(nt, "\\??\\", 4) == 0 && (n == 6 || (n == 7 && nt[6] == '\\')) && nt[5] == ':';
}

static NTSTATUS scan(struct handle_obj *o, struct nt_dir *d, const char *pattern)
{
    size_t np = 0;
    uint16_t *wp = utf8_to_utf16(pattern && *pattern ? pattern : "*", &np);
    uint32_t *tok = wp ? compile(wp, np) : NULL;
    free(wp);
    int fd = tok ? openat(o->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
    if (!dir) {
        if (fd >= 0)
            close(fd);
        free(tok);
        return tok ? STATUS_INVALID_PARAMETER : STATUS_NO_MEMORY;
    }
    bool root = is_root(nt_file_nt_path(o));
    NTSTATUS st = 0;
    struct dirent *de;
    while (!st && (de = readdir(dir)) != NULL) {
        const char *name = de->d_name;
        if ((root && rank(name) < 2) || !win_name_ok(name))
            continue;
        size_t n = 0;
        uint16_t *w = utf8_to_utf16(name, &n);
        if (w && match(tok, np, w, n) && !add_entry(d, dirfd(dir), name))
            st = STATUS_NO_MEMORY;
        free(w);
    }
    closedir(dir);
    free(tok);
    if (d->n) /* qsort wants a real array even for no entries */
        qsort(d->e, d->n, sizeof *d->e, cmp_entries);
    d->scanned = true;
    return st;
}

NTSTATUS nt_query_directory_entry(uint32_t h, const char *pattern, bool restart, struct nt_dir_entry *out)
{
    NTSTATUS st;
    struct handle_obj *o = nt_file_object(h, &st);
    if (!o)
        return st;
    void **slot = nt_file_dir_slot(o);
    struct stat sb;
    if (!slot || fstat(o->fd, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return STATUS_INVALID_PARAMETER;
    if (!*slot && !(*slot = calloc(1, sizeof(struct nt_dir))))
        return STATUS_NO_MEMORY;
    struct nt_dir *d = *slot;
    bool first = !d->scanned || restart;
    if (first) {
        dir_clear(d);
        if (pattern || !d->mask) {
            free(d->mask);
            d->mask = strdup(pattern ? pattern : "*");
            if (!d->mask)
                return STATUS_NO_MEMORY;
        }
        if ((st = scan(o, d, d->mask)) != 0)
            return st;
    }
    if (d->next >= d->n)
        return first ? STATUS_NO_SUCH_FILE : STATUS_NO_MORE_FILES;
    const struct entry *e = &d->e[d->next++];
    out->name = e->name;
    out->info = e->info;
    out->file_id = e->id;
    return 0;
}

void nt_query_directory_unget(uint32_t h)
{
    NTSTATUS st;
    struct handle_obj *o = nt_file_object(h, &st);
    void **slot = o ? nt_file_dir_slot(o) : NULL;
    struct nt_dir *d = slot ? *slot : NULL;
    if (d && d->next)
        d->next--;
}
