/* Unit tests for the registry: WoW64 key translation (redirect/registry.c:
 * views, shared and redirected keys) and the SQLite store
 * (syscalls/ntdll/registry_store.c: case-insensitive names, values,
 * enumeration order, deletion rules, volatile keys, a second connection
 * seeing committed changes, two processes writing one value, a writer
 * killed mid-stream, corrupt and unwritable store files). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/handles.h"
#include "core/sync.h"
#include "redirect/registry.h"
#include "syscalls/ntdll/nt_reg_notify.h"
#include "syscalls/ntdll/nt_registry.h"
#include "syscalls/ntdll/registry_store.h"

/* ---- key translation ---------------------------------------------------------- */

static const struct {
    const char *logical;
    enum reg_view view;
    const char *physical;
} translations[] = {
    { "\\REGISTRY\\MACHINE\\SOFTWARE", REG_VIEW_32, "\\REGISTRY\\MACHINE\\SOFTWARE\\WOW6432Node" },
    { "\\Registry\\Machine\\Software\\Foo\\Bar", REG_VIEW_32, "\\Registry\\Machine\\Software\\WOW6432Node\\Foo\\Bar" },
    { "\\Registry\\Machine\\Software\\Foo", REG_VIEW_64, "\\Registry\\Machine\\Software\\Foo" },
    { "\\REGISTRY\\MACHINE\\SOFTWAREX\\Foo", REG_VIEW_32, "\\REGISTRY\\MACHINE\\SOFTWAREX\\Foo" },
    { "\\REGISTRY\\MACHINE\\SOFTWARE\\wow6432node\\Foo", REG_VIEW_32, "\\REGISTRY\\MACHINE\\SOFTWARE\\wow6432node\\Foo" },
    { "\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet", REG_VIEW_32, "\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet" },
    /* shared */
    { "\\REGISTRY\\MACHINE\\SOFTWARE\\Classes\\.txt", REG_VIEW_32, "\\REGISTRY\\MACHINE\\SOFTWARE\\Classes\\.txt" },
    { "\\REGISTRY\\MACHINE\\SOFTWARE\\Classes", REG_VIEW_32, "\\REGISTRY\\MACHINE\\SOFTWARE\\Classes" },
    { "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\App Paths\\x.exe", REG_VIEW_32,
      "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\App Paths\\x.exe" },
    { "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList", REG_VIEW_32,
      "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList" },
    { "\\REGISTRY\\MACHINE\\SOFTWARE\\Policies\\X", REG_VIEW_32, "\\REGISTRY\\MACHINE\\SOFTWARE\\Policies\\X" },
    /* a parent of a shared key is redirected */
    { "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", REG_VIEW_32,
      "\\REGISTRY\\MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows NT\\CurrentVersion" },
    { "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\App PathsX", REG_VIEW_32,
      "\\REGISTRY\\MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\App PathsX" },
    /* redirected class keys */
    { "\\REGISTRY\\MACHINE\\SOFTWARE\\Classes\\CLSID\\{X}", REG_VIEW_32,
      "\\REGISTRY\\MACHINE\\SOFTWARE\\Classes\\WOW6432Node\\CLSID\\{X}" },
    { "\\REGISTRY\\MACHINE\\SOFTWARE\\Classes\\Interface", REG_VIEW_32,
      "\\REGISTRY\\MACHINE\\SOFTWARE\\Classes\\WOW6432Node\\Interface" },
    { "\\REGISTRY\\MACHINE\\SOFTWARE\\Classes\\CLSID\\{X}", REG_VIEW_64, "\\REGISTRY\\MACHINE\\SOFTWARE\\Classes\\CLSID\\{X}" },
    { "\\REGISTRY\\USER\\S-1-5-21-1\\Software\\Classes\\CLSID\\{X}", REG_VIEW_32,
      "\\REGISTRY\\USER\\S-1-5-21-1\\Software\\Classes\\WOW6432Node\\CLSID\\{X}" },
    { "\\REGISTRY\\USER\\S-1-5-21-1_Classes\\Media Type", REG_VIEW_32,
      "\\REGISTRY\\USER\\S-1-5-21-1_Classes\\WOW6432Node\\Media Type" },
    { "\\REGISTRY\\USER\\S-1-5-21-1\\Software\\Foo", REG_VIEW_32, "\\REGISTRY\\USER\\S-1-5-21-1\\Software\\Foo" },
    { "\\REGISTRY\\USER\\S-1-5-21-1\\Software\\Classes\\.txt", REG_VIEW_32,
      "\\REGISTRY\\USER\\S-1-5-21-1\\Software\\Classes\\.txt" },
};

