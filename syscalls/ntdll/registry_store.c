/* The registry store over SQLite (registry_store.h): one connection per
 * process; persistent keys in the file's tables, volatile keys in
 * temporary tables of the same connection whose ids start at
 * VOLATILE_BASE, so an id says where its key lives. */
#include "syscalls/ntdll/registry_store.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/log.h"

#define VOLATILE_BASE  ((reg_key_id)1 << 48)
#define BUSY_TIMEOUT_MS 10000

static sqlite3 *db;
static NTSTATUS open_status = STATUS_REGISTRY_IO_FAILED;
static bool opened;
static int txn_depth;
static char *db_path;

static const char *keys_of(reg_key_id id)
{
    return id >= VOLATILE_BASE ? "temp.vkeys" : "main.keys";
}
static const char *vals_of(reg_key_id id)
{
    return id >= VOLATILE_BASE ? "temp.vvals" : "main.vals";
}

bool regstore_is_volatile(reg_key_id key)
{
    return key >= VOLATILE_BASE;
}

static int64_t filetime_now(void)
{
    return (int64_t)clock_peek_filetime();
}

/* A failed SQLite call as an NTSTATUS, said once on stderr. */
static NTSTATUS db_failure(int rc)
{
    static bool said;
    int primary = rc & 0xff;
    NTSTATUS st = primary == SQLITE_NOMEM ? STATUS_NO_MEMORY
                : primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB ? STATUS_REGISTRY_CORRUPT
                : STATUS_REGISTRY_IO_FAILED;
    if (!said && st != STATUS_NO_MEMORY) {
        said = true;
        wb_error("registry store %s: %s%s", db_path ? db_path : "?", sqlite3_errstr(rc),
                 st == STATUS_REGISTRY_CORRUPT ? " (move the file away to start a fresh registry)" : "");
    }
    return st;
}

/* ---- Unicode-aware case folding of names ---------------------------------- */

static uint32_t upcase(uint32_t c)
{
    if (c >= 'a' && c <= 'z')
        return c - 32;
    if ((c >= 0xE0 && c <= 0xFE && c != 0xF7) || (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) ||
        (c >= 0x430 && c <= 0x44F))
        return c - 32;
    if (c == 0xFF)
        return 0x178;
    if (c >= 0x450 && c <= 0x45F)
        return c - 80;
    if (c >= 0x100 && c <= 0x17F && (c & 1) && c != 0x131 && c != 0x138 && c != 0x149 && c != 0x17F)
        return c - 1; /* Latin Extended-A pairs */
    return c;
}

/* Decodes one UTF-8 sequence at s (invalid bytes stand for themselves). */
static uint32_t next_cp(const unsigned char **s)
{
    const unsigned char *p = *s;
    uint32_t c = *p++;
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (extra)
        c &= 0x3F >> extra;
    for (int i = 0; i < extra && (*p & 0xC0) == 0x80; i++)
        c = c << 6 | (*p++ & 0x3F);
    *s = p;
    return c;
}

