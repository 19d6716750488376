/* Locates the wowbox prefix and creates it on first use: the host directory
 * whose drive_c/ holds the Windows skeleton a program sees as C:. */
#define _XOPEN_SOURCE 700

#include "redirect/prefix.h"

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "redirect/path.h"

/* Created in order, so each one's parent already exists when it is made. */
static const char *const skeleton[] = {
    "C:\\Windows",
    "C:\\Windows\\System32",
    "C:\\Windows\\SysWOW64",
    "C:\\Windows\\Temp",
    "C:\\Program Files",
    "C:\\Program Files (x86)",
    "C:\\ProgramData",
    "C:\\Users",
    "C:\\Users\\Public",
};

/* Appended to "C:\Users\<user>". */
static const char *const user_skeleton[] = {
    "",
    "\\AppData",
    "\\AppData\\Local",
    "\\AppData\\Local\\Temp",
    "\\AppData\\Roaming",
    "\\Desktop",
    "\\Documents",
};

__attribute__((format(printf, 3, 4)))
static void set_err(char *err, size_t errsz, const char *fmt, ...)
{
    if (!err || errsz == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsz, fmt, ap);
    va_end(ap);
}

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s", a, b);
    return s;
}

static char *default_dir(void)
{
    /* The XDG spec says relative values are invalid and must be ignored. */
    const char *xdg = getenv("XDG_DATA_HOME");
    if (xdg && xdg[0] == '/')
        return join(xdg, "/wowbox/default");
    const char *home = getenv("HOME");
    if (!home || !*home) {
        struct passwd *pw = getpwuid(getuid());
        home = pw ? pw->pw_dir : NULL;
    }
    if (!home || !*home)
        return NULL;
    return join(home, "/.local/share/wowbox/default");
}

static char *make_absolute(char *dir, char *err, size_t errsz)
{
    char cwd[PATH_MAX];
    if (dir[0] == '/')
        return dir;
    char *abs = getcwd(cwd, sizeof cwd) ? join(cwd, "/") : NULL;
    char *full = abs ? join(abs, dir) : NULL;
    if (!full)
        set_err(err, errsz, "cannot resolve prefix path %s: %s", dir, strerror(errno));
    free(abs);
    free(dir);
    return full;
}

static char *choose_dir(const char *explicit_dir, char *err, size_t errsz)
{
    const char *env = getenv("WOWBOX_PREFIX");
    char *dir;
    if (explicit_dir)
        dir = strdup(explicit_dir);
    else if (env && *env)
        dir = strdup(env);
    else
        dir = default_dir();
    if (!dir) {
        set_err(err, errsz, "cannot locate the prefix directory: HOME is not set");
        return NULL;
    }
    if (!*dir) {
        set_err(err, errsz, "the prefix path is empty");
        free(dir);
        return NULL;
    }
    return make_absolute(dir, err, errsz);
}

/* Returns 0 or an errno; an existing non-directory is ENOTDIR rather than
 * something to replace. */
static int mkdir_one(const char *path)
{
    struct stat st;
    if (mkdir(path, 0755) == 0)
        return 0;
    if (errno != EEXIST)
        return errno;
    return (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) ? 0 : ENOTDIR;
}

static int mkdir_p(char *path)
{
    for (char *q = path + 1;; q++) {
        if (*q != '/' && *q != '\0')
            continue;
        char saved = *q;
        *q = '\0';
        int e = mkdir_one(path);
        *q = saved;
        if (e || saved == '\0')
            return e;
    }
}

/* Goes through the path layer so an existing directory spelt differently
 * (a Wine prefix's "windows\system32") is reused, not duplicated. */
static bool make_win_dir(const struct prefix *p, const char *winpath, char *err, size_t errsz)
{
    size_t cap = strlen(p->drive_c) + strlen(winpath) + 2;
    char *host = malloc(cap);
    if (!host) {
        set_err(err, errsz, "out of memory");
        return false;
    }
    uint32_t st = path_win_to_host(p, "C:\\", winpath, PATH_NO_WOW64_REDIRECT | PATH_FOR_CREATE,
                                   host, cap);
    int e = st ? 0 : mkdir_one(host);
    if (st)
        set_err(err, errsz, "cannot create %s in prefix %s: status 0x%08x", winpath, p->root,
                (unsigned)st);
    else if (e)
        set_err(err, errsz, "cannot create %s: %s", host, strerror(e));
    free(host);
    return st == 0 && e == 0;
}

static bool make_skeleton(const struct prefix *p, char *err, size_t errsz)
{
    char win[512];
    for (size_t i = 0; i < sizeof skeleton / sizeof skeleton[0]; i++)
        if (!make_win_dir(p, skeleton[i], err, errsz))
            return false;
    for (size_t i = 0; i < sizeof user_skeleton / sizeof user_skeleton[0]; i++) {
        snprintf(win, sizeof win, "C:\\Users\\%s%s", p->user, user_skeleton[i]);
        if (!make_win_dir(p, win, err, errsz))
            return false;
    }
    return true;
}

