/* Unit tests for FormatMessage's message language (syscalls/kernel32/
 * format_message.c): escapes, inserts with and without printf formats,
 * '*' width/precision taking the following arguments, IGNORE_INSERTS,
 * the line-width rules and the errors for malformed inserts. The
 * arguments come from a host array instead of guest memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "syscalls/kernel32/format_message.h"
#include "syscalls/win32_errors.h"

/* Guest "pointers" to strings are indexes into this table. */
static const char *strings[] = { "", "alpha", "beta", "gamma" };

struct host_args {
    const uint32_t *v;
    unsigned n;
};

static bool slot(void *ctx, unsigned i, uint32_t *value)
{
    struct host_args *a = ctx;
    if (i >= a->n)
        return false;
    *value = a->v[i];
    return true;
}

static char *read_str(void *ctx, uint32_t p)
{
    (void)ctx;
    return p < 4 ? strdup(strings[p]) : NULL;
}

static uint16_t *read_wstr(void *ctx, uint32_t p, size_t *len)
{
    (void)ctx;
    if (p >= 4)
        return NULL;
    size_t n = strlen(strings[p]);
    uint16_t *w = calloc(n + 1, 2);
    for (size_t i = 0; i < n; i++)
        w[i] = (uint8_t)strings[p][i];
    *len = n;
    return w;
}

/* Formats an ASCII message; the result as ASCII in out (or the error). */
static uint32_t fmt(const char *msg, const uint32_t *args, unsigned nargs, bool ignore, unsigned width, char *out)
{
    size_t n = strlen(msg);
    uint16_t *w = calloc(n + 1, 2);
    for (size_t i = 0; i < n; i++)
        w[i] = (uint8_t)msg[i];
    struct host_args ha = { args, nargs };
    struct fm_options o = { .ignore_inserts = ignore, .max_width = width, .ansi = true, .ctx = &ha, .slot = slot,
                            .read_str = read_str, .read_wstr = read_wstr };
    struct strbuf sb;
    strbuf_init(&sb);
    uint32_t err = fm_format(w, n, &o, &sb);
    size_t units = sb.len / 2;
    for (size_t i = 0; i < units; i++)
        out[i] = (char)((const uint16_t *)sb.data)[i];
    out[units] = 0;
    strbuf_free(&sb);
    free(w);
    return err;
}

static void test_escapes(void **state)
{
    (void)state;
    char out[256];
    assert_int_equal(fmt("a%nb%%c%!%.% d%te%rf", NULL, 0, false, 0, out), 0);
    assert_string_equal(out, "a\r\nb%c!. d\te\rf");
    assert_int_equal(fmt("kept%0dropped", NULL, 0, false, 0, out), 0);
    assert_string_equal(out, "kept");
    assert_int_equal(fmt("line1\r\nline2\nline3", NULL, 0, false, 0, out), 0);
    assert_string_equal(out, "line1\r\nline2\r\nline3");
}

static void test_inserts(void **state)
{
    (void)state;
    char out[256];
    uint32_t args[] = { 1, 42, 0xBEEF, 2 };
    assert_int_equal(fmt("%1 %2!d! %3!04X! %4", args, 4, false, 0, out), 0);
    assert_string_equal(out, "alpha 42 BEEF beta");
    assert_int_equal(fmt("%4 before %1", args, 4, false, 0, out), 0);
    assert_string_equal(out, "beta before alpha");
    uint32_t star[] = { 7, 2, 3 };
    assert_int_equal(fmt("[%1!*.*s!]", star, 3, false, 0, out), 0);
    assert_string_equal(out, "[     ga]");
    uint32_t many[12] = { 0 };
    many[10] = 3;
    assert_int_equal(fmt("%11!s!", many, 12, false, 0, out), 0);
    assert_string_equal(out, "gamma");
}

static void test_ignore_inserts(void **state)
{
    (void)state;
    char out[256];
    assert_int_equal(fmt("x %1 y %2!d! z%n", NULL, 0, true, 0, out), 0);
    assert_string_equal(out, "x %1 y %2!d! z\r\n");
}

static void test_width(void **state)
{
    (void)state;
    char out[256];
    assert_int_equal(fmt("one\r\ntwo%nthree", NULL, 0, false, FM_MAX_WIDTH_MASK, out), 0);
    assert_string_equal(out, "one two\r\nthree");
    assert_int_equal(fmt("aaa bbb ccc ddd", NULL, 0, false, 8, out), 0);
    assert_string_equal(out, "aaa bbb\r\nccc ddd");
}

static void test_errors(void **state)
{
    (void)state;
    char out[256];
    uint32_t args[] = { 1 };
    assert_int_equal(fmt("%1!d", args, 1, false, 0, out), ERROR_INVALID_PARAMETER);   /* unterminated */
    assert_int_equal(fmt("%2", args, 1, false, 0, out), ERROR_INVALID_PARAMETER);     /* no argument 2 */
    assert_int_equal(fmt("%1!q!", args, 1, false, 0, out), ERROR_INVALID_PARAMETER);  /* not a conversion */
    assert_int_equal(fmt("%1", NULL, 0, true, 0, out), 0);                           /* ignored: fine */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_inserts),
        cmocka_unit_test(test_ignore_inserts),
        cmocka_unit_test(test_width),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