static size_t put_cp(char *out, uint32_t c)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | c >> 6);
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | c >> 12);
        out[1] = (char)(0x80 | (c >> 6 & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | c >> 18);
    out[1] = (char)(0x80 | (c >> 12 & 0x3F));
    out[2] = (char)(0x80 | (c >> 6 & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

static char *fold(const char *name)
{
    size_t n = strlen(name);
    char *out = malloc(n * 2 + 1);
    if (!out)
        return NULL;
    size_t len = 0;
    for (const unsigned char *s = (const unsigned char *)name; *s;)
        len += put_cp(out + len, upcase(next_cp(&s)));
    out[len] = '\0';
    return out;
}

uint32_t regstore_utf16_bytes(const char *utf8)
{
    uint32_t units = 0;
    for (const unsigned char *s = (const unsigned char *)utf8; *s;)
        units += next_cp(&s) >= 0x10000 ? 2 : 1;
    return units * 2;
}

/* ---- statements ------------------------------------------------------------ */

/* Prepares SQL formatted by sqlite3_mprintf (%Q quotes a string; table
 * names only come from keys_of/vals_of). */
static int prepare(sqlite3_stmt **stmt, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *sql = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    if (!sql)
        return SQLITE_NOMEM;
    int rc = sqlite3_prepare_v2(db, sql, -1, stmt, NULL);
    sqlite3_free(sql);
    return rc;
}

static int exec(const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* Statements of the set-up that run outside a transaction: switching a new
 * store to WAL, or creating its tables, while a second process does the
 * same can report "locked" without going through the busy handler, so
 * they are retried for as long as the busy timeout would wait. */
static int exec_retrying(const char *sql)
{
    int rc;
    for (int waited = 0;; waited += 5) {
        rc = exec(sql);
        if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || waited >= BUSY_TIMEOUT_MS)
            return rc;
        nanosleep(&(struct timespec){ .tv_nsec = 5 * 1000000L }, NULL);
    }
}

static char *column_dup(sqlite3_stmt *s, int col)
{
    const char *t = (const char *)sqlite3_column_text(s, col);
    return t ? strdup(t) : NULL;
}

/* ---- opening ------------------------------------------------------------- */

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v);"
    "CREATE TABLE IF NOT EXISTS keys(id INTEGER PRIMARY KEY AUTOINCREMENT, parent INTEGER NOT NULL,"
    " name TEXT NOT NULL, fold TEXT NOT NULL, class TEXT, mtime INTEGER NOT NULL, UNIQUE(parent, fold));"
    "CREATE TABLE IF NOT EXISTS vals(key INTEGER NOT NULL, name TEXT NOT NULL, fold TEXT NOT NULL,"
    " type INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY(key, fold));"
    "CREATE TEMP TABLE IF NOT EXISTS vkeys(id INTEGER PRIMARY KEY AUTOINCREMENT, parent INTEGER NOT NULL,"
    " name TEXT NOT NULL, fold TEXT NOT NULL, class TEXT, mtime INTEGER NOT NULL, UNIQUE(parent, fold));"
    "CREATE TEMP TABLE IF NOT EXISTS vvals(key INTEGER NOT NULL, name TEXT NOT NULL, fold TEXT NOT NULL,"
    " type INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY(key, fold));";

static int meta_flag(const char *k, bool *set)
{
    sqlite3_stmt *s;
    int rc = prepare(&s, "SELECT 1 FROM meta WHERE k=%Q", k);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(s);
    *set = rc == SQLITE_ROW;
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static NTSTATUS initialize(regstore_init_fn init)
{
    int rc = exec_retrying("PRAGMA journal_mode=WAL");
    if (rc == SQLITE_OK)
        rc = exec_retrying("PRAGMA synchronous=NORMAL");
    if (rc == SQLITE_OK)
        rc = exec_retrying(schema);
    if (rc != SQLITE_OK)
        return db_failure(rc);
    char seq[96];
    snprintf(seq, sizeof seq, "INSERT INTO temp.sqlite_sequence(name, seq) VALUES('vkeys', %lld)",
             (long long)VOLATILE_BASE);
    if ((rc = exec(seq)) != SQLITE_OK)
        return db_failure(rc);
    NTSTATUS st = regstore_begin();
    if (st != STATUS_SUCCESS)
        return st;
    bool filled = false;
    rc = meta_flag("filled", &filled);
    if (rc != SQLITE_OK)
        return regstore_end(db_failure(rc));
    if (!filled) {
        char root[160];
        snprintf(root, sizeof root,
                 "INSERT OR IGNORE INTO keys(id, parent, name, fold, mtime) VALUES(%lld, 0, 'REGISTRY', 'REGISTRY', %lld);"
                 "INSERT INTO meta(k, v) VALUES('filled', 1)",
                 (long long)REG_ROOT_KEY, (long long)filetime_now());
        if ((rc = exec(root)) != SQLITE_OK)
            return regstore_end(db_failure(rc));
    }
    if (init)
        st = init(!filled);
    return regstore_end(st);
}

NTSTATUS regstore_open(const char *path, regstore_init_fn init)
{
    if (opened)
        return open_status;
    opened = true;
    db_path = strdup(path);
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        open_status = db_failure(rc);
        sqlite3_close(db);
        db = NULL;
        return open_status;
    }
    sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
    open_status = initialize(init);
    if (open_status != STATUS_SUCCESS) {
        sqlite3_close(db);
        db = NULL;
    }
    return open_status;
}

void regstore_close(void)
{
    if (db)
        sqlite3_close(db);
    db = NULL;
    opened = false;
    txn_depth = 0;
    free(db_path);
    db_path = NULL;
}

NTSTATUS regstore_begin(void)
{
    if (!db)
        return open_status;
    if (txn_depth++ > 0)
        return STATUS_SUCCESS;
    int rc = exec("BEGIN IMMEDIATE");
    if (rc != SQLITE_OK) {
        txn_depth = 0;
        return db_failure(rc);
    }
    return STATUS_SUCCESS;
}

NTSTATUS regstore_end(NTSTATUS status)
{
    if (!db || txn_depth == 0)
        return status;
    if (--txn_depth > 0)
        return status;
    if ((int32_t)status < 0) {
        exec("ROLLBACK");
        return status;
    }
    int rc = exec("COMMIT");
    if (rc != SQLITE_OK) {
        exec("ROLLBACK");
        return db_failure(rc);
    }
    return status;
}

NTSTATUS regstore_flush(void)
{
    if (!db)
        return open_status;
    int rc = sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    return rc == SQLITE_OK || rc == SQLITE_BUSY ? STATUS_SUCCESS : db_failure(rc);
}

/* ---- keys ------------------------------------------------------------------ */

NTSTATUS regstore_check(reg_key_id key)
{
    if (!db)
        return open_status;
    sqlite3_stmt *s;
    int rc = prepare(&s, "SELECT 1 FROM %s WHERE id=%lld", keys_of(key), (long long)key);
    if (rc != SQLITE_OK)
        return db_failure(rc);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW)
        return STATUS_SUCCESS;
    return rc == SQLITE_DONE ? STATUS_KEY_DELETED : db_failure(rc);
}

NTSTATUS regstore_find(reg_key_id parent, const char *name, reg_key_id *out)
{
    if (!db)
        return open_status;
    char *f = fold(name);
    if (!f)
        return STATUS_NO_MEMORY;
    sqlite3_stmt *s;
    int rc = prepare(&s, "SELECT id FROM main.keys WHERE parent=%lld AND fold=%Q"
                         " UNION ALL SELECT id FROM temp.vkeys WHERE parent=%lld AND fold=%Q",
                     (long long)parent, f, (long long)parent, f);
    free(f);
    if (rc != SQLITE_OK)
        return db_failure(rc);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW)
        return STATUS_SUCCESS;
    return rc == SQLITE_DONE ? STATUS_OBJECT_NAME_NOT_FOUND : db_failure(rc);
}