static void translation_table(void **state)
{
    for (size_t i = 0; i < sizeof translations / sizeof translations[0]; i++) {
        char out[512];
        assert_true(regredir_translate(translations[i].logical, translations[i].view, out, sizeof out));
        if (strcmp(out, translations[i].physical) != 0)
            fail_msg("%s (view %d): got %s, want %s", translations[i].logical, translations[i].view, out,
                     translations[i].physical);
    }
}

static void translation_small_buffer(void **state)
{
    char out[20];
    assert_false(regredir_translate("\\REGISTRY\\MACHINE\\SOFTWARE\\Foo", REG_VIEW_32, out, sizeof out));
}

static void view_flags(void **state)
{
    assert_int_equal(regredir_view(0x100, REG_VIEW_32), REG_VIEW_64);
    assert_int_equal(regredir_view(0x200, REG_VIEW_64), REG_VIEW_32);
    assert_int_equal(regredir_view(0x20019, REG_VIEW_64), REG_VIEW_64);
    assert_int_equal(regredir_view(0, REG_VIEW_32), REG_VIEW_32);
}

static void shared_keys(void **state)
{
    assert_true(regredir_is_shared("\\REGISTRY\\MACHINE\\SOFTWARE\\Classes\\.txt"));
    assert_true(regredir_is_shared("\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\COM3\\x"));
    assert_true(regredir_is_shared("\\REGISTRY\\MACHINE\\SYSTEM\\Foo"));
    assert_false(regredir_is_shared("\\REGISTRY\\MACHINE\\SOFTWARE\\Classes\\CLSID"));
    assert_false(regredir_is_shared("\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft"));
    assert_false(regredir_is_shared("\\REGISTRY\\MACHINE\\SOFTWARE"));
}

/* ---- the store -------------------------------------------------------------- */

static char dir[64];
static char db[128];

