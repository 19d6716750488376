/* Unit tests for --drive mappings and drive confinement (redirect/): the
 * table of path tricks that must not leave a mapped drive, read-only
 * drives, and host paths mapped back to their drive letters. */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "redirect/path.h"
#include "redirect/prefix.h"

static char g_tmp[64];
static struct prefix g_p;

static const char *tmp_path(const char *rel)
{
    static char bufs[4][PATH_MAX];
    static int next;
    char *b = bufs[next++ % 4];
    snprintf(b, PATH_MAX, "%s/%s", g_tmp, rel);
    return b;
}

static void touch(const char *path)
{
    int fd = open(path, O_CREAT | O_WRONLY, 0644);
    assert_true(fd >= 0);
    close(fd);
}

static void make_dir(const char *path)
{
    assert_int_equal(mkdir(path, 0755), 0);
}

static void link_to(const char *target, const char *linkpath)
{
    assert_int_equal(symlink(target, linkpath), 0);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/*
 * data/  = D: (read-write)   file.txt, sub/, links below
 * ro/    = R: (read-only)    doc.txt
 * outside/secret             what no trick may reach
 */
static int group_setup(void **state)
{
    char err[512];
    (void)state;
    snprintf(g_tmp, sizeof g_tmp, "/tmp/wowbox-drives-XXXXXX");
    if (!mkdtemp(g_tmp) || !prefix_open(&g_p, tmp_path("pfx"), err, sizeof err))
        return -1;
    make_dir(tmp_path("data"));
    make_dir(tmp_path("data/sub"));
    make_dir(tmp_path("ro"));
    make_dir(tmp_path("outside"));
    touch(tmp_path("data/file.txt"));
    touch(tmp_path("ro/doc.txt"));
    touch(tmp_path("outside/secret"));
    link_to(tmp_path("outside"), tmp_path("data/linkout"));      /* absolute, to a directory */
    link_to("../../outside", tmp_path("data/sub/uplink"));       /* relative, climbing out */
    link_to("sub", tmp_path("data/linkin"));                     /* stays inside */
    link_to(tmp_path("nowhere"), tmp_path("data/dangling"));     /* dangling */
    link_to(tmp_path("outside/secret"), tmp_path("data/filelink")); /* to a file */
    link_to(g_p.drive_c, tmp_path("data/toc"));                  /* into another drive */
    link_to(tmp_path("data"), tmp_path("pfx/drive_c/tod"));      /* C: into D: */
    if (chdir(g_tmp) != 0 || !prefix_map_drive(&g_p, 'd', tmp_path("data"), false, err, sizeof err) ||
        !prefix_map_drive_spec(&g_p, "R:=ro:ro", err, sizeof err)) /* relative to the host cwd */
        return -1;
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    prefix_close(&g_p);
    return nftw(g_tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int no_host_drive(void **state)
{
    (void)state;
    g_p.map_z_to_root = false;
    return 0;
}

struct trick {
    const char *cwd;   /* NULL: C:\ */
    const char *path;
    uint32_t status;   /* 0, an NTSTATUS, or PATH_STATUS_DEVICE */
    const char *host;  /* with status 0: below g_tmp; with a device: the device name */
};

/* Every way out we know of; with Z: gone, each must stay in its drive or
 * fail. */
static const struct trick tricks[] = {
    /* ".." chains stop at the drive's root */
    { NULL, "D:\\..\\..\\..\\file.txt", 0, "data/file.txt" },
    { NULL, "D:\\sub\\..\\..\\..\\..\\file.txt", 0, "data/file.txt" },
    { NULL, "D:/../../file.txt", 0, "data/file.txt" },
    { "D:\\sub", "..\\..\\..\\..\\file.txt", 0, "data/file.txt" },
    { "D:\\sub", "D:..\\..\\file.txt", 0, "data/file.txt" },
    { NULL, "D:\\linkout\\..\\file.txt", 0, "data/file.txt" }, /* ".." is lexical, as on Windows */
    /* namespace prefixes */
    { NULL, "\\\\?\\D:\\..\\file.txt", STATUS_OBJECT_NAME_INVALID, NULL },
    { NULL, "\\??\\D:\\file.txt", 0, "data/file.txt" },
    { NULL, "\\\\.\\D:\\..\\..\\file.txt", 0, "data/file.txt" },
    { NULL, "\\\\?\\GLOBALROOT\\outside\\secret", PATH_STATUS_DEVICE, "GLOBALROOT\\outside\\secret" },
    { NULL, "\\\\.\\GLOBALROOT\\Device\\HarddiskVolume1\\etc", PATH_STATUS_DEVICE,
      "GLOBALROOT\\Device\\HarddiskVolume1\\etc" },
    /* UNC: no network redirector, not even to localhost */
    { NULL, "\\\\localhost\\C$\\outside\\secret", STATUS_OBJECT_PATH_NOT_FOUND, NULL },
    { NULL, "\\\\?\\UNC\\localhost\\outside", STATUS_OBJECT_PATH_NOT_FOUND, NULL },
    { NULL, "//localhost/outside", STATUS_OBJECT_PATH_NOT_FOUND, NULL },
    /* drives that are not mapped */
    { NULL, "Z:\\etc\\passwd", STATUS_OBJECT_PATH_NOT_FOUND, NULL },
    { NULL, "E:\\x", STATUS_OBJECT_PATH_NOT_FOUND, NULL },
    /* symlinks: to directories, files, dangling, relative, into other drives */
    { NULL, "D:\\linkout\\secret", STATUS_ACCESS_DENIED, NULL },
    { NULL, "D:\\linkout", STATUS_ACCESS_DENIED, NULL },
    { NULL, "D:\\sub\\uplink\\secret", STATUS_ACCESS_DENIED, NULL },
    { NULL, "D:\\dangling", STATUS_ACCESS_DENIED, NULL },
    { NULL, "D:\\filelink", STATUS_ACCESS_DENIED, NULL },
    { NULL, "D:\\toc\\Windows", STATUS_ACCESS_DENIED, NULL },
    { NULL, "C:\\tod\\file.txt", STATUS_ACCESS_DENIED, NULL },
    { NULL, "D:\\linkin\\new.txt", 0, "data/linkin/new.txt" },
    /* case variants find the same entries, links included */
    { NULL, "d:\\FILE.TXT", 0, "data/file.txt" },
    { NULL, "D:\\LINKOUT\\SECRET", STATUS_ACCESS_DENIED, NULL },
    { NULL, "d:\\Sub\\UpLink", STATUS_ACCESS_DENIED, NULL },
    { NULL, "r:\\DOC.txt", 0, "ro/doc.txt" },
};

static void check_trick(const struct trick *t)
{
    char out[PATH_MAX];
    char want[PATH_MAX];
    uint32_t st = path_win_to_host(&g_p, t->cwd ? t->cwd : "C:\\", t->path, PATH_FOR_CREATE, out, sizeof out);
    if (st != t->status)
        fail_msg("%s: status %#x, expected %#x (%s)", t->path, st, t->status, out);
    if (st == PATH_STATUS_DEVICE) {
        assert_string_equal(out, t->host);
        return;
    }
    if (st) {
        assert_string_equal(out, "");
        return;
    }
    snprintf(want, sizeof want, "%s/%s", g_tmp, t->host);
    assert_string_equal(out, want);
}

static void test_path_tricks(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof tricks / sizeof tricks[0]; i++)
        check_trick(&tricks[i]);
}

/* With Z: mapped to the host root, every host file is reachable anyway:
 * links are followed (as in Wine), the drives still resolve. */
static void test_host_drive_follows_links(void **state)
{
    char out[PATH_MAX];
    (void)state;
    g_p.map_z_to_root = true;
    assert_int_equal(path_win_to_host(&g_p, "C:\\", "D:\\linkout\\secret", 0, out, sizeof out), 0);
    assert_string_equal(out, tmp_path("data/linkout/secret"));
    assert_int_equal(path_win_to_host(&g_p, "C:\\", "Z:\\", 0, out, sizeof out), 0);
    assert_string_equal(out, "/");
}

static void test_readonly_flag(void **state)
{
    char out[PATH_MAX];
    bool ro = true;
    (void)state;
    assert_int_equal(path_win_to_host_ro(&g_p, "C:\\", "D:\\file.txt", 0, out, sizeof out, &ro), 0);
    assert_false(ro);
    assert_int_equal(path_win_to_host_ro(&g_p, "C:\\", "R:\\new.txt", PATH_FOR_CREATE, out, sizeof out, &ro), 0);
    assert_true(ro);
    assert_int_equal(path_win_to_host_ro(&g_p, "C:\\", "C:\\Windows", 0, out, sizeof out, &ro), 0);
    assert_false(ro);
    bool readonly = false;
    assert_string_equal(prefix_drive_root(&g_p, 'R' - 'A', &readonly), tmp_path("ro"));
    assert_true(readonly);
}

static void test_host_to_win_drives(void **state)
{
    char out[PATH_MAX];
    (void)state;
    assert_int_equal(path_host_to_win(&g_p, tmp_path("data/sub"), out, sizeof out), 0);
    assert_string_equal(out, "D:\\sub");
    assert_int_equal(path_host_to_win(&g_p, tmp_path("ro"), out, sizeof out), 0);
    assert_string_equal(out, "R:\\");
    assert_int_equal(path_host_to_win(&g_p, "ro/doc.txt", out, sizeof out), 0); /* relative to the host cwd */
    assert_string_equal(out, "R:\\doc.txt");
    assert_int_equal(path_host_to_win(&g_p, tmp_path("outside/secret"), out, sizeof out),
                     STATUS_OBJECT_PATH_NOT_FOUND);
    g_p.map_z_to_root = true;
    assert_int_equal(path_host_to_win(&g_p, tmp_path("outside"), out, sizeof out), 0);
    assert_int_equal(out[0], 'Z');
}

static void test_drive_mask_and_errors(void **state)
{
    char err[256];
    (void)state;
    assert_non_null(prefix_drive_root(&g_p, 'C' - 'A', NULL));
    assert_non_null(prefix_drive_root(&g_p, 'D' - 'A', NULL));
    assert_null(prefix_drive_root(&g_p, 'E' - 'A', NULL));
    assert_null(prefix_drive_root(&g_p, 'Z' - 'A', NULL));
    assert_null(prefix_drive_root(&g_p, 26, NULL));
    assert_false(prefix_map_drive(&g_p, 'C', tmp_path("data"), false, err, sizeof err));
    assert_non_null(strstr(err, "C: cannot be mapped"));
    assert_false(prefix_map_drive(&g_p, '1', tmp_path("data"), false, err, sizeof err));
    assert_false(prefix_map_drive(&g_p, 'E', tmp_path("missing"), false, err, sizeof err));
    assert_non_null(strstr(err, "is not a directory"));
    assert_false(prefix_map_drive(&g_p, 'E', tmp_path("data/file.txt"), false, err, sizeof err));
    assert_false(prefix_map_drive_spec(&g_p, "E=data", err, sizeof err));
    assert_false(prefix_map_drive_spec(&g_p, "E:", err, sizeof err));
    assert_null(prefix_drive_root(&g_p, 'E' - 'A', NULL));
}

/* Mapping Z: to a directory replaces the host root and confines. */
static void test_map_z(void **state)
{
    char err[256];
    char out[PATH_MAX];
    struct prefix p;
    (void)state;
    assert_true(prefix_open(&p, tmp_path("pfx"), err, sizeof err));
    assert_true(p.map_z_to_root);
    assert_string_equal(prefix_drive_root(&p, 'Z' - 'A', NULL), "/");
    assert_true(prefix_map_drive(&p, 'z', tmp_path("data"), false, err, sizeof err));
    assert_false(p.map_z_to_root);
    assert_int_equal(path_win_to_host(&p, "C:\\", "Z:\\file.txt", 0, out, sizeof out), 0);
    assert_string_equal(out, tmp_path("data/file.txt"));
    assert_int_equal(path_win_to_host(&p, "C:\\", "Z:\\linkout\\secret", 0, out, sizeof out), STATUS_ACCESS_DENIED);
    prefix_close(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_path_tricks, no_host_drive),
        cmocka_unit_test_setup(test_host_drive_follows_links, no_host_drive),
        cmocka_unit_test_setup(test_readonly_flag, no_host_drive),
        cmocka_unit_test_setup(test_host_to_win_drives, no_host_drive),
        cmocka_unit_test_setup(test_drive_mask_and_errors, no_host_drive),
        cmocka_unit_test_setup(test_map_z, no_host_drive),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
