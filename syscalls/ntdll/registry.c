/* ntdll's registry exports: OBJECT_ATTRIBUTES and UNICODE_STRING names
 * read from the guest, the NT registry services (nt_registry.c) called,
 * answers written back through the checked accessors (a bad pointer is
 * STATUS_ACCESS_VIOLATION, as the kernel's probe reports). */
#include <stdlib.h>

#include "core/log.h"
#include "core/unicode.h"
#include "syscalls/api.h"
#include "syscalls/ntdll/api_args.h"
#include "syscalls/ntdll/nt_reg_notify.h"
#include "syscalls/ntdll/nt_registry.h"
#include "syscalls/ntdll/struct32.h"

/* A UNICODE_STRING's text as UTF-8; a NULL pointer is "" when allowed. */
static NTSTATUS read_ustring(gaddr p, bool null_ok, char **out)
{
    *out = NULL;
    if (!p) {
        if (!null_ok)
            return STATUS_INVALID_PARAMETER;
        *out = calloc(1, 1);
        return *out ? STATUS_SUCCESS : STATUS_NO_MEMORY;
    }
    UNICODE_STRING32 us;
    if (!gm_read(p, &us, sizeof us))
        return STATUS_ACCESS_VIOLATION;
    if (us.Length & 1)
        return STATUS_INVALID_PARAMETER;
    uint16_t *w = malloc(us.Length + 2u);
    if (!w)
        return STATUS_NO_MEMORY;
    if (us.Length && !gm_read(us.Buffer, w, us.Length)) {
        free(w);
        return STATUS_ACCESS_VIOLATION;
    }
    *out = utf16_to_utf8(w, us.Length / 2u);
    free(w);
    return *out ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}

static NTSTATUS read_attributes(gaddr p, uint32_t *root, char **name)
{
    OBJECT_ATTRIBUTES32 oa;
    if (!p)
        return STATUS_INVALID_PARAMETER;
    if (!gm_read(p, &oa, sizeof oa))
        return STATUS_ACCESS_VIOLATION;
    *root = oa.RootDirectory;
    return read_ustring(oa.ObjectName, false, name);
}

static uint64_t open_key(gaddr KeyHandle, uint32_t access, gaddr attributes)
{
    uint32_t root, h = 0;
    char *name;
    if (!gm_writable(KeyHandle, 4))
        return STATUS_ACCESS_VIOLATION;
    NTSTATUS st = read_attributes(attributes, &root, &name);
    if (st != STATUS_SUCCESS)
        return st;
    st = nt_open_key(root, name, access, &h);
    free(name);
    gm_write_u32(KeyHandle, h);
    return st;
}

uint64_t ntdll_NtOpenKey(struct thunk_call *c)
{
    API_ARGS(ntdll, NtOpenKey, a);
    return open_key(a.KeyHandle, a.DesiredAccess, a.ObjectAttributes);
}

uint64_t ntdll_NtOpenKeyEx(struct thunk_call *c)
{
    API_ARGS(ntdll, NtOpenKeyEx, a);
    return open_key(a.KeyHandle, a.DesiredAccess, a.ObjectAttributes);
}

uint64_t ntdll_NtCreateKey(struct thunk_call *c)
{
    API_ARGS(ntdll, NtCreateKey, a);
    uint32_t root, h = 0, disp = 0;
    char *name, *cls = NULL;
    if (!gm_writable(a.KeyHandle, 4))
        return STATUS_ACCESS_VIOLATION;
    NTSTATUS st = read_attributes(a.ObjectAttributes, &root, &name);
    if (st != STATUS_SUCCESS)
        return st;
    if (a.Class && (st = read_ustring(a.Class, true, &cls)) != STATUS_SUCCESS) {
        free(name);
        return st;
    }
    st = nt_create_key(root, name, a.DesiredAccess, cls && cls[0] ? cls : NULL, a.CreateOptions, &h, &disp);
    free(name);
    free(cls);
    gm_write_u32(a.KeyHandle, h);
    if (st == STATUS_SUCCESS && a.Disposition && !gm_write_u32(a.Disposition, disp))
        return STATUS_ACCESS_VIOLATION;
    return st;
}

