/* The NT registry services (NtCreateKey & co.) as host functions returning
 * NTSTATUS: ntdll exports them, advapi32's Reg* functions sit on top, as on
 * Windows. Names are host UTF-8; key paths are NT paths
 * ("\Registry\Machine\Software\...", "\Registry\User\<SID>\...") or
 * relative to a key handle. Every path passes through the WoW64 key
 * redirection (redirect/registry.h) once, here. Information classes fill
 * host buffers with the 32-bit layouts of struct32_registry.h. */
#ifndef WOWBOX_SYSCALLS_NTDLL_NT_REGISTRY_H
#define WOWBOX_SYSCALLS_NTDLL_NT_REGISTRY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ntstatus.h"
#include "syscalls/ntdll/registry_store.h"

#define STATUS_INSUFFICIENT_RESOURCES 0xC000009Au

/* Access bits the services look at. */
#define KEY_WOW64_64KEY 0x0100u
#define KEY_WOW64_32KEY 0x0200u
/* CreateOptions */
#define REG_OPTION_VOLATILE     0x0001u
#define REG_OPTION_CREATE_LINK  0x0002u
#define REG_OPTION_BACKUP_RESTORE 0x0004u
/* Disposition */
#define REG_CREATED_NEW_KEY     1u
#define REG_OPENED_EXISTING_KEY 2u

/* Value types */
#define REG_NONE      0u
#define REG_SZ        1u
#define REG_EXPAND_SZ 2u
#define REG_BINARY    3u
#define REG_DWORD     4u
#define REG_DWORD_BIG_ENDIAN 5u
#define REG_LINK      6u
#define REG_MULTI_SZ  7u
#define REG_QWORD     11u

/* The SID of the user wowbox runs programs as: HKCU is \Registry\User\<it>. */
#define WOWBOX_USER_SID "S-1-5-21-3623811015-3361044348-30300820-1001"

/* Opens the store of a prefix (the NT services open the current process's
 * prefix on first use otherwise). */
NTSTATUS nt_registry_open(const char *prefix_root);

NTSTATUS nt_create_key(uint32_t root, const char *name, uint32_t access, const char *class_name,
                       uint32_t options, uint32_t *handle, uint32_t *disposition);
NTSTATUS nt_open_key(uint32_t root, const char *name, uint32_t access, uint32_t *handle);
NTSTATUS nt_delete_key(uint32_t key);
NTSTATUS nt_rename_key(uint32_t key, const char *new_name);
NTSTATUS nt_flush_key(uint32_t key);
NTSTATUS nt_close_key(uint32_t key);
NTSTATUS nt_set_value_key(uint32_t key, const char *name, uint32_t type, const void *data, uint32_t size);
NTSTATUS nt_delete_value_key(uint32_t key, const char *name);

/* The information calls: buf/len a host buffer; *result_len the bytes the
 * whole answer needs. STATUS_BUFFER_TOO_SMALL when len cannot hold the
 * fixed part (nothing written), STATUS_BUFFER_OVERFLOW when it holds the
 * fixed part but not all (the first len bytes written). */
NTSTATUS nt_query_key(uint32_t key, uint32_t info_class, void *buf, uint32_t len, uint32_t *result_len);
NTSTATUS nt_enumerate_key(uint32_t key, uint32_t index, uint32_t info_class, void *buf, uint32_t len,
                          uint32_t *result_len);
NTSTATUS nt_query_value_key(uint32_t key, const char *name, uint32_t info_class, void *buf, uint32_t len,
                            uint32_t *result_len);
NTSTATUS nt_enumerate_value_key(uint32_t key, uint32_t index, uint32_t info_class, void *buf, uint32_t len,
                                uint32_t *result_len);

/* The physical key path a handle stands for (for traces and advapi32's
 * merged HKCR view); NULL when h is no key handle. */
const char *nt_key_path(uint32_t key);

/* The default hive (registry_defaults.c): fills a new store, and each
 * process's volatile keys (HARDWARE). */
NTSTATUS registry_defaults(bool fresh);

#endif
