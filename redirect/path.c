/* Windows path <-> host path translation: Win32 normalisation, the WoW64
 * file-system redirector, case-insensitive lookup and confinement. */
#define _XOPEN_SOURCE 700

#include "redirect/path.h"

#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bounded string under construction: every append is checked so overflow
 * can surface as STATUS_BUFFER_TOO_SMALL instead of truncating silently. */
struct sbuf {
    char *s;
    size_t len;
    size_t cap;
};

static void sb_init(struct sbuf *b, char *mem, size_t cap)
{
    b->s = mem;
    b->len = 0;
    b->cap = cap;
    if (cap)
        mem[0] = '\0';
}

static bool sb_put(struct sbuf *b, const char *s, size_t n)
{
    if (b->cap == 0 || n >= b->cap - b->len)
        return false;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
    return true;
}

static bool sb_puts(struct sbuf *b, const char *s)
{
    return sb_put(b, s, strlen(s));
}

static void sb_truncate(struct sbuf *b, size_t len)
{
    b->len = len;
    b->s[len] = '\0';
}

/* Replaces n bytes at 'at' with rep, growing or shrinking the string. */
static uint32_t sb_splice(struct sbuf *b, size_t at, size_t n, const char *rep)
{
    size_t m = strlen(rep);
    if (m > n && m - n >= b->cap - b->len)
        return STATUS_BUFFER_TOO_SMALL;
    memmove(b->s + at + m, b->s + at + n, b->len - at - n + 1);
    memcpy(b->s + at, rep, m);
    b->len = b->len - n + m;
    return 0;
}

static bool is_sep(char c)
{
    return c == '\\' || c == '/';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* ASCII-only case folding: Windows folds via its Unicode upcase table, but
 * the names programs probe for (system dirs, DLLs) are ASCII, and byte-wise
 * folding keeps lengths equal so a match can overwrite in place. */
static char fold(char c)
{
    return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

static bool ci_eq_n(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (fold(a[i]) != fold(b[i]))
            return false;
    return true;
}

/* Does a[0..n) equal word, ignoring ASCII case? */
static bool ci_word(const char *a, size_t n, const char *word)
{
    return strlen(word) == n && ci_eq_n(a, word, n);
}

static bool has_drive(const char *s)
{
    return is_alpha(s[0]) && s[1] == ':';
}

static bool name_valid(const char *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)c[i];
        if (ch < 0x20 || strchr("<>:\"|?*/\\", ch))
            return false;
    }
    return true;
}

/* ---- normalisation ---------------------------------------------------- */

/* The result under construction is "X:" followed by "\comp" entries. */
static void pop_comp(struct sbuf *res)
{
    size_t i = res->len;
    while (i > 2 && res->s[i - 1] != '\\')
        i--;
    if (i > 2)
        i--;
    sb_truncate(res, i);
}

static uint32_t append_comp(struct sbuf *res, const char *c, size_t n)
{
    if (!name_valid(c, n))
        return STATUS_OBJECT_NAME_INVALID;
    if (!sb_put(res, "\\", 1) || !sb_put(res, c, n))
        return STATUS_BUFFER_TOO_SMALL;
    return 0;
}

static bool is_dot(const char *c, size_t n)
{
    return n == 1 && c[0] == '.';
}

static bool is_dotdot(const char *c, size_t n)
{
    return n == 2 && c[0] == '.' && c[1] == '.';
}

/* Win32 rules for one component; 'last' means nothing follows, not even a
 * separator, which is when Win32 strips all trailing dots and spaces. */
static uint32_t push_win32(struct sbuf *res, const char *c, size_t n, bool last)
{
    if (n == 0 || is_dot(c, n))
        return 0;
    if (is_dotdot(c, n)) {
        pop_comp(res);
        return 0;
    }
    if (last) {
        while (n > 0 && (c[n - 1] == '.' || c[n - 1] == ' '))
            n--;
        if (n == 0)
            return 0;
    } else if (n >= 2 && c[n - 1] == '.' && c[n - 2] != '.') {
        n--;
    }
    return append_comp(res, c, n);
}

