/* Fuzz target: the Windows path translator (redirect/path.h) against a
 * prefix with a mapped drive and a symlink leading out: normalisation,
 * Windows -> host (with and without the host drive) and host -> Windows.
 * Input: current directory, NUL, path. Every host path produced must lie
 * inside a drive's root when the host drive is unmapped. */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "redirect/path.h"
#include "redirect/prefix.h"
#include "tests/fuzz/fuzz_prefix.h"
#include "tests/fuzz/fuzz_target.h"

static struct prefix pfx;
static char data_dir[PATH_MAX];

static void setup_once(void)
{
    static bool done;
    char tmp[FUZZ_TMPDIR_SIZE], err[256], p[PATH_MAX];
    if (done)
        return;
    done = true;
    fuzz_prefix_open(&pfx, "path", tmp);
    snprintf(data_dir, sizeof data_dir, "%s/data", tmp);
    snprintf(p, sizeof p, "%s/out", tmp);
    if (mkdir(data_dir, 0755) || mkdir(p, 0755))
        abort();
    char link[PATH_MAX + 8];
    snprintf(link, sizeof link, "%s/Link", data_dir);
    if (symlink(p, link) != 0)
        abort();
    snprintf(link, sizeof link, "%s/Up", pfx.drive_c);
    if (symlink("..", link) != 0)
        abort();
    if (!prefix_map_drive(&pfx, 'D', data_dir, true, err, sizeof err))
        abort();
}

static bool under(const char *path, const char *root)
{
    size_t n = strlen(root);
    return strncmp(path, root, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* No host path outside the drives: the property the confinement promises. */
static void check_confined(const char *host)
{
    if (under(host, pfx.drive_c) || under(host, data_dir) || strcmp(host, "/dev/null") == 0)
        return;
    fprintf(stderr, "path escaped the drives: %s\n", host);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup_once();
    char *buf = malloc(size + 2);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = buf[size + 1] = '\0';
    const char *cwd = buf, *path = buf + strlen(buf) + (strlen(buf) < size ? 1 : 0);
    if (path > buf + size)
        path = buf + size;
    char out[PATH_MAX], win[PATH_MAX];
    path_win_normalize(*cwd ? cwd : NULL, path, 0, out, sizeof out);
    path_win_normalize(*cwd ? cwd : NULL, path, PATH_NO_WOW64_REDIRECT, out, sizeof out);
    pfx.map_z_to_root = false;
    bool ro;
    uint32_t st = path_win_to_host_ro(&pfx, *cwd ? cwd : NULL, path, PATH_FOR_CREATE, out, sizeof out, &ro);
    if (st == 0)
        check_confined(out);
    if (st == 0)
        path_host_to_win(&pfx, out, win, sizeof win);
    pfx.map_z_to_root = true;
    path_win_to_host(&pfx, *cwd ? cwd : NULL, path, 0, out, sizeof out);
    path_host_to_win(&pfx, path, win, sizeof win);
    free(buf);
    return 0;
}
