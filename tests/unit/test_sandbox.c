/* Host-side proof of --sandbox (core/sandbox.c): a forked child applies the
 * confinement wowbox applies, then makes the Linux system calls a guest
 * could make itself under the native backend (open, creat, rename, link,
 * truncate, socket, ptrace) and the parent checks that the kernel refused
 * each one. This stands in for the native backend's escapes (int 0x80, a
 * far jump to 64-bit code), which cannot run on a host without 32-bit
 * compatibility mode. */
#define _GNU_SOURCE

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/sandbox.h"

static char g_tmp[64];

static const char *tmp_path(const char *rel)
{
    static char bufs[8][PATH_MAX];
    static int next;
    char *b = bufs[next++ % 8];
    snprintf(b, PATH_MAX, "%s/%s", g_tmp, rel);
    return b;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int group_setup(void **state)
{
    (void)state;
    snprintf(g_tmp, sizeof g_tmp, "/tmp/wowbox-sandbox-XXXXXX");
    if (!mkdtemp(g_tmp) || mkdir(tmp_path("inside"), 0755) || mkdir(tmp_path("outside"), 0755) ||
        mkdir(tmp_path("readonly"), 0755))
        return -1;
    FILE *f = fopen(tmp_path("outside/secret"), "w");
    FILE *g = fopen(tmp_path("readonly/doc"), "w");
    if (!f || !g)
        return -1;
    fputs("secret\n", f);
    fputs("doc\n", g);
    fclose(f);
    fclose(g);
    if (symlink(tmp_path("outside"), tmp_path("inside/link")) != 0)
        return -1;
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    return nftw(g_tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The result of one attempt: 0 when the call succeeded, else its errno. */
static int result(long rc)
{
    return rc < 0 ? errno : 0;
}

static int try_open(const char *path, int flags)
{
    int fd = open(path, flags, 0644);
    int r = result(fd);
    if (fd >= 0)
        close(fd);
    return r;
}

static int try_socket(int family)
{
    int fd = socket(family, SOCK_STREAM, 0);
    int r = result(fd);
    if (fd >= 0)
        close(fd);
    return r;
}

enum attempt {
    READ_OUTSIDE, CREATE_OUTSIDE, READ_THROUGH_LINK, CREATE_THROUGH_LINK, RENAME_OUT, HARDLINK_IN,
    TRUNCATE_OUTSIDE, MKDIR_OUTSIDE, WRITE_READONLY, READ_READONLY, CREATE_INSIDE, SOCKET_INET,
    SOCKET_UNIX, PTRACE, ATTEMPTS
};

/* In the child: confine, try everything, report the errnos. */
static void child(int out, bool no_network)
{
    struct sandbox_rules r = { .no_network = no_network };
    r.rw[r.nrw++] = tmp_path("inside");
    r.ro[r.nro++] = tmp_path("readonly");
    char why[300];
    int res[ATTEMPTS + 1];
    res[ATTEMPTS] = (int)sandbox_apply(&r, why, sizeof why);
    res[READ_OUTSIDE] = try_open(tmp_path("outside/secret"), O_RDONLY);
    res[CREATE_OUTSIDE] = try_open(tmp_path("outside/new"), O_WRONLY | O_CREAT);
    res[READ_THROUGH_LINK] = try_open(tmp_path("inside/link/secret"), O_RDONLY);
    res[CREATE_THROUGH_LINK] = try_open(tmp_path("inside/link/new2"), O_WRONLY | O_CREAT);
    res[CREATE_INSIDE] = try_open(tmp_path("inside/mine"), O_WRONLY | O_CREAT);
    res[RENAME_OUT] = result(rename(tmp_path("inside/mine"), tmp_path("outside/moved")));
    res[HARDLINK_IN] = result(link(tmp_path("outside/secret"), tmp_path("inside/hard")));
    res[TRUNCATE_OUTSIDE] = result(truncate(tmp_path("outside/secret"), 0));
    res[MKDIR_OUTSIDE] = result(mkdir(tmp_path("outside/dir"), 0755));
    res[WRITE_READONLY] = try_open(tmp_path("readonly/doc"), O_WRONLY);
    res[READ_READONLY] = try_open(tmp_path("readonly/doc"), O_RDONLY);
    res[SOCKET_INET] = try_socket(AF_INET);
    res[SOCKET_UNIX] = try_socket(AF_UNIX);
    res[PTRACE] = result(ptrace(PTRACE_TRACEME, 0, NULL, NULL));
    if (write(out, res, sizeof res) != (ssize_t)sizeof res)
        _exit(2);
    _exit(0);
}

static void run_confined(bool no_network, int res[ATTEMPTS + 1])
{
    int p[2];
    assert_int_equal(pipe(p), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(p[0]);
        child(p[1], no_network);
    }
    close(p[1]);
    assert_int_equal(read(p[0], res, sizeof(int) * (ATTEMPTS + 1)), (ssize_t)(sizeof(int) * (ATTEMPTS + 1)));
    close(p[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void skip_without_landlock(void)
{
    if (sandbox_landlock_abi() < 1) {
        print_message("this kernel has no Landlock: skipped\n");
        skip();
    }
}

static void assert_untouched(void)
{
    struct stat st;
    assert_int_equal(stat(tmp_path("outside/secret"), &st), 0);
    assert_int_equal(st.st_size, 7);
    assert_int_equal(stat(tmp_path("outside/new"), &st), -1);
    assert_int_equal(stat(tmp_path("outside/new2"), &st), -1);
    assert_int_equal(stat(tmp_path("outside/moved"), &st), -1);
    assert_int_equal(stat(tmp_path("outside/dir"), &st), -1);
}

static void test_files_confined(void **state)
{
    int res[ATTEMPTS + 1];
    (void)state;
    skip_without_landlock();
    run_confined(false, res);
    assert_int_equal(res[ATTEMPTS], SANDBOX_APPLIED);
    assert_int_equal(res[READ_OUTSIDE], EACCES);
    assert_int_equal(res[CREATE_OUTSIDE], EACCES);
    assert_int_equal(res[READ_THROUGH_LINK], EACCES);
    assert_int_equal(res[CREATE_THROUGH_LINK], EACCES);
    assert_int_equal(res[CREATE_INSIDE], 0);
    assert_true(res[RENAME_OUT] == EACCES || res[RENAME_OUT] == EXDEV);
    assert_true(res[HARDLINK_IN] == EACCES || res[HARDLINK_IN] == EXDEV);
    assert_int_equal(res[TRUNCATE_OUTSIDE], EPERM); /* seccomp: truncate by path is never wowbox's */
    assert_int_equal(res[MKDIR_OUTSIDE], EACCES);
    assert_int_equal(res[WRITE_READONLY], EACCES);
    assert_int_equal(res[READ_READONLY], 0);
    assert_int_equal(res[PTRACE], EPERM);
    assert_int_equal(res[SOCKET_INET], 0);
    assert_int_equal(res[SOCKET_UNIX], EACCES); /* Landlock does not confine connects to socket files */
    assert_untouched();
    unlink(tmp_path("inside/mine"));
}

static void test_no_network(void **state)
{
    int res[ATTEMPTS + 1];
    (void)state;
    skip_without_landlock();
    run_confined(true, res);
    assert_int_equal(res[ATTEMPTS], SANDBOX_APPLIED);
    assert_int_equal(res[SOCKET_INET], EACCES);
    assert_int_equal(res[SOCKET_UNIX], EACCES);
    assert_int_equal(res[READ_OUTSIDE], EACCES);
    assert_untouched();
    unlink(tmp_path("inside/mine"));
}

/* Unconfined, the same calls work: the test would see a broken sandbox. */
static void test_control_unconfined(void **state)
{
    (void)state;
    assert_int_equal(try_open(tmp_path("outside/secret"), O_RDONLY), 0);
    assert_int_equal(try_open(tmp_path("inside/link/secret"), O_RDONLY), 0);
    assert_int_equal(try_socket(AF_UNIX), 0);
}

static void *idle(void *arg)
{
    (void)arg;
    pause();
    return NULL;
}

/* Landlock confines the calling thread only: a second thread would stay
 * free, so sandbox_apply refuses to start. */
static void test_refuses_threads(void **state)
{
    (void)state;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct sandbox_rules r = { 0 };
        char why[300];
        pthread_t t;
        if (pthread_create(&t, NULL, idle, NULL) != 0)
            _exit(3);
        enum sandbox_outcome o = sandbox_apply(&r, why, sizeof why);
        _exit(o == SANDBOX_FAILED && strstr(why, "one thread") ? 0 : 1);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_control_unconfined),
        cmocka_unit_test(test_files_confined),
        cmocka_unit_test(test_no_network),
        cmocka_unit_test(test_refuses_threads),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
