/* Unit tests for the msvcrt scanf engine. Expectations are msvcrt.dll's behaviour (mostly from
 * Wine's conformance tests, which run against Windows) unless a comment says otherwise. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "syscalls/msvcrt/scan.h"

/* ------------------------------------------------------------------ fake guest */

#define GUEST_BASE 0x1000u
#define GUEST_SIZE 0x1000u

static struct {
    uint32_t slots[32];
    int nslots, next;
    uint8_t mem[GUEST_SIZE];
    const char *input;
    size_t pos, len;
} G;

static void reset(const char *input)
{
    memset(&G, 0, sizeof G);
    memset(G.mem, 0xAA, sizeof G.mem);      /* so untouched bytes are visible */
    G.input = input;
    G.len = strlen(input);
}

static bool in_guest(uint32_t g, size_t n)
{
    return g >= GUEST_BASE && g - GUEST_BASE <= GUEST_SIZE && n <= GUEST_SIZE - (g - GUEST_BASE);
}

static uint32_t cb_next32(void *ctx)
{
    (void)ctx;
    assert_true(G.next < G.nslots);
    return G.slots[G.next++];
}

static char *cb_read_str(void *ctx, uint32_t g)
{
    (void)ctx;
    (void)g;
    fail_msg("scanf must not read guest strings");
    return NULL;
}

static uint16_t *cb_read_wstr(void *ctx, uint32_t g, size_t *len)
{
    (void)ctx;
    (void)g;
    (void)len;
    fail_msg("scanf must not read guest strings");
    return NULL;
}

static bool cb_write_mem(void *ctx, uint32_t g, const void *src, size_t n)
{
    (void)ctx;
    if (!in_guest(g, n))
        return false;
    memcpy(G.mem + (g - GUEST_BASE), src, n);
    return true;
}

static struct crt_args ARGS = {NULL, cb_next32, cb_read_str, cb_read_wstr, cb_write_mem};

static int in_get(void *ctx)
{
    (void)ctx;
    return G.pos < G.len ? (unsigned char)G.input[G.pos++] : -1;
}

static void in_unget(void *ctx, int c)
{
    (void)ctx;
    assert_true(G.pos > 0);
    assert_int_equal(c, (unsigned char)G.input[G.pos - 1]);    /* only the byte just read */
    G.pos--;
}

static struct crt_input INPUT = {NULL, in_get, in_unget};

/* Result slot i lives at guest 0x1000 + 0x100 * i. */
static uint32_t slot(int i) { return GUEST_BASE + 0x100u * (uint32_t)i; }
static uint8_t *mem(int i) { return G.mem + 0x100 * i; }

static void ptrs(int n)
{
    for (int i = 0; i < n; i++)
        G.slots[G.nslots++] = slot(i);
}

static uint32_t u32_at(int i)
{
    uint32_t v;
    memcpy(&v, mem(i), 4);
    return v;
}

static int64_t i64_at(int i)
{
    int64_t v;
    memcpy(&v, mem(i), 8);
    return v;
}

static double dbl_at(int i)
{
    double v;
    memcpy(&v, mem(i), 8);
    return v;
}

static float flt_at(int i)
{
    float v;
    memcpy(&v, mem(i), 4);
    return v;
}

/* Runs fmt over input with n result pointers; returns scanf's result. */
static int scan(const char *input, const char *fmt, int n)
{
    reset(input);
    ptrs(n);
    return crt_scan(&INPUT, fmt, &ARGS);
}

/* ------------------------------------------------------------------ tests */

static void test_eof_rules(void **state)
{
    (void)state;
    assert_int_equal(scan("", "%d", 1), -1);
    assert_int_equal(scan(" \t\n\n", "%s", 1), -1);
    assert_int_equal(scan("abc", "%d", 1), 0);          /* matching failure: 0, not EOF */
    assert_int_equal(scan("5", "%*d", 0), 0);           /* suppressed match: 0, not EOF */
    assert_int_equal(scan("", "", 0), 0);
    assert_int_equal(scan("", "x%d", 1), -1);
    assert_int_equal(scan("18:59", "%d:%d%c", 3), 2);   /* input ends before %c */
    assert_int_equal(u32_at(0), 18);
    assert_int_equal(u32_at(1), 59);
    assert_int_equal(mem(2)[0], 0xAA);
    assert_int_equal(scan("a", "%s%s", 2), 1);
    assert_string_equal((char *)mem(0), "a");
    assert_int_equal(mem(1)[0], 0xAA);
    assert_int_equal(scan("test\n", "%s%c", 2), 2);
    assert_int_equal(mem(1)[0], '\n');
}

