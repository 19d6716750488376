/* Unit tests for the initialization-file model behind the profile
 * functions (syscalls/kernel32/ini.c): parsing (blanks, lines before any
 * section, lines without '='), case-insensitive lookups, setting and
 * deleting keys and sections, and writing the text back. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "syscalls/kernel32/ini.h"

static void parse_text(struct ini *ini, const char *text)
{
    char *copy = strdup(text);
    memset(ini, 0, sizeof *ini);
    assert_true(ini_parse(ini, copy));
    free(copy);
}

static void test_parse(void **state)
{
    (void)state;
    struct ini ini;
    parse_text(&ini, "orphan=1\r\n  [ First ]  \r\n key = a value \r\nbare\r\n\r\n[second]\nx=\n[third\ny=2\n");
    assert_int_equal(ini.n, 3);
    struct ini_section *s = ini_find_section(&ini, "FIRST");
    assert_non_null(s);
    assert_string_equal(s->name, "First");
    assert_int_equal(s->nkeys, 2);
    assert_string_equal(ini_find_key(s, "KEY")->value, "a value");
    assert_null(ini_find_key(s, "bare")->value); /* no '=' */
    assert_null(ini_find_key(s, "orphan"));      /* before any section: ignored */
    assert_string_equal(ini_find_key(ini_find_section(&ini, "second"), "x")->value, "");
    assert_string_equal(ini_find_key(ini_find_section(&ini, "third"), "y")->value, "2"); /* no ']' */
    assert_null(ini_find_section(&ini, "fourth"));
    ini_free(&ini);
}

static void test_set_and_delete(void **state)
{
    (void)state;
    struct ini ini;
    parse_text(&ini, "[a]\nk1=1\nk2=2\n[b]\nk=v\n");
    assert_true(ini_set(&ini, "A", "K1", "one"));           /* replace, any case */
    assert_true(ini_set(&ini, "a", "k3", "3"));             /* append a key */
    assert_true(ini_set(&ini, "c", "new", "x"));            /* a new section */
    assert_true(ini_set(&ini, "a", "k2", NULL));            /* delete a key */
    assert_true(ini_set(&ini, "b", NULL, NULL));            /* delete a section */
    assert_true(ini_set(&ini, "nosuch", "k", NULL));        /* deleting nothing is fine */
    char *text = ini_serialize(&ini);
    assert_non_null(text);
    assert_string_equal(text, "[a]\r\nk1=one\r\nk3=3\r\n\r\n[c]\r\nnew=x\r\n");
    free(text);
    ini_free(&ini);
}

static void test_round_trip(void **state)
{
    (void)state;
    struct ini ini, again;
    parse_text(&ini, "[s]\nbare\nk = v\n[t]\n");
    char *text = ini_serialize(&ini);
    assert_string_equal(text, "[s]\r\nbare\r\nk=v\r\n\r\n[t]\r\n");
    parse_text(&again, text);
    assert_int_equal(again.n, 2);
    assert_int_equal(ini_find_section(&again, "s")->nkeys, 2);
    free(text);
    ini_free(&ini);
    ini_free(&again);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_set_and_delete),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
