/* Unit tests for core/host_io.c and the waits on host descriptors in
 * core/thread.c: pipe ends as Windows reports them (broken, closing),
 * access checks that must not hang, a read that waits outside the lock
 * while another thread frees the guest buffer, an ending thread, and
 * thread_wait_io woken by a descriptor, a key or its deadline. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>

#include "core/guest_mem.h"
#include "core/handles.h"
#include "core/host_io.h"
#include "core/thread.h"
#include "core/vm.h"

static struct vm vm;
static struct guest_thread me;

#define A     0x00400000u
#define P_RW  (A + 0x0000)
#define P_RO  (A + 0x1000)

static int setup(void **state)
{
    (void)state;
    host_io_init();
    if (vm_init(&vm, false) != STATUS_SUCCESS)
        return -1;
    g_vm = &vm;
    gaddr a = A;
    if (vm_reserve(&vm, &a, 0x10000, 0, PAGE_READWRITE, false) != STATUS_SUCCESS)
        return -1;
    vm_commit(&vm, P_RW, 0x1000, PAGE_READWRITE);
    vm_commit(&vm, P_RO, 0x1000, PAGE_READONLY);
    /* the calling thread as the wait code knows it (one thread: no lock) */
    me.wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    pthread_cond_init(&me.cond, NULL);
    current_thread = &me;
    thread_list = &me;
    return me.wake_fd >= 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    vm_destroy(&vm);
    close(me.wake_fd);
    return 0;
}

static struct handle_obj *obj_of(int fd)
{
    struct handle_obj *o = calloc(1, sizeof *o);
    o->type = HANDLE_FILE;
    o->fd = fd;
    o->refs = 1;
    return o;
}

static void test_pipe_data_then_broken(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    assert_int_equal(write(p[1], "hello", 5), 5);
    close(p[1]);
    struct handle_obj *o = obj_of(p[0]);
    uint32_t n = 99;
    assert_int_equal(host_io_read(o, P_RW, 64, &n), STATUS_SUCCESS);
    assert_int_equal(n, 5);
    char got[6] = { 0 };
    assert_true(gm_read(P_RW, got, 5));
    assert_string_equal(got, "hello");
    /* drained, no writer left */
    assert_int_equal(host_io_read(o, P_RW, 64, &n), STATUS_PIPE_BROKEN);
    assert_int_equal(n, 0);
    handle_obj_unref(o);
}

static void test_write_reader_gone(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    close(p[0]);
    size_t done = 7;
    /* SIGPIPE is ignored: this returns instead of killing the test */
    assert_int_equal(host_io_write_fd(p[1], "x", 1, &done), STATUS_PIPE_CLOSING);
    assert_int_equal(done, 0);
    close(p[1]);
}

/* The wrong end of a pipe fails at once instead of polling forever. */
static void test_wrong_end(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    char b;
    size_t done;
    assert_int_equal(host_io_read_fd(p[1], &b, 1, &done), STATUS_ACCESS_DENIED);
    assert_int_equal(host_io_write_fd(p[0], "x", 1, &done), STATUS_ACCESS_DENIED);
    close(p[0]);
    close(p[1]);
}

/* An unwritable guest buffer is refused before anything is consumed. */
static void test_bad_buffer_consumes_nothing(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    assert_int_equal(write(p[1], "abc", 3), 3);
    struct handle_obj *o = obj_of(p[0]);
    uint32_t n;
    assert_int_equal(host_io_read(o, P_RO, 3, &n), STATUS_ACCESS_VIOLATION);
    assert_int_equal(host_io_read(o, P_RW, 3, &n), STATUS_SUCCESS);
    assert_int_equal(n, 3);
    handle_obj_unref(o);
    close(p[1]);
}

struct later { int fd; int ms; bool decommit; };

static void *write_later(void *arg)
{
    struct later *l = arg;
    struct timespec ts = { 0, l->ms * 1000000L };
    nanosleep(&ts, NULL);
    if (l->decommit) /* another thread frees the buffer while the read waits */
        vm_decommit(&vm, P_RW, 0x1000);
    if (write(l->fd, "late", 4) != 4)
        return NULL;
    return NULL;
}