/* NT rules: nothing is resolved, so "." and ".." cannot be names. */
static uint32_t push_verbatim(struct sbuf *res, const char *c, size_t n, bool last)
{
    if (n == 0)
        return last ? 0 : STATUS_OBJECT_NAME_INVALID;
    if (is_dot(c, n) || is_dotdot(c, n))
        return STATUS_OBJECT_NAME_INVALID;
    return append_comp(res, c, n);
}

/* is_tail is false for the cwd's components, which are never "last". */
static uint32_t push_all(struct sbuf *res, const char *s, bool verbatim, bool is_tail)
{
    for (;;) {
        size_t n = strcspn(s, verbatim ? "\\" : "\\/");
        bool last = is_tail && s[n] == '\0';
        uint32_t st = verbatim ? push_verbatim(res, s, n, last) : push_win32(res, s, n, last);
        if (st)
            return st;
        if (s[n] == '\0')
            return 0;
        s += n + 1;
    }
}

/* Length of the component at s if it is word (ASCII case-insensitive). */
static size_t comp_is(const char *s, const char *word)
{
    size_t n = strcspn(s, "\\");
    return ci_word(s, n, word) ? n : 0;
}

/* Exempt from redirection on Windows 7+ (driverstore was redirected before). */
static const char *const wow64_exempt[] = {
    "catroot", "catroot2", "driverstore", "logfiles", "spool",
};

/* sub points just past "System32" in a normalised path. */
static bool wow64_is_exempt(const char *sub)
{
    if (*sub != '\\')
        return false;
    sub++;
    for (size_t i = 0; i < sizeof wow64_exempt / sizeof wow64_exempt[0]; i++)
        if (comp_is(sub, wow64_exempt[i]))
            return true;
    size_t n = comp_is(sub, "drivers");
    return n && sub[n] == '\\' && comp_is(sub + n + 1, "etc");
}

/* The WoW64 redirector; %windir% of a prefix is always C:\Windows. */
static uint32_t wow64_redirect(struct sbuf *res)
{
    char *s = res->s;
    if (s[0] != 'C')
        return 0;
    size_t n = comp_is(s + 3, "Windows");
    if (!n || s[3 + n] != '\\')
        return 0;
    size_t at = 3 + n + 1;
    char *w = s + at;
    if ((n = comp_is(w, "System32")) != 0) {
        if (!wow64_is_exempt(w + n))
            memcpy(w, "SysWOW64", 8);
        return 0;
    }
    if ((n = comp_is(w, "Sysnative")) != 0)
        return sb_splice(res, at, n, "System32");
    if ((n = comp_is(w, "lastgood")) != 0 && w[n] == '\\') {
        if (comp_is(w + n + 1, "system32"))
            memcpy(w + n + 1, "SysWOW64", 8);
        return 0;
    }
    if ((n = comp_is(w, "regedit.exe")) != 0 && w[n] == '\0')
        return sb_splice(res, at, 0, "SysWOW64\\");
    return 0;
}

static uint32_t start_drive(struct sbuf *res, char drive)
{
    char d[2] = { fold(drive), ':' };
    sb_truncate(res, 0);
    return sb_put(res, d, 2) ? 0 : STATUS_BUFFER_TOO_SMALL;
}

/* The root keeps its backslash; others keep a trailing one only if the
 * caller wrote it, which is how Win32 marks "must be a directory". */
static uint32_t finish_drive(struct sbuf *res, bool trailing, unsigned flags)
{
    if ((res->len == 2 || trailing) && !sb_put(res, "\\", 1))
        return STATUS_BUFFER_TOO_SMALL;
    return (flags & PATH_NO_WOW64_REDIRECT) ? 0 : wow64_redirect(res);
}

static uint32_t device_out(struct sbuf *res, const char *name)
{
    sb_truncate(res, 0);
    if (!*name)
        return STATUS_OBJECT_NAME_INVALID;
    if (!sb_puts(res, "\\\\.\\"))
        return STATUS_BUFFER_TOO_SMALL;
    for (const char *q = name; *q; q++) {
        char c = *q == '/' ? '\\' : *q;
        if (!sb_put(res, &c, 1))
            return STATUS_BUFFER_TOO_SMALL;
    }
    return 0;
}

