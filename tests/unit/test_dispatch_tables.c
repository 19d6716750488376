/* Unit tests for the builtin DLL tables: the generated export lists are
 * sorted and unique, every implementation's trace signature parses, and a
 * stdcall export's argument bytes agree with its signature (a wrong
 * signature would make the trace decode the wrong arguments). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/trace.h"
#include "core/trace_sig.h"
#include "syscalls/api.h"
#include "syscalls/builtin_dlls.h"
#include "syscalls/dispatch.h"
#include "syscalls/trace_class.h"

static void test_dispatch_init(void **state)
{
    char err[256] = "";
    if (!dispatch_init(builtin_dlls, builtin_dll_count, err, sizeof err))
        fail_msg("dispatch_init: %s", err);
    uint32_t count = 0;
    const struct thunk_entry *t = thunk_table(&count);
    size_t total = 0;
    for (size_t d = 0; d < builtin_dll_count; d++)
        total += builtin_dlls[d]->nexports;
    assert_int_equal(count, total);
    /* each DLL's stubs start where the previous DLL's end, in export order */
    uint32_t next = 0;
    for (size_t d = 0; d < builtin_dll_count; d++) {
        const struct builtin_dll *dll = builtin_dlls[d];
        assert_int_equal(dispatch_first_index(dll), next);
        assert_ptr_equal(t[next].exp, &dll->exports[0]);
        assert_ptr_equal(dispatch_entry(next)->dll, dll);
        next += (uint32_t)dll->nexports;
    }
    assert_null(dispatch_entry(count));
    /* every implementation is joined to its export */
    for (size_t d = 0; d < builtin_dll_count; d++) {
        const struct builtin_dll *dll = builtin_dlls[d];
        for (size_t i = 0; i < dll->nimpls; i++)
            assert_ptr_equal(dispatch_find_impl(dll, dll->impls[i].name), &dll->impls[i]);
    }
    for (uint32_t i = 0; i < count; i++)
        if (t[i].impl && strcmp(t[i].impl->name, t[i].exp->name))
            fail_msg("thunk %u: %s joined to %s", i, t[i].exp->name, t[i].impl->name);
}

static void test_exports_sorted_unique(void **state)
{
    for (size_t d = 0; d < builtin_dll_count; d++) {
        const struct builtin_dll *dll = builtin_dlls[d];
        static uint8_t seen[65536];
        memset(seen, 0, sizeof seen);
        assert_true(dll->nexports > 0);
        for (size_t i = 0; i < dll->nexports; i++) {
            const struct api_export *e = &dll->exports[i];
            if (i > 0 && strcmp(dll->exports[i - 1].name, e->name) >= 0)
                fail_msg("%s: exports out of order or duplicated: %s, %s", dll->name,
                         dll->exports[i - 1].name, e->name);
            if (e->ordinal == 0 || seen[e->ordinal])
                fail_msg("%s!%s: ordinal %u is 0 or used twice", dll->name, e->name, e->ordinal);
            seen[e->ordinal] = 1;
            if (e->kind != API_FUNC && e->kind != API_DATA)
                fail_msg("%s!%s: bad kind %u", dll->name, e->name, e->kind);
            if (e->kind == API_DATA && e->arg_bytes)
                fail_msg("%s!%s: data export with %u argument bytes", dll->name, e->name, e->arg_bytes);
            if (e->arg_bytes % 4)
                fail_msg("%s!%s: %u argument bytes", dll->name, e->name, e->arg_bytes);
        }
    }
}

static void test_impls_unique(void **state)
{
    for (size_t d = 0; d < builtin_dll_count; d++) {
        const struct builtin_dll *dll = builtin_dlls[d];
        for (size_t i = 0; i < dll->nimpls; i++)
            for (size_t j = i + 1; j < dll->nimpls; j++)
                if (!strcmp(dll->impls[i].name, dll->impls[j].name))
                    fail_msg("%s!%s implemented twice", dll->name, dll->impls[i].name);
    }
}

/* "i nStdHandle, p lpBuffer, ..." → bytes of fixed arguments, or -1 with
 * a reason: the trace decoder's own parser (core/trace_sig.h), plus what
 * only declarations must satisfy (no host strings; sizes name arguments). */
static int sig_bytes(const char *sig, bool *variadic, char *why, size_t whysz)
{
    struct trace_param p[TRACE_MAX_ARGS];
    int n = trace_sig_parse(sig, p, TRACE_MAX_ARGS, why, whysz);
    if (n < 0 || !trace_sig_check_sizes(p, n, why, whysz))
        return -1;
    *variadic = n > 0 && p[n - 1].variadic;
    for (int i = 0; i < n; i++)
        if (p[i].type == 'S' || p[i].type == 'B') {
            snprintf(why, whysz, "S and B (host string and buffer) are not declaration types");
            return -1;
        }
    return (int)trace_sig_arg_bytes(p, n);
}

static bool is_type(char c)
{
    return trace_sig_is_type(c);
}