static void test_integers(void **state)
{
    (void)state;
    assert_int_equal(scan("123", "%i", 1), 1);
    assert_int_equal(u32_at(0), 123);
    assert_int_equal(scan("-1", "%i", 1), 1);
    assert_int_equal(u32_at(0), 0xffffffffu);
    assert_int_equal(scan("017", "%i", 1), 1);
    assert_int_equal(u32_at(0), 15);
    assert_int_equal(scan("0x17", "%i", 1), 1);
    assert_int_equal(u32_at(0), 23);
    assert_int_equal(scan("-1", "%d", 1), 1);
    assert_int_equal(u32_at(0), 0xffffffffu);
    assert_int_equal(scan("-1", "%o", 1), 1);
    assert_int_equal(u32_at(0), 0xffffffffu);
    assert_int_equal(scan("-1", "%u", 1), 1);
    assert_int_equal(u32_at(0), 0xffffffffu);
    assert_int_equal(scan("0x519", "%x", 1), 1);
    assert_int_equal(u32_at(0), 0x519);
    assert_int_equal(scan("0x51g", "%x", 1), 1);
    assert_int_equal(u32_at(0), 0x51);
    assert_int_equal(scan("-1", "%x", 1), 1);
    assert_int_equal(u32_at(0), 0xffffffffu);
    assert_int_equal(scan("0519", "%X", 1), 1);
    assert_int_equal(u32_at(0), 0x519);
    assert_int_equal(scan("  +42xyz", "%d", 1), 1);
    assert_int_equal(u32_at(0), 42);
    assert_int_equal(scan("4294967301", "%d", 1), 1);  /* wraps like msvcrt, no clamping */
    assert_int_equal(u32_at(0), 5);
    assert_int_equal(scan("12345678901234", "%lld", 1), 1);
    assert_int_equal(i64_at(0), 12345678901234ll);
    assert_int_equal(scan("-9223372036854775808", "%I64d", 1), 1);
    assert_true(i64_at(0) == INT64_MIN);
    assert_int_equal(scan("ffffffffff", "%I64x", 1), 1);
    assert_int_equal(i64_at(0), 0xffffffffffll);
    assert_int_equal(scan("12 34", "%I32d %Id", 2), 2);
    assert_int_equal(u32_at(1), 34);
    assert_int_equal(scan("0xg", "%x", 1), 0);         /* "0x" without digits fails */
    /* widths past INT_MAX once overflowed the engine's int: no limit, as any huge width */
    assert_int_equal(scan("12345 6", "%2147483648d %d", 2), 2);
    assert_int_equal(u32_at(0), 12345);
    assert_int_equal(u32_at(1), 6);
    assert_int_equal(scan("0x1f", "%99999999999999999999x", 1), 1);
    assert_int_equal(u32_at(0), 0x1f);
    assert_int_equal(scan("abc", "%4294967297s", 1), 1);
    assert_string_equal((char *)mem(0), "abc");
}

static void test_int_sizes(void **state)
{
    (void)state;
    assert_int_equal(scan("12345678", "%hd", 1), 1);
    assert_int_equal(u32_at(0), 0xAAAA614Eu);           /* only 2 bytes stored */
    assert_int_equal(scan("12345678", "%02hd", 1), 1);
    assert_int_equal(u32_at(0), 0xAAAA000Cu);
    assert_int_equal(scan("12345678", "%h02d", 1), 1); /* width after the size prefix */
    assert_int_equal(u32_at(0), 0xAAAA000Cu);
    assert_int_equal(scan("12345678", "%000h02d", 1), 1);
    assert_int_equal(u32_at(0), 0xAAAA000Cu);
    assert_int_equal(scan("12345678", "%2h0d", 1), 1); /* width 20 */
    assert_int_equal(u32_at(0), 0xAAAA614Eu);
    assert_int_equal(scan("12345678", "%hhd", 1), 1);  /* hh stores a full int */
    assert_int_equal(u32_at(0), 0x00BC614Eu);
    assert_int_equal(scan("12345", "%3d%d", 2), 2);
    assert_int_equal(u32_at(0), 123);
    assert_int_equal(u32_at(1), 45);
}