static void test_read_waits_for_writer(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    struct handle_obj *o = obj_of(p[0]);
    struct later l = { p[1], 50, false };
    pthread_t t;
    pthread_create(&t, NULL, write_later, &l);
    uint32_t n = 0;
    assert_int_equal(host_io_read(o, P_RW, 64, &n), STATUS_SUCCESS);
    assert_int_equal(n, 4);
    pthread_join(t, NULL);
    handle_obj_unref(o);
    close(p[1]);
}

static void test_buffer_freed_while_waiting(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    struct handle_obj *o = obj_of(p[0]);
    struct later l = { p[1], 50, true };
    pthread_t t;
    pthread_create(&t, NULL, write_later, &l);
    uint32_t n = 0;
    /* a clean failure, not a host fault */
    assert_int_equal(host_io_read(o, P_RW, 64, &n), STATUS_ACCESS_VIOLATION);
    pthread_join(t, NULL);
    vm_commit(&vm, P_RW, 0x1000, PAGE_READWRITE);
    handle_obj_unref(o);
    close(p[1]);
}

/* A thread being ended does not wait for data that never comes. */
static void test_terminating_thread(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    char b;
    size_t done;
    me.terminating = true;
    assert_int_equal(host_io_read_fd(p[0], &b, 1, &done), STATUS_THREAD_IS_TERMINATING);
    me.terminating = false;
    close(p[0]);
    close(p[1]);
}

static void test_regular_file_fast_path(void **state)
{
    (void)state;
    char path[] = "/tmp/wowbox_host_io_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    assert_false(host_io_may_block(fd));
    struct handle_obj *o = obj_of(fd);
    uint32_t n;
    assert_int_equal(host_io_write(o, P_RO, 16, &n), STATUS_SUCCESS); /* P_RO is readable */
    assert_int_equal(n, 16);
    lseek(fd, 0, SEEK_SET);
    assert_int_equal(host_io_read(o, P_RW, 64, &n), STATUS_SUCCESS);
    assert_int_equal(n, 16);
    /* the end of a file is no error */
    assert_int_equal(host_io_read(o, P_RW, 64, &n), STATUS_SUCCESS);
    assert_int_equal(n, 0);
    handle_obj_unref(o);
}

static void *wake_later(void *arg)
{
    struct timespec ts = { 0, 50 * 1000000L };
    nanosleep(&ts, NULL);
    thread_wake((uintptr_t)arg);
    return NULL;
}

static void test_wait_io(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    struct pollfd pf = { .fd = p[0], .events = POLLIN };
    struct timespec d;
    /* nothing ready: the deadline */
    thread_deadline(20, &d);
    assert_int_equal(thread_wait_io(NULL, 0, &pf, 1, &d), THREAD_TIMEOUT);
    /* a key signalled by another thread */
    static char key;
    pthread_t t;
    pthread_create(&t, NULL, wake_later, &key);
    uintptr_t k = (uintptr_t)&key;
    thread_deadline(5000, &d);
    assert_int_equal(thread_wait_io(&k, 1, &pf, 1, &d), THREAD_WOKEN);
    assert_int_equal(pf.revents, 0);
    pthread_join(t, NULL);
    /* the descriptor */
    struct later l = { p[1], 30, false };
    pthread_create(&t, NULL, write_later, &l);
    assert_int_equal(thread_wait_io(NULL, 0, &pf, 1, NULL), THREAD_WOKEN);
    assert_true(pf.revents & POLLIN);
    pthread_join(t, NULL);
    close(p[0]);
    close(p[1]);
}

static void test_status_mapping(void **state)
{
    (void)state;
    assert_int_equal(host_io_status(EPIPE, true), STATUS_PIPE_CLOSING);
    assert_int_equal(host_io_status(EPIPE, false), STATUS_PIPE_BROKEN);
    assert_int_equal(host_io_status(EBADF, false), STATUS_ACCESS_DENIED);
    assert_int_equal(host_io_status(ENOSPC, true), STATUS_DISK_FULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pipe_data_then_broken),
        cmocka_unit_test(test_write_reader_gone),
        cmocka_unit_test(test_wrong_end),
        cmocka_unit_test(test_bad_buffer_consumes_nothing),
        cmocka_unit_test(test_read_waits_for_writer),
        cmocka_unit_test(test_buffer_freed_while_waiting),
        cmocka_unit_test(test_terminating_thread),
        cmocka_unit_test(test_regular_file_fast_path),
        cmocka_unit_test(test_wait_io),
        cmocka_unit_test(test_status_mapping),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