static const char *const dos_devices3[] = { "NUL", "CON", "PRN", "AUX" };

/* Pre-Windows 11 rule: the last component names a device whatever its
 * directory and extension ("C:\x\nul.txt" is NUL); the console handles
 * CONIN$/CONOUT$ are only recognised as a whole path. */
static bool dos_device(const char *path, char name[8])
{
    if (ci_word(path, strlen(path), "CONIN$") || ci_word(path, strlen(path), "CONOUT$")) {
        for (size_t i = 0; i <= strlen(path); i++)
            name[i] = fold(path[i]);
        return true;
    }
    const char *base = has_drive(path) ? path + 2 : path;
    for (const char *q = base; *q; q++)
        if (is_sep(*q))
            base = q + 1;
    size_t n = strcspn(base, ".:");
    while (n > 0 && base[n - 1] == ' ')
        n--;
    for (size_t i = 0; i < sizeof dos_devices3 / sizeof dos_devices3[0]; i++) {
        if (ci_word(base, n, dos_devices3[i])) {
            strcpy(name, dos_devices3[i]);
            return true;
        }
    }
    if (n != 4 || base[3] < '1' || base[3] > '9')
        return false;
    if (!ci_eq_n(base, "COM", 3) && !ci_eq_n(base, "LPT", 3))
        return false;
    for (size_t i = 0; i < 4; i++)
        name[i] = fold(base[i]);
    name[4] = '\0';
    return true;
}

struct cwd_info {
    char drive;
    const char *rest;
};

static uint32_t parse_cwd(const char *cwd, struct cwd_info *ci)
{
    if (!cwd)
        cwd = "C:\\";
    if (strncmp(cwd, "\\\\?\\", 4) == 0)
        cwd += 4;
    if (!has_drive(cwd) || (cwd[2] != '\0' && !is_sep(cwd[2])))
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    ci->drive = fold(cwd[0]);
    ci->rest = cwd + 2;
    return 0;
}

static uint32_t norm_verbatim(const char *rest, unsigned flags, struct sbuf *res)
{
    /* No network redirector, so UNC shares never exist. */
    if (ci_eq_n(rest, "UNC", 3) && (rest[3] == '\\' || rest[3] == '\0'))
        return STATUS_OBJECT_PATH_NOT_FOUND;
    if (!has_drive(rest))
        return device_out(res, rest);
    if (rest[2] == '\0')
        return device_out(res, rest); /* "\\?\C:" is the volume, not its root */
    if (rest[2] != '\\')
        return STATUS_OBJECT_NAME_INVALID;
    uint32_t st = start_drive(res, rest[0]);
    const char *comps = rest + 3;
    if (!st)
        st = push_all(res, comps, true, true);
    if (st)
        return st;
    size_t n = strlen(comps);
    return finish_drive(res, n > 0 && comps[n - 1] == '\\', flags);
}

static uint32_t norm_win32(const char *cwd, const char *path, unsigned flags, struct sbuf *res);

/* Paths starting with two separators: device namespace or UNC. */
static uint32_t norm_double_sep(const char *cwd, const char *path, unsigned flags,
                                struct sbuf *res)
{
    bool devns = (path[2] == '.' || path[2] == '?') && (is_sep(path[3]) || path[3] == '\0');
    if (!devns)
        return STATUS_OBJECT_PATH_NOT_FOUND; /* \\server\share: no network redirector */
    const char *rest = path[3] ? path + 4 : path + 3;
    if (has_drive(rest) && is_sep(rest[2]))
        return norm_win32(cwd, rest, flags, res);
    return device_out(res, rest);
}

