/* Unit tests for the Universal CRT's abort behaviour flags
 * (_set_abort_behavior: ucrtbase.dll starts with _CALL_REPORTFAULT). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "syscalls/ucrtbase/abort.h"

static void test_flags(void **state)
{
    (void)state;
    assert_int_equal(ucrt_abort_behavior(0, 0), 0x2);           /* release build default */
    assert_int_equal(ucrt_abort_behavior(0x1, 0x1), 0x2);       /* _WRITE_ABORT_MSG on */
    assert_int_equal(ucrt_abort_behavior(0, 0x2), 0x3);         /* _CALL_REPORTFAULT off */
    assert_int_equal(ucrt_abort_behavior(0xFF, 0x0), 0x1);      /* mask 0 changes nothing */
    assert_int_equal(ucrt_abort_behavior(0x6, 0x4), 0x1);       /* only the masked bits */
    assert_int_equal(ucrt_abort_behavior(0, 0xFFFFFFFFu), 0x5);
    assert_int_equal(ucrt_abort_behavior(0, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