static void test_pointer(void **state)
{
    (void)state;
    assert_int_equal(scan("0046F171", "%p", 1), 1);
    assert_int_equal(u32_at(0), 0x46F171);
    assert_int_equal(scan("46F172", "%p", 1), 1);
    assert_int_equal(u32_at(0), 0x46F172);
    assert_int_equal(scan("0x46F173", "%p", 1), 1);    /* no 0x prefix for %p */
    assert_int_equal(u32_at(0), 0);
    assert_int_equal(scan("-46F174", "%p", 1), 1);
    assert_int_equal(u32_at(0), (uint32_t)-0x46F174);
    assert_int_equal(scan("+46F175", "%p", 1), 1);
    assert_int_equal(u32_at(0), 0x46F175);
    assert_int_equal(scan("1234", "%P", 1), 1);
    assert_int_equal(u32_at(0), 0x1234);
}

static void test_floats(void **state)
{
    (void)state;
    assert_int_equal(scan("-82.626701 27.760000", "%f%f", 2), 2);
    assert_true(flt_at(0) == -82.626701f);
    assert_true(flt_at(1) == 27.76f);
    assert_int_equal(u32_at(2), 0xAAAAAAAAu);
    assert_int_equal(scan("32.715000", "%lf", 1), 1);
    assert_true(dbl_at(0) == 32.715);
    assert_int_equal(scan("32.715000", "%Lf", 1), 1);  /* long double is double */
    assert_true(dbl_at(0) == 32.715);
    assert_int_equal(scan("1.1e-30", "%lf", 1), 1);
    assert_true(dbl_at(0) == 1.1e-30);
    assert_int_equal(scan("", "%lf", 1), -1);
    assert_int_equal(u32_at(0), 0xAAAAAAAAu);
    assert_int_equal(scan("1.5E3 -2.5e-1x", "%le %lG%c", 3), 3);
    assert_true(dbl_at(0) == 1500.0);
    assert_true(dbl_at(1) == -0.25);
    assert_int_equal(mem(2)[0], 'x');
    assert_int_equal(scan("12345", "%3lf%d", 2), 2);
    assert_true(dbl_at(0) == 123.0);
    assert_int_equal(u32_at(1), 45);
    assert_int_equal(scan("1e+x", "%lf%c", 2), 2);     /* 'e' and '+' are eaten anyway */
    assert_true(dbl_at(0) == 1.0);
    assert_int_equal(mem(1)[0], 'x');
    assert_int_equal(scan(".x", "%lf", 1), 0);
    assert_int_equal(scan("inf", "%lf", 1), 0);        /* old msvcrt has no inf/nan input */
    /* msvcrt reads 17 significant digits only: correct rounding would give 1+2^-52 */
    assert_int_equal(scan("1.000000000000000166", "%lf", 1), 1);
    assert_true(dbl_at(0) == 1.0);
}