static uint32_t norm_win32(const char *cwd, const char *path, unsigned flags, struct sbuf *res)
{
    char dev[8];
    if (is_sep(path[0]) && is_sep(path[1]))
        return norm_double_sep(cwd, path, flags, res);
    if (dos_device(path, dev))
        return device_out(res, dev);

    struct cwd_info cw = { 0, NULL };
    bool absolute = has_drive(path) && is_sep(path[2]);
    if (!absolute) {
        uint32_t st = parse_cwd(cwd, &cw);
        if (st)
            return st;
    }
    char drive = has_drive(path) ? fold(path[0]) : cw.drive;
    const char *tail = has_drive(path) ? path + 2 : path;
    bool use_cwd = !absolute && drive == cw.drive && !is_sep(tail[0]);

    uint32_t st = start_drive(res, drive);
    if (!st && use_cwd)
        st = push_all(res, cw.rest, false, false);
    if (!st)
        st = push_all(res, tail, false, true);
    if (st)
        return st;
    return finish_drive(res, is_sep(path[strlen(path) - 1]), flags);
}

static uint32_t normalize_into(const char *cwd, const char *path, unsigned flags,
                               struct sbuf *res)
{
    if (strncmp(path, "\\\\?\\", 4) == 0 || strncmp(path, "\\??\\", 4) == 0)
        return norm_verbatim(path + 4, flags, res);
    return norm_win32(cwd, path, flags, res);
}

/* Room for cwd + path joined, plus the growth of the regedit redirection. */
static size_t work_size(const char *cwd, const char *path)
{
    return (cwd ? strlen(cwd) : 3) + strlen(path) + 32;
}

/* Normalises into a malloc'd buffer the caller frees (also on error). */
static uint32_t normalize_alloc(const char *cwd, const char *path, unsigned flags,
                                struct sbuf *res)
{
    sb_init(res, NULL, 0);
    if (!path || !*path)
        return STATUS_OBJECT_PATH_NOT_FOUND;
    size_t cap = work_size(cwd, path);
    char *mem = malloc(cap);
    if (!mem)
        return STATUS_NO_MEMORY;
    sb_init(res, mem, cap);
    return normalize_into(cwd, path, flags, res);
}

static uint32_t copy_out(const char *s, char *out, size_t outsz)
{
    size_t n = strlen(s);
    if (n >= outsz)
        return STATUS_BUFFER_TOO_SMALL;
    memcpy(out, s, n + 1);
    return 0;
}

uint32_t path_win_normalize(const char *cwd_win, const char *winpath, unsigned flags,
                            char *out, size_t outsz)
{
    struct sbuf res;
    uint32_t st = normalize_alloc(cwd_win, winpath, flags, &res);
    if (!st)
        st = copy_out(res.s, out, outsz);
    free(res.s);
    if (st && outsz)
        out[0] = '\0';
    return st;
}

/* ---- Windows -> host -------------------------------------------------- */

static bool is_under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/')
        return path[0] == '/';
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* realpath fails for dangling links, which therefore count as outside. */
static bool inside_root(const char *root_dir, const char *host)
{
    char *target = realpath(host, NULL);
    char *root = realpath(root_dir, NULL);
    bool ok = target && root && is_under(target, root);
    free(target);
    free(root);
    return ok;
}

/* The last component of o (n bytes after the '/' at dirlen) did not exist
 * as spelt: look for a case-insensitive match and adopt its spelling.  The
 * strcmp-smallest match wins so the choice does not depend on readdir order. */
static bool match_ci(struct sbuf *o, size_t dirlen, size_t n)
{
    char *name = o->s + dirlen + 1;
    o->s[dirlen] = '\0';
    DIR *d = opendir(dirlen ? o->s : "/");
    o->s[dirlen] = '/';
    if (!d)
        return false;
    char best[NAME_MAX + 1];
    bool found = false;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strlen(e->d_name) != n || !ci_eq_n(e->d_name, name, n))
            continue;
        if (!found || strcmp(e->d_name, best) < 0) {
            memcpy(best, e->d_name, n + 1);
            found = true;
        }
    }
    closedir(d);
    if (found)
        memcpy(name, best, n);
    return found;
}

