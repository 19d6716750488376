/* Unit tests for share modes (syscalls/ntdll/nt_share.c): the I/O manager's
 * rule both ways (what a new open uses against what others share, what it
 * shares against what others use), opens that use no data, and the record
 * of an open going away. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "syscalls/ntdll/nt_file.h"
#include "syscalls/ntdll/nt_share.h"

#define RW (FILE_SHARE_READ | FILE_SHARE_WRITE)
#define ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

static struct stat file_a(void)
{
    struct stat st;
    memset(&st, 0, sizeof st);
    st.st_dev = 1;
    st.st_ino = 42;
    return st;
}

static void test_share_rules(void **state)
{
    (void)state;
    struct stat a = file_a(), b = file_a();
    b.st_ino = 43;
    int owner1, owner2;
    assert_int_equal(nt_share_check(&a, GENERIC_READ, FILE_SHARE_READ), STATUS_SUCCESS); /* nothing open */
    nt_share_add(&a, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, &owner1);

    /* a new open uses what the first does not share */
    assert_int_equal(nt_share_check(&a, GENERIC_WRITE, ALL), STATUS_SHARING_VIOLATION);
    assert_int_equal(nt_share_check(&a, NT_DELETE, ALL), STATUS_SHARING_VIOLATION);
    assert_int_equal(nt_share_check(&a, GENERIC_READ, RW), STATUS_SUCCESS);
    /* a new open does not share what the first uses (it writes) */
    assert_int_equal(nt_share_check(&a, GENERIC_READ, FILE_SHARE_READ), STATUS_SHARING_VIOLATION);
    /* attributes and synchronize take part in nothing */
    assert_int_equal(nt_share_check(&a, FILE_READ_ATTRIBUTES | NT_SYNCHRONIZE, 0), STATUS_SUCCESS);
    /* another file is another story */
    assert_int_equal(nt_share_check(&b, GENERIC_WRITE, 0), STATUS_SUCCESS);

    nt_share_add(&a, FILE_READ_DATA, RW, &owner2);
    nt_share_remove(&owner1);
    assert_int_equal(nt_share_check(&a, GENERIC_WRITE, RW), STATUS_SUCCESS);
    assert_int_equal(nt_share_check(&a, NT_DELETE, ALL), STATUS_SHARING_VIOLATION); /* owner2 shares no delete */
    nt_share_remove(&owner2);
    assert_int_equal(nt_share_check(&a, GENERIC_ALL, 0), STATUS_SUCCESS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_share_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