static NTSTATUS touch(reg_key_id key)
{
    sqlite3_stmt *s;
    int rc = prepare(&s, "UPDATE %s SET mtime=%lld WHERE id=%lld", keys_of(key), (long long)filetime_now(),
                     (long long)key);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(s);
        sqlite3_finalize(s);
    }
    return rc == SQLITE_DONE || rc == SQLITE_OK ? STATUS_SUCCESS : db_failure(rc);
}

/* Runs one write statement; *changes gets the rows it changed. */
static NTSTATUS run(sqlite3_stmt *s, int *changes)
{
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (changes)
        *changes = sqlite3_changes(db);
    return rc == SQLITE_DONE ? STATUS_SUCCESS : db_failure(rc);
}

static NTSTATUS create_locked(reg_key_id parent, const char *name, const char *class_name, bool is_volatile,
                              reg_key_id *out, bool *created)
{
    NTSTATUS st = regstore_check(parent);
    if (st != STATUS_SUCCESS)
        return st;
    st = regstore_find(parent, name, out);
    if (st != STATUS_OBJECT_NAME_NOT_FOUND) {
        *created = false;
        return st;
    }
    if (!is_volatile && regstore_is_volatile(parent))
        return STATUS_CHILD_MUST_BE_VOLATILE;
    char *f = fold(name);
    if (!f)
        return STATUS_NO_MEMORY;
    sqlite3_stmt *s;
    int rc = prepare(&s, "INSERT INTO %s(parent, name, fold, class, mtime) VALUES(%lld, %Q, %Q, %Q, %lld)",
                     is_volatile ? "temp.vkeys" : "main.keys", (long long)parent, name, f, class_name,
                     (long long)filetime_now());
    free(f);
    if (rc != SQLITE_OK)
        return db_failure(rc);
    st = run(s, NULL);
    if (st != STATUS_SUCCESS)
        return st;
    *out = sqlite3_last_insert_rowid(db);
    *created = true;
    return touch(parent);
}

