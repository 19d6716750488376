/* Unit tests for unimplemented exports: the failure table (one row per
 * return-type class, the values docs/apis.md promises), the prototype
 * columns of the generated export tables, and the coverage listing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "syscalls/api.h"
#include "syscalls/builtin_dlls.h"
#include "syscalls/unimplemented.h"

static const struct api_export *find_export(const char *dll, const char *name)
{
    for (size_t d = 0; d < builtin_dll_count; d++) {
        const struct builtin_dll *b = builtin_dlls[d];
        if (strncasecmp(b->name, dll, strlen(dll)) != 0)
            continue;
        for (size_t i = 0; i < b->nexports; i++)
            if (!strcmp(b->exports[i].name, name))
                return &b->exports[i];
    }
    fail_msg("no export %s!%s", dll, name);
    return NULL;
}

static void expect_row(enum api_fail f, uint64_t value, uint32_t err, int crt_errno, char ret)
{
    const struct api_failure *row = api_failure_of(f);
    assert_non_null(row);
    assert_int_equal(row->value, value);
    assert_false(row->nan);
    assert_int_equal(row->last_error, err);
    assert_int_equal(row->crt_errno, crt_errno);
    assert_int_equal(row->ret, ret);
}

static void test_failure_values(void **state)
{
    expect_row(API_FAIL_NTSTATUS, 0xC0000002u, 120, 0, 'x');
    expect_row(API_FAIL_WIN32_ERROR, 120, 120, 0, 'u');
    expect_row(API_FAIL_HRESULT, 0x80004001u, 120, 0, 'x');
    expect_row(API_FAIL_FALSE, 0, 120, 0, 'b');
    expect_row(API_FAIL_NULL, 0, 120, 0, 'p');
    expect_row(API_FAIL_INVALID_HANDLE, 0xFFFFFFFFu, 120, 0, 'h');
    expect_row(API_FAIL_ZERO, 0, 120, 0, 'u');
    expect_row(API_FAIL_ALL_ONES, 0xFFFFFFFFu, 120, 0, 'x');
    expect_row(API_FAIL_INT64, 0, 120, 0, 'l');
    expect_row(API_FAIL_VOID, 0, 120, 0, 'v');
    expect_row(API_FAIL_SOCKET_ERROR, 0xFFFFFFFFu, 10045, 0, 'i');
    expect_row(API_FAIL_INVALID_SOCKET, 0xFFFFFFFFu, 10045, 0, 'x');
    expect_row(API_FAIL_WSA_NULL, 0, 10045, 0, 'p');
    expect_row(API_FAIL_CRT_INT, 0xFFFFFFFFu, 120, 40, 'i');
    expect_row(API_FAIL_CRT_ERRNO, 40, 120, 40, 'i');
    expect_row(API_FAIL_CRT_NULL, 0, 120, 40, 'p');
    expect_row(API_FAIL_CRT_WEOF, 0xFFFF, 120, 40, 'x');
    expect_row(API_FAIL_CRT_INT64, UINT64_MAX, 120, 40, 'l');
    assert_true(api_failure_of(API_FAIL_DOUBLE)->nan);
    assert_true(api_failure_of(API_FAIL_CRT_DOUBLE)->nan);
    assert_int_equal(api_failure_of(API_FAIL_CRT_DOUBLE)->crt_errno, 40);
    assert_null(api_failure_of(API_FAIL_DATA));
    assert_null(api_failure_of(API_FAIL_COUNT));
    /* a class added to the enum without a row would leave a zero row */
    for (int f = 0; f < API_FAIL_COUNT; f++)
        if (f != API_FAIL_DATA && (!api_failure_of(f)->says || !api_failure_of(f)->ret))
            fail_msg("failure class %d has no row", f);
}

/* Stack bytes of an args column; -1 if it does not parse. */
static int sig_bytes(const char *p)
{
    int bytes = 0;
    while (*p) {
        if (!strncmp(p, "...", 3))
            return p[3] ? -1 : bytes;
        if (!strchr("iuxphbcswfl", p[0]) || p[1] != ' ' || !(isalpha((unsigned char)p[2]) || p[2] == '_'))
            return -1;
        bytes += p[0] == 'f' || p[0] == 'l' ? 8 : 4;
        for (p += 2; isalnum((unsigned char)*p) || *p == '_'; p++)
            ;
        if (*p && strncmp(p, ", ", 2))
            return -1;
        p += *p ? 2 : 0;
    }
    return bytes;
}

