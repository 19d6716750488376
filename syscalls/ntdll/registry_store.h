/* The registry store: keys and values in an SQLite database in the prefix
 * (persistent keys) and in per-process temporary tables (volatile keys),
 * each change one transaction, shared safely by several wowbox processes
 * (WAL journal, busy timeout). Names are UTF-8, matched case-insensitively
 * and kept as first written. Every function returns an NTSTATUS: a store
 * that cannot be opened, read or written gives STATUS_REGISTRY_IO_FAILED
 * or STATUS_REGISTRY_CORRUPT after one "wowbox:" line on stderr. */
#ifndef WOWBOX_SYSCALLS_NTDLL_REGISTRY_STORE_H
#define WOWBOX_SYSCALLS_NTDLL_REGISTRY_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ntstatus.h"

#ifndef STATUS_BUFFER_OVERFLOW
#define STATUS_BUFFER_OVERFLOW         0x80000005u
#endif
#ifndef STATUS_NO_MORE_ENTRIES
#define STATUS_NO_MORE_ENTRIES         0x8000001Au
#endif
#ifndef STATUS_CANNOT_DELETE
#define STATUS_CANNOT_DELETE           0xC0000121u
#endif
#ifndef STATUS_KEY_DELETED
#define STATUS_KEY_DELETED             0xC000017Cu
#endif
#ifndef STATUS_REGISTRY_CORRUPT
#define STATUS_REGISTRY_CORRUPT        0xC000014Cu
#endif
#ifndef STATUS_REGISTRY_IO_FAILED
#define STATUS_REGISTRY_IO_FAILED      0xC000014Du
#endif
#ifndef STATUS_CHILD_MUST_BE_VOLATILE
#define STATUS_CHILD_MUST_BE_VOLATILE  0xC0000181u
#endif

typedef int64_t reg_key_id;
#define REG_ROOT_KEY ((reg_key_id)1) /* \REGISTRY */

/* Fills a freshly created store (once, inside the creating transaction)
 * and the volatile keys of each process (every open). */
typedef NTSTATUS (*regstore_init_fn)(bool fresh);

/* Opens (creating if needed) the store file at path; init may be NULL.
 * Idempotent: later calls return the first result. */
NTSTATUS regstore_open(const char *path, regstore_init_fn init);
void regstore_close(void);

/* Several changes as one transaction (nesting is counted). */
NTSTATUS regstore_begin(void);
NTSTATUS regstore_end(NTSTATUS status); /* commits on success, else rolls back; returns status */

NTSTATUS regstore_find(reg_key_id parent, const char *name, reg_key_id *out);
/* *created false: the key existed (its class and volatility unchanged). */
NTSTATUS regstore_create(reg_key_id parent, const char *name, const char *class_name, bool is_volatile,
                         reg_key_id *out, bool *created);
/* STATUS_KEY_DELETED when the key is gone (deleted by any process). */
NTSTATUS regstore_check(reg_key_id key);
/* STATUS_CANNOT_DELETE when it has subkeys. */
NTSTATUS regstore_delete(reg_key_id key);
NTSTATUS regstore_rename(reg_key_id key, const char *new_name);
NTSTATUS regstore_flush(void);
bool regstore_is_volatile(reg_key_id key);

struct reg_key_stat {
    char *name;        /* malloc'd */
    char *class_name;  /* malloc'd, NULL when none */
    int64_t last_write; /* FILETIME */
    uint32_t subkeys, values;
    /* in bytes of UTF-16, as KEY_FULL_INFORMATION counts them */
    uint32_t max_subkey_name, max_subkey_class, max_value_name, max_value_data;
};
NTSTATUS regstore_stat(reg_key_id key, struct reg_key_stat *st);
void regstore_stat_free(struct reg_key_stat *st);

/* Subkeys in Windows' order (by upcased name); STATUS_NO_MORE_ENTRIES past the end. */
NTSTATUS regstore_subkey(reg_key_id key, uint32_t index, struct reg_key_stat *sub);

struct reg_value {
    char *name;      /* malloc'd */
    uint32_t type;
    uint8_t *data;   /* malloc'd (never NULL on success) */
    uint32_t size;
};
void regstore_value_free(struct reg_value *v);
NTSTATUS regstore_set_value(reg_key_id key, const char *name, uint32_t type, const void *data, uint32_t size);
/* STATUS_OBJECT_NAME_NOT_FOUND when the key has no such value. */
NTSTATUS regstore_get_value(reg_key_id key, const char *name, struct reg_value *v);
/* Values in the order they were first set; STATUS_NO_MORE_ENTRIES past the end. */
NTSTATUS regstore_value_at(reg_key_id key, uint32_t index, struct reg_value *v);
NTSTATUS regstore_delete_value(reg_key_id key, const char *name);

/* Bytes of the UTF-16 form of a UTF-8 name. */
uint32_t regstore_utf16_bytes(const char *utf8);

#endif