NTSTATUS regstore_create(reg_key_id parent, const char *name, const char *class_name, bool is_volatile,
                         reg_key_id *out, bool *created)
{
    NTSTATUS st = regstore_begin();
    if (st != STATUS_SUCCESS)
        return st;
    return regstore_end(create_locked(parent, name, class_name, is_volatile, out, created));
}

static NTSTATUS count_rows(const char *sql_fmt, reg_key_id key, uint32_t *n)
{
    sqlite3_stmt *s;
    int rc = prepare(&s, sql_fmt, (long long)key, (long long)key);
    if (rc != SQLITE_OK)
        return db_failure(rc);
    rc = sqlite3_step(s);
    *n = rc == SQLITE_ROW ? (uint32_t)sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? STATUS_SUCCESS : db_failure(rc);
}

static NTSTATUS parent_of(reg_key_id key, reg_key_id *parent)
{
    sqlite3_stmt *s;
    int rc = prepare(&s, "SELECT parent FROM %s WHERE id=%lld", keys_of(key), (long long)key);
    if (rc != SQLITE_OK)
        return db_failure(rc);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *parent = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW)
        return STATUS_SUCCESS;
    return rc == SQLITE_DONE ? STATUS_KEY_DELETED : db_failure(rc);
}

static NTSTATUS delete_locked(reg_key_id key)
{
    reg_key_id parent;
    NTSTATUS st = parent_of(key, &parent);
    if (st != STATUS_SUCCESS)
        return st;
    uint32_t children;
    st = count_rows("SELECT (SELECT count(*) FROM main.keys WHERE parent=%lld)"
                    " + (SELECT count(*) FROM temp.vkeys WHERE parent=%lld)", key, &children);
    if (st != STATUS_SUCCESS)
        return st;
    if (children || key == REG_ROOT_KEY)
        return STATUS_CANNOT_DELETE;
    sqlite3_stmt *s;
    int rc = prepare(&s, "DELETE FROM %s WHERE key=%lld", vals_of(key), (long long)key);
    if (rc != SQLITE_OK || (st = run(s, NULL)) != STATUS_SUCCESS)
        return rc != SQLITE_OK ? db_failure(rc) : st;
    rc = prepare(&s, "DELETE FROM %s WHERE id=%lld", keys_of(key), (long long)key);
    if (rc != SQLITE_OK || (st = run(s, NULL)) != STATUS_SUCCESS)
        return rc != SQLITE_OK ? db_failure(rc) : st;
    return touch(parent);
}

NTSTATUS regstore_delete(reg_key_id key)
{
    NTSTATUS st = regstore_begin();
    if (st != STATUS_SUCCESS)
        return st;
    return regstore_end(delete_locked(key));
}

static NTSTATUS rename_locked(reg_key_id key, const char *new_name)
{
    reg_key_id parent, other;
    NTSTATUS st = parent_of(key, &parent);
    if (st != STATUS_SUCCESS)
        return st;
    if (key == REG_ROOT_KEY)
        return STATUS_ACCESS_DENIED;
    st = regstore_find(parent, new_name, &other);
    if (st == STATUS_SUCCESS && other != key)
        return STATUS_OBJECT_NAME_COLLISION;
    if (st != STATUS_SUCCESS && st != STATUS_OBJECT_NAME_NOT_FOUND)
        return st;
    char *f = fold(new_name);
    if (!f)
        return STATUS_NO_MEMORY;
    sqlite3_stmt *s;
    int rc = prepare(&s, "UPDATE %s SET name=%Q, fold=%Q, mtime=%lld WHERE id=%lld", keys_of(key), new_name, f,
                     (long long)filetime_now(), (long long)key);
    free(f);
    if (rc != SQLITE_OK)
        return db_failure(rc);
    return run(s, NULL);
}