uint64_t ntdll_NtDeleteKey(struct thunk_call *c)
{
    API_ARGS(ntdll, NtDeleteKey, a);
    return nt_delete_key(a.KeyHandle);
}

uint64_t ntdll_NtFlushKey(struct thunk_call *c)
{
    API_ARGS(ntdll, NtFlushKey, a);
    return nt_flush_key(a.KeyHandle);
}

uint64_t ntdll_NtRenameKey(struct thunk_call *c)
{
    API_ARGS(ntdll, NtRenameKey, a);
    char *name;
    NTSTATUS st = read_ustring(a.NewName, false, &name);
    if (st != STATUS_SUCCESS)
        return st;
    st = nt_rename_key(a.KeyHandle, name);
    free(name);
    return st;
}

uint64_t ntdll_NtSetValueKey(struct thunk_call *c)
{
    API_ARGS(ntdll, NtSetValueKey, a);
    char *name;
    NTSTATUS st = read_ustring(a.ValueName, true, &name);
    if (st != STATUS_SUCCESS)
        return st;
    void *data = malloc(a.DataSize ? a.DataSize : 1);
    if (!data)
        st = STATUS_NO_MEMORY;
    else if (a.DataSize && !gm_read(a.Data, data, a.DataSize))
        st = STATUS_ACCESS_VIOLATION;
    else
        st = nt_set_value_key(a.KeyHandle, name, a.Type, data, a.DataSize);
    free(data);
    free(name);
    return st;
}

uint64_t ntdll_NtDeleteValueKey(struct thunk_call *c)
{
    API_ARGS(ntdll, NtDeleteValueKey, a);
    char *name;
    NTSTATUS st = read_ustring(a.ValueName, true, &name);
    if (st != STATUS_SUCCESS)
        return st;
    st = nt_delete_value_key(a.KeyHandle, name);
    free(name);
    return st;
}

/* The information calls: the answer's size first, then the answer into a
 * host buffer of what the guest's holds, copied out whole. */
struct info_call {
    uint32_t key, index, info_class;
    const char *name; /* NtQueryValueKey */
    NTSTATUS (*query)(const struct info_call *q, void *buf, uint32_t len, uint32_t *result_len);
};

static NTSTATUS by_value_name(const struct info_call *q, void *buf, uint32_t len, uint32_t *rl)
{
    return nt_query_value_key(q->key, q->name, q->info_class, buf, len, rl);
}
static NTSTATUS by_value_index(const struct info_call *q, void *buf, uint32_t len, uint32_t *rl)
{
    return nt_enumerate_value_key(q->key, q->index, q->info_class, buf, len, rl);
}
static NTSTATUS by_key_index(const struct info_call *q, void *buf, uint32_t len, uint32_t *rl)
{
    return nt_enumerate_key(q->key, q->index, q->info_class, buf, len, rl);
}
static NTSTATUS of_key(const struct info_call *q, void *buf, uint32_t len, uint32_t *rl)
{
    return nt_query_key(q->key, q->info_class, buf, len, rl);
}