static void test_export_prototypes(void **state)
{
    int bad = 0, known = 0;
    for (size_t d = 0; d < builtin_dll_count; d++) {
        const struct builtin_dll *b = builtin_dlls[d];
        for (size_t i = 0; i < b->nexports; i++) {
            const struct api_export *e = &b->exports[i];
            if (e->fail >= API_FAIL_COUNT || (e->kind == API_DATA) != (e->fail == API_FAIL_DATA)) {
                print_message("%s!%s: failure class %u\n", b->name, e->name, e->fail);
                bad++;
            }
            if (!e->args)
                continue;
            known++;
            int bytes = sig_bytes(e->args);
            if (bytes < 0 || !e->ret || strlen(e->ret) != 1 ||
                (e->conv != API_CDECL && bytes != e->arg_bytes)) {
                print_message("%s!%s: args \"%s\" (%d bytes), pops %u\n", b->name, e->name, e->args,
                              bytes, e->arg_bytes);
                bad++;
            }
        }
    }
    assert_int_equal(bad, 0);
    assert_true(known > 3000);
    /* the classes the rule gives a few well-known exports */
    assert_int_equal(find_export("kernel32", "CreateFileA")->fail, API_FAIL_INVALID_HANDLE);
    assert_int_equal(find_export("kernel32", "CreateEventA")->fail, API_FAIL_NULL);
    assert_int_equal(find_export("kernel32", "GetNumaNodeProcessorMaskEx")->fail, API_FAIL_FALSE);
    assert_int_equal(find_export("kernel32", "WaitForSingleObject")->fail, API_FAIL_ALL_ONES);
    assert_int_equal(find_export("kernel32", "GetTickCount64")->fail, API_FAIL_INT64);
    assert_int_equal(find_export("ntdll", "NtQueryEaFile")->fail, API_FAIL_NTSTATUS);
    assert_int_equal(find_export("ntdll", "RtlInitUnicodeString")->fail, API_FAIL_VOID);
    assert_int_equal(find_export("advapi32", "RegSaveKeyExA")->fail, API_FAIL_WIN32_ERROR);
    assert_int_equal(find_export("advapi32", "RegOpenKeyExW")->fail, API_FAIL_WIN32_ERROR);
    assert_int_equal(find_export("ws2_32", "socket")->fail, API_FAIL_INVALID_SOCKET);
    assert_int_equal(find_export("ws2_32", "recv")->fail, API_FAIL_SOCKET_ERROR);
    assert_int_equal(find_export("msvcrt", "strcpy_s")->fail, API_FAIL_CRT_ERRNO);
    assert_int_equal(find_export("msvcrt", "sqrt")->fail, API_FAIL_CRT_DOUBLE);
    assert_int_equal(find_export("msvcrt", "fopen")->fail, API_FAIL_CRT_NULL);
    assert_int_equal(find_export("msvcrt", "_iob")->fail, API_FAIL_DATA);
    assert_string_equal(find_export("kernel32", "CreateFileW")->args,
                        "w lpFileName, x dwDesiredAccess, x dwShareMode, p lpSecurityAttributes, "
                        "u dwCreationDisposition, x dwFlagsAndAttributes, h hTemplateFile");
    assert_string_equal(find_export("kernel32", "CreateFileW")->ret_type, "HANDLE");
}

static char *listing(const char *dll, bool *found)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    *found = list_unimplemented(f, builtin_dlls, builtin_dll_count, dll);
    fclose(f);
    return buf;
}

static void test_listing(void **state)
{
    bool found;
    char *all = listing(NULL, &found);
    assert_true(found);
    for (size_t d = 0; d < builtin_dll_count; d++) {
        char head[64];
        snprintf(head, sizeof head, "%s: ", builtin_dlls[d]->name);
        assert_non_null(strstr(all, head));
    }
    free(all);
    char *k = listing("Kernel32.DLL", &found);
    assert_true(found);
    assert_memory_equal(k, "KERNEL32.dll: ", 14);
    unsigned done, total, missing;
    assert_int_equal(sscanf(k, "KERNEL32.dll: %u of %u exports implemented, %u not:", &done, &total, &missing), 3);
    assert_int_equal(done + missing, total);
    assert_true(done > 0 && missing > 0);
    assert_non_null(strstr(k, "\n  CreateFileTransactedW "));
    assert_non_null(strstr(k, "HANDLE -> INVALID_HANDLE_VALUE"));
    assert_null(strstr(k, "\n  CreateFileW ")); /* implemented */
    assert_null(strstr(k, "ntdll.dll"));
    free(k);
    free(listing("kernel", &found));
    assert_false(found);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_failure_values),
        cmocka_unit_test(test_export_prototypes),
        cmocka_unit_test(test_listing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