NTSTATUS regstore_rename(reg_key_id key, const char *new_name)
{
    NTSTATUS st = regstore_begin();
    if (st != STATUS_SUCCESS)
        return st;
    return regstore_end(rename_locked(key, new_name));
}

void regstore_stat_free(struct reg_key_stat *st)
{
    free(st->name);
    free(st->class_name);
    st->name = st->class_name = NULL;
}

/* The maxima of KEY_FULL_INFORMATION, walking the subkeys and values (names
 * in UTF-16 bytes, which SQL cannot count). */
static NTSTATUS maxima(reg_key_id key, struct reg_key_stat *st)
{
    sqlite3_stmt *s;
    int rc = prepare(&s, "SELECT name, class FROM main.keys WHERE parent=%lld"
                         " UNION ALL SELECT name, class FROM temp.vkeys WHERE parent=%lld",
                     (long long)key, (long long)key);
    if (rc != SQLITE_OK)
        return db_failure(rc);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        uint32_t n = regstore_utf16_bytes((const char *)sqlite3_column_text(s, 0));
        const char *cls = (const char *)sqlite3_column_text(s, 1);
        uint32_t c = cls ? regstore_utf16_bytes(cls) : 0;
        st->subkeys++;
        if (n > st->max_subkey_name)
            st->max_subkey_name = n;
        if (c > st->max_subkey_class)
            st->max_subkey_class = c;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return db_failure(rc);
    rc = prepare(&s, "SELECT name, length(data) FROM %s WHERE key=%lld", vals_of(key), (long long)key);
    if (rc != SQLITE_OK)
        return db_failure(rc);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        uint32_t n = regstore_utf16_bytes((const char *)sqlite3_column_text(s, 0));
        uint32_t d = (uint32_t)sqlite3_column_int64(s, 1);
        st->values++;
        if (n > st->max_value_name)
            st->max_value_name = n;
        if (d > st->max_value_data)
            st->max_value_data = d;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? STATUS_SUCCESS : db_failure(rc);
}

NTSTATUS regstore_stat(reg_key_id key, struct reg_key_stat *st)
{
    memset(st, 0, sizeof *st);
    if (!db)
        return open_status;
    sqlite3_stmt *s;
    int rc = prepare(&s, "SELECT name, class, mtime FROM %s WHERE id=%lld", keys_of(key), (long long)key);
    if (rc != SQLITE_OK)
        return db_failure(rc);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        st->name = column_dup(s, 0);
        st->class_name = column_dup(s, 1);
        st->last_write = sqlite3_column_int64(s, 2);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? STATUS_KEY_DELETED : db_failure(rc);
    if (!st->name) {
        regstore_stat_free(st);
        return STATUS_NO_MEMORY;
    }
    NTSTATUS r = maxima(key, st);
    if (r != STATUS_SUCCESS)
        regstore_stat_free(st);
    return r;
}

NTSTATUS regstore_subkey(reg_key_id key, uint32_t index, struct reg_key_stat *sub)
{
    memset(sub, 0, sizeof *sub);
    NTSTATUS st = regstore_check(key);
    if (st != STATUS_SUCCESS)
        return st;
    sqlite3_stmt *s;
    int rc = prepare(&s, "SELECT name, class, mtime, fold FROM main.keys WHERE parent=%lld"
                         " UNION ALL SELECT name, class, mtime, fold FROM temp.vkeys WHERE parent=%lld"
                         " ORDER BY 4 LIMIT 1 OFFSET %u",
                     (long long)key, (long long)key, index);
    if (rc != SQLITE_OK)
        return db_failure(rc);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        sub->name = column_dup(s, 0);
        sub->class_name = column_dup(s, 1);
        sub->last_write = sqlite3_column_int64(s, 2);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? STATUS_NO_MORE_ENTRIES : db_failure(rc);
    return sub->name ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}

/* ---- values ---------------------------------------------------------------- */

void regstore_value_free(struct reg_value *v)
{
    free(v->name);
    free(v->data);
    v->name = NULL;
    v->data = NULL;
}

