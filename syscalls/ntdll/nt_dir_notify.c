/* NtNotifyChangeDirectoryFile over inotify: a directory handle's first call
 * starts a watch (the directory, and its subdirectories as they are then
 * for a subtree), later calls read what inotify collected meanwhile, and a
 * call with nothing collected waits outside the process lock. Events become
 * FILE_NOTIFY_INFORMATION records with names relative to the directory. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/handles.h"
#include "core/sync.h"
#include "core/trace.h"
#include "core/unicode.h"
#include "syscalls/ntdll/nt_file.h"
#include "syscalls/ntdll/struct32.h"

#define STATUS_NOTIFY_CLEANUP  0x0000010Bu
#define STATUS_NOTIFY_ENUM_DIR 0x0000010Cu


#define FILE_ACTION_ADDED            1u
#define FILE_ACTION_REMOVED          2u
#define FILE_ACTION_MODIFIED         3u
#define FILE_ACTION_RENAMED_OLD_NAME 4u
#define FILE_ACTION_RENAMED_NEW_NAME 5u

#define MAX_SUBTREE_DIRS 4096

struct watched_dir {
    int wd;
    char *rel; /* "" for the directory itself, "sub\\dir" below it */
};

struct dir_notify {
    int fd;
    struct watched_dir *dirs;
    size_t ndirs;
};

uint32_t nt_dir_notify_mask(uint32_t filter)
{
    uint32_t m = IN_ONLYDIR;
    if (filter & (FILE_NOTIFY_CHANGE_FILE_NAME | FILE_NOTIFY_CHANGE_DIR_NAME))
        m |= IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO;
    if (filter & (FILE_NOTIFY_CHANGE_ATTRIBUTES | FILE_NOTIFY_CHANGE_SECURITY))
        m |= IN_ATTRIB;
    if (filter & (FILE_NOTIFY_CHANGE_SIZE | FILE_NOTIFY_CHANGE_LAST_WRITE))
        m |= IN_MODIFY | IN_CLOSE_WRITE;
    if (filter & FILE_NOTIFY_CHANGE_LAST_ACCESS)
        m |= IN_ACCESS;
    if (filter & FILE_NOTIFY_CHANGE_CREATION)
        m |= IN_CREATE;
    return m;
}

static void add_dir(struct dir_notify *n, const char *host, const char *rel, uint32_t mask)
{
    int wd = inotify_add_watch(n->fd, host, mask | IN_DONT_FOLLOW);
    struct watched_dir *d = wd >= 0 ? realloc(n->dirs, (n->ndirs + 1) * sizeof *d) : NULL;
    if (!d)
        return;
    n->dirs = d;
    n->dirs[n->ndirs].wd = wd;
    n->dirs[n->ndirs].rel = strdup(rel);
    n->ndirs++;
}