static uint64_t information(const struct info_call *q, gaddr buffer, uint32_t length, gaddr result_length)
{
    if (!result_length)
        return STATUS_ACCESS_VIOLATION;
    uint32_t need = 0;
    NTSTATUS st = q->query(q, NULL, 0, &need);
    if (st == STATUS_BUFFER_TOO_SMALL || st == STATUS_SUCCESS) {
        /* KeyNodeInformation's count leaves out up to 3 bytes of padding */
        uint32_t n = length < need + 4 ? length : need + 4;
        uint8_t *host = calloc(1, n ? n : 1);
        if (!host)
            return STATUS_NO_MEMORY;
        /* start from the guest's bytes, so what the answer does not cover
         * is written back unchanged */
        gm_read(buffer, host, n);
        st = q->query(q, host, n, &need);
        if ((st == STATUS_SUCCESS || st == STATUS_BUFFER_OVERFLOW) && n && !gm_write(buffer, host, n))
            st = STATUS_ACCESS_VIOLATION;
        free(host);
    }
    if (st == STATUS_SUCCESS || st == STATUS_BUFFER_OVERFLOW || st == STATUS_BUFFER_TOO_SMALL)
        if (!gm_write_u32(result_length, need))
            return STATUS_ACCESS_VIOLATION;
    return st;
}

uint64_t ntdll_NtQueryValueKey(struct thunk_call *c)
{
    API_ARGS(ntdll, NtQueryValueKey, a);
    char *name;
    NTSTATUS st = read_ustring(a.ValueName, true, &name);
    if (st != STATUS_SUCCESS)
        return st;
    struct info_call q = { .key = a.KeyHandle, .info_class = a.KeyValueInformationClass, .name = name,
                           .query = by_value_name };
    uint64_t r = information(&q, a.KeyValueInformation, a.Length, a.ResultLength);
    free(name);
    return r;
}

uint64_t ntdll_NtEnumerateValueKey(struct thunk_call *c)
{
    API_ARGS(ntdll, NtEnumerateValueKey, a);
    struct info_call q = { .key = a.KeyHandle, .index = a.Index, .info_class = a.KeyValueInformationClass,
                           .query = by_value_index };
    return information(&q, a.KeyValueInformation, a.Length, a.ResultLength);
}

uint64_t ntdll_NtEnumerateKey(struct thunk_call *c)
{
    API_ARGS(ntdll, NtEnumerateKey, a);
    struct info_call q = { .key = a.KeyHandle, .index = a.Index, .info_class = a.KeyInformationClass,
                           .query = by_key_index };
    return information(&q, a.KeyInformation, a.Length, a.ResultLength);
}

uint64_t ntdll_NtQueryKey(struct thunk_call *c)
{
    API_ARGS(ntdll, NtQueryKey, a);
    struct info_call q = { .key = a.KeyHandle, .info_class = a.KeyInformationClass, .query = of_key };
    return information(&q, a.KeyInformation, a.Length, a.ResultLength);
}

/* Completion by event only: an APC routine is refused (with a note), as
 * wowbox queues no I/O completion APCs for registry watches. */
static uint64_t notify_change(uint32_t key, uint32_t event, gaddr apc, gaddr iosb, uint32_t filter, bool subtree,
                              bool async)
{
    if (apc) {
        wb_note("NtNotifyChangeKey: completion APCs are not implemented (use an event)");
        return STATUS_NOT_IMPLEMENTED;
    }
    NTSTATUS st = nt_notify_change_key(key, event, filter, subtree, async);
    IO_STATUS_BLOCK32 io = { st, 0 };
    if (st == STATUS_SUCCESS && iosb && !gm_write(iosb, &io, sizeof io))
        return STATUS_ACCESS_VIOLATION;
    return st;
}

uint64_t ntdll_NtNotifyChangeKey(struct thunk_call *c)
{
    API_ARGS(ntdll, NtNotifyChangeKey, a);
    return notify_change(a.KeyHandle, a.Event, a.ApcRoutine, a.IoStatusBlock, a.CompletionFilter, a.WatchTree,
                         a.Asynchronous);
}
uint64_t ntdll_ZwNotifyChangeKey(struct thunk_call *c)
{
    API_ARGS(ntdll, ZwNotifyChangeKey, a);
    return notify_change(a.KeyHandle, a.Event, a.ApcRoutine, a.IoStatusBlock, a.CompletionFilter, a.WatchTree,
                         a.Asynchronous);
}
