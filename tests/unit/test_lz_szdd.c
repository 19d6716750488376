/* Unit tests for the SZDD reader of kernel32's LZ functions and setupapi
 * (syscalls/kernel32/lz_szdd.c): the header, literals, matches (into the
 * ring's initial spaces, overlapping their own output), data cut short, and
 * GetExpandedName's rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "syscalls/kernel32/lz_szdd.h"

static void test_header(void **state)
{
    (void)state;
    static const uint8_t good[] = { 'S', 'Z', 'D', 'D', 0x88, 0xF0, 0x27, 0x33, 'A', 't', 0x4C, 0x01, 0, 0 };
    struct szdd_header h;
    assert_true(szdd_parse_header(good, sizeof good, &h));
    assert_int_equal(h.mode, 'A');
    assert_int_equal(h.last_char, 't');
    assert_int_equal(h.size, 0x14C);
    assert_false(szdd_parse_header(good, sizeof good - 1, &h)); /* too short */
    uint8_t bad[sizeof good];
    memcpy(bad, good, sizeof good);
    bad[7] = 0x34; /* KWAJ-like or damaged magic */
    assert_false(szdd_parse_header(bad, sizeof bad, &h));
}

static void test_literals(void **state)
{
    (void)state;
    static const uint8_t in[] = { 0xFF, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 0x01, 'i' };
    uint8_t out[16];
    assert_int_equal(szdd_decode(in, sizeof in, out, sizeof out), 9);
    assert_memory_equal(out, "abcdefghi", 9);
    /* the output buffer bounds the result */
    assert_int_equal(szdd_decode(in, sizeof in, out, 4), 4);
}

static void test_matches(void **state)
{
    (void)state;
    /* "ab", then a match of 7 at the ring position of 'a' (0xFF0): it reads
     * the bytes it writes, giving "ababababa" */
    static const uint8_t in[] = { 0x03, 'a', 'b', 0xF0, 0xF4 };
    uint8_t out[16];
    assert_int_equal(szdd_decode(in, sizeof in, out, sizeof out), 9);
    assert_memory_equal(out, "ababababa", 9);
    /* a match into the untouched ring gives its initial spaces */
    static const uint8_t spaces[] = { 0x00, 0x00, 0x00 };
    assert_int_equal(szdd_decode(spaces, sizeof spaces, out, sizeof out), 3);
    assert_memory_equal(out, "   ", 3);
}

static void test_cut_short(void **state)
{
    (void)state;
    static const uint8_t in[] = { 0x01, 'x', 0xF0 }; /* a match missing its second byte */
    uint8_t out[8];
    assert_int_equal(szdd_decode(in, sizeof in, out, sizeof out), 1);
    assert_int_equal(szdd_decode(in, 0, out, sizeof out), 0);
}

static void test_expanded_name(void **state)
{
    (void)state;
    char a[32] = "setup.ex_", b[32] = "C:\\lower\\SETUP.EX_", c[32] = "readme.txt", d[32] = "x.dl_";
    szdd_expanded_name(a, 'e');
    szdd_expanded_name(b, 'e');
    szdd_expanded_name(c, 'e');
    szdd_expanded_name(d, 0);
    assert_string_equal(a, "setup.exe");
    assert_string_equal(b, "C:\\lower\\SETUP.EXE"); /* the directory's case does not count */
    assert_string_equal(c, "readme.txt");
    assert_string_equal(d, "x.dl_");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header),
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_matches),
        cmocka_unit_test(test_cut_short),
        cmocka_unit_test(test_expanded_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