static void add_below(struct dir_notify *n, const char *host, const char *rel, uint32_t mask)
{
    DIR *dir = opendir(host);
    if (!dir)
        return;
    struct dirent *e;
    while ((e = readdir(dir)) && n->ndirs < MAX_SUBTREE_DIRS) {
        if (e->d_type != DT_DIR || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *sub_host, *sub_rel;
        if (asprintf(&sub_host, "%s/%s", host, e->d_name) < 0)
            continue;
        if (asprintf(&sub_rel, "%s%s%s", rel, *rel ? "\\" : "", e->d_name) < 0) {
            free(sub_host);
            continue;
        }
        add_dir(n, sub_host, sub_rel, mask);
        add_below(n, sub_host, sub_rel, mask);
        free(sub_host);
        free(sub_rel);
    }
    closedir(dir);
}

void nt_dir_notify_release(struct handle_obj *o)
{
    void **slot = nt_file_notify_slot(o);
    struct dir_notify *n = slot ? *slot : NULL;
    if (!n)
        return;
    close(n->fd);
    for (size_t i = 0; i < n->ndirs; i++)
        free(n->dirs[i].rel);
    free(n->dirs);
    free(n);
    *slot = NULL;
}

static struct dir_notify *start(struct handle_obj *o, uint32_t filter, bool subtree)
{
    struct dir_notify *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (n->fd < 0) {
        free(n);
        return NULL;
    }
    uint32_t mask = nt_dir_notify_mask(filter);
    add_dir(n, o->host_path, "", mask);
    if (subtree)
        add_below(n, o->host_path, "", mask);
    return n;
}

static uint32_t action_of(uint32_t mask)
{
    if (mask & (IN_CREATE))
        return FILE_ACTION_ADDED;
    if (mask & IN_DELETE)
        return FILE_ACTION_REMOVED;
    if (mask & IN_MOVED_FROM)
        return FILE_ACTION_RENAMED_OLD_NAME;
    if (mask & IN_MOVED_TO)
        return FILE_ACTION_RENAMED_NEW_NAME;
    return FILE_ACTION_MODIFIED;
}

static const char *rel_of(const struct dir_notify *n, int wd)
{
    for (size_t i = 0; i < n->ndirs; i++)
        if (n->dirs[i].wd == wd)
            return n->dirs[i].rel;
    return NULL;
}

/* Appends one record; false when it does not fit. */
static bool put_record(uint8_t *buf, uint32_t len, uint32_t *at, uint32_t *last, uint32_t *end, uint32_t action,
                       const char *name)
{
    size_t units = 0;
    uint16_t *w = utf8_to_utf16(name, &units);
    if (!w)
        return false;
    uint32_t size = (uint32_t)(sizeof(FILE_NOTIFY_INFORMATION32) + units * 2 + 3) & ~3u;
    if (*at + size > len) {
        free(w);
        return false;
    }
    FILE_NOTIFY_INFORMATION32 rec = { 0, action, (uint32_t)units * 2 };
    memcpy(buf + *at, &rec, sizeof rec);
    memcpy(buf + *at + sizeof rec, w, units * 2);
    free(w);
    if (*at) /* the previous record points here */
        memcpy(buf + *last, &(uint32_t){ *at - *last }, 4);
    *last = *at;
    *end = *at + (uint32_t)(sizeof rec + units * 2); /* the last record counts unpadded */
    *at += size;
    return true;
}

/* The collected events as records; false: they do not fit. */
static bool drain(struct dir_notify *n, uint8_t *buf, uint32_t len, uint32_t *written)
{
    char ev[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    uint32_t at = 0, last = 0, end = 0;
    bool fits = true;
    ssize_t got;
    while ((got = read(n->fd, ev, sizeof ev)) > 0) {
        for (char *p = ev; p < ev + got;) {
            const struct inotify_event *e = (const void *)p;
            p += sizeof *e + e->len;
            const char *rel = rel_of(n, e->wd);
            if (!rel || !e->len || (e->mask & IN_IGNORED))
                continue;
            char *name;
            if (asprintf(&name, "%s%s%s", rel, *rel ? "\\" : "", e->name) < 0)
                continue;
            if (fits && !put_record(buf, len, &at, &last, &end, action_of(e->mask), name))
                fits = false;
            free(name);
        }
    }
    *written = fits ? end : 0;
    return fits;
}

static NTSTATUS notify_change(uint32_t h, void *buf, uint32_t len, uint32_t filter, bool subtree,
                              uint32_t *written)
{
    *written = 0;
    NTSTATUS st;
    struct handle_obj *o = nt_file_object(h, &st);
    if (!o)
        return st;
    void **slot = nt_file_notify_slot(o);
    struct stat sb;
    if (!slot || !o->host_path || fstat(o->fd, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return STATUS_INVALID_PARAMETER;
    if (!filter || (filter & ~FILE_NOTIFY_VALID_MASK))
        return STATUS_INVALID_PARAMETER;
    if (!*slot && !(*slot = start(o, filter, subtree)))
        return 0xC000009Au /* STATUS_INSUFFICIENT_RESOURCES */;
    struct dir_notify *n = *slot;
    for (;;) {
        struct pollfd p = { .fd = n->fd, .events = POLLIN };
        if (poll(&p, 1, 0) != 1) { /* nothing yet: wait outside the lock */
            struct kobj *k = kobj_create(KOBJ_FILE);
            if (!k)
                return STATUS_NO_MEMORY;
            k->host_fd = n->fd;
            k->host_events = POLLIN;
            handle_obj_ref(o); /* a close meanwhile leaves ours the last reference */
            bool terminated = false;
            kobj_wait(&k, 1, false, WAIT_INFINITE, false, &terminated);
            kobj_unref(k);
            bool closed = o->refs == 1;
            handle_obj_unref(o);
            if (terminated)
                return STATUS_THREAD_IS_TERMINATING;
            if (closed)
                return STATUS_NOTIFY_CLEANUP;
        }
        if (!drain(n, buf, len, written))
            return STATUS_NOTIFY_ENUM_DIR;
        if (*written)
            return STATUS_SUCCESS;
    }
}

NTSTATUS nt_notify_change_directory(uint32_t h, void *buf, uint32_t len, uint32_t filter, bool subtree,
                                    uint32_t *written)
{
    int tr = TRACE_NT_BEGIN("NtNotifyChangeDirectoryFile", "h FileHandle, u Length, x CompletionFilter, b WatchTree",
                            h, len, filter, subtree);
    NTSTATUS st = notify_change(h, buf, len, filter, subtree, written);
    TRACE_NT_END(tr, st, "u Information", *written);
    return st;
}