static int store_setup(void **state)
{
    snprintf(dir, sizeof dir, "/tmp/wowbox-regtest-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(db, sizeof db, "%s/registry.sqlite", dir);
    return 0;
}

static int store_teardown(void **state)
{
    regstore_close();
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void keys_and_values(void **state)
{
    assert_int_equal(regstore_open(db, NULL), STATUS_SUCCESS);
    reg_key_id a, b, found;
    bool created;
    assert_int_equal(regstore_create(REG_ROOT_KEY, "Machine", NULL, false, &a, &created), STATUS_SUCCESS);
    assert_true(created);
    assert_int_equal(regstore_create(REG_ROOT_KEY, "MACHINE", NULL, false, &b, &created), STATUS_SUCCESS);
    assert_false(created);
    assert_true(a == b);
    assert_int_equal(regstore_find(REG_ROOT_KEY, "machine", &found), STATUS_SUCCESS);
    assert_true(found == a);
    assert_int_equal(regstore_find(REG_ROOT_KEY, "nope", &found), STATUS_OBJECT_NAME_NOT_FOUND);
    /* non-ASCII names fold too */
    assert_int_equal(regstore_create(a, "Stra\xc3\x9f" "e \xc3\xa9t\xc3\xa9", NULL, false, &b, &created), STATUS_SUCCESS);
    assert_int_equal(regstore_find(a, "STRA\xc3\x9f" "E \xc3\x89T\xc3\x89", &found), STATUS_SUCCESS);
    assert_true(found == b);

    uint32_t dw = 42;
    assert_int_equal(regstore_set_value(a, "Zeta", 4, &dw, 4), STATUS_SUCCESS);
    assert_int_equal(regstore_set_value(a, "alpha", 3, "xyz", 3), STATUS_SUCCESS);
    assert_int_equal(regstore_set_value(a, "ZETA", 4, &(uint32_t){ 7 }, 4), STATUS_SUCCESS);
    struct reg_value v;
    assert_int_equal(regstore_get_value(a, "zeta", &v), STATUS_SUCCESS);
    assert_string_equal(v.name, "Zeta"); /* the first spelling stays */
    assert_int_equal(v.size, 4);
    assert_memory_equal(v.data, &(uint32_t){ 7 }, 4);
    regstore_value_free(&v);
    /* values enumerate in the order first set */
    assert_int_equal(regstore_value_at(a, 0, &v), STATUS_SUCCESS);
    assert_string_equal(v.name, "Zeta");
    regstore_value_free(&v);
    assert_int_equal(regstore_value_at(a, 1, &v), STATUS_SUCCESS);
    assert_string_equal(v.name, "alpha");
    regstore_value_free(&v);
    assert_int_equal(regstore_value_at(a, 2, &v), STATUS_NO_MORE_ENTRIES);
    assert_int_equal(regstore_delete_value(a, "ALPHA"), STATUS_SUCCESS);
    assert_int_equal(regstore_delete_value(a, "alpha"), STATUS_OBJECT_NAME_NOT_FOUND);

    struct reg_key_stat st;
    assert_int_equal(regstore_stat(a, &st), STATUS_SUCCESS);
    assert_string_equal(st.name, "Machine");
    assert_int_equal(st.subkeys, 1);
    assert_int_equal(st.values, 1);
    assert_int_equal(st.max_value_name, 8); /* "Zeta" in UTF-16 */
    assert_int_equal(st.max_subkey_name, 2 * 10);
    assert_true(st.last_write > 130000000000000000LL);
    regstore_stat_free(&st);
}

static void enumeration_and_deletion(void **state)
{
    assert_int_equal(regstore_open(db, NULL), STATUS_SUCCESS);
    reg_key_id top, k;
    bool created;
    assert_int_equal(regstore_create(REG_ROOT_KEY, "Top", NULL, false, &top, &created), STATUS_SUCCESS);
    const char *names[] = { "beta", "Alpha", "gamma" };
    for (int i = 0; i < 3; i++)
        assert_int_equal(regstore_create(top, names[i], i == 1 ? "cls" : NULL, false, &k, &created), STATUS_SUCCESS);
    struct reg_key_stat sub;
    const char *order[] = { "Alpha", "beta", "gamma" };
    for (uint32_t i = 0; i < 3; i++) {
        assert_int_equal(regstore_subkey(top, i, &sub), STATUS_SUCCESS);
        assert_string_equal(sub.name, order[i]);
        regstore_stat_free(&sub);
    }
    assert_int_equal(regstore_subkey(top, 3, &sub), STATUS_NO_MORE_ENTRIES);

    /* a key with subkeys cannot go; a deleted key says so */
    assert_int_equal(regstore_delete(top), STATUS_CANNOT_DELETE);
    assert_int_equal(regstore_find(top, "gamma", &k), STATUS_SUCCESS);
    assert_int_equal(regstore_delete(k), STATUS_SUCCESS);
    assert_int_equal(regstore_check(k), STATUS_KEY_DELETED);
    assert_int_equal(regstore_set_value(k, "x", 1, "", 0), STATUS_KEY_DELETED);
    assert_int_equal(regstore_delete(k), STATUS_KEY_DELETED);
    /* ids are never reused: a new key does not revive an old handle */
    reg_key_id again;
    assert_int_equal(regstore_create(top, "gamma", NULL, false, &again, &created), STATUS_SUCCESS);
    assert_true(again != k);
    assert_int_equal(regstore_rename(again, "Delta"), STATUS_SUCCESS);
    assert_int_equal(regstore_find(top, "delta", &k), STATUS_SUCCESS);
    assert_int_equal(regstore_rename(again, "ALPHA"), STATUS_OBJECT_NAME_COLLISION);
}

static void volatile_keys(void **state)
{
    assert_int_equal(regstore_open(db, NULL), STATUS_SUCCESS);
    reg_key_id top, vol, child;
    bool created;
    assert_int_equal(regstore_create(REG_ROOT_KEY, "Top", NULL, false, &top, &created), STATUS_SUCCESS);
    assert_int_equal(regstore_create(top, "Vol", NULL, true, &vol, &created), STATUS_SUCCESS);
    assert_true(regstore_is_volatile(vol));
    assert_int_equal(regstore_create(vol, "Persistent", NULL, false, &child, &created), STATUS_CHILD_MUST_BE_VOLATILE);
    assert_int_equal(regstore_set_value(vol, "v", 1, "a\0", 2), STATUS_SUCCESS);
    struct reg_key_stat sub;
    assert_int_equal(regstore_subkey(top, 0, &sub), STATUS_SUCCESS);
    assert_string_equal(sub.name, "Vol");
    regstore_stat_free(&sub);
    assert_int_equal(regstore_delete(top), STATUS_CANNOT_DELETE);
    /* gone with the process (the connection) */
    regstore_close();
    assert_int_equal(regstore_open(db, NULL), STATUS_SUCCESS);
    assert_int_equal(regstore_find(REG_ROOT_KEY, "Top", &top), STATUS_SUCCESS);
    assert_int_equal(regstore_find(top, "Vol", &vol), STATUS_OBJECT_NAME_NOT_FOUND);
}

static void persists_across_connections(void **state)
{
    assert_int_equal(regstore_open(db, NULL), STATUS_SUCCESS);
    reg_key_id k;
    bool created;
    assert_int_equal(regstore_create(REG_ROOT_KEY, "Saved", NULL, false, &k, &created), STATUS_SUCCESS);
    assert_int_equal(regstore_set_value(k, "n", 4, &(uint32_t){ 5 }, 4), STATUS_SUCCESS);
    /* a transaction that fails leaves nothing behind */
    assert_int_equal(regstore_begin(), STATUS_SUCCESS);
    reg_key_id half;
    assert_int_equal(regstore_create(k, "Half", NULL, false, &half, &created), STATUS_SUCCESS);
    assert_int_equal(regstore_end(STATUS_ACCESS_DENIED), STATUS_ACCESS_DENIED);
    regstore_close();
    assert_int_equal(regstore_open(db, NULL), STATUS_SUCCESS);
    assert_int_equal(regstore_find(REG_ROOT_KEY, "saved", &k), STATUS_SUCCESS);
    assert_int_equal(regstore_find(k, "Half", &half), STATUS_OBJECT_NAME_NOT_FOUND);
    struct reg_value v;
    assert_int_equal(regstore_get_value(k, "N", &v), STATUS_SUCCESS);
    assert_memory_equal(v.data, &(uint32_t){ 5 }, 4);
    regstore_value_free(&v);
}


/* One read-modify-write of the counter, as one transaction. */
static NTSTATUS increment(reg_key_id key)
{
    NTSTATUS st = regstore_begin();
    if (st != STATUS_SUCCESS)
        return st;
    struct reg_value v;
    uint32_t n = 0;
    st = regstore_get_value(key, "count", &v);
    if (st == STATUS_SUCCESS) {
        memcpy(&n, v.data, 4);
        regstore_value_free(&v);
    }
    n++;
    st = regstore_set_value(key, "count", 4, &n, 4);
    return regstore_end(st);
}

static void two_processes_one_value(void **state)
{
    enum { ROUNDS = 150 };
    pid_t kids[2];
    for (int i = 0; i < 2; i++) {
        kids[i] = fork();
        assert_true(kids[i] >= 0);
        if (kids[i] == 0) {
            reg_key_id key;
            bool created;
            if (regstore_open(db, NULL) != STATUS_SUCCESS ||
                regstore_create(REG_ROOT_KEY, "Shared", NULL, false, &key, &created) != STATUS_SUCCESS)
                _exit(1);
            for (int r = 0; r < ROUNDS; r++)
                if (increment(key) != STATUS_SUCCESS)
                    _exit(2);
            regstore_close();
            _exit(0);
        }
    }
    for (int i = 0; i < 2; i++) {
        int status;
        assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    assert_int_equal(regstore_open(db, NULL), STATUS_SUCCESS);
    reg_key_id key;
    assert_int_equal(regstore_find(REG_ROOT_KEY, "shared", &key), STATUS_SUCCESS);
    struct reg_value v;
    assert_int_equal(regstore_get_value(key, "count", &v), STATUS_SUCCESS);
    uint32_t n;
    memcpy(&n, v.data, 4);
    regstore_value_free(&v);
    assert_int_equal(n, 2 * ROUNDS);
}

static void killed_writer(void **state)
{
    int ready[2]; /* the child says when its first transaction is committed */
    assert_int_equal(pipe(ready), 0);
    pid_t kid = fork();
    assert_true(kid >= 0);
    if (kid == 0) {
        close(ready[0]);
        if (regstore_open(db, NULL) != STATUS_SUCCESS)
            _exit(1);
        for (uint32_t i = 0;; i++) { /* each key and its value: one transaction */
            char name[32];
            snprintf(name, sizeof name, "k%u", i);
            reg_key_id key;
            bool created;
            regstore_begin();
            NTSTATUS st = regstore_create(REG_ROOT_KEY, name, NULL, false, &key, &created);
            if (st == STATUS_SUCCESS)
                st = regstore_set_value(key, "i", 4, &i, 4);
            regstore_end(st);
            if (i == 0 && (write(ready[1], "", 1) != 1 || close(ready[1]) != 0))
                _exit(1);
        }
    }
    /* Killed at a moment nobody chose, but only after something committed:
     * a loaded machine must not turn "no key yet" into a failure. */
    close(ready[1]);
    char byte;
    assert_int_equal(read(ready[0], &byte, 1), 1);
    close(ready[0]);
    struct timespec ts = { 0, 100 * 1000 * 1000 };
    nanosleep(&ts, NULL);
    kill(kid, SIGKILL);
    int status;
    assert_int_equal(waitpid(kid, &status, 0), kid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(regstore_open(db, NULL), STATUS_SUCCESS);
    uint32_t keys = 0;
    struct reg_key_stat sub;
    while (regstore_subkey(REG_ROOT_KEY, keys, &sub) == STATUS_SUCCESS) {
        reg_key_id key;
        assert_int_equal(regstore_find(REG_ROOT_KEY, sub.name, &key), STATUS_SUCCESS);
        struct reg_value v;
        assert_int_equal(regstore_get_value(key, "i", &v), STATUS_SUCCESS); /* never a key without its value */
        uint32_t i;
        memcpy(&i, v.data, 4);
        char want[32];
        snprintf(want, sizeof want, "k%u", i);
        assert_string_equal(sub.name, want);
        regstore_value_free(&v);
        regstore_stat_free(&sub);
        keys++;
    }
    assert_true(keys > 0);
}

static void corrupt_store(void **state)
{
    FILE *f = fopen(db, "wb");
    assert_non_null(f);
    for (int i = 0; i < 512; i++)
        fputs("not a database ", f);
    fclose(f);
    assert_int_equal(regstore_open(db, NULL), STATUS_REGISTRY_CORRUPT);
    /* every call after fails the same way, without touching a database */
    reg_key_id k;
    assert_int_equal(regstore_find(REG_ROOT_KEY, "x", &k), STATUS_REGISTRY_CORRUPT);
    bool created;
    assert_int_equal(regstore_create(REG_ROOT_KEY, "x", NULL, false, &k, &created), STATUS_REGISTRY_CORRUPT);
}

static void unwritable_store(void **state)
{
    /* a directory where the file should be: cannot be opened, even by root */
    assert_int_equal(mkdir(db, 0700), 0);
    assert_int_equal(regstore_open(db, NULL), STATUS_REGISTRY_IO_FAILED);
    reg_key_id k;
    assert_int_equal(regstore_find(REG_ROOT_KEY, "x", &k), STATUS_REGISTRY_IO_FAILED);
    regstore_close();
    if (geteuid() == 0)
        return; /* root writes into read-only directories anyway */
    char sub[160];
    snprintf(sub, sizeof sub, "%s/ro", dir);
    assert_int_equal(mkdir(sub, 0500), 0);
    snprintf(db, sizeof db, "%s/ro/registry.sqlite", dir);
    assert_int_equal(regstore_open(db, NULL), STATUS_REGISTRY_IO_FAILED);
    chmod(sub, 0700);
}


/* ---- change notification (nt_reg_notify.c) ----------------------------------- */

static uint32_t event_handle(struct kobj **out)
{
    struct kobj *ev = kobj_create(KOBJ_EVENT);
    ev->manual_reset = true;
    struct handle_obj *o = calloc(1, sizeof *o);
    o->type = HANDLE_EVENT;
    o->fd = -1;
    o->data = ev;
    *out = ev;
    return handle_new(o); /* the handle keeps the creation reference */
}

static void notify_changes(void **state)
{
    (void)state;
    assert_int_equal(nt_registry_open(dir), STATUS_SUCCESS);
    uint32_t key, sub, disp;
    const char *path = "\\Registry\\Machine\\Software\\notify_test";
    assert_int_equal(nt_create_key(0, path, 0, NULL, 0, &key, &disp), STATUS_SUCCESS);
    struct kobj *ev;
    uint32_t evh = event_handle(&ev);

    assert_int_equal(nt_notify_change_key(key, evh, REG_NOTIFY_CHANGE_LAST_SET, false, true), STATUS_PENDING);
    assert_int_equal(nt_create_key(key, "sub", 0, NULL, 0, &sub, &disp), STATUS_SUCCESS);
    assert_false(ev->signaled); /* a subkey is no LAST_SET change */
    uint32_t one = 1;
    assert_int_equal(nt_set_value_key(key, "v", REG_DWORD, &one, 4), STATUS_SUCCESS);
    assert_true(ev->signaled);

    /* a change while not armed completes the next call at once */
    ev->signaled = false;
    assert_int_equal(nt_set_value_key(key, "w", REG_DWORD, &one, 4), STATUS_SUCCESS);
    assert_false(ev->signaled);
    assert_int_equal(nt_notify_change_key(key, evh, REG_NOTIFY_CHANGE_LAST_SET, false, true), STATUS_PENDING);
    assert_true(ev->signaled);

    /* subtrees */
    ev->signaled = false;
    assert_int_equal(nt_notify_change_key(key, evh, REG_NOTIFY_CHANGE_LAST_SET, false, true), STATUS_PENDING);
    assert_int_equal(nt_set_value_key(sub, "deep", REG_DWORD, &one, 4), STATUS_SUCCESS);
    assert_false(ev->signaled);
    assert_int_equal(nt_notify_change_key(key, evh, REG_NOTIFY_CHANGE_LAST_SET, true, true), STATUS_PENDING);
    assert_false(ev->signaled); /* that change was not the watch's: nothing kept */
    assert_int_equal(nt_set_value_key(sub, "deeper", REG_DWORD, &one, 4), STATUS_SUCCESS);
    assert_true(ev->signaled);
    ev->signaled = false;
    assert_int_equal(nt_notify_change_key(key, evh, REG_NOTIFY_CHANGE_NAME, true, true), STATUS_PENDING);
    assert_int_equal(nt_delete_key(sub), STATUS_SUCCESS);
    assert_true(ev->signaled);

    /* closing the key completes its armed watch */
    ev->signaled = false;
    assert_int_equal(nt_notify_change_key(key, evh, REG_NOTIFY_CHANGE_NAME, false, true), STATUS_PENDING);
    assert_int_equal(nt_notify_change_key(key, evh, 0x100, false, true), STATUS_INVALID_PARAMETER);
    assert_int_equal(nt_notify_change_key(key, 0x7FF0, REG_NOTIFY_CHANGE_NAME, false, true), STATUS_INVALID_HANDLE);
    assert_int_equal(nt_delete_key(key), STATUS_SUCCESS);
    nt_close_key(sub);
    nt_close_key(key);
    assert_true(ev->signaled);
    handle_close(evh);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(translation_table),
        cmocka_unit_test(translation_small_buffer),
        cmocka_unit_test(view_flags),
        cmocka_unit_test(shared_keys),
        cmocka_unit_test_setup_teardown(keys_and_values, store_setup, store_teardown),
        cmocka_unit_test_setup_teardown(enumeration_and_deletion, store_setup, store_teardown),
        cmocka_unit_test_setup_teardown(volatile_keys, store_setup, store_teardown),
        cmocka_unit_test_setup_teardown(persists_across_connections, store_setup, store_teardown),
        cmocka_unit_test_setup_teardown(two_processes_one_value, store_setup, store_teardown),
        cmocka_unit_test_setup_teardown(killed_writer, store_setup, store_teardown),
        cmocka_unit_test_setup_teardown(corrupt_store, store_setup, store_teardown),
        cmocka_unit_test_setup_teardown(unwritable_store, store_setup, store_teardown),
        cmocka_unit_test_setup_teardown(notify_changes, store_setup, store_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
