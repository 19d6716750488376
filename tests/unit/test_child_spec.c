/* Unit tests for the parent-to-child hand-off of CreateProcess
 * (syscalls/kernel32/child_spec.c): a spec survives the round trip through
 * a memfd, truncated or corrupted specs are refused with a message, and
 * the child recreates inherited handles at their values (core/handles.c
 * handle_new_at/handle_next) with their flags. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "core/handles.h"
#include "core/vm.h"
#include "syscalls/kernel32/child_spec.h"

static const uint16_t env[] = { 'A', '=', '1', 0, 'B', '=', '2', 0, 0 };

static int spec_fd(const struct child_spec *s)
{
    int fd = memfd_create("spec", MFD_CLOEXEC);
    assert_true(fd >= 0);
    assert_true(child_spec_write(fd, s));
    return fd;
}

static void round_trip(void **state)
{
    (void)state;
    struct child_handle hs[3] = {
        { 0x24, 7, HANDLE_FLAG_INHERIT, false, "/tmp/x", { 0 } },
        { 0x30, 9, 3, true, NULL, { 0 } },
        { 0x38, 11, HANDLE_FLAG_INHERIT, false, NULL, { true, 6, PAGE_READWRITE, 0x08000000u, 0x100003000ull, false, "sec" } },
    };
    struct child_spec s = { "\"C:\\a b\\p.exe\" x y", "C:\\Windows", (uint16_t *)env, 9, { 0x24, 0, 0x30 }, 5, 6, hs, 3, 0x1F4C };
    int fd = spec_fd(&s);
    struct child_spec r;
    char err[256];
    assert_true(child_spec_read(fd, &r, err, sizeof err));
    assert_string_equal(r.command_line, s.command_line);
    assert_string_equal(r.cwd, "C:\\Windows");
    assert_int_equal(r.env_units, 9);
    assert_memory_equal(r.env, env, sizeof env);
    assert_int_equal(r.std[0], 0x24);
    assert_int_equal(r.std[1], 0);
    assert_int_equal(r.std[2], 0x30);
    assert_int_equal(r.resume_fd, 5);
    assert_int_equal(r.status_fd, 6);
    assert_int_equal(r.parent_pid, 0x1F4C);
    assert_int_equal(r.nhandles, 3);
    assert_int_equal(r.handles[0].value, 0x24);
    assert_int_equal(r.handles[0].fd, 7);
    assert_string_equal(r.handles[0].host_path, "/tmp/x");
    assert_int_equal(r.handles[1].flags, 3);
    assert_true(r.handles[1].append);
    assert_null(r.handles[1].host_path);
    assert_false(r.handles[1].section.is);
    /* a section handle: its kind, access, protection, size and name */
    assert_true(r.handles[2].section.is);
    assert_int_equal(r.handles[2].section.access, 6);
    assert_int_equal(r.handles[2].section.prot, PAGE_READWRITE);
    assert_int_equal(r.handles[2].section.attrs, 0x08000000u);
    assert_true(r.handles[2].section.size == 0x100003000ull);
    assert_false(r.handles[2].section.file_backed);
    assert_string_equal(r.handles[2].section.name, "sec");
    child_spec_free(&r);
    close(fd);
}

/* Every truncation of a valid spec is refused, and so are bad magic and a
 * handle claiming a standard descriptor. */
static void malformed(void **state)
{
    (void)state;
    struct child_handle h = { 0x24, 7, HANDLE_FLAG_INHERIT, false, "/tmp/x", { 0 } };
    struct child_spec s = { "p.exe", "C:\\", (uint16_t *)env, 9, { 0 }, -1, -1, &h, 1, 0 };
    int fd = spec_fd(&s);
    off_t size = lseek(fd, 0, SEEK_END);
    char *all = malloc((size_t)size);
    assert_int_equal(pread(fd, all, (size_t)size, 0), size);
    char err[256];
    struct child_spec r;
    for (off_t cut = 0; cut < size; cut++) {
        assert_int_equal(ftruncate(fd, cut), 0);
        err[0] = 0;
        assert_false(child_spec_read(fd, &r, err, sizeof err));
        assert_non_null(strstr(err, "child-process spec"));
        assert_int_equal(pwrite(fd, all, (size_t)size, 0), size);
    }
    assert_int_equal(pwrite(fd, "WBCHILD9", 8, 0), 8);
    assert_false(child_spec_read(fd, &r, err, sizeof err));
    close(fd);
    h.fd = 1; /* 0-2 carry the standard streams, never a handle */
    fd = spec_fd(&s);
    assert_false(child_spec_read(fd, &r, err, sizeof err));
    close(fd);
    free(all);
    assert_false(child_spec_read(-1, &r, err, sizeof err));
}

static void restore_at_values(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    int a = fcntl(p[0], F_DUPFD, 10), b = fcntl(p[1], F_DUPFD, 10);
    struct child_handle hs[2] = { { 0x40, a, HANDLE_FLAG_INHERIT, false, NULL, { 0 } },
                                  { 0x104, b, HANDLE_FLAG_INHERIT, true, NULL, { 0 } } };
    struct child_spec s = { "p.exe", "C:\\", (uint16_t *)env, 9, { 0 }, -1, -1, hs, 2, 0 };
    child_spec_self = &s;
    assert_true(child_spec_restore_handles());
    struct handle_obj *o = handle_get(0x40, HANDLE_FREE);
    assert_non_null(o);
    assert_int_equal(o->fd, a);
    assert_int_equal(handle_flags(0x104), HANDLE_FLAG_INHERIT);
    assert_true(handle_get(0x104, HANDLE_FILE)->append);
    assert_true(fcntl(a, F_GETFD) & FD_CLOEXEC);
    /* the table walks in value order and refuses a taken value */
    assert_int_equal(handle_next(0), 0x40);
    assert_int_equal(handle_next(0x40), 0x104);
    assert_int_equal(handle_next(0x104), 0);
    struct handle_obj *extra = calloc(1, sizeof *extra);
    extra->fd = -1;
    assert_false(handle_new_at(0x40, extra));
    assert_false(handle_new_at(0x41, extra));
    assert_true(handle_new_at(0x44, extra));
    assert_true(handle_close(0x44));
    assert_true(handle_close(0x40));
    assert_true(handle_close(0x104));
    child_spec_self = NULL;
    close(p[0]);
    close(p[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(malformed),
        cmocka_unit_test(restore_at_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