/* A login name is used only if Windows would keep it unchanged as a
 * directory name: no trailing dot, no device name like "con", no '\'. */
static bool user_name_ok(const char *name)
{
    char want[300];
    char got[300];
    if (!*name || strlen(name) > 200)
        return false;
    snprintf(want, sizeof want, "C:\\Users\\%s", name);
    return path_win_normalize(NULL, want, PATH_NO_WOW64_REDIRECT, got, sizeof got) == 0 &&
           strcmp(want, got) == 0;
}

const char *(*prefix_user_name_source)(void);

static char *user_name(void)
{
    const char *name = NULL;
    if (prefix_user_name_source)
        name = prefix_user_name_source();
    else {
        struct passwd *pw = getpwuid(geteuid());
        name = pw ? pw->pw_name : NULL;
    }
    if (name && user_name_ok(name))
        return strdup(name);
    return strdup("user");
}

static bool open_dir(struct prefix *p, char *dir, char *err, size_t errsz)
{
    int e = mkdir_p(dir);
    if (e) {
        set_err(err, errsz, "cannot create prefix %s: %s", dir, strerror(e));
        return false;
    }
    if (access(dir, W_OK | X_OK) != 0) {
        set_err(err, errsz, "prefix %s is not writable: %s", dir, strerror(errno));
        return false;
    }
    p->root = realpath(dir, NULL);
    if (!p->root) {
        set_err(err, errsz, "cannot resolve prefix %s: %s", dir, strerror(errno));
        return false;
    }
    p->drive_c = join(p->root, "/drive_c");
    p->user = user_name();
    p->map_z_to_root = true;
    if (!p->drive_c || !p->user) {
        set_err(err, errsz, "out of memory");
        return false;
    }
    e = mkdir_one(p->drive_c);
    if (e) {
        set_err(err, errsz, "cannot create %s: %s", p->drive_c, strerror(e));
        return false;
    }
    return make_skeleton(p, err, errsz);
}

bool prefix_open(struct prefix *p, const char *explicit_dir, char *err, size_t errsz)
{
    memset(p, 0, sizeof *p);
    char *dir = choose_dir(explicit_dir, err, errsz);
    if (!dir)
        return false;
    bool ok = open_dir(p, dir, err, errsz);
    free(dir);
    if (!ok)
        prefix_close(p);
    return ok;
}

bool prefix_map_drive(struct prefix *p, char letter, const char *dir, bool readonly, char *err, size_t errsz)
{
    char up = (char)(letter >= 'a' && letter <= 'z' ? letter - 'a' + 'A' : letter);
    if (up < 'A' || up > 'Z' || up == 'C') {
        set_err(err, errsz, "%c: cannot be mapped (A: to Z:, except C:, the prefix's drive)", letter);
        return false;
    }
    char *root = realpath(dir, NULL);
    struct stat st;
    if (!root || stat(root, &st) != 0 || !S_ISDIR(st.st_mode)) {
        set_err(err, errsz, "drive %c: %s is not a directory", up, dir);
        free(root);
        return false;
    }
    struct prefix_drive *d = &p->drives[up - 'A'];
    free(d->root);
    d->root = root;
    d->readonly = readonly;
    if (up == 'Z')
        p->map_z_to_root = false;
    return true;
}

bool prefix_map_drive_spec(struct prefix *p, const char *spec, char *err, size_t errsz)
{
    size_t n = strlen(spec);
    if (n < 4 || spec[1] != ':' || spec[2] != '=') {
        set_err(err, errsz, "--drive %s: expected X:=DIR or X:=DIR:ro", spec);
        return false;
    }
    bool ro = n > 6 && strcmp(spec + n - 3, ":ro") == 0;
    char *dir = strndup(spec + 3, n - 3 - (ro ? 3 : 0));
    if (!dir) {
        set_err(err, errsz, "out of memory");
        return false;
    }
    bool ok = prefix_map_drive(p, spec[0], dir, ro, err, errsz);
    free(dir);
    return ok;
}

const char *prefix_drive_root(const struct prefix *p, int d, bool *readonly)
{
    if (readonly)
        *readonly = false;
    if (d < 0 || d >= 26)
        return NULL;
    if (d == 'C' - 'A')
        return p->drive_c;
    if (p->drives[d].root) {
        if (readonly)
            *readonly = p->drives[d].readonly;
        return p->drives[d].root;
    }
    return d == 'Z' - 'A' && p->map_z_to_root ? "/" : NULL;
}

void prefix_close(struct prefix *p)
{
    for (int d = 0; d < 26; d++) {
        free(p->drives[d].root);
        p->drives[d].root = NULL;
    }
    free(p->root);
    free(p->drive_c);
    free(p->user);
    p->root = NULL;
    p->drive_c = NULL;
    p->user = NULL;
}
