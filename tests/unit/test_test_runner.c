/* Unit tests for the pieces of `wowbox test` that need no child process:
 * golden-trace normalization and in-order matching (core/app/test_trace.c),
 * --filter and --shard (core/app/test_suite.c), SHA-256 (core/sha256.c)
 * and the template-prefix copy and removal (core/app/test_scratch.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/app/test_scratch.h"
#include "core/app/test_suite.h"
#include "core/app/test_trace.h"
#include "core/sha256.h"

static char *norm(const char *s, const struct trace_places *w)
{
    return trace_normalize(s, strlen(s), w);
}

static void normalizes_what_varies(void **state)
{
    (void)state;
    struct trace_places w = { "Z:\\tmp\\run\\cwd", "Z:\\suite" };
    char *n = norm("--- thread 1234 ---\n"
                   "k!F(p=0x40c0a0, small=0x1234, m=0xffffffff, hFile=0x10, FileHandle=0x14, ProcessHandle=0xffffffff) "
                   "= 0x10 {UsedName=\"\\\\??\\\\Z:\\\\tmp\\\\run\\\\cwd\\\\x.tmp\"} from app.exe+0x1a2b\n"
                   "path Z:\\suite\\app.exe in /x/wowbox-test-ab12CD/y\n",
                   &w);
    assert_string_equal(n, "--- thread ---\n"
                           "k!F(p=0x?, small=0x1234, m=0xffffffff, hFile=0x?, FileHandle=0x?, ProcessHandle=0xffffffff) "
                           "= 0x10 {UsedName=\"\\\\??\\\\%CWD%\\\\x.tmp\"} from app.exe+0x?\n"
                           "path %EXEDIR%\\app.exe in /x/wowbox-test-?/y\n");
    free(n);
}

static void matches_in_order(void **state)
{
    (void)state;
    const char *trace = "a(x=1) = 0x10\nb() = 2\nc(h=0x?) = 3\nd()\n";
    struct strbuf d;
    strbuf_init(&d);
    assert_true(trace_match("a(x=1) = 0x?\nc(h=0x?) = 3\n", trace, false, &d));
    assert_true(trace_match("", trace, false, &d)); /* no golden lines */
    assert_false(trace_match("c(h=0x?) = 3\na(x=1) = 0x10\n", trace, false, &d)); /* out of order */
    assert_non_null(strstr(d.data, "golden line 2 not found"));
    strbuf_free(&d);
    strbuf_init(&d);
    assert_false(trace_match("a(x=1) = 0x10\nc(h=0x?) = 3\n", trace, true, &d)); /* exact: b() missing */
    assert_non_null(strstr(d.data, "first difference in line 2"));
    assert_true(trace_match(trace, trace, true, &d));
    assert_false(trace_match("a(x=1) = 0x1\n", "a(x=1) = 0x10\n", false, &d)); /* a number is not a prefix */
    strbuf_free(&d);
}

static void filter_and_shard(void **state)
{
    (void)state;
    char *globs[] = { "sub/h*", "exact" };
    assert_true(suite_filter_match("sub/hello", globs, 2));
    assert_true(suite_filter_match("other/exact", globs, 2)); /* the last component */
    assert_false(suite_filter_match("hello", globs, 1));
    assert_true(suite_filter_match("anything", NULL, 0));
    /* stable: the same name always lands in the same shard, every shard is used */
    unsigned seen[4] = { 0 };
    char name[32];
    for (int i = 0; i < 400; i++) {
        snprintf(name, sizeof name, "sample%d", i);
        unsigned s = suite_shard_of(name, 4);
        assert_true(s < 4);
        assert_int_equal(s, suite_shard_of(name, 4));
        seen[s]++;
    }
    for (int i = 0; i < 4; i++)
        assert_true(seen[i] > 50);
    assert_int_equal(suite_shard_of("hello", 1), 0);
}

static void sha256_known_answers(void **state)
{
    (void)state;
    char hex[65];
    struct sha256 h;
    sha256_init(&h);
    sha256_final_hex(&h, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sha256_init(&h);
    sha256_update(&h, "abc", 3);
    sha256_final_hex(&h, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* 56 bytes: the padding spills into a second block (FIPS 180-4 example) */
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha256_init(&h);
    for (const char *p = two; *p; p++)
        sha256_update(&h, p, 1);
    sha256_final_hex(&h, hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void template_copy_and_removal(void **state)
{
    (void)state;
    char root[] = "/tmp/wowbox-unit-scratch-XXXXXX", tpl[128], copy[128], file[160], err[512] = "";
    assert_non_null(mkdtemp(root));
    snprintf(tpl, sizeof tpl, "%s/template", root);
    assert_true(template_prefix_make(tpl, NULL, err, sizeof err));
    snprintf(file, sizeof file, "%s/drive_c/Windows/marker.txt", tpl);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fputs("data", f);
    fclose(f);
    struct tree_manifest m;
    assert_true(manifest_load(&m, tpl, err, sizeof err));
    snprintf(copy, sizeof copy, "%s/copy", root);
    assert_true(manifest_copy(&m, copy, err, sizeof err));
    assert_false(manifest_copy(&m, copy, err, sizeof err)); /* dst exists: refused, said */
    assert_non_null(strstr(err, "cannot create"));
    manifest_free(&m);
    snprintf(file, sizeof file, "%s/drive_c/Windows/marker.txt", copy);
    size_t len = 0;
    char *text = read_whole_file(file, &len);
    assert_non_null(text);
    assert_string_equal(text, "data");
    free(text);
    struct stat st;
    snprintf(file, sizeof file, "%s/drive_c/Windows/SysWOW64", copy);
    assert_int_equal(stat(file, &st), 0);
    /* a read-only directory the program left is removed too */
    snprintf(file, sizeof file, "%s/drive_c/Windows", copy);
    chmod(file, 0500);
    assert_true(tree_remove(copy));
    assert_int_not_equal(stat(copy, &st), 0);
    assert_true(tree_remove(root));
    assert_true(tree_remove(root)); /* already gone: fine */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(normalizes_what_varies),
        cmocka_unit_test(matches_in_order),
        cmocka_unit_test(filter_and_shard),
        cmocka_unit_test(sha256_known_answers),
        cmocka_unit_test(template_copy_and_removal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
