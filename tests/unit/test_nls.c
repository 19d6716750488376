/* Unit tests for the en-US character rules (syscalls/nls.c): case mapping,
 * CT_CTYPE1 classes and the CompareString ordering. Expectations are what
 * Windows returns for these characters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "syscalls/nls.h"

static size_t wl(const uint16_t *w)
{
    size_t n = 0;
    while (w[n])
        n++;
    return n;
}

static int cmpw(uint32_t flags, const uint16_t *a, const uint16_t *b)
{
    return nls_compare(flags, a, wl(a), b, wl(b));
}

static void test_case_mapping(void **state)
{
    (void)state;
    assert_int_equal(nls_upper('a'), 'A');
    assert_int_equal(nls_upper('{'), '{');
    assert_int_equal(nls_lower('Z'), 'z');
    assert_int_equal(nls_upper(0xE9), 0xC9);   /* é */
    assert_int_equal(nls_upper(0xF7), 0xF7);   /* ÷ has no case */
    assert_int_equal(nls_upper(0xDF), 0xDF);   /* ß stays */
    assert_int_equal(nls_upper(0xD800), 0xD800);
    /* ANSI: a mapping that leaves Latin-1 keeps the byte (ÿ → Ÿ is U+0178) */
    assert_int_equal(nls_upper_a(0xFF), 0xFF);
    assert_int_equal(nls_upper_a(0xE0), 0xC0);
    assert_int_equal(nls_lower_a('Q'), 'q');
}

static void test_ctype1(void **state)
{
    (void)state;
    assert_int_equal(nls_ctype1('a'), C1_LOWER | C1_ALPHA | C1_XDIGIT | C1_DEFINED);
    assert_int_equal(nls_ctype1('G'), C1_UPPER | C1_ALPHA | C1_DEFINED);
    assert_int_equal(nls_ctype1('7'), C1_DIGIT | C1_XDIGIT | C1_DEFINED);
    assert_int_equal(nls_ctype1(' '), C1_SPACE | C1_BLANK | C1_DEFINED);
    assert_int_equal(nls_ctype1('\t'), C1_CNTRL | C1_SPACE | C1_BLANK | C1_DEFINED);
    assert_int_equal(nls_ctype1('\n'), C1_CNTRL | C1_SPACE | C1_DEFINED);
    assert_int_equal(nls_ctype1('!'), C1_PUNCT | C1_DEFINED);
    assert_int_equal(nls_ctype1(0x85), C1_CNTRL | C1_DEFINED);
    assert_int_equal(nls_ctype1(0xA0), C1_SPACE | C1_BLANK | C1_DEFINED);
    assert_true(nls_ctype1(0xC0) & C1_UPPER);
    assert_true(nls_ctype1(0xE9) & C1_LOWER);
    assert_true(nls_ctype1(0xD7) & C1_PUNCT); /* × */
}

static void test_compare_levels(void **state)
{
    (void)state;
    /* symbols < digits < letters, unlike code point order */
    assert_int_equal(cmpw(0, u"_", u"A"), CSTR_LESS_THAN);
    assert_int_equal(cmpw(0, u"9", u"a"), CSTR_LESS_THAN);
    assert_int_equal(cmpw(0, u"a", u"B"), CSTR_LESS_THAN);
    /* case only breaks ties, lowercase first */
    assert_int_equal(cmpw(0, u"a", u"A"), CSTR_LESS_THAN);
    assert_int_equal(cmpw(0, u"A", u"b"), CSTR_LESS_THAN);
    assert_int_equal(cmpw(NORM_IGNORECASE, u"HeLLo", u"hello"), CSTR_EQUAL);
    /* diacritics after letters, before case */
    assert_int_equal(cmpw(0, u"\u00e9", u"e"), CSTR_GREATER_THAN);
    assert_int_equal(cmpw(0, u"\u00e9", u"f"), CSTR_LESS_THAN);
    assert_int_equal(cmpw(NORM_IGNORENONSPACE, u"r\u00e9sum\u00e9", u"resume"), CSTR_EQUAL);
    assert_int_equal(cmpw(0, u"\u00e9", u"E"), CSTR_GREATER_THAN);
    /* expansions */
    assert_int_equal(cmpw(NORM_IGNORENONSPACE, u"stra\u00dfe", u"strasse"), CSTR_EQUAL);
    /* prefixes sort first */
    assert_int_equal(cmpw(0, u"ab", u"abc"), CSTR_LESS_THAN);
    assert_int_equal(cmpw(0, u"", u""), CSTR_EQUAL);
}

static void test_compare_word_sort(void **state)
{
    (void)state;
    /* hyphen and apostrophe only break ties in a word sort */
    assert_int_equal(cmpw(0, u"coop", u"co-op"), CSTR_LESS_THAN);
    assert_int_equal(cmpw(0, u"co-op", u"cop"), CSTR_LESS_THAN);
    /* SORT_STRINGSORT treats them as symbols */
    assert_int_equal(cmpw(SORT_STRINGSORT, u"co-op", u"coop"), CSTR_LESS_THAN);
    assert_int_equal(cmpw(NORM_IGNORESYMBOLS, u"a.b!", u"ab"), CSTR_EQUAL);
    /* control characters weigh nothing */
    assert_int_equal(cmpw(0, u"a\x01" "b", u"ab"), CSTR_EQUAL);
}

static void test_ordinal(void **state)
{
    (void)state;
    const uint16_t a[] = u"a", b[] = u"B";
    assert_int_equal(nls_compare_ordinal(a, 1, b, 1, false), CSTR_GREATER_THAN);
    assert_int_equal(nls_compare_ordinal(a, 1, b, 1, true), CSTR_LESS_THAN);
    assert_int_equal(nls_compare_ordinal(u"abc", 3, u"ABC", 3, true), CSTR_EQUAL);
    assert_int_equal(nls_compare_ordinal(u"ab", 2, u"abc", 3, false), CSTR_LESS_THAN);
}

static void test_ansi(void **state)
{
    (void)state;
    uint16_t *w = nls_ansi_to_w("\xe9t\xe9", 3);
    assert_non_null(w);
    assert_int_equal(w[0], 0xE9);
    assert_int_equal(w[3], 0);
    char *a = nls_w_to_ansi((const uint16_t[]){ 'x', 0x3B1, 0xFF }, 3);
    assert_string_equal(a, "x?\xff");
    free(w);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_mapping),    cmocka_unit_test(test_ctype1),
        cmocka_unit_test(test_compare_levels),  cmocka_unit_test(test_compare_word_sort),
        cmocka_unit_test(test_ordinal),         cmocka_unit_test(test_ansi),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
