/* The NT registry services over the store (nt_registry.h): key handles,
 * NT key paths resolved once through the WoW64 key redirection, and the
 * information classes in Windows' 32-bit layouts and buffer rules. */
#define _GNU_SOURCE
#include "syscalls/ntdll/nt_registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/handles.h"
#include "core/process.h"
#include "core/trace.h"
#include "core/trace_record.h"
#include "core/unicode.h"
#include "redirect/prefix.h"
#include "redirect/registry.h"
#include "syscalls/ntdll/nt_reg_notify.h"
#include "syscalls/ntdll/struct32_registry.h"

#define MAX_KEY_PATH   4096
#define MAX_NAME_CHARS 255 /* a key name component, in UTF-16 units */

struct key_object {
    reg_key_id id;
    char *logical;  /* the path as named, before redirection: relative opens extend it */
    char *physical; /* the store's path: KeyNameInformation */
};

static bool store_ready;

NTSTATUS nt_registry_open(const char *prefix_root)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/registry.sqlite", prefix_root) >= (int)sizeof path)
        return STATUS_REGISTRY_IO_FAILED;
    NTSTATUS st = regstore_open(path, registry_defaults);
    store_ready = st == STATUS_SUCCESS;
    return st;
}

static NTSTATUS ensure_store(void)
{
    if (store_ready)
        return STATUS_SUCCESS;
    if (!proc || !proc->prefix || !proc->prefix->root)
        return STATUS_REGISTRY_IO_FAILED;
    return nt_registry_open(proc->prefix->root);
}

static struct key_object *key_of(uint32_t h)
{
    struct handle_obj *o = handle_get(h, HANDLE_KEY);
    return o ? o->data : NULL;
}

const char *nt_key_path(uint32_t h)
{
    struct key_object *k = key_of(h);
    return k ? k->physical : NULL;
}

static void destroy_key(struct handle_obj *o)
{
    struct key_object *k = o->data;
    nt_reg_key_closed(k);
    free(k->logical);
    free(k->physical);
    free(k);
}