static void test_signatures(void **state)
{
    int bad = 0;
    for (size_t d = 0; d < builtin_dll_count; d++) {
        const struct builtin_dll *dll = builtin_dlls[d];
        for (size_t i = 0; i < dll->nimpls; i++) {
            const struct api_impl *impl = &dll->impls[i];
            if (!impl->fn && !impl->guest)
                continue; /* data */
            char why[128] = "";
            bool variadic;
            if (sig_bytes(impl->args, &variadic, why, sizeof why) < 0) {
                print_message("%s!%s: args \"%s\": %s\n", dll->name, impl->name, impl->args, why);
                bad++;
            }
            uint8_t rule;
            if (!impl->ret || !api_ret_fail_clause(impl->ret, &rule) ||
                !(is_type(impl->ret[0]) || impl->ret[0] == 'v')) {
                print_message("%s!%s: bad return type \"%s\"\n", dll->name, impl->name,
                              impl->ret ? impl->ret : "(null)");
                bad++;
            }
        }
    }
    assert_int_equal(bad, 0);
}

static const struct api_export *export_of(const struct builtin_dll *dll, const char *name)
{
    for (size_t i = 0; i < dll->nexports; i++)
        if (!strcmp(dll->exports[i].name, name))
            return &dll->exports[i];
    return NULL;
}

static void test_stdcall_arg_bytes_match(void **state)
{
    int bad = 0, checked = 0;
    for (size_t d = 0; d < builtin_dll_count; d++) {
        const struct builtin_dll *dll = builtin_dlls[d];
        for (size_t i = 0; i < dll->nimpls; i++) {
            const struct api_impl *impl = &dll->impls[i];
            const struct api_export *e = export_of(dll, impl->name);
            if ((!impl->fn && !impl->guest) || !e || e->conv != API_STDCALL)
                continue;
            char why[128];
            bool variadic;
            int bytes = sig_bytes(impl->args, &variadic, why, sizeof why);
            if (bytes < 0)
                continue; /* reported by test_signatures */
            checked++;
            if (variadic || bytes != e->arg_bytes) {
                print_message("%s!%s: signature \"%s\" takes %d bytes%s, the export pops %u\n",
                              dll->name, impl->name, impl->args, bytes,
                              variadic ? " and is variadic" : "", e->arg_bytes);
                bad++;
            }
        }
    }
    assert_true(checked > 0);
    assert_int_equal(bad, 0);
}

/* The parser itself, so a broken checker cannot pass everything. */
static void test_sig_parser(void **state)
{
    char why[128];
    bool v;
    assert_int_equal(sig_bytes("", &v, why, sizeof why), 0);
    assert_int_equal(sig_bytes("h hFile, p lpBuffer, u n", &v, why, sizeof why), 12);
    assert_false(v);
    assert_int_equal(sig_bytes("f x, l y, i z", &v, why, sizeof why), 20);
    assert_int_equal(sig_bytes("s fmt, ...", &v, why, sizeof why), 4);
    assert_true(v);
    assert_int_equal(sig_bytes("q x", &v, why, sizeof why), -1);
    assert_int_equal(sig_bytes("i", &v, why, sizeof why), -1);
    assert_int_equal(sig_bytes("i a,i b", &v, why, sizeof why), -1);
    assert_int_equal(sig_bytes("..., i a", &v, why, sizeof why), -1);
    assert_int_equal(sig_bytes("int a", &v, why, sizeof why), -1);
    /* direction and size annotations */
    assert_int_equal(sig_bytes("h hFile, p lpBuffer out[*lpRead], u n, p lpRead out u, p lpOv", &v, why,
                               sizeof why), 20);
    assert_int_equal(sig_bytes("p buf in[size*count], u size, u count", &v, why, sizeof why), 12);
    assert_int_equal(sig_bytes("s dst out[ret], u n", &v, why, sizeof why), 8);
    assert_int_equal(sig_bytes("w name inout, p info out[24]", &v, why, sizeof why), 8);
    assert_int_equal(sig_bytes("p buf out[nope]", &v, why, sizeof why), -1);   /* names no argument */
    assert_int_equal(sig_bytes("p buf out", &v, why, sizeof why), -1);         /* no size */
    assert_int_equal(sig_bytes("u n out[4]", &v, why, sizeof why), -1);        /* not a pointer */
    assert_int_equal(sig_bytes("p buf sideways[4]", &v, why, sizeof why), -1);
    assert_int_equal(sig_bytes("p buf out[a*b*c], u a, u b, u c", &v, why, sizeof why), -1);
    assert_int_equal(sig_bytes("p buf out[4", &v, why, sizeof why), -1);
    assert_int_equal(sig_bytes("S path", &v, why, sizeof why), -1);
    assert_int_equal(sig_bytes("B buf in[n], u n", &v, why, sizeof why), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dispatch_init),
        cmocka_unit_test(test_exports_sorted_unique),
        cmocka_unit_test(test_impls_unique),
        cmocka_unit_test(test_sig_parser),
        cmocka_unit_test(test_signatures),
        cmocka_unit_test(test_stdcall_arg_bytes_match),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
