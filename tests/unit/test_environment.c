/* The guest's initial environment (core/app/environment.c): Windows'
 * variables, the host's passed through as Wine does (Windows' names win,
 * WOWBOX_* and LD_* stay out), --env additions over both, Windows' order. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <cmocka.h>

#include "core/app/environment.h"
#include "core/unicode.h"

/* The block as one UTF-8 string per variable, NULL-terminated. */
static char **decode(uint16_t *block)
{
    char **out = calloc(256, sizeof *out);
    size_t n = 0;
    for (uint16_t *p = block; *p && n < 255; n++) {
        size_t len = 0;
        while (p[len])
            len++;
        out[n] = utf16_to_utf8(p, len);
        p += len + 1;
    }
    return out;
}

static const char *lookup(char **vars, const char *name)
{
    size_t n = strlen(name);
    for (; *vars; vars++)
        if (strncmp(*vars, name, n) == 0 && (*vars)[n] == '=')
            return *vars + n + 1;
    return NULL;
}

static char **build(char *const *host, const char *const *add, size_t nadd)
{
    struct env_request r = { host, add, nadd };
    size_t units = 0;
    uint16_t *b = environment_build(NULL, &r, &units);
    assert_non_null(b);
    assert_int_equal(b[units - 1], 0);
    char **v = decode(b);
    free(b);
    return v;
}

static void free_vars(char **v)
{
    for (char **p = v; *p; p++)
        free(*p);
    free(v);
}

static void test_host_passes_through(void **state)
{
    (void)state;
    char *host[] = { "WBX_ONE=1", "PATH=/usr/bin:/bin", "Temp=/tmp", "WOWBOX_PREFIX=/x", "LD_PRELOAD=evil.so",
                     "HOME=/root", "=C:=C:\\", "caf\xc3\xa9=cr\xc3\xa8me", NULL };
    char **v = build(host, NULL, 0);
    assert_string_equal(lookup(v, "WBX_ONE"), "1");
    assert_string_equal(lookup(v, "HOME"), "/root");
    assert_string_equal(lookup(v, "caf\xc3\xa9"), "cr\xc3\xa8me");
    /* Windows' own names win, whatever the case of the host's */
    assert_string_equal(lookup(v, "Path"), "C:\\Windows\\system32;C:\\Windows;C:\\Windows\\System32\\Wbem");
    assert_null(lookup(v, "PATH"));
    assert_null(lookup(v, "Temp"));
    assert_string_equal(lookup(v, "TEMP"), "C:\\Users\\user\\AppData\\Local\\Temp");
    assert_null(lookup(v, "WOWBOX_PREFIX"));
    assert_null(lookup(v, "LD_PRELOAD"));
    assert_null(lookup(v, ""));
    free_vars(v);
}

static void test_additions_and_clear(void **state)
{
    (void)state;
    char *host[] = { "WBX_ONE=host", "WBX_TWO=host", NULL };
    const char *add[] = { "WBX_ONE=added", "TEMP=D:\\t", "WBX_EMPTY=" };
    char **v = build(host, add, 3);
    assert_string_equal(lookup(v, "WBX_ONE"), "added");
    assert_string_equal(lookup(v, "WBX_TWO"), "host");
    assert_string_equal(lookup(v, "TEMP"), "D:\\t");
    assert_string_equal(lookup(v, "WBX_EMPTY"), "");
    free_vars(v);
    v = build(NULL, add, 1); /* --env-clear */
    assert_null(lookup(v, "WBX_TWO"));
    assert_string_equal(lookup(v, "WBX_ONE"), "added");
    assert_string_equal(lookup(v, "SystemRoot"), "C:\\Windows");
    free_vars(v);
}

/* Sorted by name in upper case, '=' ending the name. */
static void test_windows_order(void **state)
{
    (void)state;
    char *host[] = { "zeta=1", "Alpha=2", "PROGRAMFILES_X=3", NULL };
    char **v = build(host, NULL, 0);
    size_t n = 0;
    for (; v[n + 1]; n++) {
        char a[128], b[128];
        size_t i;
        for (i = 0; v[n][i] && v[n][i] != '=' && i < 127; i++)
            a[i] = (char)toupper((unsigned char)v[n][i]);
        a[i] = 0;
        for (i = 0; v[n + 1][i] && v[n + 1][i] != '=' && i < 127; i++)
            b[i] = (char)toupper((unsigned char)v[n + 1][i]);
        b[i] = 0;
        if (strcmp(a, b) >= 0)
            fail_msg("%s before %s", v[n], v[n + 1]);
    }
    assert_true(n > 30);
    free_vars(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_host_passes_through),
        cmocka_unit_test(test_additions_and_clear),
        cmocka_unit_test(test_windows_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
