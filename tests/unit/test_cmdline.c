/* Unit tests for CommandLineToArgvW's splitting (syscalls/shell32/cmdline.c):
 * the program name's own rule, blanks, backslashes before quotes and
 * elsewhere, "" inside quotes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "syscalls/shell32/cmdline.h"

/* The arguments of line joined by '|' (ASCII only). */
static uint32_t split(const char *line, char *joined)
{
    uint16_t w[256], out[256];
    size_t n = strlen(line), units = 0;
    for (size_t i = 0; i <= n; i++)
        w[i] = (uint8_t)line[i];
    size_t counted = 0;
    uint32_t argc = cmdline_split(w, NULL, &counted);
    assert_int_equal(cmdline_split(w, out, &units), argc);
    assert_int_equal(units, counted);
    for (size_t i = 0; i < units; i++)
        joined[i] = out[i] ? (char)out[i] : '|';
    joined[units] = 0;
    return argc;
}

static void test_splitting(void **state)
{
    (void)state;
    static const struct {
        const char *line, *args;
        uint32_t argc;
    } cases[] = {
        { "prog a b", "prog|a|b|", 3 },
        { "\"C:\\Program Files\\x.exe\" \"quoted arg\" plain", "C:\\Program Files\\x.exe|quoted arg|plain|", 3 },
        { "\"C:\\dir\\\"rest arg", "C:\\dir\\|rest|arg|", 3 },      /* no escapes in the name */
        { "p a\\\\\\\"b c\\\\\"d e\"", "p|a\\\"b|c\\d e|", 3 },        /* 3 and 2 backslashes */
        { "p \"a\"\"b\" c", "p|a\"b c|", 2 },                         /* "" ends the quotes */
        { "p   spaced\t tabs  ", "p|spaced|tabs|", 3 },
        { "p back\\slash\\ end\\", "p|back\\slash\\|end\\|", 3 },
        { "p \"\"", "p||", 2 },                                       /* an empty argument */
        { "name", "name|", 1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char joined[256];
        uint32_t argc = split(cases[i].line, joined);
        if (argc != cases[i].argc || strcmp(joined, cases[i].args))
            fail_msg("[%s]: got %u [%s], want %u [%s]", cases[i].line, argc, joined, cases[i].argc, cases[i].args);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_splitting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
