/* --vmmap names each allocation: a tag core knows, else the module the
 * caller's lookup names (core does not include the loader), else nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vm.h"
#include "core/vmmap.h"

static struct vm vm;
static char *out;

static int setup(void **state)
{
    if (vm_init(&vm, false) != STATUS_SUCCESS)
        return -1;
    gaddr image = 0x00400000u, heap = 0x10000000u;
    if (vm_reserve(&vm, &image, 0x10000, 0, PAGE_READWRITE, false) != STATUS_SUCCESS ||
        vm_commit(&vm, image, 0x1000, PAGE_READONLY) != STATUS_SUCCESS ||
        vm_reserve(&vm, &heap, 0x10000, 0, PAGE_READWRITE, false) != STATUS_SUCCESS)
        return -1;
    vmmap_tag(heap, "process heap");
    return 0;
}

static int teardown(void **state)
{
    vm_destroy(&vm);
    free(out);
    out = NULL;
    return 0;
}

static const char *app_module(gaddr alloc_base)
{
    return alloc_base == 0x00400000u ? "app.exe" : NULL;
}

static void print(vmmap_module_name lookup)
{
    size_t len;
    free(out);
    FILE *f = open_memstream(&out, &len);
    assert_non_null(f);
    vmmap_print(f, &vm, lookup);
    fclose(f);
}

/* The line of the region at base, from its start. */
static const char *line_at(const char *base)
{
    const char *l = strstr(out, base);
    assert_non_null(l);
    return l;
}

static void test_module_names_come_from_the_lookup(void **state)
{
    print(app_module);
    const char *image = line_at("0x00400000 0x00001000 commit");
    const char *end = strchr(image, '\n');
    assert_non_null(end);
    assert_true(end - image > 7 && memcmp(end - 7, "app.exe", 7) == 0);
    assert_non_null(strstr(line_at("0x10000000"), "process heap\n"));
}

static void test_without_a_lookup_images_are_unnamed(void **state)
{
    print(NULL);
    line_at("0x00400000 0x00001000 commit");
    assert_null(strstr(out, "app.exe"));
    assert_non_null(strstr(line_at("0x10000000"), "process heap\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_module_names_come_from_the_lookup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_without_a_lookup_images_are_unnamed, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
