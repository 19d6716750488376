/* Unit tests for redirect/: prefix creation and Windows <-> host path
 * translation, run against a throwaway prefix made with mkdtemp. */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pthread.h>

#include "core/process.h"
#include "core/thread.h"
#include "redirect/path.h"
#include "redirect/prefix.h"
#include "syscalls/ntdll/path.h"
#include "syscalls/ntdll/wow64_fs.h"

static char g_tmp[64];
static struct prefix g_p;

/* Host path under the temp dir; rotating buffers so several can be live. */
static const char *tmp_path(const char *rel)
{
    static char bufs[4][PATH_MAX];
    static int next;
    char *b = bufs[next++ % 4];
    snprintf(b, PATH_MAX, "%s/%s", g_tmp, rel);
    return b;
}

static const char *drive_c_path(const char *rel)
{
    static char bufs[4][PATH_MAX];
    static int next;
    char *b = bufs[next++ % 4];
    snprintf(b, PATH_MAX, "%s/%s", g_p.drive_c, rel);
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

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    chmod(path, 0755); /* undo the read-only test dirs */
    return remove(path);
}

#define NORM_OK(cwd, in, flags, want)                                                    \
    do {                                                                                 \
        char o_[1024];                                                                   \
        assert_int_equal(path_win_normalize((cwd), (in), (flags), o_, sizeof o_), 0);   \
        assert_string_equal(o_, (want));                                                 \
    } while (0)

#define NORM_ERR(cwd, in, flags, status)                                                    \
    do {                                                                                    \
        char o_[1024];                                                                      \
        assert_int_equal(path_win_normalize((cwd), (in), (flags), o_, sizeof o_), (status)); \
    } while (0)

#define HOST_OK(in, flags, want)                                                              \
    do {                                                                                      \
        char o_[PATH_MAX];                                                                    \
        assert_int_equal(path_win_to_host(&g_p, "C:\\", (in), (flags), o_, sizeof o_), 0);   \
        assert_string_equal(o_, (want));                                                      \
    } while (0)

#define HOST_ERR(in, flags, status)                                                              \
    do {                                                                                         \
        char o_[PATH_MAX];                                                                       \
        assert_int_equal(path_win_to_host(&g_p, "C:\\", (in), (flags), o_, sizeof o_), (status)); \
        assert_string_equal(o_, "");                                                             \
    } while (0)

#define WIN_OK(host, want)                                                       \
    do {                                                                         \
        char o_[PATH_MAX];                                                       \
        assert_int_equal(path_host_to_win(&g_p, (host), o_, sizeof o_), 0);     \
        assert_string_equal(o_, (want));                                         \
    } while (0)