static NTSTATUS new_handle(reg_key_id id, const char *logical, const char *physical, uint32_t *handle)
{
    struct key_object *k = calloc(1, sizeof *k);
    struct handle_obj *o = calloc(1, sizeof *o);
    if (k) {
        k->logical = strdup(logical);
        k->physical = strdup(physical);
    }
    if (!k || !o || !k->logical || !k->physical) {
        if (k) {
            free(k->logical);
            free(k->physical);
        }
        free(k);
        free(o);
        return STATUS_NO_MEMORY;
    }
    k->id = id;
    o->type = HANDLE_KEY;
    o->fd = -1;
    o->data = k;
    o->destroy = destroy_key;
    *handle = handle_new(o);
    if (!*handle) {
        destroy_key(o);
        free(o);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return STATUS_SUCCESS;
}

/* ---- paths ----------------------------------------------------------------- */

/* Checks the components of a path ("\A\B"): none empty, none too long. */
static NTSTATUS check_components(const char *path)
{
    for (const char *p = path; *p;) {
        if (*p != '\\')
            return STATUS_OBJECT_NAME_INVALID;
        const char *end = strchr(p + 1, '\\');
        size_t n = end ? (size_t)(end - p - 1) : strlen(p + 1);
        if (n == 0)
            return STATUS_OBJECT_NAME_INVALID;
        char comp[4 * MAX_NAME_CHARS + 8];
        if (n >= sizeof comp)
            return STATUS_INVALID_PARAMETER;
        memcpy(comp, p + 1, n);
        comp[n] = '\0';
        if (regstore_utf16_bytes(comp) > 2 * MAX_NAME_CHARS)
            return STATUS_INVALID_PARAMETER;
        p += n + 1;
    }
    return STATUS_SUCCESS;
}

/* The logical full path of (root, name) and the view the call uses. */
static NTSTATUS logical_path(uint32_t root, const char *name, uint32_t access, char *out, enum reg_view *view)
{
    const char *base = "";
    if ((access & KEY_WOW64_64KEY) && (access & KEY_WOW64_32KEY))
        return STATUS_INVALID_PARAMETER;
    /* WoW64 does not remember the view a handle was opened in: a call
     * without a flag is in the process's (32-bit) view, relative or not */
    *view = regredir_view(access, REG_VIEW_32);
    if (root) {
        struct key_object *k = key_of(root);
        if (!k)
            return STATUS_INVALID_HANDLE;
        if (name[0] == '\\')
            return STATUS_OBJECT_PATH_SYNTAX_BAD;
        base = k->logical;
    } else if (name[0] != '\\') {
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    }
    int n = snprintf(out, MAX_KEY_PATH, "%s%s%s", base, root && name[0] ? "\\" : "", name);
    if (n < 0 || n >= MAX_KEY_PATH)
        return STATUS_INVALID_PARAMETER;
    while (n > 1 && out[n - 1] == '\\') /* "Software\" names Software */
        out[--n] = '\0';
    NTSTATUS st = check_components(out);
    if (st != STATUS_SUCCESS)
        return st;
    if (strncasecmp(out, "\\REGISTRY", 9) != 0 || (out[9] && out[9] != '\\'))
        return STATUS_OBJECT_NAME_NOT_FOUND;
    return STATUS_SUCCESS;
}

/* Walks the physical path's components from \REGISTRY; stop_before_last
 * leaves the last one for the caller (*last points at it). */
static NTSTATUS walk(const char *physical, bool stop_before_last, reg_key_id *id, const char **last)
{
    *id = REG_ROOT_KEY;
    const char *p = physical + 9; /* after "\REGISTRY" */
    while (*p == '\\') {
        const char *comp = p + 1;
        const char *end = strchr(comp, '\\');
        if (!end && stop_before_last) {
            *last = comp;
            return STATUS_SUCCESS;
        }
        size_t n = end ? (size_t)(end - comp) : strlen(comp);
        char name[4 * MAX_NAME_CHARS + 8];
        memcpy(name, comp, n);
        name[n] = '\0';
        NTSTATUS st = regstore_find(*id, name, id);
        if (st != STATUS_SUCCESS)
            return st;
        p = comp + n;
    }
    if (stop_before_last) /* \REGISTRY itself exists: nothing to create */
        *last = NULL;
    return STATUS_SUCCESS;
}

/* ---- keys ------------------------------------------------------------------ */

static NTSTATUS resolve(uint32_t root, const char *name, uint32_t access, char *logical, char *physical,
                        enum reg_view *view)
{
    NTSTATUS st = ensure_store();
    if (st != STATUS_SUCCESS)
        return st;
    st = logical_path(root, name, access, logical, view);
    if (st != STATUS_SUCCESS)
        return st;
    return regredir_translate(logical, *view, physical, MAX_KEY_PATH) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

static NTSTATUS open_key(uint32_t root, const char *name, uint32_t access, uint32_t *handle, char *physical)
{
    char logical[MAX_KEY_PATH];
    enum reg_view view;
    NTSTATUS st = resolve(root, name, access, logical, physical, &view);
    if (st != STATUS_SUCCESS)
        return st;
    reg_key_id id;
    st = walk(physical, false, &id, NULL);
    if (st != STATUS_SUCCESS)
        return st;
    return new_handle(id, logical, physical, handle);
}

/* The kernel logger's Registry record of one operation: KeyName is the
 * key's path for key operations, the value's name for value operations. */
static uint64_t reg_record_start(void)
{
    return trace_enabled ? trace_filetime_now() : 0;
}

static void reg_record(unsigned kind, uint64_t t0, NTSTATUS st, uint32_t index, uint32_t h, const char *name)
{
    TRACE_RECORD(kind, t0, st, index, h, name);
}

static const char *key_path(uint32_t h)
{
    struct key_object *k = key_of(h);
    return k ? k->physical : "";
}

NTSTATUS nt_open_key(uint32_t root, const char *name, uint32_t access, uint32_t *handle)
{
    char physical[MAX_KEY_PATH] = "";
    uint64_t t0 = reg_record_start();
    int tr = TRACE_NT_BEGIN("NtOpenKey", "h RootDirectory, S ObjectName, x DesiredAccess", root, name, access);
    *handle = 0;
    NTSTATUS st = open_key(root, name, access, handle, physical);
    TRACE_NT_END(tr, st, "h KeyHandle, S Key", *handle, physical);
    reg_record(TRACE_REC_REG_OPEN, t0, st, 0, *handle, physical[0] ? physical : name);
    return st;
}

/* A subkey at `path` came or went: its parent's name watches fire. */
static void changed_below(const char *path)
{
    char parent[MAX_KEY_PATH];
    snprintf(parent, sizeof parent, "%s", path);
    char *cut = strrchr(parent, '\\');
    if (cut && cut != parent) {
        *cut = 0;
        nt_reg_changed(parent, REG_NOTIFY_CHANGE_NAME);
    }
}

/* A key created in a redirected place whose WOW6432Node is missing (the
 * user's Classes has none until a class is registered there): that
 * WOW6432Node is made first, as the redirector does, so the create does
 * not fail on a key the program never named. */
static NTSTATUS make_wow_node(const char *logical, const char *physical)
{
    const char *node = strcasestr(physical, "\\WOW6432Node\\");
    if (!node || strcasestr(logical, "\\WOW6432Node"))
        return STATUS_OBJECT_NAME_NOT_FOUND; /* not the redirector's doing */
    char base[MAX_KEY_PATH];
    snprintf(base, sizeof base, "%.*s", (int)(node - physical), physical);
    reg_key_id id, made;
    bool created = false;
    NTSTATUS st = walk(base, false, &id, NULL);
    if (st == STATUS_SUCCESS)
        st = regstore_create(id, "WOW6432Node", NULL, false, &made, &created);
    if (st == STATUS_SUCCESS && created) { /* base's name watches */
        char made_path[MAX_KEY_PATH];
        snprintf(made_path, sizeof made_path, "%.*s", (int)(node - physical) + 12, physical); /* + "\WOW6432Node" */
        changed_below(made_path);
    }
    return st;
}

static NTSTATUS create_key(uint32_t root, const char *name, uint32_t access, const char *class_name,
                           uint32_t options, uint32_t *handle, uint32_t *disposition, char *physical)
{
    char logical[MAX_KEY_PATH];
    enum reg_view view;
    NTSTATUS st = resolve(root, name, access, logical, physical, &view);
    if (st != STATUS_SUCCESS)
        return st;
    if (options & REG_OPTION_CREATE_LINK)
        return STATUS_ACCESS_DENIED; /* symbolic links are not supported */
    st = regstore_begin();
    if (st != STATUS_SUCCESS)
        return st;
    reg_key_id parent, id = REG_ROOT_KEY;
    const char *last = NULL;
    bool created = false;
    st = walk(physical, true, &parent, &last);
    if (st == STATUS_OBJECT_NAME_NOT_FOUND && make_wow_node(logical, physical) == STATUS_SUCCESS)
        st = walk(physical, true, &parent, &last);
    if (st == STATUS_SUCCESS && last)
        st = regstore_create(parent, last, class_name, options & REG_OPTION_VOLATILE, &id, &created);
    st = regstore_end(st);
    if (st != STATUS_SUCCESS)
        return st;
    if (disposition)
        *disposition = created ? REG_CREATED_NEW_KEY : REG_OPENED_EXISTING_KEY;
    if (created)
        changed_below(physical);
    return new_handle(id, logical, physical, handle);
}

NTSTATUS nt_create_key(uint32_t root, const char *name, uint32_t access, const char *class_name,
                       uint32_t options, uint32_t *handle, uint32_t *disposition)
{
    char physical[MAX_KEY_PATH] = "";
    uint32_t disp = 0;
    uint64_t t0 = reg_record_start();
    int tr = TRACE_NT_BEGIN("NtCreateKey", "h RootDirectory, S ObjectName, x DesiredAccess, x CreateOptions", root,
                            name, access, options);
    *handle = 0;
    NTSTATUS st = create_key(root, name, access, class_name, options, handle, &disp, physical);
    if (disposition)
        *disposition = disp;
    TRACE_NT_END(tr, st, "h KeyHandle, u Disposition, S Key", *handle, disp, physical);
    reg_record(TRACE_REC_REG_CREATE, t0, st, 0, *handle, physical[0] ? physical : name);
    return st;
}

/* The key object of handle h, or STATUS_INVALID_HANDLE from the caller. */
#define KEY_OR_FAIL(k, h)                \
    struct key_object *k = key_of(h);    \
    if (!k)                              \
        return STATUS_INVALID_HANDLE

static NTSTATUS delete_key(uint32_t h)
{
    KEY_OR_FAIL(k, h);
    NTSTATUS st = regstore_delete(k->id);
    if (st == STATUS_SUCCESS) {
        nt_reg_changed(k->physical, REG_NOTIFY_ALL);
        changed_below(k->physical);
    }
    return st;
}

NTSTATUS nt_delete_key(uint32_t h)
{
    uint64_t t0 = reg_record_start();
    char path[MAX_KEY_PATH];
    snprintf(path, sizeof path, "%s", trace_enabled ? key_path(h) : "");
    int tr = TRACE_NT_BEGIN("NtDeleteKey", "h KeyHandle", h);
    NTSTATUS st = delete_key(h);
    reg_record(TRACE_REC_REG_DELETE, t0, st, 0, h, path);
    TRACE_NT_END(tr, st, "");
    return st;
}

static NTSTATUS rename_key(uint32_t h, const char *new_name)
{
    KEY_OR_FAIL(k, h);
    if (!new_name[0] || strchr(new_name, '\\'))
        return STATUS_INVALID_PARAMETER;
    NTSTATUS st = regstore_rename(k->id, new_name);
    if (st == STATUS_SUCCESS)
        changed_below(k->physical);
    return st;
}

NTSTATUS nt_rename_key(uint32_t h, const char *new_name)
{
    int tr = TRACE_NT_BEGIN("NtRenameKey", "h KeyHandle, S NewName", h, new_name);
    NTSTATUS st = rename_key(h, new_name);
    TRACE_NT_END(tr, st, "");
    return st;
}

static NTSTATUS flush_key(uint32_t h)
{
    KEY_OR_FAIL(k, h);
    NTSTATUS st = regstore_check(k->id);
    return st == STATUS_SUCCESS ? regstore_flush() : st;
}

NTSTATUS nt_flush_key(uint32_t h)
{
    int tr = TRACE_NT_BEGIN("NtFlushKey", "h KeyHandle", h);
    NTSTATUS st = flush_key(h);
    TRACE_NT_END(tr, st, "");
    return st;
}

NTSTATUS nt_close_key(uint32_t h)
{
    int tr = TRACE_NT_BEGIN("NtClose", "h Handle", h);
    NTSTATUS st = key_of(h) && handle_close(h) ? STATUS_SUCCESS : STATUS_INVALID_HANDLE;
    TRACE_NT_END(tr, st, "");
    return st;
}

static NTSTATUS set_value(uint32_t h, const char *name, uint32_t type, const void *data, uint32_t size)
{
    KEY_OR_FAIL(k, h);
    NTSTATUS st = regstore_set_value(k->id, name, type, data, size);
    if (st == STATUS_SUCCESS)
        nt_reg_changed(k->physical, REG_NOTIFY_CHANGE_LAST_SET);
    return st;
}

NTSTATUS nt_set_value_key(uint32_t h, const char *name, uint32_t type, const void *data, uint32_t size)
{
    uint64_t t0 = reg_record_start();
    int tr = TRACE_NT_BEGIN("NtSetValueKey", "h KeyHandle, S ValueName, u Type, u DataSize", h, name, type, size);
    NTSTATUS st = set_value(h, name, type, data, size);
    reg_record(TRACE_REC_REG_SETVALUE, t0, st, 0, h, name);
    TRACE_NT_END(tr, st, "");
    return st;
}

static NTSTATUS delete_value(uint32_t h, const char *name)
{
    KEY_OR_FAIL(k, h);
    NTSTATUS st = regstore_delete_value(k->id, name);
    if (st == STATUS_SUCCESS)
        nt_reg_changed(k->physical, REG_NOTIFY_CHANGE_LAST_SET);
    return st;
}

NTSTATUS nt_delete_value_key(uint32_t h, const char *name)
{
    uint64_t t0 = reg_record_start();
    int tr = TRACE_NT_BEGIN("NtDeleteValueKey", "h KeyHandle, S ValueName", h, name);
    NTSTATUS st = delete_value(h, name);
    reg_record(TRACE_REC_REG_DELETEVALUE, t0, st, 0, h, name);
    TRACE_NT_END(tr, st, "");
    return st;
}

/* ---- information classes ---------------------------------------------------- */

/* An answer built whole in host memory, then given as the buffer rules say.
 * reported is the ResultLength Windows gives: the total, except for
 * KeyNodeInformation, whose count leaves out the padding before the class
 * (so a buffer of exactly that size still overflows when there is some). */
struct answer {
    uint8_t *bytes;
    uint32_t total, fixed, reported;
};

static NTSTATUS give(struct answer *a, void *buf, uint32_t len, uint32_t *result_len)
{
    *result_len = a->reported;
    NTSTATUS st = STATUS_SUCCESS;
    if (len < a->fixed)
        st = STATUS_BUFFER_TOO_SMALL;
    else if (len < a->total)
        st = STATUS_BUFFER_OVERFLOW;
    if (st != STATUS_BUFFER_TOO_SMALL && buf)
        memcpy(buf, a->bytes, len < a->total ? len : a->total);
    free(a->bytes);
    return st;
}

static NTSTATUS alloc_answer(struct answer *a, uint32_t fixed, uint32_t total)
{
    a->fixed = fixed;
    a->total = a->reported = total;
    a->bytes = calloc(1, total ? total : 1);
    return a->bytes ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}

/* UTF-16 of s (no NUL) into dst; returns its bytes. */
static uint32_t put_utf16(uint8_t *dst, const char *s)
{
    size_t n = 0;
    uint16_t *w = utf8_to_utf16(s ? s : "", &n);
    if (!w)
        return 0;
    memcpy(dst, w, n * 2);
    free(w);
    return (uint32_t)n * 2;
}

/* KEY_BASIC/NODE/FULL/NAME/CACHED_INFORMATION of a key: st has its name,
 * class and time; full also its counts; path is its full name. */
static NTSTATUS key_answer(const struct reg_key_stat *st, const char *path, uint32_t info_class, struct answer *a)
{
    uint32_t name_len = regstore_utf16_bytes(st->name);
    uint32_t class_len = st->class_name ? regstore_utf16_bytes(st->class_name) : 0;
    NTSTATUS r;
    switch (info_class) {
    case KeyBasicInformation: {
        if ((r = alloc_answer(a, offsetof(KEY_BASIC_INFORMATION32, Name),
                              offsetof(KEY_BASIC_INFORMATION32, Name) + name_len)))
            return r;
        KEY_BASIC_INFORMATION32 *i = (void *)a->bytes;
        i->LastWriteTime = st->last_write;
        i->NameLength = put_utf16((uint8_t *)i->Name, st->name);
        return STATUS_SUCCESS;
    }
    case KeyNodeInformation: {
        uint32_t class_off = (offsetof(KEY_NODE_INFORMATION32, Name) + name_len + 3) & ~3u;
        uint32_t total = class_len ? class_off + class_len : offsetof(KEY_NODE_INFORMATION32, Name) + name_len;
        if ((r = alloc_answer(a, offsetof(KEY_NODE_INFORMATION32, Name), total)))
            return r;
        a->reported = offsetof(KEY_NODE_INFORMATION32, Name) + name_len + class_len;
        KEY_NODE_INFORMATION32 *i = (void *)a->bytes;
        i->LastWriteTime = st->last_write;
        i->NameLength = put_utf16((uint8_t *)i->Name, st->name);
        i->ClassOffset = class_len ? class_off : 0xFFFFFFFFu;
        i->ClassLength = class_len ? put_utf16(a->bytes + class_off, st->class_name) : 0;
        return STATUS_SUCCESS;
    }
    case KeyFullInformation: {
        if ((r = alloc_answer(a, offsetof(KEY_FULL_INFORMATION32, Class),
                              offsetof(KEY_FULL_INFORMATION32, Class) + class_len)))
            return r;
        KEY_FULL_INFORMATION32 *i = (void *)a->bytes;
        i->LastWriteTime = st->last_write;
        i->ClassOffset = class_len ? offsetof(KEY_FULL_INFORMATION32, Class) : 0xFFFFFFFFu;
        i->ClassLength = class_len ? put_utf16((uint8_t *)i->Class, st->class_name) : 0;
        i->SubKeys = st->subkeys;
        i->MaxNameLen = st->max_subkey_name;
        i->MaxClassLen = st->max_subkey_class;
        i->Values = st->values;
        i->MaxValueNameLen = st->max_value_name;
        i->MaxValueDataLen = st->max_value_data;
        return STATUS_SUCCESS;
    }
    case KeyNameInformation: {
        uint32_t path_len = regstore_utf16_bytes(path);
        if ((r = alloc_answer(a, offsetof(KEY_NAME_INFORMATION32, Name),
                              offsetof(KEY_NAME_INFORMATION32, Name) + path_len)))
            return r;
        KEY_NAME_INFORMATION32 *i = (void *)a->bytes;
        i->NameLength = put_utf16((uint8_t *)i->Name, path);
        return STATUS_SUCCESS;
    }
    case KeyCachedInformation: {
        if ((r = alloc_answer(a, sizeof(KEY_CACHED_INFORMATION32), sizeof(KEY_CACHED_INFORMATION32))))
            return r;
        KEY_CACHED_INFORMATION32 *i = (void *)a->bytes;
        i->LastWriteTime = st->last_write;
        i->SubKeys = st->subkeys;
        i->MaxNameLen = st->max_subkey_name;
        i->Values = st->values;
        i->MaxValueNameLen = st->max_value_name;
        i->MaxValueDataLen = st->max_value_data;
        i->NameLength = name_len;
        return STATUS_SUCCESS;
    }
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

static NTSTATUS value_answer(const struct reg_value *v, uint32_t info_class, struct answer *a)
{
    uint32_t name_len = regstore_utf16_bytes(v->name);
    NTSTATUS r;
    switch (info_class) {
    case KeyValueBasicInformation: {
        if ((r = alloc_answer(a, offsetof(KEY_VALUE_BASIC_INFORMATION32, Name),
                              offsetof(KEY_VALUE_BASIC_INFORMATION32, Name) + name_len)))
            return r;
        KEY_VALUE_BASIC_INFORMATION32 *i = (void *)a->bytes;
        i->Type = v->type;
        i->NameLength = put_utf16((uint8_t *)i->Name, v->name);
        return STATUS_SUCCESS;
    }
    case KeyValueFullInformation: {
        uint32_t data_off = (offsetof(KEY_VALUE_FULL_INFORMATION32, Name) + name_len + 3) & ~3u; /* ULONG-aligned, as the kernel does */
        if ((r = alloc_answer(a, offsetof(KEY_VALUE_FULL_INFORMATION32, Name), data_off + v->size)))
            return r;
        KEY_VALUE_FULL_INFORMATION32 *i = (void *)a->bytes;
        i->Type = v->type;
        i->NameLength = put_utf16((uint8_t *)i->Name, v->name);
        i->DataOffset = data_off;
        i->DataLength = v->size;
        memcpy(a->bytes + data_off, v->data, v->size);
        return STATUS_SUCCESS;
    }
    case KeyValuePartialInformation: {
        if ((r = alloc_answer(a, offsetof(KEY_VALUE_PARTIAL_INFORMATION32, Data),
                              offsetof(KEY_VALUE_PARTIAL_INFORMATION32, Data) + v->size)))
            return r;
        KEY_VALUE_PARTIAL_INFORMATION32 *i = (void *)a->bytes;
        i->Type = v->type;
        i->DataLength = v->size;
        memcpy(i->Data, v->data, v->size);
        return STATUS_SUCCESS;
    }
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

static NTSTATUS query_key(uint32_t h, uint32_t info_class, void *buf, uint32_t len, uint32_t *result_len)
{
    KEY_OR_FAIL(k, h);
    struct reg_key_stat st;
    NTSTATUS r = regstore_stat(k->id, &st);
    if (r != STATUS_SUCCESS)
        return r;
    struct answer a;
    r = key_answer(&st, k->physical, info_class, &a);
    regstore_stat_free(&st);
    return r == STATUS_SUCCESS ? give(&a, buf, len, result_len) : r;
}

NTSTATUS nt_query_key(uint32_t h, uint32_t info_class, void *buf, uint32_t len, uint32_t *result_len)
{
    uint64_t t0 = reg_record_start();
    int tr = TRACE_NT_BEGIN("NtQueryKey", "h KeyHandle, u KeyInformationClass, u Length", h, info_class, len);
    *result_len = 0;
    NTSTATUS st = query_key(h, info_class, buf, len, result_len);
    TRACE_NT_END(tr, st, "u ResultLength", *result_len);
    reg_record(TRACE_REC_REG_QUERY, t0, st, 0, h, trace_enabled ? key_path(h) : "");
    return st;
}

static NTSTATUS enumerate_key(uint32_t h, uint32_t index, uint32_t info_class, void *buf, uint32_t len,
                              uint32_t *result_len)
{
    KEY_OR_FAIL(k, h);
    if (info_class > KeyNodeInformation && info_class != KeyFullInformation)
        return STATUS_INVALID_PARAMETER;
    struct reg_key_stat sub;
    NTSTATUS r = regstore_subkey(k->id, index, &sub);
    if (r != STATUS_SUCCESS)
        return r;
    struct answer a;
    r = key_answer(&sub, sub.name, info_class, &a);
    regstore_stat_free(&sub);
    return r == STATUS_SUCCESS ? give(&a, buf, len, result_len) : r;
}

NTSTATUS nt_enumerate_key(uint32_t h, uint32_t index, uint32_t info_class, void *buf, uint32_t len,
                          uint32_t *result_len)
{
    int tr = TRACE_NT_BEGIN("NtEnumerateKey", "h KeyHandle, u Index, u KeyInformationClass, u Length", h, index,
                            info_class, len);
    *result_len = 0;
    NTSTATUS st = enumerate_key(h, index, info_class, buf, len, result_len);
    TRACE_NT_END(tr, st, "u ResultLength", *result_len);
    return st;
}

static NTSTATUS query_value(uint32_t h, const char *name, uint32_t info_class, void *buf, uint32_t len,
                            uint32_t *result_len)
{
    KEY_OR_FAIL(k, h);
    struct reg_value v;
    NTSTATUS r = regstore_get_value(k->id, name, &v);
    if (r != STATUS_SUCCESS)
        return r;
    struct answer a;
    r = value_answer(&v, info_class, &a);
    regstore_value_free(&v);
    return r == STATUS_SUCCESS ? give(&a, buf, len, result_len) : r;
}

NTSTATUS nt_query_value_key(uint32_t h, const char *name, uint32_t info_class, void *buf, uint32_t len,
                            uint32_t *result_len)
{
    uint64_t t0 = reg_record_start();
    int tr = TRACE_NT_BEGIN("NtQueryValueKey", "h KeyHandle, S ValueName, u KeyValueInformationClass, u Length", h,
                            name, info_class, len);
    *result_len = 0;
    NTSTATUS st = query_value(h, name, info_class, buf, len, result_len);
    TRACE_NT_END(tr, st, "u ResultLength", *result_len);
    reg_record(TRACE_REC_REG_QUERYVALUE, t0, st, 0, h, name);
    return st;
}

static NTSTATUS enumerate_value(uint32_t h, uint32_t index, uint32_t info_class, void *buf, uint32_t len,
                                uint32_t *result_len)
{
    KEY_OR_FAIL(k, h);
    struct reg_value v;
    NTSTATUS r = regstore_value_at(k->id, index, &v);
    if (r != STATUS_SUCCESS)
        return r;
    struct answer a;
    r = value_answer(&v, info_class, &a);
    regstore_value_free(&v);
    return r == STATUS_SUCCESS ? give(&a, buf, len, result_len) : r;
}

NTSTATUS nt_enumerate_value_key(uint32_t h, uint32_t index, uint32_t info_class, void *buf, uint32_t len,
                                uint32_t *result_len)
{
    int tr = TRACE_NT_BEGIN("NtEnumerateValueKey", "h KeyHandle, u Index, u KeyValueInformationClass, u Length",
                            h, index, info_class, len);
    *result_len = 0;
    NTSTATUS st = enumerate_value(h, index, info_class, buf, len, result_len);
    TRACE_NT_END(tr, st, "u ResultLength", *result_len);
    return st;
}