static NTSTATUS set_value_locked(reg_key_id key, const char *name, uint32_t type, const void *data, uint32_t size)
{
    NTSTATUS st = regstore_check(key);
    if (st != STATUS_SUCCESS)
        return st;
    char *f = fold(name);
    if (!f)
        return STATUS_NO_MEMORY;
    sqlite3_stmt *s;
    /* an existing value keeps its name and its place in the enumeration */
    int rc = prepare(&s, "INSERT INTO %s(key, name, fold, type, data) VALUES(%lld, %Q, %Q, %u, ?)"
                         " ON CONFLICT(key, fold) DO UPDATE SET type=excluded.type, data=excluded.data",
                     vals_of(key), (long long)key, name, f, type);
    free(f);
    if (rc != SQLITE_OK)
        return db_failure(rc);
    sqlite3_bind_blob(s, 1, size ? data : "", (int)size, SQLITE_TRANSIENT);
    st = run(s, NULL);
    return st == STATUS_SUCCESS ? touch(key) : st;
}

NTSTATUS regstore_set_value(reg_key_id key, const char *name, uint32_t type, const void *data, uint32_t size)
{
    NTSTATUS st = regstore_begin();
    if (st != STATUS_SUCCESS)
        return st;
    return regstore_end(set_value_locked(key, name, type, data, size));
}

static NTSTATUS read_value(sqlite3_stmt *s, struct reg_value *v, NTSTATUS none)
{
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        v->name = column_dup(s, 0);
        v->type = (uint32_t)sqlite3_column_int64(s, 1);
        v->size = (uint32_t)sqlite3_column_bytes(s, 2);
        v->data = malloc(v->size + 1);
        if (v->data && v->size)
            memcpy(v->data, sqlite3_column_blob(s, 2), v->size);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? none : db_failure(rc);
    if (!v->name || !v->data) {
        regstore_value_free(v);
        return STATUS_NO_MEMORY;
    }
    return STATUS_SUCCESS;
}

NTSTATUS regstore_get_value(reg_key_id key, const char *name, struct reg_value *v)
{
    memset(v, 0, sizeof *v);
    NTSTATUS st = regstore_check(key);
    if (st != STATUS_SUCCESS)
        return st;
    char *f = fold(name);
    if (!f)
        return STATUS_NO_MEMORY;
    sqlite3_stmt *s;
    int rc = prepare(&s, "SELECT name, type, data FROM %s WHERE key=%lld AND fold=%Q", vals_of(key),
                     (long long)key, f);
    free(f);
    if (rc != SQLITE_OK)
        return db_failure(rc);
    return read_value(s, v, STATUS_OBJECT_NAME_NOT_FOUND);
}

NTSTATUS regstore_value_at(reg_key_id key, uint32_t index, struct reg_value *v)
{
    memset(v, 0, sizeof *v);
    NTSTATUS st = regstore_check(key);
    if (st != STATUS_SUCCESS)
        return st;
    sqlite3_stmt *s;
    int rc = prepare(&s, "SELECT name, type, data FROM %s WHERE key=%lld ORDER BY rowid LIMIT 1 OFFSET %u",
                     vals_of(key), (long long)key, index);
    if (rc != SQLITE_OK)
        return db_failure(rc);
    return read_value(s, v, STATUS_NO_MORE_ENTRIES);
}

static NTSTATUS delete_value_locked(reg_key_id key, const char *name)
{
    NTSTATUS st = regstore_check(key);
    if (st != STATUS_SUCCESS)
        return st;
    char *f = fold(name);
    if (!f)
        return STATUS_NO_MEMORY;
    sqlite3_stmt *s;
    int rc = prepare(&s, "DELETE FROM %s WHERE key=%lld AND fold=%Q", vals_of(key), (long long)key, f);
    free(f);
    if (rc != SQLITE_OK)
        return db_failure(rc);
    int changes = 0;
    st = run(s, &changes);
    if (st != STATUS_SUCCESS)
        return st;
    return changes ? touch(key) : STATUS_OBJECT_NAME_NOT_FOUND;
}

NTSTATUS regstore_delete_value(reg_key_id key, const char *name)
{
    NTSTATUS st = regstore_begin();
    if (st != STATUS_SUCCESS)
        return st;
    return regstore_end(delete_value_locked(key, name));
}