static int group_setup(void **state)
{
    char err[512];
    (void)state;
    snprintf(g_tmp, sizeof g_tmp, "/tmp/wowbox-test-XXXXXX");
    if (!mkdtemp(g_tmp))
        return -1;
    if (!prefix_open(&g_p, tmp_path("pfx"), err, sizeof err)) {
        fprintf(stderr, "prefix_open: %s\n", err);
        return -1;
    }
    touch(drive_c_path("Windows/SysWOW64/kernel32.dll"));
    touch(drive_c_path("file.txt"));
    make_dir(drive_c_path("Windows/System32/drivers"));
    make_dir(drive_c_path("Windows/System32/drivers/etc"));
    touch(drive_c_path("Windows/System32/drivers/etc/hosts"));
    make_dir(drive_c_path("Dup"));
    make_dir(drive_c_path("dup"));
    make_dir(tmp_path("outside"));
    touch(tmp_path("outside/secret"));
    if (symlink(tmp_path("outside"), drive_c_path("escape")) != 0 ||
        symlink("Users", drive_c_path("inlink")) != 0 ||
        symlink(tmp_path("nowhere"), drive_c_path("dangling")) != 0)
        return -1;
    char docs[PATH_MAX];
    snprintf(docs, sizeof docs, "%s/Users/%s/Documents/Report.TXT", g_p.drive_c, g_p.user);
    touch(docs);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    prefix_close(&g_p);
    return nftw(g_tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Tests that confine or unmap Z: must not leak that into the next test. */
static int reset_prefix(void **state)
{
    (void)state;
    g_p.map_z_to_root = true;
    return 0;
}

/* ---- prefix ------------------------------------------------------------ */

static void assert_is_dir(const char *path)
{
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
}

static void test_prefix_skeleton(void **state)
{
    static const char *const dirs[] = {
        "Windows/System32", "Windows/SysWOW64", "Windows/Temp", "Program Files",
        "Program Files (x86)", "ProgramData", "Users/Public",
    };
    static const char *const user_dirs[] = {
        "AppData/Local/Temp", "AppData/Roaming", "Desktop", "Documents",
    };
    char path[PATH_MAX];
    (void)state;
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        assert_is_dir(drive_c_path(dirs[i]));
    for (size_t i = 0; i < sizeof user_dirs / sizeof user_dirs[0]; i++) {
        snprintf(path, sizeof path, "%s/Users/%s/%s", g_p.drive_c, g_p.user, user_dirs[i]);
        assert_is_dir(path);
    }
    assert_string_equal(g_p.drive_c, tmp_path("pfx/drive_c"));
    struct passwd *pw = getpwuid(geteuid());
    assert_string_equal(g_p.user, pw ? pw->pw_name : "user");
    assert_true(g_p.map_z_to_root);
}

static void test_prefix_idempotent(void **state)
{
    struct prefix p;
    char err[512];
    (void)state;
    assert_true(prefix_open(&p, tmp_path("pfx"), err, sizeof err));
    assert_string_equal(p.root, g_p.root);
    prefix_close(&p);
    prefix_close(&p); /* safe twice */
}

static void test_prefix_under_regular_file(void **state)
{
    struct prefix p;
    char err[512];
    char want[PATH_MAX + 64];
    (void)state;
    touch(tmp_path("regfile"));
    assert_false(prefix_open(&p, tmp_path("regfile/sub"), err, sizeof err));
    snprintf(want, sizeof want, "cannot create prefix %s: Not a directory",
             tmp_path("regfile/sub"));
    assert_string_equal(err, want);
    assert_null(p.root);
    prefix_close(&p);
}

static void test_prefix_is_regular_file(void **state)
{
    struct prefix p;
    char err[512];
    char want[PATH_MAX + 64];
    (void)state;
    touch(tmp_path("regfile2"));
    assert_false(prefix_open(&p, tmp_path("regfile2"), err, sizeof err));
    snprintf(want, sizeof want, "cannot create prefix %s: Not a directory", tmp_path("regfile2"));
    assert_string_equal(err, want);
}

static void test_prefix_unwritable(void **state)
{
    struct prefix p;
    char err[512];
    char want[PATH_MAX + 64];
    (void)state;
    if (geteuid() == 0)
        skip(); /* root ignores directory permissions */
    make_dir(tmp_path("ro"));
    chmod(tmp_path("ro"), 0555);
    assert_false(prefix_open(&p, tmp_path("ro/pfx"), err, sizeof err));
    snprintf(want, sizeof want, "cannot create prefix %s: Permission denied", tmp_path("ro/pfx"));
    assert_string_equal(err, want);
    assert_false(prefix_open(&p, tmp_path("ro"), err, sizeof err));
    snprintf(want, sizeof want, "prefix %s is not writable: Permission denied", tmp_path("ro"));
    assert_string_equal(err, want);
}

static char *save_env(const char *name)
{
    const char *v = getenv(name);
    return v ? strdup(v) : NULL;
}

static void restore_env(const char *name, char *v)
{
    if (v)
        setenv(name, v, 1);
    else
        unsetenv(name);
    free(v);
}

static void expect_default_root(const char *want_rel)
{
    struct prefix p;
    char err[512];
    assert_true(prefix_open(&p, NULL, err, sizeof err));
    assert_string_equal(p.root, tmp_path(want_rel));
    prefix_close(&p);
}

static void test_prefix_env_resolution(void **state)
{
    char *old_prefix = save_env("WOWBOX_PREFIX");
    char *old_xdg = save_env("XDG_DATA_HOME");
    char *old_home = save_env("HOME");
    (void)state;
    setenv("WOWBOX_PREFIX", tmp_path("envpfx"), 1);
    setenv("XDG_DATA_HOME", tmp_path("xdg"), 1);
    setenv("HOME", tmp_path("home"), 1);
    expect_default_root("envpfx");
    unsetenv("WOWBOX_PREFIX");
    expect_default_root("xdg/wowbox/default");
    setenv("XDG_DATA_HOME", "relative/ignored", 1);
    expect_default_root("home/.local/share/wowbox/default");
    unsetenv("XDG_DATA_HOME");
    expect_default_root("home/.local/share/wowbox/default");
    restore_env("WOWBOX_PREFIX", old_prefix);
    restore_env("XDG_DATA_HOME", old_xdg);
    restore_env("HOME", old_home);
}

static void test_prefix_reuses_wine_spelling(void **state)
{
    struct prefix p;
    char err[512];
    struct stat st;
    (void)state;
    make_dir(tmp_path("wine"));
    make_dir(tmp_path("wine/drive_c"));
    make_dir(tmp_path("wine/drive_c/windows"));
    make_dir(tmp_path("wine/drive_c/windows/system32"));
    assert_true(prefix_open(&p, tmp_path("wine"), err, sizeof err));
    prefix_close(&p);
    assert_int_equal(lstat(tmp_path("wine/drive_c/Windows"), &st), -1);
    assert_int_equal(lstat(tmp_path("wine/drive_c/windows/System32"), &st), -1);
    assert_is_dir(tmp_path("wine/drive_c/windows/SysWOW64"));
}

/* ---- normalisation ----------------------------------------------------- */

static void test_norm_relative(void **state)
{
    (void)state;
    NORM_OK("C:\\users\\x", "foo.txt", 0, "C:\\users\\x\\foo.txt");
    NORM_OK("C:\\users\\x\\", "a\\b", 0, "C:\\users\\x\\a\\b");
    NORM_OK("C:\\users\\x", ".", 0, "C:\\users\\x");
    NORM_OK("C:\\users\\x", "..\\y", 0, "C:\\users\\y");
    NORM_OK("C:\\users\\x", "\\foo", 0, "C:\\foo");
    NORM_OK("Z:\\home", "\\foo", 0, "Z:\\foo");
    NORM_OK(NULL, "foo", 0, "C:\\foo");
    NORM_ERR("users\\x", "foo", 0, STATUS_OBJECT_PATH_SYNTAX_BAD);
    NORM_OK("users\\x", "C:\\foo", 0, "C:\\foo"); /* absolute needs no cwd */
}

static void test_norm_dotdot_at_root(void **state)
{
    (void)state;
    NORM_OK("C:\\users\\x", "..\\..\\..\\..\\a", 0, "C:\\a");
    NORM_OK("C:\\", "C:\\..", 0, "C:\\");
    NORM_OK("C:\\", "C:\\a\\..\\..\\..\\b\\..", 0, "C:\\");
    NORM_OK("C:\\", "\\\\.\\C:\\..\\..\\x", 0, "C:\\x");
}

static void test_norm_drive_relative(void **state)
{
    (void)state;
    NORM_OK("C:\\users\\x", "C:foo", 0, "C:\\users\\x\\foo");
    NORM_OK("C:\\users\\x", "c:..\\y", 0, "C:\\users\\y");
    NORM_OK("C:\\users\\x", "C:", 0, "C:\\users\\x");
    NORM_OK("C:\\users\\x", "D:foo", 0, "D:\\foo"); /* no cwd tracked for D: */
    NORM_OK("C:\\users\\x", "z:\\Tmp", 0, "Z:\\Tmp");
}

static void test_norm_separators(void **state)
{
    (void)state;
    NORM_OK("C:\\", "c:/a//b/./c", 0, "C:\\a\\b\\c");
    NORM_OK("C:\\", "C:\\a\\\\\\b\\", 0, "C:\\a\\b\\");
    NORM_OK("C:\\", "//./C:/a", 0, "C:\\a");
    NORM_OK("C:\\", "C:\\", 0, "C:\\");
}

static void test_norm_verbatim(void **state)
{
    (void)state;
    NORM_OK("C:\\", "\\\\?\\C:\\x", 0, "C:\\x");
    NORM_OK("C:\\", "\\??\\c:\\x\\y", 0, "C:\\x\\y");
    NORM_OK("C:\\", "\\\\?\\C:\\", 0, "C:\\");
    NORM_OK("C:\\", "\\\\?\\C:\\x. ", 0, "C:\\x. "); /* no trimming */
    NORM_OK("C:\\", "\\\\?\\C:\\nul", 0, "C:\\nul"); /* no devices */
    NORM_ERR("C:\\", "\\\\?\\C:\\a\\..\\b", 0, STATUS_OBJECT_NAME_INVALID);
    NORM_ERR("C:\\", "\\\\?\\C:\\a\\.\\b", 0, STATUS_OBJECT_NAME_INVALID);
    NORM_ERR("C:\\", "\\\\?\\C:\\a/b", 0, STATUS_OBJECT_NAME_INVALID);
    NORM_ERR("C:\\", "\\\\?\\C:\\a\\\\b", 0, STATUS_OBJECT_NAME_INVALID);
    NORM_ERR("C:\\", "\\\\?\\UNC\\server\\share", 0, STATUS_OBJECT_PATH_NOT_FOUND);
    NORM_OK("C:\\", "\\\\?\\C:\\Windows\\System32\\x.dll", 0, "C:\\Windows\\SysWOW64\\x.dll");
}

static void test_norm_long_verbatim(void **state)
{
    char in[1200] = "\\\\?\\C:";
    char want[1200] = "C:";
    char out[1200];
    (void)state;
    for (int i = 0; i < 40; i++) {
        strcat(in, "\\abcdefghijklmnopqrstuvwxy");
        strcat(want, "\\abcdefghijklmnopqrstuvwxy");
    }
    assert_int_equal(path_win_normalize(NULL, in, 0, out, sizeof out), 0);
    assert_string_equal(out, want);
    assert_true(strlen(out) > 260);
    assert_int_equal(path_win_normalize(NULL, in, 0, out, 300), STATUS_BUFFER_TOO_SMALL);
    assert_string_equal(out, "");
}

static void test_norm_trailing_dots(void **state)
{
    (void)state;
    NORM_OK("C:\\", "C:\\dir.\\file. . ", 0, "C:\\dir\\file");
    NORM_OK("C:\\", "C:\\a...\\b..", 0, "C:\\a...\\b");
    NORM_OK("C:\\", "C:\\dir\\...", 0, "C:\\dir");
    NORM_OK("C:\\", "C:\\dir \\", 0, "C:\\dir \\"); /* trailing separator protects it */
    NORM_OK("C:\\", "C:\\dir.\\", 0, "C:\\dir\\");
}

static void test_norm_devices(void **state)
{
    (void)state;
    NORM_OK("C:\\", "NUL", 0, "\\\\.\\NUL");
    NORM_OK("C:\\", "C:\\any\\dir\\nul.txt", 0, "\\\\.\\NUL");
    NORM_OK("C:\\", "nul  .tar.gz", 0, "\\\\.\\NUL");
    NORM_OK("C:\\", "C:\\x\\Nul:", 0, "\\\\.\\NUL");
    NORM_OK("C:\\", "con", 0, "\\\\.\\CON");
    NORM_OK("C:\\", "C:\\x\\com1.log", 0, "\\\\.\\COM1");
    NORM_OK("C:\\", "lpt9", 0, "\\\\.\\LPT9");
    NORM_OK("C:\\", "conout$", 0, "\\\\.\\CONOUT$");
    NORM_OK("C:\\", "C:\\x\\conout$", 0, "C:\\x\\conout$");
    NORM_OK("C:\\", "com0", 0, "C:\\com0");
    NORM_OK("C:\\", "C:\\nul\\x", 0, "C:\\nul\\x");
    NORM_OK("C:\\", "C:\\x\\nul\\", 0, "C:\\x\\nul\\");
    NORM_OK("C:\\", "C:\\nullify", 0, "C:\\nullify");
    NORM_OK("C:\\", "\\\\.\\pipe\\foo", 0, "\\\\.\\pipe\\foo");
}

static void test_norm_bad_chars(void **state)
{
    static const char *const bad[] = {
        "C:\\a<b", "C:\\a>b", "C:\\a\"b", "C:\\a|b", "C:\\a?", "C:\\a*.txt",
        "C:\\a:stream", "C:\\a\001b", "C:\\d\x1f\\x", "1:\\x",
    };
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        NORM_ERR("C:\\", bad[i], 0, STATUS_OBJECT_NAME_INVALID);
    NORM_OK("C:\\", "C:\\caf\xc3\xa9 & co [1] {x} $y#", 0, "C:\\caf\xc3\xa9 & co [1] {x} $y#");
}

static void test_norm_unc_and_empty(void **state)
{
    (void)state;
    NORM_ERR("C:\\", "\\\\server\\share\\x", 0, STATUS_OBJECT_PATH_NOT_FOUND);
    NORM_ERR("C:\\", "//server/share", 0, STATUS_OBJECT_PATH_NOT_FOUND);
    NORM_ERR("C:\\", "", 0, STATUS_OBJECT_PATH_NOT_FOUND);
}

static void test_norm_buffer_too_small(void **state)
{
    char out[8];
    (void)state;
    assert_int_equal(path_win_normalize("C:\\", "C:\\abcdefgh", 0, out, sizeof out),
                     STATUS_BUFFER_TOO_SMALL);
    assert_int_equal(path_win_normalize("C:\\", "C:\\abcd", 0, out, sizeof out), 0);
    assert_string_equal(out, "C:\\abcd");
    assert_int_equal(path_win_normalize("C:\\", "C:\\a", 0, out, 0), STATUS_BUFFER_TOO_SMALL);
}

/* ---- WoW64 redirection ------------------------------------------------- */

static void test_wow64_system32(void **state)
{
    (void)state;
    NORM_OK("C:\\", "C:\\Windows\\System32", 0, "C:\\Windows\\SysWOW64");
    NORM_OK("C:\\", "C:\\Windows\\System32\\", 0, "C:\\Windows\\SysWOW64\\");
    NORM_OK("C:\\", "c:\\WINDOWS\\system32\\Kernel32.DLL", 0, "C:\\WINDOWS\\SysWOW64\\Kernel32.DLL");
    NORM_OK("C:\\", "C:\\Windows\\System32\\drivers\\x.sys", 0,
            "C:\\Windows\\SysWOW64\\drivers\\x.sys");
    NORM_OK("C:\\Windows\\System32", "x.dll", 0, "C:\\Windows\\SysWOW64\\x.dll");
    NORM_OK("C:\\", "C:\\Windows\\System32x", 0, "C:\\Windows\\System32x");
    NORM_OK("C:\\", "D:\\Windows\\System32", 0, "D:\\Windows\\System32");
    NORM_OK("C:\\", "C:\\Program Files\\Windows\\System32", 0,
            "C:\\Program Files\\Windows\\System32");
}

static void test_wow64_exemptions(void **state)
{
    static const char *const exempt[] = {
        "C:\\Windows\\System32\\catroot",
        "C:\\Windows\\System32\\catroot\\x.cat",
        "C:\\Windows\\System32\\CatRoot2\\x",
        "C:\\Windows\\System32\\DriverStore\\FileRepository",
        "C:\\Windows\\System32\\drivers\\etc",
        "C:\\Windows\\System32\\Drivers\\Etc\\hosts",
        "C:\\Windows\\System32\\LogFiles\\x.log",
        "C:\\Windows\\System32\\spool\\drivers",
    };
    (void)state;
    for (size_t i = 0; i < sizeof exempt / sizeof exempt[0]; i++)
        NORM_OK("C:\\", exempt[i], 0, exempt[i]);
    NORM_OK("C:\\", "C:\\Windows\\System32\\catroot3", 0, "C:\\Windows\\SysWOW64\\catroot3");
    NORM_OK("C:\\", "C:\\Windows\\System32\\drivers\\etcetera", 0,
            "C:\\Windows\\SysWOW64\\drivers\\etcetera");
}

static void test_wow64_sysnative_lastgood_regedit(void **state)
{
    (void)state;
    NORM_OK("C:\\", "C:\\Windows\\Sysnative", 0, "C:\\Windows\\System32");
    NORM_OK("C:\\", "C:\\windows\\SYSNATIVE\\cmd.exe", 0, "C:\\windows\\System32\\cmd.exe");
    NORM_OK("C:\\", "C:\\Windows\\lastgood\\system32\\x.dll", 0,
            "C:\\Windows\\lastgood\\SysWOW64\\x.dll");
    NORM_OK("C:\\", "C:\\Windows\\regedit.exe", 0, "C:\\Windows\\SysWOW64\\regedit.exe");
    NORM_OK("C:\\", "C:\\Windows\\notepad.exe", 0, "C:\\Windows\\notepad.exe");
}

static void test_wow64_disabled(void **state)
{
    static const char *const same[] = {
        "C:\\Windows\\System32\\x.dll",
        "C:\\Windows\\Sysnative\\cmd.exe",
        "C:\\Windows\\lastgood\\system32",
        "C:\\Windows\\regedit.exe",
    };
    (void)state;
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
        NORM_OK("C:\\", same[i], PATH_NO_WOW64_REDIRECT, same[i]);
    HOST_OK("C:\\Windows\\System32\\kernel32.dll", PATH_NO_WOW64_REDIRECT,
            drive_c_path("Windows/System32/kernel32.dll"));
}

/* ---- per-thread redirection state (syscalls/ntdll/wow64_fs.c) ------------ */

/* The host path nt_path_to_host gives on the calling thread. */
static const char *nt_host(const char *nt, unsigned flags)
{
    static char out[PATH_MAX];
    struct nt_host_path hp;
    assert_int_equal(nt_path_to_host(nt, flags, &hp), 0);
    snprintf(out, sizeof out, "%s", hp.host);
    return out;
}

#define SYS32_NT "\\??\\C:\\Windows\\System32\\kernel32.dll"

static struct process g_proc;

static int with_process(void **state)
{
    memset(&g_proc, 0, sizeof g_proc);
    g_proc.prefix = &g_p;
    proc = &g_proc;
    return reset_prefix(state);
}

static void *other_thread_sees(void *arg)
{
    struct guest_thread t = { 0 };
    current_thread = &t;
    snprintf(arg, PATH_MAX, "%s", nt_host(SYS32_NT, 0));
    current_thread = NULL;
    return NULL;
}

static void test_fs_state_per_thread(void **state)
{
    struct guest_thread me = { 0 };
    char other[PATH_MAX];
    pthread_t th;
    (void)state;
    current_thread = &me;
    assert_true(wow64_fs_redirected());
    assert_string_equal(nt_host(SYS32_NT, 0), drive_c_path("Windows/SysWOW64/kernel32.dll"));

    assert_int_equal(wow64_fs_exchange(1), 0);
    assert_false(wow64_fs_redirected());
    assert_string_equal(nt_host(SYS32_NT, 0), drive_c_path("Windows/System32/kernel32.dll"));
    /* another thread keeps its own value, redirected */
    assert_int_equal(pthread_create(&th, NULL, other_thread_sees, other), 0);
    assert_int_equal(pthread_join(th, NULL), 0);
    assert_string_equal(other, drive_c_path("Windows/SysWOW64/kernel32.dll"));

    /* the value is stored as given: any nonzero one disables */
    assert_int_equal(wow64_fs_exchange(0x1234), 1);
    assert_int_equal(wow64_fs_value(), 0x1234);
    assert_false(wow64_fs_redirected());
    assert_int_equal(wow64_fs_exchange(0), 0x1234);
    assert_true(wow64_fs_redirected());
    /* NT_PATH_NO_REDIRECT wins over the thread's state */
    assert_string_equal(nt_host(SYS32_NT, NT_PATH_NO_REDIRECT), drive_c_path("Windows/System32/kernel32.dll"));
    current_thread = NULL;
}

static void test_fs_state_no_thread_and_process_switch(void **state)
{
    struct guest_thread me = { 0 };
    (void)state;
    current_thread = NULL; /* host start-up: no guest thread, redirected */
    assert_true(wow64_fs_redirected());
    assert_int_equal(wow64_fs_exchange(1), 0);
    assert_true(wow64_fs_redirected());

    current_thread = &me;
    g_proc.opt.no_fs_redirect = true; /* --no-fs-redirect */
    assert_false(wow64_fs_redirected());
    assert_int_equal(wow64_fs_value(), 0);
    assert_string_equal(nt_host(SYS32_NT, 0), drive_c_path("Windows/System32/kernel32.dll"));
    g_proc.opt.no_fs_redirect = false;
    assert_string_equal(nt_host(SYS32_NT, 0), drive_c_path("Windows/SysWOW64/kernel32.dll"));
    current_thread = NULL;
}

/* ---- Windows -> host --------------------------------------------------- */

static void test_host_case_insensitive(void **state)
{
    char in[256];
    char want[PATH_MAX];
    char upper[64];
    (void)state;
    for (size_t i = 0; i <= strlen(g_p.user); i++)
        upper[i] = (char)(g_p.user[i] >= 'a' && g_p.user[i] <= 'z' ? g_p.user[i] - 32 : g_p.user[i]);
    snprintf(in, sizeof in, "c:\\users\\%s\\DOCUMENTS\\report.txt", upper);
    snprintf(want, sizeof want, "%s/Users/%s/Documents/Report.TXT", g_p.drive_c, g_p.user);
    HOST_OK(in, 0, want);
    HOST_OK("C:\\WINDOWS\\system32\\KERNEL32.dll", 0, drive_c_path("Windows/SysWOW64/kernel32.dll"));
    HOST_OK("C:\\dup", 0, drive_c_path("dup"));  /* exact spelling wins */
    HOST_OK("C:\\DUP", 0, drive_c_path("Dup"));  /* else strcmp-smallest */
    HOST_OK("C:\\", 0, g_p.drive_c);
    HOST_OK("C:\\users\\", 0, drive_c_path("Users/"));
}

static void test_host_missing_components(void **state)
{
    (void)state;
    HOST_OK("C:\\Users\\NewFile.txt", 0, drive_c_path("Users/NewFile.txt"));
    HOST_OK("C:\\users\\NewFile.txt", PATH_FOR_CREATE, drive_c_path("Users/NewFile.txt"));
    HOST_ERR("C:\\nodir\\x.txt", 0, STATUS_OBJECT_PATH_NOT_FOUND);
    HOST_ERR("C:\\nodir\\x.txt", PATH_FOR_CREATE, STATUS_OBJECT_PATH_NOT_FOUND);
    HOST_ERR("C:\\file.txt\\x", 0, STATUS_OBJECT_PATH_NOT_FOUND);
    HOST_OK("C:\\file.txt\\", 0, drive_c_path("file.txt/"));
}

static void test_host_exemption_on_disk(void **state)
{
    (void)state;
    HOST_OK("C:\\windows\\system32\\drivers\\etc\\HOSTS", 0,
            drive_c_path("Windows/System32/drivers/etc/hosts"));
    HOST_OK("C:\\Windows\\Sysnative\\drivers", 0, drive_c_path("Windows/System32/drivers"));
}

static void test_host_devices(void **state)
{
    char out[64];
    (void)state;
    HOST_OK("nul", 0, "/dev/null");
    HOST_OK("C:\\Users\\NUL.txt", 0, "/dev/null");
    HOST_OK("\\\\.\\nul", 0, "/dev/null");
    assert_int_equal(path_win_to_host(&g_p, "C:\\", "con", 0, out, sizeof out), PATH_STATUS_DEVICE);
    assert_string_equal(out, "CON");
    assert_int_equal(path_win_to_host(&g_p, "C:\\", "CONIN$", 0, out, sizeof out),
                     PATH_STATUS_DEVICE);
    assert_string_equal(out, "CONIN$");
    assert_int_equal(path_win_to_host(&g_p, "C:\\", "\\\\.\\pipe\\x", 0, out, sizeof out),
                     PATH_STATUS_DEVICE);
    assert_string_equal(out, "pipe\\x");
}

static void test_host_bad_chars(void **state)
{
    (void)state;
    HOST_ERR("C:\\Users\\a?b", 0, STATUS_OBJECT_NAME_INVALID);
    HOST_ERR("C:\\Users\\a|b", PATH_FOR_CREATE, STATUS_OBJECT_NAME_INVALID);
}

static void test_host_drives(void **state)
{
    char win[PATH_MAX];
    (void)state;
    HOST_ERR("D:\\x", 0, STATUS_OBJECT_PATH_NOT_FOUND);
    HOST_ERR("\\\\server\\share\\x", 0, STATUS_OBJECT_PATH_NOT_FOUND);
    HOST_OK("Z:\\", 0, "/");
    HOST_OK("z:\\TMP", 0, "/tmp");
    snprintf(win, sizeof win, "Z:%s\\OUTSIDE\\Secret", g_tmp);
    for (char *q = win; *q; q++)
        if (*q == '/')
            *q = '\\';
    HOST_OK(win, 0, tmp_path("outside/secret"));
    g_p.map_z_to_root = false;
    HOST_ERR(win, 0, STATUS_OBJECT_PATH_NOT_FOUND);
}

static void test_host_dotdot_confined(void **state)
{
    (void)state;
    HOST_OK("C:\\..\\..\\..\\Users", 0, drive_c_path("Users"));
    HOST_OK("C:\\Users\\..\\..\\x", 0, drive_c_path("x"));
    g_p.map_z_to_root = false;
    HOST_OK("C:\\..\\..\\..\\Users", 0, drive_c_path("Users"));
}

static void test_host_symlink_escape(void **state)
{
    (void)state;
    /* With Z: mapped the target is reachable anyway, so links are followed. */
    HOST_OK("C:\\escape\\secret", 0, drive_c_path("escape/secret"));
    g_p.map_z_to_root = false;
    HOST_ERR("C:\\escape\\secret", 0, STATUS_ACCESS_DENIED);
    HOST_ERR("C:\\ESCAPE", 0, STATUS_ACCESS_DENIED);
    HOST_ERR("C:\\escape\\new.txt", PATH_FOR_CREATE, STATUS_ACCESS_DENIED);
    HOST_ERR("C:\\dangling", PATH_FOR_CREATE, STATUS_ACCESS_DENIED);
    HOST_OK("C:\\inlink\\Public", 0, drive_c_path("inlink/Public"));
}

static void test_host_buffer_too_small(void **state)
{
    char out[8];
    (void)state;
    assert_int_equal(path_win_to_host(&g_p, "C:\\", "C:\\Users", 0, out, sizeof out),
                     STATUS_BUFFER_TOO_SMALL);
    assert_string_equal(out, "");
}

/* ---- host -> Windows --------------------------------------------------- */

static void test_host_to_win(void **state)
{
    char want[PATH_MAX];
    char host[PATH_MAX];
    char win[PATH_MAX];
    (void)state;
    snprintf(host, sizeof host, "%s/Users/%s/Documents/Report.TXT", g_p.drive_c, g_p.user);
    snprintf(want, sizeof want, "C:\\Users\\%s\\Documents\\Report.TXT", g_p.user);
    WIN_OK(host, want);
    HOST_OK(want, 0, host); /* round trip */
    WIN_OK(g_p.drive_c, "C:\\");
    WIN_OK(drive_c_path(""), "C:\\");
    WIN_OK(drive_c_path("Users/../Windows/./System32"), "C:\\Windows\\System32");
    WIN_OK("/", "Z:\\");
    snprintf(want, sizeof want, "Z:%s\\outside\\secret", g_tmp);
    for (char *q = want; *q; q++)
        if (*q == '/')
            *q = '\\';
    WIN_OK(tmp_path("outside/secret"), want);
    assert_int_equal(path_win_to_host(&g_p, "C:\\", want, 0, win, sizeof win), 0);
    assert_string_equal(win, tmp_path("outside/secret"));
}

static void test_host_to_win_errors(void **state)
{
    char out[PATH_MAX];
    (void)state;
    assert_int_equal(path_host_to_win(&g_p, "/tmp/a\\b", out, sizeof out),
                     STATUS_OBJECT_NAME_INVALID);
    assert_int_equal(path_host_to_win(&g_p, "/tmp/a:b", out, sizeof out),
                     STATUS_OBJECT_NAME_INVALID);
    assert_int_equal(path_host_to_win(&g_p, "", out, sizeof out), STATUS_OBJECT_PATH_NOT_FOUND);
    assert_int_equal(path_host_to_win(&g_p, g_p.drive_c, out, 3), STATUS_BUFFER_TOO_SMALL);
    g_p.map_z_to_root = false;
    assert_int_equal(path_host_to_win(&g_p, tmp_path("outside"), out, sizeof out),
                     STATUS_OBJECT_PATH_NOT_FOUND);
    assert_string_equal(out, "");
    WIN_OK(drive_c_path("Windows"), "C:\\Windows");
}

static void test_host_to_win_relative_and_symlinked(void **state)
{
    char saved[PATH_MAX];
    char out[PATH_MAX];
    (void)state;
    assert_int_equal(symlink(tmp_path("pfx"), tmp_path("pfxlink")), 0);
    WIN_OK(tmp_path("pfxlink/drive_c/Windows"), "C:\\Windows");
    assert_non_null(getcwd(saved, sizeof saved));
    assert_int_equal(chdir(drive_c_path("Users")), 0);
    uint32_t st = path_host_to_win(&g_p, "Public", out, sizeof out);
    assert_int_equal(chdir(saved), 0);
    assert_int_equal(st, 0);
    assert_string_equal(out, "C:\\Users\\Public");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_prefix_skeleton, reset_prefix),
        cmocka_unit_test_setup(test_prefix_idempotent, reset_prefix),
        cmocka_unit_test_setup(test_prefix_under_regular_file, reset_prefix),
        cmocka_unit_test_setup(test_prefix_is_regular_file, reset_prefix),
        cmocka_unit_test_setup(test_prefix_unwritable, reset_prefix),
        cmocka_unit_test_setup(test_prefix_env_resolution, reset_prefix),
        cmocka_unit_test_setup(test_prefix_reuses_wine_spelling, reset_prefix),
        cmocka_unit_test_setup(test_norm_relative, reset_prefix),
        cmocka_unit_test_setup(test_norm_dotdot_at_root, reset_prefix),
        cmocka_unit_test_setup(test_norm_drive_relative, reset_prefix),
        cmocka_unit_test_setup(test_norm_separators, reset_prefix),
        cmocka_unit_test_setup(test_norm_verbatim, reset_prefix),
        cmocka_unit_test_setup(test_norm_long_verbatim, reset_prefix),
        cmocka_unit_test_setup(test_norm_trailing_dots, reset_prefix),
        cmocka_unit_test_setup(test_norm_devices, reset_prefix),
        cmocka_unit_test_setup(test_norm_bad_chars, reset_prefix),
        cmocka_unit_test_setup(test_norm_unc_and_empty, reset_prefix),
        cmocka_unit_test_setup(test_norm_buffer_too_small, reset_prefix),
        cmocka_unit_test_setup(test_wow64_system32, reset_prefix),
        cmocka_unit_test_setup(test_wow64_exemptions, reset_prefix),
        cmocka_unit_test_setup(test_wow64_sysnative_lastgood_regedit, reset_prefix),
        cmocka_unit_test_setup(test_wow64_disabled, reset_prefix),
        cmocka_unit_test_setup(test_fs_state_per_thread, with_process),
        cmocka_unit_test_setup(test_fs_state_no_thread_and_process_switch, with_process),
        cmocka_unit_test_setup(test_host_case_insensitive, reset_prefix),
        cmocka_unit_test_setup(test_host_missing_components, reset_prefix),
        cmocka_unit_test_setup(test_host_exemption_on_disk, reset_prefix),
        cmocka_unit_test_setup(test_host_devices, reset_prefix),
        cmocka_unit_test_setup(test_host_bad_chars, reset_prefix),
        cmocka_unit_test_setup(test_host_drives, reset_prefix),
        cmocka_unit_test_setup(test_host_dotdot_confined, reset_prefix),
        cmocka_unit_test_setup(test_host_symlink_escape, reset_prefix),
        cmocka_unit_test_setup(test_host_buffer_too_small, reset_prefix),
        cmocka_unit_test_setup(test_host_to_win, reset_prefix),
        cmocka_unit_test_setup(test_host_to_win_errors, reset_prefix),
        cmocka_unit_test_setup(test_host_to_win_relative_and_symlinked, reset_prefix),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
