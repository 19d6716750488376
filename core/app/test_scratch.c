/* Directory trees for the test runner: each sample gets its own prefix,
 * copied from a template made once per run (a copy is a few syscalls per
 * entry; creating the skeleton goes through the path layer's case-insensitive
 * lookups for every directory), and every scratch tree is removed in-process
 * rather than by spawning rm. */
#define _GNU_SOURCE
#include "core/app/test_scratch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "redirect/prefix.h"

/* Copies one regular file's bytes; the kernel does it where it can. */
static bool copy_bytes(int in, int out)
{
    for (;;) {
        ssize_t n = copy_file_range(in, NULL, out, NULL, 1 << 30, 0);
        if (n == 0)
            return true;
        if (n > 0)
            continue;
        if (errno != EXDEV && errno != ENOSYS && errno != EINVAL && errno != EOPNOTSUPP)
            return false;
        break; /* not here: plain reads and writes */
    }
    char buf[65536];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0)
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));
            if (w < 0)
                return false;
            done += w;
        }
    return n == 0;
}

static bool copy_file_at(int sdir, int ddir, const char *name, mode_t mode)
{
    int in = openat(sdir, name, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return false;
    int out = openat(ddir, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode & 07777);
    bool ok = out >= 0 && copy_bytes(in, out);
    close(in);
    if (out >= 0)
        close(out);
    return ok;
}

static bool copy_link_at(int sdir, int ddir, const char *name)
{
    char target[4096];
    ssize_t n = readlinkat(sdir, name, target, sizeof target - 1);
    if (n < 0)
        return false;
    target[n] = 0;
    return symlinkat(target, ddir, name) == 0;
}

/* A listing of the open directory dir through a descriptor of its own
 * (dir stays open and usable for the *at calls); NULL on failure. */
static DIR *open_listing(int dir)
{
    int scan = dup(dir);
    DIR *d = scan >= 0 ? fdopendir(scan) : NULL;
    if (!d && scan >= 0)
        close(scan);
    return d;
}

/* The listing's next entry other than . and ..; NULL at its end. */
static struct dirent *next_entry(DIR *d)
{
    struct dirent *e;
    while ((e = readdir(d)) && (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")))
        ;
    return e;
}

/* Copies the entries of the open directory sdir into ddir; on failure names
 * the entry in err. */
static bool copy_entries(int sdir, int ddir, char *err, size_t errsz)
{
    DIR *d = open_listing(sdir);
    if (!d) {
        snprintf(err, errsz, "cannot list a directory: %s", strerror(errno));
        return false;
    }
    bool ok = true;
    struct dirent *e;
    while (ok && (e = next_entry(d))) {
        struct stat st;
        if (fstatat(sdir, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            ok = false;
        } else if (S_ISDIR(st.st_mode)) {
            ok = mkdirat(ddir, e->d_name, st.st_mode & 07777) == 0;
            int s = ok ? openat(sdir, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
            int t = ok ? openat(ddir, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
            ok = s >= 0 && t >= 0 && copy_entries(s, t, err, errsz);
            if (s >= 0)
                close(s);
            if (t >= 0)
                close(t);
            if (!ok && *err)
                break; /* the nested call already said which entry */
        } else if (S_ISLNK(st.st_mode)) {
            ok = copy_link_at(sdir, ddir, e->d_name);
        } else if (S_ISREG(st.st_mode)) {
            ok = copy_file_at(sdir, ddir, e->d_name, st.st_mode);
        } /* sockets, fifos and devices have no place in a prefix: skipped */
        if (!ok && !*err)
            snprintf(err, errsz, "cannot copy %s: %s", e->d_name, strerror(errno));
    }
    closedir(d);
    return ok;
}

bool tree_copy(const char *src, const char *dst, char *err, size_t errsz)
{
    char scratch_err[512] = "";
    struct stat st;
    if (stat(src, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errsz, "cannot copy %s: not a directory", src);
        return false;
    }
    if (mkdir(dst, st.st_mode & 07777) != 0) {
        snprintf(err, errsz, "cannot create %s: %s", dst, strerror(errno));
        return false;
    }
    int s = open(src, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int d = open(dst, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    bool ok = s >= 0 && d >= 0 && copy_entries(s, d, scratch_err, sizeof scratch_err);
    if (!ok)
        snprintf(err, errsz, "copying %s to %s: %s", src, dst, *scratch_err ? scratch_err : strerror(errno));
    if (s >= 0)
        close(s);
    if (d >= 0)
        close(d);
    return ok;
}

static bool list_entries(struct tree_manifest *m, int dir, const char *rel)
{
    DIR *d = open_listing(dir);
    if (!d)
        return false;
    bool ok = true;
    struct dirent *e;
    while (ok && (e = next_entry(d))) {
        struct stat st;
        char *path;
        if (fstatat(dir, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            asprintf(&path, "%s%s%s", rel, *rel ? "/" : "", e->d_name) < 0) {
            ok = false;
            break;
        }
        char type = S_ISDIR(st.st_mode) ? 'd' : S_ISREG(st.st_mode) ? 'f' : S_ISLNK(st.st_mode) ? 'l' : 0;
        if (!type) {
            free(path);
            continue;
        }
        struct tree_entry *grown = realloc(m->entries, (m->count + 1) * sizeof *grown);
        if (!grown) {
            free(path);
            ok = false;
            break;
        }
        m->entries = grown;
        m->entries[m->count++] = (struct tree_entry){ path, st.st_mode & 07777, type };
        if (type == 'd') {
            int sub = openat(dir, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            ok = sub >= 0 && list_entries(m, sub, path);
            if (sub >= 0)
                close(sub);
        }
    }
    closedir(d);
    return ok;
}

bool manifest_load(struct tree_manifest *m, const char *root, char *err, size_t errsz)
{
    memset(m, 0, sizeof *m);
    struct stat st;
    int d = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    bool ok = d >= 0 && fstat(d, &st) == 0 && (m->root = strdup(root)) && list_entries(m, d, "");
    if (ok)
        m->root_mode = st.st_mode & 07777;
    else
        snprintf(err, errsz, "cannot list %s: %s", root, strerror(errno));
    if (d >= 0)
        close(d);
    return ok;
}

bool manifest_copy(const struct tree_manifest *m, const char *dst, char *err, size_t errsz)
{
    if (mkdir(dst, m->root_mode) != 0) {
        snprintf(err, errsz, "cannot create %s: %s", dst, strerror(errno));
        return false;
    }
    int s = -1, d = open(dst, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    bool ok = d >= 0;
    for (size_t i = 0; ok && i < m->count; i++) {
        const struct tree_entry *e = &m->entries[i];
        if (e->type == 'd') {
            ok = mkdirat(d, e->rel, e->mode) == 0;
            continue;
        }
        if (s < 0 && (s = open(m->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
            ok = false;
            break;
        }
        ok = e->type == 'l' ? copy_link_at(s, d, e->rel) : copy_file_at(s, d, e->rel, e->mode);
        if (!ok)
            snprintf(err, errsz, "cannot copy %s/%s: %s", m->root, e->rel, strerror(errno));
    }
    if (!ok && !*err)
        snprintf(err, errsz, "cannot copy %s to %s: %s", m->root, dst, strerror(errno));
    if (s >= 0)
        close(s);
    if (d >= 0)
        close(d);
    return ok;
}

void manifest_free(struct tree_manifest *m)
{
    for (size_t i = 0; i < m->count; i++)
        free(m->entries[i].rel);
    free(m->entries);
    free(m->root);
    memset(m, 0, sizeof *m);
}

/* Opens a directory to empty it; one the program made unreadable is
 * opened up first, as rm -rf would. */
static int open_for_removal(int dir, const char *name)
{
    int sub = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (sub < 0 && errno == EACCES && fchmodat(dir, name, 0700, 0) == 0)
        sub = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    return sub;
}

/* Empties the open directory dir (readdir's d_type saves a failing unlink
 * per directory). */
static bool remove_entries(int dir)
{
    DIR *d = open_listing(dir);
    if (!d)
        return false;
    bool ok = true;
    struct dirent *e;
    while ((e = next_entry(d))) {
        if (e->d_type != DT_DIR && e->d_type != DT_UNKNOWN && unlinkat(dir, e->d_name, 0) == 0)
            continue;
        if (e->d_type == DT_UNKNOWN && unlinkat(dir, e->d_name, 0) == 0)
            continue;
        int sub = open_for_removal(dir, e->d_name);
        if (sub < 0) {
            ok = false;
            continue;
        }
        ok &= remove_entries(sub);
        close(sub);
        ok &= unlinkat(dir, e->d_name, AT_REMOVEDIR) == 0;
    }
    closedir(d);
    return ok;
}

bool tree_remove(const char *path)
{
    if (unlink(path) == 0 || errno == ENOENT)
        return true;
    chmod(path, 0700);
    int d = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (d < 0)
        return false;
    bool ok = remove_entries(d);
    close(d);
    return rmdir(path) == 0 && ok;
}

bool template_prefix_make(const char *dir, const char *from, char *err, size_t errsz)
{
    if (from && !tree_copy(from, dir, err, errsz))
        return false;
    struct prefix p;
    bool ok = prefix_open(&p, dir, err, errsz);
    prefix_close(&p);
    return ok;
}
