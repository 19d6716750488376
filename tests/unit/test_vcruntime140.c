/* Unit tests for vcruntime140's type-name undecoration (what
 * type_info::name shows for a decorated TypeDescriptor name). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "syscalls/vcruntime140/runtime.h"

static void expect(const char *decorated, const char *shown)
{
    char *s = vcrt_undecorate_type(decorated);
    assert_non_null(s);
    assert_string_equal(s, shown);
    free(s);
}

static void test_builtin_types(void **state)
{
    (void)state;
    expect("H", "int");
    expect("I", "unsigned int");
    expect("N", "double");
    expect("_N", "bool");
    expect("_J", "__int64");
    expect("_W", "wchar_t");
}

static void test_classes(void **state)
{
    (void)state;
    expect("?AVexception@std@@", "class std::exception");
    expect("?AUPoint@@", "struct Point");
    expect("?AVWidget@ui@app@@", "class app::ui::Widget");
    expect("?ATU@@", "union U");
}

static void test_pointers(void **state)
{
    (void)state;
    expect("PAH", "int *");
    expect("PBD", "char const *");
    expect("PAVBase@@", "class Base *");
}

static void test_unknown_forms_stay(void **state)
{
    (void)state;
    expect("$$BY01H", "$$BY01H");   /* arrays: not undecorated here */
    expect("?AVbroken", "?AVbroken"); /* no terminator */
    expect("", "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_types),
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_pointers),
        cmocka_unit_test(test_unknown_forms_stay),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