/* confine: the drive's root that no symlink may lead out of, or NULL. */
static uint32_t walk_one(struct sbuf *o, const char *name, size_t n, bool last, const char *confine)
{
    size_t dirlen = o->len;
    if (!sb_put(o, "/", 1) || !sb_put(o, name, n))
        return STATUS_BUFFER_TOO_SMALL;
    struct stat st;
    if (lstat(o->s, &st) != 0 && (!match_ci(o, dirlen, n) || lstat(o->s, &st) != 0))
        return last ? 0 : STATUS_OBJECT_PATH_NOT_FOUND;
    if (confine && S_ISLNK(st.st_mode) && !inside_root(confine, o->s))
        return STATUS_ACCESS_DENIED;
    if (last)
        return 0;
    if (stat(o->s, &st) != 0 || !S_ISDIR(st.st_mode))
        return STATUS_OBJECT_PATH_NOT_FOUND;
    return 0;
}

/* comps is the normalised path after "X:\". */
static uint32_t walk(const char *comps, const char *confine, struct sbuf *o)
{
    size_t total = strlen(comps);
    const char *s = comps;
    while (*s) {
        size_t n = strcspn(s, "\\");
        bool last = s[n] == '\0' || s[n + 1] == '\0';
        uint32_t st = walk_one(o, s, n, last, confine);
        if (st)
            return st;
        s += n;
        if (*s)
            s++;
    }
    bool trailing = total > 0 && comps[total - 1] == '\\';
    if ((o->len == 0 || trailing) && !sb_put(o, "/", 1))
        return STATUS_BUFFER_TOO_SMALL;
    return 0;
}

static uint32_t device_to_host(const char *name, struct sbuf *o)
{
    if (ci_word(name, strlen(name), "NUL"))
        return sb_puts(o, "/dev/null") ? 0 : STATUS_BUFFER_TOO_SMALL;
    if (!sb_puts(o, name))
        return STATUS_BUFFER_TOO_SMALL;
    return PATH_STATUS_DEVICE;
}

/* w is a normalised "X:\\..." path.  Symlinks are checked only when the
 * host root is not a drive: with Z: mapped to "/" every host file is
 * reachable anyway. */
static uint32_t drive_to_host(const struct prefix *p, const char *w, struct sbuf *o, bool *readonly)
{
    const char *root = prefix_drive_root(p, w[0] - 'A', readonly);
    if (!root)
        return STATUS_OBJECT_PATH_NOT_FOUND;
    if (strcmp(root, "/") == 0)
        return walk(w + 3, NULL, o); /* builds "/x/y" from an empty start */
    if (!sb_puts(o, root))
        return STATUS_BUFFER_TOO_SMALL;
    return walk(w + 3, p->map_z_to_root ? NULL : root, o);
}

uint32_t path_win_to_host_ro(const struct prefix *p, const char *cwd_win, const char *winpath,
                             unsigned flags, char *out, size_t outsz, bool *readonly)
{
    struct sbuf res;
    struct sbuf o;
    bool ro = false;
    uint32_t st = normalize_alloc(cwd_win, winpath, flags, &res);
    sb_init(&o, out, outsz);
    if (!st && strncmp(res.s, "\\\\.\\", 4) == 0)
        st = device_to_host(res.s + 4, &o);
    else if (!st)
        st = drive_to_host(p, res.s, &o, &ro);
    free(res.s);
    if (st && st != PATH_STATUS_DEVICE && outsz)
        out[0] = '\0';
    if (readonly)
        *readonly = ro;
    return st;
}

uint32_t path_win_to_host(const struct prefix *p, const char *cwd_win, const char *winpath,
                          unsigned flags, char *out, size_t outsz)
{
    return path_win_to_host_ro(p, cwd_win, winpath, flags, out, outsz, NULL);
}

/* ---- host -> Windows -------------------------------------------------- */

/* Appends the components of s to b as "/comp", resolving "." and ".."
 * lexically: the path may not exist, so the kernel cannot resolve it. */
