/* Named sections across the processes of a prefix: one file per name in
 * the prefix's section directory (for a file-backed section a hard link to
 * its file). A flock on the directory makes
 * create, open and removal one step each; a shared flock on the file marks
 * each holder, so a file nobody holds (a process that died) is stale and
 * replaced, and the last holder's exclusive flock succeeds and removes it. */
#define _GNU_SOURCE
#include "syscalls/ntdll/nt_section_shared.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/process.h"
#include "redirect/prefix.h"

#define SECTION_DIR ".wowbox-sections"
#define COMMITS_SUFFIX "#c" /* '#' is escaped in names: no section is called so */

/* path + COMMITS_SUFFIX, in buf (false: too long). */
static bool commits_path(const char *path, char *buf, size_t n)
{
    return (size_t)snprintf(buf, n, "%s%s", path, COMMITS_SUFFIX) < n;
}

static void unlink_commits(const char *path)
{
    char c[4096];
    if (commits_path(path, c, sizeof c))
        unlink(c);
}

/* "<prefix>/.wowbox-sections" (created), or NULL. */
static char *section_dir(void)
{
    if (!proc || !proc->prefix || !proc->prefix->root)
        return NULL;
    size_t n = strlen(proc->prefix->root) + sizeof SECTION_DIR + 2;
    char *dir = malloc(n);
    if (!dir)
        return NULL;
    snprintf(dir, n, "%s/%s", proc->prefix->root, SECTION_DIR);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        free(dir);
        return NULL;
    }
    return dir;
}

/* The file of a name: bytes outside [A-Za-z0-9_.-] as %XX, so every
 * Windows name (case kept: they are case-sensitive) is one file name. */
static char *section_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + 3 * strlen(name) + 2;
    char *path = malloc(n), *p;
    if (!path)
        return NULL;
    p = path + sprintf(path, "%s/", dir);
    for (const unsigned char *c = (const unsigned char *)name; *c; c++) {
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_' ||
            *c == '.' || *c == '-')
            *p++ = (char)*c;
        else
            p += sprintf(p, "%%%02X", *c);
    }
    *p = 0;
    return path;
}

/* Under the directory's lock: an existing file some process holds, or a
 * new one; a file nobody holds is left over and replaced. */
static int open_locked(const char *path, bool create, uint64_t *size, bool *existed)
{
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0) { /* nobody holds it: stale */
        unlink(path);
        close(fd);
        fd = -1;
    }
    struct stat st;
    if (fd >= 0) {
        if (flock(fd, LOCK_SH) != 0 || fstat(fd, &st) != 0) {
            close(fd);
            return -1;
        }
        *size = (uint64_t)st.st_size;
        *existed = true;
        return fd;
    }
    if (!create)
        return -1;
    unlink_commits(path); /* a left-over section's */
    fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    if (ftruncate(fd, (off_t)*size) != 0 || flock(fd, LOCK_SH) != 0) {
        unlink(path);
        close(fd);
        return -1;
    }
    *existed = false;
    return fd;
}

int nt_shared_section_open(const char *name, bool create, uint64_t *size, bool *existed, char **path_out)
{
    *path_out = NULL;
    char *dir = section_dir();
    char *path = dir ? section_path(dir, name) : NULL;
    int dfd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    int fd = -1;
    if (path && dfd >= 0 && flock(dfd, LOCK_EX) == 0) {
        fd = open_locked(path, create, size, existed);
        flock(dfd, LOCK_UN);
    }
    if (dfd >= 0)
        close(dfd);
    free(dir);
    if (fd < 0)
        free(path);
    else
        *path_out = path;
    return fd;
}

int nt_shared_section_link(const char *name, int fd, char **path_out)
{
    *path_out = NULL;
    char *dir = section_dir();
    char *path = dir ? section_path(dir, name) : NULL;
    int dfd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    int held = -1;
    if (path && dfd >= 0 && flock(dfd, LOCK_EX) == 0) {
        uint64_t size = 0;
        bool existed;
        int other = open_locked(path, false, &size, &existed); /* a live holder: the name is taken */
        char self[64];
        snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
        if (other >= 0)
            close(other);
        else if (unlink(path), linkat(AT_FDCWD, self, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0) {
            held = open(path, (fcntl(fd, F_GETFL) & O_ACCMODE) | O_CLOEXEC);
            if (held >= 0 && flock(held, LOCK_SH) != 0) {
                close(held);
                held = -1;
            }
            if (held < 0)
                unlink(path);
        }
        flock(dfd, LOCK_UN);
    }
    if (dfd >= 0)
        close(dfd);
    free(dir);
    if (held < 0)
        free(path);
    else
        *path_out = path;
    return held;
}

uint8_t *nt_shared_section_commits(const char *path, size_t pages, bool create)
{
    char c[4096];
    if (!path || !pages || !commits_path(path, c, sizeof c))
        return NULL;
    int fd = open(c, O_RDWR | O_CLOEXEC | (create ? O_CREAT | O_TRUNC : 0), 0600);
    struct stat st;
    bool ok = fd >= 0 && (create ? ftruncate(fd, (off_t)pages) == 0 : fstat(fd, &st) == 0 && st.st_size >= (off_t)pages);
    void *map = ok ? mmap(NULL, pages, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) : MAP_FAILED;
    if (fd >= 0)
        close(fd);
    return map == MAP_FAILED ? NULL : map;
}

void nt_shared_section_release(int fd, char *path)
{
    char *dir = path ? strdup(path) : NULL;
    char *slash = dir ? strrchr(dir, '/') : NULL;
    if (slash)
        *slash = 0;
    int dfd = slash ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (dfd >= 0 && flock(dfd, LOCK_EX) == 0) {
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) { /* the last holder */
            unlink(path);
            unlink_commits(path);
        }
        flock(dfd, LOCK_UN);
    }
    if (dfd >= 0)
        close(dfd);
    free(dir);
    free(path);
}