static void test_strings(void **state)
{
    (void)state;
    assert_int_equal(scan("  St. Petersburg, Florida\n", "%*c%[^\n]", 1), 1);
    assert_string_equal((char *)mem(0), " St. Petersburg, Florida");
    assert_int_equal(scan("abcefgdh", "%*[a-cg-e]%c", 1), 1);
    assert_int_equal(mem(0)[0], 'd');
    assert_int_equal(scan("abcefgdh", "%*[a-cd-dg-e]%c", 1), 1);
    assert_int_equal(mem(0)[0], 'h');
    assert_int_equal(scan("-123", "%[-0-9]", 1), 1);
    assert_string_equal((char *)mem(0), "-123");
    assert_int_equal(scan("-321", "%[0-9-]", 1), 1);
    assert_string_equal((char *)mem(0), "-321");
    assert_int_equal(scan("-4123", "%[1-2-4]", 1), 1);
    assert_string_equal((char *)mem(0), "-412");
    assert_int_equal(scan("-456123", "%[1-2-45-6]", 1), 1);
    assert_string_equal((char *)mem(0), "-45612");
    assert_int_equal(scan("]]x", "%[]]", 1), 1);
    assert_string_equal((char *)mem(0), "]]");
    assert_int_equal(scan("test=value\xda", "%[^=] = %[^;]", 2), 2);
    assert_string_equal((char *)mem(0), "test");
    assert_string_equal((char *)mem(1), "value\xda");
    assert_int_equal(scan("abcdef", "%3s%s", 2), 2);
    assert_string_equal((char *)mem(0), "abc");
    assert_string_equal((char *)mem(1), "def");
    assert_int_equal(scan("xyz", "%2c", 1), 1);
    assert_memory_equal(mem(0), "xy\xAA", 3);           /* %c is not NUL-terminated */
    assert_int_equal(scan("a", "%c", 1), 1);
    assert_int_equal(mem(0)[0], 'a');
    assert_int_equal(scan(" a", "%c", 1), 1);           /* %c does not skip blanks */
    assert_int_equal(mem(0)[0], ' ');
    assert_int_equal(scan("ab", "%5c", 1), 1);          /* short read still counts */
    assert_memory_equal(mem(0), "ab\xAA", 3);
    assert_int_equal(scan("abc", "%[", 1), 0);          /* unterminated set fails */
}

static void test_wide_targets(void **state)
{
    (void)state;
    assert_int_equal(scan(" hi\xe9 x", "%ls %C", 2), 2);
    assert_memory_equal(mem(0), "h\0i\0\xe9\0\0\0", 8);
    assert_memory_equal(mem(1), "x\0\xAA", 3);
    assert_int_equal(scan("ab", "%S", 1), 1);
    assert_memory_equal(mem(0), "a\0b\0\0\0", 6);
    assert_int_equal(scan("ab", "%hS", 1), 1);         /* h forces narrow */
    assert_string_equal((char *)mem(0), "ab");
    assert_int_equal(scan("ab", "%w[a-z]", 1), 1);
    assert_memory_equal(mem(0), "a\0b\0\0\0", 6);
}

static void test_count_and_literals(void **state)
{
    (void)state;
    assert_int_equal(scan("21:59:20", "%d%n", 2), 1);
    assert_int_equal(u32_at(0), 21);
    assert_int_equal(u32_at(1), 2);
    assert_int_equal(scan(":59:20", "%*c%n", 1), 0);
    assert_int_equal(u32_at(0), 1);
    assert_int_equal(scan("abc   def", "%s %n%s", 3), 2);
    assert_string_equal((char *)mem(0), "abc");
    assert_int_equal(u32_at(1), 6);
    assert_string_equal((char *)mem(2), "def");
    assert_int_equal(scan("3:45", "%d:%d%n", 3), 2);   /* %n still runs at end of input */
    assert_int_equal(u32_at(2), 4);
    assert_int_equal(scan("7 ", "%d%hn", 2), 1);
    assert_int_equal(u32_at(1), 0xAAAA0001u);
    assert_int_equal(scan("\"%12@", "%\"%%%d%@", 1), 1);   /* % + unknown char: literal */
    assert_int_equal(u32_at(0), 12);
    assert_int_equal(scan("x 5", "x%d", 1), 1);
    assert_int_equal(u32_at(0), 5);
    assert_int_equal(scan("y5", "x%d", 1), 0);
    assert_int_equal(scan("1,2", "%d ,%d", 2), 2);
    assert_int_equal(u32_at(1), 2);
    assert_int_equal(scan("5", "%0d", 1), 0);          /* explicit zero width never matches */
}

static void test_bad_target(void **state)
{
    (void)state;
    reset("42 43");
    G.slots[G.nslots++] = slot(0);
    G.slots[G.nslots++] = 0x10;                         /* unwritable guest pointer */
    assert_int_equal(crt_scan(&INPUT, "%d %d", &ARGS), -1);
    assert_int_equal(u32_at(0), 42);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eof_rules),
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_int_sizes),
        cmocka_unit_test(test_pointer),
        cmocka_unit_test(test_floats),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_wide_targets),
        cmocka_unit_test(test_count_and_literals),
        cmocka_unit_test(test_bad_target),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
