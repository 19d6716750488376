/* Unit tests for share modes (syscalls/ntdll/nt_share.c): the I/O manager's
 * rule both ways (what a new open uses against what others share, what it
 * shares against what others use), opens that use no data, and the record
 * of an open going away; carried by host locks on real files, and by the
 * process's own list where no lock descriptor can be had. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "syscalls/ntdll/nt_file.h"
#include "syscalls/ntdll/nt_share.h"

#define RW (FILE_SHARE_READ | FILE_SHARE_WRITE)
#define ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

/* Two real files, so the host locks that carry the opens are taken. */
static char path_a[64], path_b[64];
static struct stat st_a, st_b;

static void make_file(char *path, struct stat *st)
{
    strcpy(path, "/tmp/wowbox-share-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(fstat(fd, st), 0);
    close(fd);
}

/* A new open's verdict, its claim given back. */
static NTSTATUS check(const char *path, const struct stat *st, uint32_t access, uint32_t share)
{
    struct share_open *claim = NULL;
    NTSTATUS r = nt_share_check(path, st, access, share, &claim);
    nt_share_cancel(claim);
    return r;
}

static void add(const char *path, const struct stat *st, uint32_t access, uint32_t share, const void *owner)
{
    struct share_open *claim = NULL;
    assert_int_equal(nt_share_check(path, st, access, share, &claim), STATUS_SUCCESS);
    nt_share_add(claim, owner);
}

static void test_share_rules(void **state)
{
    (void)state;
    make_file(path_a, &st_a);
    make_file(path_b, &st_b);
    int owner1, owner2;
    assert_int_equal(check(path_a, &st_a, GENERIC_READ, FILE_SHARE_READ), STATUS_SUCCESS); /* nothing open */
    add(path_a, &st_a, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, &owner1);

    /* a new open uses what the first does not share */
    assert_int_equal(check(path_a, &st_a, GENERIC_WRITE, ALL), STATUS_SHARING_VIOLATION);
    assert_int_equal(check(path_a, &st_a, NT_DELETE, ALL), STATUS_SHARING_VIOLATION);
    assert_int_equal(check(path_a, &st_a, GENERIC_READ, RW), STATUS_SUCCESS);
    /* a new open does not share what the first uses (it writes) */
    assert_int_equal(check(path_a, &st_a, GENERIC_READ, FILE_SHARE_READ), STATUS_SHARING_VIOLATION);
    /* attributes and synchronize take part in nothing */
    assert_int_equal(check(path_a, &st_a, FILE_READ_ATTRIBUTES | NT_SYNCHRONIZE, 0), STATUS_SUCCESS);
    /* another file is another story */
    assert_int_equal(check(path_b, &st_b, GENERIC_WRITE, 0), STATUS_SUCCESS);

    add(path_a, &st_a, FILE_READ_DATA, RW, &owner2);
    assert_true(nt_share_remove(&owner1));
    assert_int_equal(check(path_a, &st_a, GENERIC_WRITE, RW), STATUS_SUCCESS);
    assert_int_equal(check(path_a, &st_a, NT_DELETE, ALL), STATUS_SHARING_VIOLATION); /* owner2 shares no delete */
    assert_true(nt_share_remove(&owner2));
    assert_false(nt_share_remove(&owner2));
    assert_int_equal(check(path_a, &st_a, GENERIC_ALL, 0), STATUS_SUCCESS);
    unlink(path_a);
    unlink(path_b);
}

/* A file this process cannot open for its locks is still checked, by the
 * list of this process's opens. */
static void test_share_without_locks(void **state)
{
    (void)state;
    struct stat gone = { .st_dev = 1, .st_ino = 42 };
    int owner;
    add("/nonexistent/wowbox-share", &gone, GENERIC_WRITE, 0, &owner);
    assert_int_equal(check("/nonexistent/wowbox-share", &gone, GENERIC_READ, ALL), STATUS_SHARING_VIOLATION);
    assert_true(nt_share_remove(&owner));
    assert_int_equal(check("/nonexistent/wowbox-share", &gone, GENERIC_READ, ALL), STATUS_SUCCESS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_share_rules),
        cmocka_unit_test(test_share_without_locks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
