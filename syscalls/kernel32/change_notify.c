/* FindFirstChangeNotification & co. over inotify: the handle is a file
 * handle whose descriptor is an inotify instance watching the directory (and
 * its subdirectories as they are now, for bWatchSubtree), so it is signaled
 * while changes are unread and every wait works on it as on a pipe;
 * FindNextChangeNotification reads them away. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/guest_mem.h"
#include "core/handles.h"
#include "core/log.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/fs.h"
#include "syscalls/ntdll/nt_file.h"
#include "syscalls/win32_errors.h"

#define MAX_SUBTREE_DIRS               4096

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return INVALID_HANDLE_VALUE;
}


/* Watches every directory below dir (as they are now), up to a bound. */
static void watch_below(int fd, const char *dir, uint32_t mask, unsigned *count)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) && *count < MAX_SUBTREE_DIRS) {
        if (e->d_type != DT_DIR || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *sub;
        if (asprintf(&sub, "%s/%s", dir, e->d_name) < 0)
            continue;
        if (inotify_add_watch(fd, sub, mask | IN_DONT_FOLLOW) >= 0)
            (*count)++;
        watch_below(fd, sub, mask, count);
        free(sub);
    }
    closedir(d);
}

static void notify_destroy(struct handle_obj *o)
{
    (void)o; /* the descriptor is closed with the handle */
}

static uint64_t first_change(gaddr path, bool wide, bool subtree, uint32_t filter)
{
    if (!filter || (filter & ~FILE_NOTIFY_VALID_MASK))
        return fail(ERROR_INVALID_PARAMETER);
    uint32_t err, dir;
    char *win = k32_path_arg(path, wide, &err);
    if (!win)
        return fail(err);
    /* the path rules, redirection and errors of the file layer: a missing
     * name is ERROR_FILE_NOT_FOUND, a missing parent ERROR_PATH_NOT_FOUND */
    FILE_NETWORK_OPEN_INFORMATION32 info;
    err = fs_get_attributes(win, &info);
    if (!err)
        err = info.FileAttributes & FILE_ATTRIBUTE_DIRECTORY ? fs_open_directory(win, &dir) : ERROR_DIRECTORY;
    free(win);
    if (err)
        return fail(err);
    struct handle_obj *d = handle_get(dir, HANDLE_FILE);
    char *host = d && d->host_path ? strdup(d->host_path) : NULL;
    handle_close(dir);
    if (!host)
        return fail(ERROR_DIRECTORY);
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    uint32_t mask = nt_dir_notify_mask(filter);
    if (fd < 0 || inotify_add_watch(fd, host, mask) < 0) {
        if (fd >= 0)
            close(fd);
        free(host);
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    unsigned count = 0;
    if (subtree)
        watch_below(fd, host, mask, &count);
    free(host);
    struct handle_obj *o = calloc(1, sizeof *o);
    if (!o) {
        close(fd);
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    o->type = HANDLE_FILE;
    o->fd = fd;
    o->destroy = notify_destroy;
    uint32_t h = handle_new(o);
    if (!h) {
        close(fd);
        free(o);
        return fail(ERROR_TOO_MANY_OPEN_FILES);
    }
    return h;
}

static struct handle_obj *notify_object(uint32_t h)
{
    struct handle_obj *o = handle_get(h, HANDLE_FILE);
    return o && o->destroy == notify_destroy ? o : NULL;
}

uint64_t kernel32_FindFirstChangeNotificationA(struct thunk_call *c)
{
    API_ARGS(kernel32, FindFirstChangeNotificationA, a);
    return first_change(a.lpPathName, false, a.bWatchSubtree, a.dwNotifyFilter);
}

uint64_t kernel32_FindFirstChangeNotificationW(struct thunk_call *c)
{
    API_ARGS(kernel32, FindFirstChangeNotificationW, a);
    return first_change(a.lpPathName, true, a.bWatchSubtree, a.dwNotifyFilter);
}

uint64_t kernel32_FindNextChangeNotification(struct thunk_call *c)
{
    API_ARGS(kernel32, FindNextChangeNotification, a);
    struct handle_obj *o = notify_object(a.hChangeHandle);
    if (!o) {
        teb_set_last_error(ERROR_INVALID_HANDLE);
        return 0;
    }
    char buf[4096];
    while (read(o->fd, buf, sizeof buf) > 0) /* the changes seen so far are reported */
        ;
    return 1;
}

uint64_t kernel32_FindCloseChangeNotification(struct thunk_call *c)
{
    API_ARGS(kernel32, FindCloseChangeNotification, a);
    if (!notify_object(a.hChangeHandle) || !handle_close(a.hChangeHandle)) {
        teb_set_last_error(ERROR_INVALID_HANDLE);
        return 0;
    }
    return 1;
}

/* ReadDirectoryChangesW, synchronous: the records of the changes since the
 * last call (waiting for one). Overlapped calls and completion routines
 * are refused with a note. */
uint64_t kernel32_ReadDirectoryChangesW(struct thunk_call *c)
{
    API_ARGS(kernel32, ReadDirectoryChangesW, a);
    if (a.lpOverlapped || a.lpCompletionRoutine) {
        wb_note("ReadDirectoryChangesW: overlapped calls are not implemented (call it synchronously)");
        teb_set_last_error(ERROR_NOT_SUPPORTED);
        return 0;
    }
    if (!a.lpBytesReturned || (a.nBufferLength && !gm_writable(a.lpBuffer, a.nBufferLength))) {
        teb_set_last_error(ERROR_NOACCESS);
        return 0;
    }
    void *buf = a.nBufferLength ? malloc(a.nBufferLength) : NULL;
    if (a.nBufferLength && !buf) {
        teb_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    uint32_t n = 0;
    NTSTATUS st = nt_notify_change_directory(a.hDirectory, buf, a.nBufferLength, a.dwNotifyFilter,
                                             a.bWatchSubtree != 0, &n);
    if (st < 0x80000000u && n)
        gm_write(a.lpBuffer, buf, n);
    free(buf);
    if (st >= 0x80000000u) {
        teb_set_last_error(ntstatus_to_win32(st));
        return 0;
    }
    gm_write_u32(a.lpBytesReturned, n); /* 0: the records did not fit (STATUS_NOTIFY_ENUM_DIR) */
    return 1;
}