static void push_host(struct sbuf *b, const char *s)
{
    for (;;) {
        size_t n = strcspn(s, "/");
        if (is_dotdot(s, n)) {
            while (b->len > 0 && b->s[b->len - 1] != '/')
                b->len--;
            sb_truncate(b, b->len > 0 ? b->len - 1 : 0);
        } else if (n > 0 && !is_dot(s, n)) {
            sb_put(b, "/", 1);
            sb_put(b, s, n);
        }
        if (s[n] == '\0')
            return;
        s += n + 1;
    }
}

/* malloc'd absolute, lexically clean form of host; NULL on failure. */
static char *host_absolute(const char *host)
{
    char cwd[PATH_MAX];
    if (host[0] != '/' && !getcwd(cwd, sizeof cwd))
        return NULL;
    size_t cap = (host[0] != '/' ? strlen(cwd) : 0) + strlen(host) + 3;
    char *mem = malloc(cap);
    if (!mem)
        return NULL;
    struct sbuf b;
    sb_init(&b, mem, cap);
    if (host[0] != '/')
        push_host(&b, cwd);
    push_host(&b, host);
    if (b.len == 0)
        sb_put(&b, "/", 1);
    return mem;
}

/* rel is "" or "/a/b" below the drive's root. */
static uint32_t emit_win(struct sbuf *o, char drive, const char *rel)
{
    char d[2] = { drive, ':' };
    if (!sb_put(o, d, 2))
        return STATUS_BUFFER_TOO_SMALL;
    for (const char *s = rel; *s;) {
        s += strspn(s, "/");
        size_t n = strcspn(s, "/");
        if (n == 0)
            break;
        if (!name_valid(s, n))
            return STATUS_OBJECT_NAME_INVALID;
        if (!sb_put(o, "\\", 1) || !sb_put(o, s, n))
            return STATUS_BUFFER_TOO_SMALL;
        s += n;
    }
    if (o->len == 2 && !sb_put(o, "\\", 1))
        return STATUS_BUFFER_TOO_SMALL;
    return 0;
}

/* The mapped drive (not the host-root Z:) whose root holds path, the
 * longest root winning, then the first letter (a drive inside drive_c is
 * that drive); -1 if none. */
static int drive_holding(const struct prefix *p, const char *path)
{
    int best = -1;
    size_t best_len = 0;
    for (int d = 0; d < 26; d++) {
        const char *root = prefix_drive_root(p, d, NULL);
        if (!root || strcmp(root, "/") == 0 || !is_under(path, root) || strlen(root) <= best_len)
            continue;
        best = d;
        best_len = strlen(root);
    }
    return best;
}

/* Catches a drive reached through a symlinked spelling of its root. */
static bool emit_via_realpath(const struct prefix *p, const char *abs, struct sbuf *o,
                              uint32_t *st)
{
    char *real = realpath(abs, NULL);
    int d = real ? drive_holding(p, real) : -1;
    if (d >= 0)
        *st = emit_win(o, (char)('A' + d), real + strlen(prefix_drive_root(p, d, NULL)));
    free(real);
    return d >= 0;
}

static uint32_t host_abs_to_win(const struct prefix *p, const char *abs, struct sbuf *o)
{
    uint32_t st = 0;
    int d = drive_holding(p, abs);
    if (d >= 0)
        return emit_win(o, (char)('A' + d), abs + strlen(prefix_drive_root(p, d, NULL)));
    if (emit_via_realpath(p, abs, o, &st))
        return st;
    if (!p->map_z_to_root)
        return STATUS_OBJECT_PATH_NOT_FOUND;
    return emit_win(o, 'Z', abs);
}

uint32_t path_host_to_win(const struct prefix *p, const char *hostpath, char *out, size_t outsz)
{
    if (outsz)
        out[0] = '\0';
    if (!hostpath || !*hostpath)
        return STATUS_OBJECT_PATH_NOT_FOUND;
    char *abs = host_absolute(hostpath);
    if (!abs)
        return STATUS_OBJECT_PATH_NOT_FOUND;
    struct sbuf o;
    sb_init(&o, out, outsz);
    uint32_t st = host_abs_to_win(p, abs, &o);
    free(abs);
    if (st && outsz)
        out[0] = '\0';
    return st;
}
