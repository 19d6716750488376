/* advapi32's registry functions on the NT registry services: predefined
 * keys, A/W strings (one implementation each, `wide` says which), the
 * Win32 size rules (ERROR_MORE_DATA, counts with or without the NUL) and
 * LSTATUS results. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/log.h"
#include "core/unicode.h"
#include "syscalls/advapi32/api_args.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/env.h"
#include "syscalls/ntdll/nt_reg_notify.h"
#include "syscalls/ntdll/nt_registry.h"
#include "syscalls/ntdll/struct32_registry.h"
#include "syscalls/win32_errors.h"

#define HKEY_CLASSES_ROOT     0x80000000u
#define HKEY_CURRENT_USER     0x80000001u
#define HKEY_LOCAL_MACHINE    0x80000002u
#define HKEY_USERS            0x80000003u
#define HKEY_PERFORMANCE_DATA 0x80000004u
#define HKEY_CURRENT_CONFIG   0x80000005u
#define HKEY_DYN_DATA         0x80000006u

#define ERROR_UNSUPPORTED_TYPE   1630u
#define ERROR_DATATYPE_MISMATCH  1629u
#define ERROR_BAD_NETPATH_REG    53u

/* RegGetValue flags */
#define RRF_RT_REG_NONE      0x00000001u
#define RRF_RT_REG_SZ        0x00000002u
#define RRF_RT_REG_EXPAND_SZ 0x00000004u
#define RRF_RT_REG_BINARY    0x00000008u
#define RRF_RT_REG_DWORD     0x00000010u
#define RRF_RT_REG_MULTI_SZ  0x00000020u
#define RRF_RT_REG_QWORD     0x00000040u
#define RRF_RT_DWORD         (RRF_RT_REG_BINARY | RRF_RT_REG_DWORD)
#define RRF_RT_QWORD         (RRF_RT_REG_BINARY | RRF_RT_REG_QWORD)
#define RRF_RT_ANY           0x0000FFFFu
#define RRF_SUBKEY_WOW6464KEY 0x00010000u
#define RRF_SUBKEY_WOW6432KEY 0x00020000u
#define RRF_NOEXPAND         0x10000000u
#define RRF_ZEROONFAILURE    0x20000000u

static const char *const predefined_paths[] = {
    "\\REGISTRY\\MACHINE\\SOFTWARE\\Classes",
    "\\REGISTRY\\USER\\" WOWBOX_USER_SID,
    "\\REGISTRY\\MACHINE",
    "\\REGISTRY\\USER",
    NULL, /* HKEY_PERFORMANCE_DATA: not a key of the store */
    "\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Hardware Profiles\\Current",
};
static uint32_t predefined_handles[6];

static bool is_predefined(uint32_t hkey)
{
    return hkey >= HKEY_CLASSES_ROOT && hkey <= HKEY_DYN_DATA;
}

static uint32_t error_of(NTSTATUS st)
{
    return ntstatus_to_win32(st);
}

/* The NT handle behind hkey (a predefined key is opened on first use). */
static NTSTATUS nt_handle(uint32_t hkey, uint32_t *h)
{
    if (!is_predefined(hkey)) {
        *h = hkey;
        return nt_key_path(hkey) ? STATUS_SUCCESS : STATUS_INVALID_HANDLE;
    }
    uint32_t i = hkey - HKEY_CLASSES_ROOT;
    if (i >= sizeof predefined_paths / sizeof predefined_paths[0] || !predefined_paths[i])
        return STATUS_INVALID_HANDLE;
    if (!predefined_handles[i]) {
        NTSTATUS st = nt_open_key(0, predefined_paths[i], 0, &predefined_handles[i]);
        if (st != STATUS_SUCCESS)
            return st;
    }
    *h = predefined_handles[i];
    return STATUS_SUCCESS;
}

static bool is_string_type(uint32_t type)
{
    return type == REG_SZ || type == REG_EXPAND_SZ || type == REG_MULTI_SZ;
}

/* ---- guest strings ---------------------------------------------------------- */

/* A guest string argument as UTF-8; a NULL pointer gives NULL. False: unreadable. */
static bool arg_text(gaddr p, bool wide, char **out)
{
    *out = NULL;
    if (!p)
        return true;
    if (wide) {
        *out = gm_wcs_to_utf8(p);
        return *out != NULL;
    }
    char *a = gm_strdup(p);
    if (!a)
        return false;
    *out = ansi_to_utf8(a);
    free(a);
    return *out != NULL;
}

/* Characters of a name in the caller's encoding, without the NUL. */
static uint32_t text_chars(const char *utf8, bool wide)
{
    if (wide)
        return regstore_utf16_bytes(utf8) / 2;
    char *a = utf8_to_ansi(utf8);
    uint32_t n = a ? (uint32_t)strlen(a) : 0;
    free(a);
    return n;
}

/* Writes utf8 and its NUL at dst in the caller's encoding. */
static bool put_text(gaddr dst, const char *utf8, bool wide)
{
    if (wide) {
        size_t n = 0;
        uint16_t *w = utf8_to_utf16(utf8, &n);
        bool ok = w && gm_write(dst, w, (n + 1) * 2);
        free(w);
        return ok;
    }
    char *a = utf8_to_ansi(utf8);
    bool ok = a && gm_write(dst, a, strlen(a) + 1);
    free(a);
    return ok;
}

/* String data between UTF-16 (stored) and ANSI (the A functions): one byte
 * per unit, the ANSI code page being Latin-1 here. */
static uint8_t *data_to_ansi(const uint8_t *data, uint32_t size, uint32_t *out_size)
{
    uint32_t n = size / 2;
    uint8_t *out = malloc(n ? n : 1);
    if (!out)
        return NULL;
    for (uint32_t i = 0; i < n; i++) {
        uint16_t u = (uint16_t)(data[2 * i] | data[2 * i + 1] << 8);
        out[i] = u < 0x100 ? (uint8_t)u : '?';
    }
    *out_size = n;
    return out;
}

static uint8_t *data_from_ansi(const uint8_t *data, uint32_t size, uint32_t *out_size)
{
    uint8_t *out = malloc(size ? 2 * (size_t)size : 1);
    if (!out)
        return NULL;
    for (uint32_t i = 0; i < size; i++) {
        out[2 * i] = data[i];
        out[2 * i + 1] = 0;
    }
    *out_size = 2 * size;
    return out;
}

/* ---- the merged HKEY_CLASSES_ROOT --------------------------------------------- */

/* A key opened through HKEY_CLASSES_ROOT is merged at every level, as on
 * Windows: opens below it look in the user's classes
 * (HKCU\Software\Classes) first, then the machine's (HKLM\Software\Classes),
 * and its subkeys are both keys' subkeys, the user's shadowing the
 * machine's of the same name. Such a handle remembers its path below
 * Classes as the program named it, so WOW6432Node redirection applies to
 * the whole path again on each open (the NT layer redirects). Its values
 * are the key it opened (the user's when there is one). */
struct merged_subkey {
    char *name, *class_name;
    int64_t time;
};

struct merged_key {
    uint32_t h;        /* the NT handle (HKEY_CLASSES_ROOT itself: 0) */
    char *path;        /* below Classes ("" for HKEY_CLASSES_ROOT) */
    char *key_path;    /* the NT key's path, to notice a handle closed by NtClose and reused */
    /* the subkeys of the last enumeration from index 0, so walking them
     * by index is not quadratic */
    struct merged_subkey *subkeys;
    uint32_t nsubkeys;
    bool listed;
    struct merged_key *next;
};
static struct merged_key classes_root = { 0, "", NULL, NULL, 0, false, NULL };

static void merged_remove(uint32_t h);

static struct merged_key *merged_of(uint32_t hkey)
{
    if (hkey == HKEY_CLASSES_ROOT)
        return &classes_root;
    for (struct merged_key *m = classes_root.next; m; m = m->next) {
        if (m->h != hkey)
            continue;
        const char *now = nt_key_path(hkey);
        if (now && strcmp(now, m->key_path) == 0)
            return m;
        merged_remove(hkey); /* closed some other way; the value names another key now */
        return NULL;
    }
    return NULL;
}

static void merged_forget_list(struct merged_key *m)
{
    for (uint32_t i = 0; i < m->nsubkeys; i++) {
        free(m->subkeys[i].name);
        free(m->subkeys[i].class_name);
    }
    free(m->subkeys);
    m->subkeys = NULL;
    m->nsubkeys = 0;
    m->listed = false;
}

/* h (a new handle) is a merged key at path; false when out of memory. */
static bool merged_add(uint32_t h, const char *path)
{
    struct merged_key *m = calloc(1, sizeof *m);
    const char *key_path = nt_key_path(h);
    if (!m || !key_path || !(m->path = strdup(path)) || !(m->key_path = strdup(key_path))) {
        if (m)
            free(m->path);
        free(m);
        return false;
    }
    m->h = h;
    m->next = classes_root.next;
    classes_root.next = m;
    return true;
}

static void merged_remove(uint32_t h)
{
    for (struct merged_key **pp = &classes_root.next; *pp; pp = &(*pp)->next) {
        struct merged_key *m = *pp;
        if (m->h == h) {
            *pp = m->next;
            merged_forget_list(m);
            free(m->path);
            free(m->key_path);
            free(m);
            return;
        }
    }
}

/* "base\sub" (either may be empty), malloc'd. */
static char *join_path(const char *base, const char *sub)
{
    size_t n = strlen(base) + strlen(sub) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s%s%s", base, base[0] && sub[0] ? "\\" : "", sub);
    return p;
}

static bool not_found(NTSTATUS st)
{
    return st == STATUS_OBJECT_NAME_NOT_FOUND || st == STATUS_OBJECT_PATH_NOT_FOUND;
}

/* The user's (HKCU\Software\Classes\path) or the machine's classes key at path. */
static NTSTATUS open_classes_of(bool user, const char *path, uint32_t access, uint32_t *out)
{
    uint32_t root;
    NTSTATUS st = nt_handle(user ? HKEY_CURRENT_USER : HKEY_CLASSES_ROOT, &root);
    if (st != STATUS_SUCCESS)
        return st;
    if (!user)
        return nt_open_key(root, path, access, out);
    char *full = join_path("Software\\Classes", path);
    if (!full)
        return STATUS_NO_MEMORY;
    st = nt_open_key(root, full, access, out);
    free(full);
    return st;
}

/* Opens path below the merged classes: the user's key, else the machine's;
 * a handle given to the program is remembered as merged (remember).
 * HKEY_CLASSES_ROOT's own key ("") is the machine's, as the predefined
 * handle is. */
static NTSTATUS open_merged(const char *path, uint32_t access, bool remember, uint32_t *out)
{
    NTSTATUS st = STATUS_OBJECT_NAME_NOT_FOUND;
    if (path[0])
        st = open_classes_of(true, path, access, out);
    if (not_found(st))
        st = open_classes_of(false, path, access, out);
    if (st == STATUS_SUCCESS && remember && !merged_add(*out, path)) {
        nt_close_key(*out);
        st = STATUS_NO_MEMORY;
    }
    return st;
}

/* ---- opening and creating --------------------------------------------------- */

/* Opens sub below hkey; below a merged classes key the merged view. The
 * handle is for this file's own use (closed with nt_close_key) unless it
 * goes to the program (open_key). */
static NTSTATUS open_sub_as(uint32_t hkey, const char *sub, uint32_t access, bool for_program, uint32_t *out)
{
    uint32_t h;
    NTSTATUS st;
    const struct merged_key *m = merged_of(hkey);
    if (m && (!sub || sub[0] != '\\')) {
        if ((st = nt_handle(hkey, &h)) != STATUS_SUCCESS) /* a closed or bad handle stays bad */
            return st;
        char *path = join_path(m->path, sub ? sub : "");
        if (!path)
            return STATUS_NO_MEMORY;
        st = open_merged(path, access, for_program, out);
        free(path);
        return st;
    }
    if ((st = nt_handle(hkey, &h)) != STATUS_SUCCESS)
        return st;
    return nt_open_key(h, sub ? sub : "", access, out);
}

static NTSTATUS open_sub(uint32_t hkey, const char *sub, uint32_t access, uint32_t *out)
{
    return open_sub_as(hkey, sub, access, false, out);
}

static void close_key(uint32_t h)
{
    if (!is_predefined(h)) {
        merged_remove(h);
        nt_close_key(h);
    }
}

static uint32_t put_handle(gaddr phkResult, uint32_t h)
{
    if (gm_write_u32(phkResult, h))
        return ERROR_SUCCESS;
    close_key(h);
    return ERROR_NOACCESS;
}

static uint32_t open_key(uint32_t hkey, gaddr lpSubKey, uint32_t access, gaddr phkResult, bool wide,
                         bool same_handle_for_null)
{
    if (!phkResult)
        return ERROR_INVALID_PARAMETER;
    char *sub;
    if (!arg_text(lpSubKey, wide, &sub))
        return ERROR_NOACCESS;
    if (same_handle_for_null && (!sub || !sub[0])) { /* RegOpenKey: the same handle back */
        free(sub);
        uint32_t h;
        NTSTATUS st = nt_handle(hkey, &h);
        return st == STATUS_SUCCESS ? put_handle(phkResult, hkey) : error_of(st);
    }
    uint32_t h = 0;
    NTSTATUS st = open_sub_as(hkey, sub, access, true, &h);
    free(sub);
    if (st != STATUS_SUCCESS) {
        gm_write_u32(phkResult, 0);
        return error_of(st);
    }
    return put_handle(phkResult, h);
}

/* RegCreateKeyEx creates every missing key of the path, one level at a time. */
static NTSTATUS create_path(uint32_t hkey, const char *sub, const char *class_name, uint32_t options,
                            uint32_t access, uint32_t *out, uint32_t *disposition)
{
    uint32_t h;
    NTSTATUS st = nt_handle(hkey, &h);
    if (st != STATUS_SUCCESS)
        return st;
    if (sub[0] == '\\')
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    char *copy = strdup(sub);
    if (!copy)
        return STATUS_NO_MEMORY;
    uint32_t cur = h;
    *disposition = REG_OPENED_EXISTING_KEY;
    char *save = NULL, *comp = strtok_r(copy, "\\", &save);
    if (!comp) /* "" names the key itself */
        st = nt_open_key(h, "", access, &cur);
    while (comp && st == STATUS_SUCCESS) {
        char *next = strtok_r(NULL, "\\", &save);
        uint32_t child;
        st = nt_create_key(cur, comp, access, next ? NULL : class_name, options, &child, disposition);
        if (cur != h)
            nt_close_key(cur);
        cur = st == STATUS_SUCCESS ? child : h;
        comp = next;
    }
    free(copy);
    if (st == STATUS_SUCCESS)
        *out = cur;
    return st;
}

static uint32_t create_key(uint32_t hkey, gaddr lpSubKey, gaddr lpClass, uint32_t options, uint32_t access,
                           gaddr phkResult, gaddr lpdwDisposition, bool wide)
{
    if (!phkResult)
        return ERROR_INVALID_PARAMETER;
    char *sub, *cls;
    if (!arg_text(lpSubKey, wide, &sub))
        return ERROR_NOACCESS;
    if (!arg_text(lpClass, wide, &cls)) {
        free(sub);
        return ERROR_NOACCESS;
    }
    uint32_t h = 0, disp = 0;
    NTSTATUS st = create_path(hkey, sub ? sub : "", cls && cls[0] ? cls : NULL, options, access, &h, &disp);
    const struct merged_key *m = merged_of(hkey);
    char *path = st == STATUS_SUCCESS && m ? join_path(m->path, sub ? sub : "") : NULL;
    if (path && !merged_add(h, path)) /* created below HKEY_CLASSES_ROOT: merged too */
        st = STATUS_NO_MEMORY;
    if (st == STATUS_NO_MEMORY && h)
        nt_close_key(h);
    free(path);
    free(sub);
    free(cls);
    if (st != STATUS_SUCCESS)
        return error_of(st);
    if (lpdwDisposition && !gm_write_u32(lpdwDisposition, disp)) {
        close_key(h);
        return ERROR_NOACCESS;
    }
    return put_handle(phkResult, h);
}

/* ---- values --------------------------------------------------------------- */

/* The value's type and data (UTF-16 for strings, as stored). */
static NTSTATUS read_value(uint32_t h, const char *name, uint32_t *type, uint8_t **data, uint32_t *size)
{
    uint32_t need = 0;
    NTSTATUS st = nt_query_value_key(h, name ? name : "", KeyValuePartialInformation, NULL, 0, &need);
    if (st != STATUS_BUFFER_TOO_SMALL)
        return st;
    KEY_VALUE_PARTIAL_INFORMATION32 *info = malloc(need);
    if (!info)
        return STATUS_NO_MEMORY;
    st = nt_query_value_key(h, name ? name : "", KeyValuePartialInformation, info, need, &need);
    if (st == STATUS_SUCCESS) {
        *type = info->Type;
        *size = info->DataLength;
        *data = malloc(*size ? *size : 1);
        if (*data)
            memcpy(*data, info->Data, *size);
        else
            st = STATUS_NO_MEMORY;
    }
    free(info);
    return st;
}

/* Gives data to a (lpData, lpcbData) pair as RegQueryValueEx does: NULL
 * lpData asks for the size; too small a buffer is ERROR_MORE_DATA with the
 * size needed. */
static uint32_t give_data(const uint8_t *data, uint32_t size, gaddr lpData, gaddr lpcbData)
{
    uint32_t cap = 0;
    if (lpcbData && !gm_read_u32(lpcbData, &cap))
        return ERROR_NOACCESS;
    uint32_t r = ERROR_SUCCESS;
    if (lpData) {
        if (cap < size)
            r = ERROR_MORE_DATA;
        else if (!gm_write(lpData, data, size))
            return ERROR_NOACCESS;
    }
    if (lpcbData && !gm_write_u32(lpcbData, size))
        return ERROR_NOACCESS;
    return r;
}

/* The data in the caller's encoding: A callers get strings in ANSI. */
static uint8_t *caller_data(uint32_t type, uint8_t *data, uint32_t size, bool wide, uint32_t *out_size)
{
    if (wide || !is_string_type(type)) {
        *out_size = size;
        return data;
    }
    uint8_t *a = data_to_ansi(data, size, out_size);
    free(data);
    return a;
}

static uint32_t query_value(uint32_t hkey, gaddr lpValueName, gaddr lpType, gaddr lpData, gaddr lpcbData, bool wide)
{
    if (lpData && !lpcbData)
        return ERROR_INVALID_PARAMETER;
    uint32_t h;
    NTSTATUS st = nt_handle(hkey, &h);
    if (st != STATUS_SUCCESS)
        return error_of(st);
    char *name;
    if (!arg_text(lpValueName, wide, &name))
        return ERROR_NOACCESS;
    uint32_t type = 0, size = 0;
    uint8_t *data = NULL;
    st = read_value(h, name, &type, &data, &size);
    free(name);
    if (st != STATUS_SUCCESS)
        return error_of(st);
    data = caller_data(type, data, size, wide, &size);
    if (!data)
        return ERROR_NOT_ENOUGH_MEMORY;
    uint32_t r = ERROR_SUCCESS;
    if (lpType && !gm_write_u32(lpType, type))
        r = ERROR_NOACCESS;
    if (r == ERROR_SUCCESS)
        r = give_data(data, size, lpData, lpcbData);
    free(data);
    return r;
}

static uint32_t set_value(uint32_t hkey, gaddr lpValueName, uint32_t type, gaddr lpData, uint32_t cbData, bool wide)
{
    uint32_t h;
    NTSTATUS st = nt_handle(hkey, &h);
    if (st != STATUS_SUCCESS)
        return error_of(st);
    if (!lpData && cbData)
        return ERROR_NOACCESS;
    char *name;
    if (!arg_text(lpValueName, wide, &name))
        return ERROR_NOACCESS;
    uint8_t *data = malloc(cbData ? cbData : 1);
    if (!data || (cbData && !gm_read(lpData, data, cbData))) {
        free(data);
        free(name);
        return data ? ERROR_NOACCESS : ERROR_NOT_ENOUGH_MEMORY;
    }
    uint32_t size = cbData;
    if (!wide && is_string_type(type)) {
        uint8_t *w = data_from_ansi(data, cbData, &size);
        free(data);
        data = w;
    }
    st = data ? nt_set_value_key(h, name ? name : "", type, data, size) : STATUS_NO_MEMORY;
    free(data);
    free(name);
    return error_of(st);
}

static uint32_t delete_value(uint32_t hkey, gaddr lpValueName, bool wide)
{
    uint32_t h;
    NTSTATUS st = nt_handle(hkey, &h);
    if (st != STATUS_SUCCESS)
        return error_of(st);
    char *name;
    if (!arg_text(lpValueName, wide, &name))
        return ERROR_NOACCESS;
    st = nt_delete_value_key(h, name ? name : "");
    free(name);
    return error_of(st);
}

/* RegSetKeyValue: a value of a subkey, created when it does not exist. */
static uint32_t set_key_value(uint32_t hkey, gaddr lpSubKey, gaddr lpValueName, uint32_t type, gaddr lpData,
                              uint32_t cbData, bool wide)
{
    char *sub;
    if (!arg_text(lpSubKey, wide, &sub))
        return ERROR_NOACCESS;
    if (!sub || !sub[0]) {
        free(sub);
        return set_value(hkey, lpValueName, type, lpData, cbData, wide);
    }
    uint32_t h = 0, disp;
    NTSTATUS st = create_path(hkey, sub, NULL, 0, 0, &h, &disp);
    free(sub);
    if (st != STATUS_SUCCESS)
        return error_of(st);
    uint32_t r = set_value(h, lpValueName, type, lpData, cbData, wide);
    nt_close_key(h);
    return r;
}

/* RegDeleteKeyValue: a value of an existing subkey. */
static uint32_t delete_key_value(uint32_t hkey, gaddr lpSubKey, gaddr lpValueName, bool wide)
{
    char *sub;
    if (!arg_text(lpSubKey, wide, &sub))
        return ERROR_NOACCESS;
    if (!sub || !sub[0]) {
        free(sub);
        return delete_value(hkey, lpValueName, wide);
    }
    uint32_t h;
    NTSTATUS st = open_sub(hkey, sub, 0, &h);
    free(sub);
    if (st != STATUS_SUCCESS)
        return error_of(st);
    uint32_t r = delete_value(h, lpValueName, wide);
    nt_close_key(h);
    return r;
}

/* RegQueryValue: the default value of a subkey, as a string; a key without
 * one reads as "". */
static uint32_t query_default(uint32_t hkey, gaddr lpSubKey, gaddr lpData, gaddr lpcbData, bool wide)
{
    char *sub;
    if (!arg_text(lpSubKey, wide, &sub))
        return ERROR_NOACCESS;
    uint32_t h;
    bool opened = sub && sub[0];
    NTSTATUS st = opened ? open_sub(hkey, sub, 0, &h) : nt_handle(hkey, &h);
    free(sub);
    if (st != STATUS_SUCCESS)
        return error_of(st);
    uint32_t type = REG_SZ, size = 0;
    uint8_t *data = NULL;
    st = read_value(h, "", &type, &data, &size);
    if (opened)
        nt_close_key(h);
    if (st == STATUS_OBJECT_NAME_NOT_FOUND) {
        data = calloc(1, 2);
        size = 2;
        st = data ? STATUS_SUCCESS : STATUS_NO_MEMORY;
    }
    if (st != STATUS_SUCCESS)
        return error_of(st);
    if (type != REG_SZ) {
        free(data);
        return ERROR_INVALID_DATA;
    }
    data = caller_data(type, data, size, wide, &size);
    uint32_t r = data ? give_data(data, size, lpData, lpcbData) : ERROR_NOT_ENOUGH_MEMORY;
    free(data);
    return r;
}

/* RegSetValue: creates the subkey and sets its default value to a string. */
static uint32_t set_default(uint32_t hkey, gaddr lpSubKey, uint32_t type, gaddr lpData, bool wide)
{
    if (type != REG_SZ || !lpData)
        return ERROR_INVALID_PARAMETER;
    char *sub, *text;
    if (!arg_text(lpSubKey, wide, &sub))
        return ERROR_NOACCESS;
    if (!arg_text(lpData, wide, &text)) {
        free(sub);
        return ERROR_NOACCESS;
    }
    uint32_t h = 0, disp;
    NTSTATUS st = create_path(hkey, sub ? sub : "", NULL, 0, 0, &h, &disp);
    free(sub);
    size_t n = 0;
    uint16_t *w = st == STATUS_SUCCESS ? utf8_to_utf16(text, &n) : NULL;
    if (st == STATUS_SUCCESS)
        st = w ? nt_set_value_key(h, "", REG_SZ, w, (uint32_t)(n + 1) * 2) : STATUS_NO_MEMORY;
    free(w);
    free(text);
    if (h)
        nt_close_key(h);
    return error_of(st);
}

/* ---- RegGetValue ------------------------------------------------------------ */

static uint32_t type_flag(uint32_t type)
{
    switch (type) {
    case REG_NONE: return RRF_RT_REG_NONE;
    case REG_SZ: return RRF_RT_REG_SZ;
    case REG_EXPAND_SZ: return RRF_RT_REG_EXPAND_SZ;
    case REG_BINARY: return RRF_RT_REG_BINARY;
    case REG_DWORD: return RRF_RT_REG_DWORD;
    case REG_MULTI_SZ: return RRF_RT_REG_MULTI_SZ;
    case REG_QWORD: return RRF_RT_REG_QWORD;
    default: return 0;
    }
}

/* Whether flags accept the value; a REG_BINARY passes RRF_RT_DWORD or
 * RRF_RT_QWORD only with 4 or 8 bytes. */
static uint32_t check_type(uint32_t flags, uint32_t type, uint32_t size)
{
    uint32_t allowed = flags & RRF_RT_ANY;
    if (allowed == RRF_RT_ANY)
        return ERROR_SUCCESS;
    if (type == REG_BINARY && (allowed == RRF_RT_DWORD || allowed == RRF_RT_QWORD))
        return size == (allowed == RRF_RT_DWORD ? 4u : 8u) ? ERROR_SUCCESS : ERROR_DATATYPE_MISMATCH;
    return type_flag(type) & allowed ? ERROR_SUCCESS : ERROR_UNSUPPORTED_TYPE;
}

/* A string value ends with its NUL for RegGetValue, expanded unless told
 * not to (the type then reads REG_SZ). */
static NTSTATUS finish_string(uint32_t flags, uint32_t *type, uint8_t **data, uint32_t *size)
{
    size_t units = *size / 2;
    uint16_t *w = (uint16_t *)*data;
    while (units && w[units - 1] == 0 && *type != REG_MULTI_SZ)
        units--;
    if (*type == REG_EXPAND_SZ && !(flags & RRF_NOEXPAND)) {
        size_t olen = 0;
        uint16_t *x = env_expand(w, units, &olen);
        if (!x)
            return STATUS_NO_MEMORY;
        free(*data);
        *data = (uint8_t *)x;
        *size = (uint32_t)(olen + 1) * 2;
        *type = REG_SZ;
        return STATUS_SUCCESS;
    }
    bool terminated = units < *size / 2 || (*type == REG_MULTI_SZ && units && w[units - 1] == 0);
    if (terminated && *type != REG_MULTI_SZ)
        *size = (uint32_t)(units + 1) * 2;
    if (!terminated) {
        uint8_t *grown = realloc(*data, units * 2 + 2);
        if (!grown)
            return STATUS_NO_MEMORY;
        grown[units * 2] = grown[units * 2 + 1] = 0;
        *data = grown;
        *size = (uint32_t)(units + 1) * 2;
    }
    return STATUS_SUCCESS;
}

static uint32_t get_value(uint32_t hkey, gaddr lpSubKey, gaddr lpValue, uint32_t flags, gaddr pdwType, gaddr pvData,
                          gaddr pcbData, bool wide)
{
    if ((pvData && !pcbData) || !(flags & RRF_RT_ANY))
        return ERROR_INVALID_PARAMETER;
    if ((flags & RRF_RT_ANY) == RRF_RT_REG_EXPAND_SZ && !(flags & RRF_NOEXPAND))
        return ERROR_INVALID_PARAMETER;
    uint32_t zero_size = 0; /* RRF_ZEROONFAILURE clears the buffer as the caller sized it */
    if (pcbData && !gm_read_u32(pcbData, &zero_size))
        return ERROR_NOACCESS;
    char *sub, *name;
    if (!arg_text(lpSubKey, wide, &sub))
        return ERROR_NOACCESS;
    if (!arg_text(lpValue, wide, &name)) {
        free(sub);
        return ERROR_NOACCESS;
    }
    uint32_t access = flags & RRF_SUBKEY_WOW6464KEY ? KEY_WOW64_64KEY : flags & RRF_SUBKEY_WOW6432KEY ? KEY_WOW64_32KEY : 0;
    uint32_t h = 0;
    bool opened = sub && sub[0];
    NTSTATUS st = opened ? open_sub(hkey, sub, access, &h) : nt_handle(hkey, &h);
    uint32_t type = 0, size = 0;
    uint8_t *data = NULL;
    if (st == STATUS_SUCCESS)
        st = read_value(h, name, &type, &data, &size);
    if (opened && h)
        nt_close_key(h);
    free(sub);
    free(name);
    if (st == STATUS_SUCCESS && is_string_type(type))
        st = finish_string(flags, &type, &data, &size);
    uint32_t r = error_of(st);
    if (r == ERROR_SUCCESS)
        r = check_type(flags, type, size);
    if (r == ERROR_SUCCESS && !(data = caller_data(type, data, size, wide, &size)))
        r = ERROR_NOT_ENOUGH_MEMORY;
    if (r == ERROR_SUCCESS && pdwType && !gm_write_u32(pdwType, type))
        r = ERROR_NOACCESS;
    if (r == ERROR_SUCCESS)
        r = give_data(data, size, pvData, pcbData);
    if (r != ERROR_SUCCESS && (flags & RRF_ZEROONFAILURE) && pvData)
        gm_fill(pvData, 0, zero_size);
    free(data);
    return r;
}

/* ---- keys: delete, enumerate, information --------------------------------------- */

static uint32_t delete_key(uint32_t hkey, gaddr lpSubKey, uint32_t access, bool wide)
{
    char *sub;
    if (!arg_text(lpSubKey, wide, &sub))
        return ERROR_NOACCESS;
    if (!sub)
        return ERROR_INVALID_PARAMETER;
    uint32_t h;
    NTSTATUS st = open_sub(hkey, sub, access, &h);
    free(sub);
    if (st != STATUS_SUCCESS)
        return error_of(st);
    st = nt_delete_key(h);
    nt_close_key(h);
    return error_of(st);
}

/* Deletes every subkey of h, depth first. */
static NTSTATUS delete_subtree(uint32_t h)
{
    uint8_t buf[1024];
    for (;;) {
        uint32_t len = 0;
        NTSTATUS st = nt_enumerate_key(h, 0, KeyBasicInformation, buf, sizeof buf - 2, &len);
        if (st == STATUS_NO_MORE_ENTRIES)
            return STATUS_SUCCESS;
        if (st != STATUS_SUCCESS)
            return st;
        KEY_BASIC_INFORMATION32 *info = (void *)buf;
        char *name = utf16_to_utf8(info->Name, info->NameLength / 2);
        if (!name)
            return STATUS_NO_MEMORY;
        uint32_t child;
        st = nt_open_key(h, name, 0, &child);
        free(name);
        if (st != STATUS_SUCCESS)
            return st;
        st = delete_subtree(child);
        if (st == STATUS_SUCCESS)
            st = nt_delete_key(child);
        nt_close_key(child);
        if (st != STATUS_SUCCESS)
            return st;
    }
}

static NTSTATUS delete_values(uint32_t h)
{
    uint8_t buf[1024];
    for (;;) {
        uint32_t len = 0;
        NTSTATUS st = nt_enumerate_value_key(h, 0, KeyValueBasicInformation, buf, sizeof buf - 2, &len);
        if (st == STATUS_NO_MORE_ENTRIES)
            return STATUS_SUCCESS;
        if (st != STATUS_SUCCESS)
            return st;
        KEY_VALUE_BASIC_INFORMATION32 *info = (void *)buf;
        char *name = utf16_to_utf8(info->Name, info->NameLength / 2);
        if (!name)
            return STATUS_NO_MEMORY;
        st = nt_delete_value_key(h, name);
        free(name);
        if (st != STATUS_SUCCESS)
            return st;
    }
}

/* RegDeleteTree: with a subkey, that key and everything below it; without,
 * the key's values and subkeys (the key stays). */
static uint32_t delete_tree(uint32_t hkey, gaddr lpSubKey, bool wide)
{
    char *sub;
    if (!arg_text(lpSubKey, wide, &sub))
        return ERROR_NOACCESS;
    uint32_t h;
    bool opened = sub && sub[0];
    NTSTATUS st = opened ? open_sub(hkey, sub, 0, &h) : nt_handle(hkey, &h);
    free(sub);
    if (st != STATUS_SUCCESS)
        return error_of(st);
    st = delete_subtree(h);
    if (st == STATUS_SUCCESS)
        st = opened ? nt_delete_key(h) : delete_values(h);
    if (opened)
        nt_close_key(h);
    return error_of(st);
}

/* A subkey's name, class and time by index. */
static NTSTATUS subkey_at(uint32_t h, uint32_t index, char **name, char **class_name, int64_t *time)
{
    uint32_t need = 0;
    NTSTATUS st = nt_enumerate_key(h, index, KeyNodeInformation, NULL, 0, &need);
    if (st != STATUS_BUFFER_TOO_SMALL)
        return st;
    need += 4; /* the count leaves out the padding before the class */
    uint8_t *buf = malloc(need);
    if (!buf)
        return STATUS_NO_MEMORY;
    st = nt_enumerate_key(h, index, KeyNodeInformation, buf, need, &need);
    if (st == STATUS_SUCCESS) {
        KEY_NODE_INFORMATION32 *info = (void *)buf;
        *name = utf16_to_utf8(info->Name, info->NameLength / 2);
        *class_name = info->ClassLength ? utf16_to_utf8((uint16_t *)(buf + info->ClassOffset), info->ClassLength / 2)
                                        : strdup("");
        *time = info->LastWriteTime;
        if (!*name || !*class_name) {
            free(*name);
            free(*class_name);
            st = STATUS_NO_MEMORY;
        }
    }
    free(buf);
    return st;
}

/* Appends the subkeys of key h (0: none) that shadow (the user's key,
 * NULL) does not have to m's list. */
static NTSTATUS list_subkeys(struct merged_key *m, uint32_t h, uint32_t shadow_from)
{
    NTSTATUS st = STATUS_SUCCESS;
    for (uint32_t i = 0; h && st == STATUS_SUCCESS; i++) {
        struct merged_subkey k;
        st = subkey_at(h, i, &k.name, &k.class_name, &k.time);
        if (st != STATUS_SUCCESS)
            break;
        uint32_t shadow;
        bool shadowed = shadow_from && nt_open_key(shadow_from, k.name, 0, &shadow) == STATUS_SUCCESS;
        if (shadowed)
            nt_close_key(shadow);
        struct merged_subkey *grown = shadowed ? NULL : realloc(m->subkeys, (m->nsubkeys + 1) * sizeof *grown);
        if (grown) {
            m->subkeys = grown;
            m->subkeys[m->nsubkeys++] = k;
        } else {
            free(k.name);
            free(k.class_name);
            st = shadowed ? STATUS_SUCCESS : STATUS_NO_MEMORY;
        }
    }
    return st == STATUS_NO_MORE_ENTRIES ? STATUS_SUCCESS : st;
}

/* A merged key's subkeys: the user's classes first, then the machine's
 * that the user has no key of the same name for (the user's shadows it,
 * as on open). Listed again at each enumeration from index 0. */
static NTSTATUS merged_list(struct merged_key *m)
{
    merged_forget_list(m);
    uint32_t user = 0, machine = 0;
    if (open_classes_of(true, m->path, 0, &user) != STATUS_SUCCESS)
        user = 0;
    NTSTATUS st = open_classes_of(false, m->path, 0, &machine);
    if (st != STATUS_SUCCESS && !not_found(st)) {
        if (user)
            nt_close_key(user);
        return st;
    }
    if (st != STATUS_SUCCESS)
        machine = 0;
    st = list_subkeys(m, user, 0);
    if (st == STATUS_SUCCESS)
        st = list_subkeys(m, machine, user);
    if (user)
        nt_close_key(user);
    if (machine)
        nt_close_key(machine);
    if (st != STATUS_SUCCESS)
        merged_forget_list(m);
    m->listed = st == STATUS_SUCCESS;
    return st;
}

static NTSTATUS merged_subkey_at(struct merged_key *m, uint32_t index, char **name, char **class_name,
                                 int64_t *time)
{
    if (index == 0 || !m->listed) {
        NTSTATUS st = merged_list(m);
        if (st != STATUS_SUCCESS)
            return st;
    }
    if (index >= m->nsubkeys)
        return STATUS_NO_MORE_ENTRIES;
    const struct merged_subkey *k = &m->subkeys[index];
    *name = strdup(k->name);
    *class_name = strdup(k->class_name);
    *time = k->time;
    if (!*name || !*class_name) {
        free(*name);
        free(*class_name);
        return STATUS_NO_MEMORY;
    }
    return STATUS_SUCCESS;
}

/* A listed merged key's subkey count and longest name and class (chars). */
static void merged_counts(const struct merged_key *m, uint32_t *count, uint32_t *max_name, uint32_t *max_class)
{
    *count = m->nsubkeys;
    *max_name = *max_class = 0;
    for (uint32_t i = 0; i < m->nsubkeys; i++) {
        uint32_t n = regstore_utf16_bytes(m->subkeys[i].name) / 2, c = regstore_utf16_bytes(m->subkeys[i].class_name) / 2;
        *max_name = n > *max_name ? n : *max_name;
        *max_class = c > *max_class ? c : *max_class;
    }
}

/* Subkey `index` of hkey, merged below HKEY_CLASSES_ROOT. */
static NTSTATUS enum_subkey(uint32_t hkey, uint32_t index, char **name, char **class_name, int64_t *time)
{
    uint32_t h;
    NTSTATUS st = nt_handle(hkey, &h);
    if (st != STATUS_SUCCESS)
        return st;
    struct merged_key *m = merged_of(hkey);
    return m ? merged_subkey_at(m, index, name, class_name, time) : subkey_at(h, index, name, class_name, time);
}

/* Writes text into (buffer, *count in chars with the NUL): ERROR_MORE_DATA
 * when it does not fit; on success *count is the length without the NUL. */
static uint32_t give_name(const char *text, gaddr buffer, gaddr count, bool wide)
{
    uint32_t cap = 0;
    if (!gm_read_u32(count, &cap))
        return ERROR_NOACCESS;
    uint32_t n = text_chars(text, wide);
    if (n + 1 > cap)
        return ERROR_MORE_DATA;
    if (!put_text(buffer, text, wide) || !gm_write_u32(count, n))
        return ERROR_NOACCESS;
    return ERROR_SUCCESS;
}

static uint32_t enum_key(uint32_t hkey, uint32_t index, gaddr lpName, gaddr lpcchName, gaddr lpClass,
                         gaddr lpcchClass, gaddr lpftLastWriteTime, bool wide)
{
    if (!lpName || !lpcchName)
        return ERROR_INVALID_PARAMETER;
    char *name = NULL, *cls = NULL;
    int64_t time = 0;
    NTSTATUS st = enum_subkey(hkey, index, &name, &cls, &time);
    if (st != STATUS_SUCCESS)
        return error_of(st);
    uint32_t r = give_name(name, lpName, lpcchName, wide);
    if (r == ERROR_SUCCESS && lpClass && lpcchClass)
        r = give_name(cls, lpClass, lpcchClass, wide);
    if (r == ERROR_SUCCESS && lpftLastWriteTime && !gm_write(lpftLastWriteTime, &time, 8))
        r = ERROR_NOACCESS;
    free(name);
    free(cls);
    return r;
}

/* RegEnumKey: the buffer's size is a plain count. */
static uint32_t enum_key_simple(uint32_t hkey, uint32_t index, gaddr lpName, uint32_t cchName, bool wide)
{
    char *name = NULL, *cls = NULL;
    int64_t time;
    NTSTATUS st = enum_subkey(hkey, index, &name, &cls, &time);
    if (st != STATUS_SUCCESS)
        return error_of(st);
    uint32_t r = text_chars(name, wide) + 1 > cchName ? ERROR_MORE_DATA
               : put_text(lpName, name, wide)          ? ERROR_SUCCESS
                                                      : ERROR_NOACCESS;
    free(name);
    free(cls);
    return r;
}

static uint32_t enum_value(uint32_t hkey, uint32_t index, gaddr lpValueName, gaddr lpcchValueName, gaddr lpType,
                           gaddr lpData, gaddr lpcbData, bool wide)
{
    if (!lpValueName || !lpcchValueName || (lpData && !lpcbData))
        return ERROR_INVALID_PARAMETER;
    uint32_t h;
    NTSTATUS st = nt_handle(hkey, &h);
    if (st != STATUS_SUCCESS)
        return error_of(st);
    uint32_t need = 0;
    st = nt_enumerate_value_key(h, index, KeyValueFullInformation, NULL, 0, &need);
    if (st != STATUS_BUFFER_TOO_SMALL)
        return error_of(st);
    uint8_t *buf = malloc(need);
    if (!buf)
        return ERROR_NOT_ENOUGH_MEMORY;
    st = nt_enumerate_value_key(h, index, KeyValueFullInformation, buf, need, &need);
    if (st != STATUS_SUCCESS) {
        free(buf);
        return error_of(st);
    }
    KEY_VALUE_FULL_INFORMATION32 *info = (void *)buf;
    char *name = utf16_to_utf8(info->Name, info->NameLength / 2);
    uint32_t type = info->Type, size = info->DataLength;
    uint8_t *data = malloc(size ? size : 1);
    if (data)
        memcpy(data, buf + info->DataOffset, size);
    free(buf);
    uint32_t r = name && data ? give_name(name, lpValueName, lpcchValueName, wide) : ERROR_NOT_ENOUGH_MEMORY;
    if (r == ERROR_SUCCESS && lpType && !gm_write_u32(lpType, type))
        r = ERROR_NOACCESS;
    if (r == ERROR_SUCCESS && (lpData || lpcbData)) {
        data = caller_data(type, data, size, wide, &size);
        r = data ? give_data(data, size, lpData, lpcbData) : ERROR_NOT_ENOUGH_MEMORY;
    }
    free(name);
    free(data);
    return r;
}

static uint32_t query_info(uint32_t hkey, gaddr lpClass, gaddr lpcchClass, const gaddr counts[7],
                           gaddr lpftLastWriteTime, bool wide)
{
    uint32_t h;
    NTSTATUS st = nt_handle(hkey, &h);
    if (st != STATUS_SUCCESS)
        return error_of(st);
    uint32_t need = 0;
    st = nt_query_key(h, KeyFullInformation, NULL, 0, &need);
    if (st != STATUS_BUFFER_TOO_SMALL)
        return error_of(st);
    uint8_t *buf = malloc(need);
    if (!buf)
        return ERROR_NOT_ENOUGH_MEMORY;
    st = nt_query_key(h, KeyFullInformation, buf, need, &need);
    if (st != STATUS_SUCCESS) {
        free(buf);
        return error_of(st);
    }
    KEY_FULL_INFORMATION32 *info = (void *)buf;
    /* sub keys, max sub key chars, max class chars, values, max value name chars,
     * max value bytes, security descriptor bytes (none is kept) */
    uint32_t v[7] = { info->SubKeys, info->MaxNameLen / 2, info->MaxClassLen / 2, info->Values,
                      info->MaxValueNameLen / 2, info->MaxValueDataLen, 0 };
    struct merged_key *m = merged_of(hkey);
    if (m && merged_list(m) == STATUS_SUCCESS) /* below HKEY_CLASSES_ROOT: the merged subkeys */
        merged_counts(m, &v[0], &v[1], &v[2]);
    uint32_t r = ERROR_SUCCESS;
    for (int i = 0; i < 7 && r == ERROR_SUCCESS; i++)
        if (counts[i] && !gm_write_u32(counts[i], v[i]))
            r = ERROR_NOACCESS;
    if (r == ERROR_SUCCESS && lpftLastWriteTime && !gm_write(lpftLastWriteTime, &info->LastWriteTime, 8))
        r = ERROR_NOACCESS;
    if (r == ERROR_SUCCESS && lpClass && lpcchClass) {
        char *cls = info->ClassLength ? utf16_to_utf8(info->Class, info->ClassLength / 2) : strdup("");
        r = cls ? give_name(cls, lpClass, lpcchClass, wide) : ERROR_NOT_ENOUGH_MEMORY;
        free(cls);
    } else if (r == ERROR_SUCCESS && lpcchClass) {
        if (!gm_write_u32(lpcchClass, info->ClassLength / 2))
            r = ERROR_NOACCESS;
    }
    free(buf);
    return r;
}

/* RegCopyTree: src's values and subkeys, recursively, into dst. */
static NTSTATUS copy_tree(uint32_t src, uint32_t dst)
{
    uint8_t *buf = NULL;
    NTSTATUS st = STATUS_SUCCESS;
    for (uint32_t i = 0; st == STATUS_SUCCESS; i++) {
        uint32_t need = 0;
        st = nt_enumerate_value_key(src, i, KeyValueFullInformation, NULL, 0, &need);
        if (st == STATUS_NO_MORE_ENTRIES)
            break;
        if (st != STATUS_BUFFER_TOO_SMALL)
            return st;
        if (!(buf = malloc(need)))
            return STATUS_NO_MEMORY;
        st = nt_enumerate_value_key(src, i, KeyValueFullInformation, buf, need, &need);
        KEY_VALUE_FULL_INFORMATION32 *info = (void *)buf;
        char *name = st == STATUS_SUCCESS ? utf16_to_utf8(info->Name, info->NameLength / 2) : NULL;
        if (st == STATUS_SUCCESS)
            st = name ? nt_set_value_key(dst, name, info->Type, buf + info->DataOffset, info->DataLength)
                      : STATUS_NO_MEMORY;
        free(name);
        free(buf);
    }
    for (uint32_t i = 0;; i++) {
        char *name, *cls;
        int64_t time;
        st = subkey_at(src, i, &name, &cls, &time);
        if (st == STATUS_NO_MORE_ENTRIES)
            return STATUS_SUCCESS;
        if (st != STATUS_SUCCESS)
            return st;
        uint32_t from, to, disp;
        st = nt_open_key(src, name, 0, &from);
        if (st == STATUS_SUCCESS) {
            st = nt_create_key(dst, name, 0, cls[0] ? cls : NULL, 0, &to, &disp);
            if (st == STATUS_SUCCESS) {
                st = copy_tree(from, to);
                nt_close_key(to);
            }
            nt_close_key(from);
        }
        free(name);
        free(cls);
        if (st != STATUS_SUCCESS)
            return st;
    }
}

static uint32_t copy_tree_api(uint32_t hsrc, gaddr lpSubKey, uint32_t hdst, bool wide)
{
    uint32_t dst;
    NTSTATUS st = nt_handle(hdst, &dst);
    if (st != STATUS_SUCCESS)
        return error_of(st);
    char *sub;
    if (!arg_text(lpSubKey, wide, &sub))
        return ERROR_NOACCESS;
    uint32_t src;
    bool opened = sub && sub[0];
    st = opened ? open_sub(hsrc, sub, 0, &src) : nt_handle(hsrc, &src);
    free(sub);
    if (st != STATUS_SUCCESS)
        return error_of(st);
    st = copy_tree(src, dst);
    if (opened)
        nt_close_key(src);
    return error_of(st);
}

/* RegConnectRegistry: this machine only (NULL, "", or its name). */
static uint32_t connect_registry(gaddr lpMachineName, uint32_t hkey, gaddr phkResult, bool wide)
{
    if (!phkResult)
        return ERROR_INVALID_PARAMETER;
    char *machine;
    if (!arg_text(lpMachineName, wide, &machine))
        return ERROR_NOACCESS;
    const char *m = machine ? machine : "";
    while (*m == '\\')
        m++;
    bool local = !*m || strcasecmp(m, "WOWBOX") == 0 || strcasecmp(m, "localhost") == 0 || strcmp(m, ".") == 0;
    free(machine);
    if (!local)
        return ERROR_BAD_NETPATH_REG;
    if (hkey != HKEY_LOCAL_MACHINE && hkey != HKEY_USERS && hkey != HKEY_PERFORMANCE_DATA)
        return ERROR_INVALID_HANDLE;
    uint32_t h;
    NTSTATUS st = nt_handle(hkey, &h);
    if (st != STATUS_SUCCESS)
        return error_of(st);
    return put_handle(phkResult, hkey);
}

/* ---- exports ---------------------------------------------------------------------- */

uint64_t advapi32_RegCloseKey(struct thunk_call *c)
{
    API_ARGS(advapi32, RegCloseKey, a);
    if (is_predefined(a.hKey))
        return ERROR_SUCCESS;
    merged_remove(a.hKey);
    return error_of(nt_close_key(a.hKey));
}

uint64_t advapi32_RegFlushKey(struct thunk_call *c)
{
    API_ARGS(advapi32, RegFlushKey, a);
    uint32_t h;
    NTSTATUS st = nt_handle(a.hKey, &h);
    return error_of(st == STATUS_SUCCESS ? nt_flush_key(h) : st);
}

uint64_t advapi32_RegOpenCurrentUser(struct thunk_call *c)
{
    API_ARGS(advapi32, RegOpenCurrentUser, a);
    if (!a.phkResult)
        return ERROR_INVALID_PARAMETER;
    uint32_t h;
    NTSTATUS st = nt_open_key(0, predefined_paths[1], a.samDesired, &h);
    return st == STATUS_SUCCESS ? put_handle(a.phkResult, h) : error_of(st);
}

#define A_AND_W(name, call)                                      \
    uint64_t advapi32_##name##A(struct thunk_call *c)            \
    {                                                            \
        const bool wide = false;                                 \
        API_ARGS(advapi32, name##A, a);                          \
        return call;                                             \
    }                                                            \
    uint64_t advapi32_##name##W(struct thunk_call *c)            \
    {                                                            \
        const bool wide = true;                                  \
        API_ARGS(advapi32, name##W, a);                          \
        return call;                                             \
    }

A_AND_W(RegOpenKey, open_key(a.hKey, a.lpSubKey, 0, a.phkResult, wide, true))
A_AND_W(RegOpenKeyEx, open_key(a.hKey, a.lpSubKey, a.samDesired, a.phkResult, wide, false))
A_AND_W(RegCreateKey, create_key(a.hKey, a.lpSubKey, 0, 0, 0, a.phkResult, 0, wide))
A_AND_W(RegCreateKeyEx, create_key(a.hKey, a.lpSubKey, a.lpClass, a.dwOptions, a.samDesired, a.phkResult,
                                   a.lpdwDisposition, wide))
A_AND_W(RegQueryValueEx, query_value(a.hKey, a.lpValueName, a.lpType, a.lpData, a.lpcbData, wide))
A_AND_W(RegQueryValue, query_default(a.hKey, a.lpSubKey, a.lpData, a.lpcbData, wide))
A_AND_W(RegSetValueEx, set_value(a.hKey, a.lpValueName, a.dwType, a.lpData, a.cbData, wide))
A_AND_W(RegSetValue, set_default(a.hKey, a.lpSubKey, a.dwType, a.lpData, wide))
A_AND_W(RegGetValue, get_value(a.hkey, a.lpSubKey, a.lpValue, a.dwFlags, a.pdwType, a.pvData, a.pcbData, wide))
A_AND_W(RegDeleteValue, delete_value(a.hKey, a.lpValueName, wide))
A_AND_W(RegSetKeyValue, set_key_value(a.hKey, a.lpSubKey, a.lpValueName, a.dwType, a.lpData, a.cbData, wide))
A_AND_W(RegDeleteKeyValue, delete_key_value(a.hKey, a.lpSubKey, a.lpValueName, wide))
A_AND_W(RegDeleteKey, delete_key(a.hKey, a.lpSubKey, 0, wide))
A_AND_W(RegDeleteKeyEx, delete_key(a.hKey, a.lpSubKey, a.samDesired, wide))
A_AND_W(RegDeleteTree, delete_tree(a.hKey, a.lpSubKey, wide))
A_AND_W(RegEnumKey, enum_key_simple(a.hKey, a.dwIndex, a.lpName, a.cchName, wide))
A_AND_W(RegEnumKeyEx, enum_key(a.hKey, a.dwIndex, a.lpName, a.lpcchName, a.lpClass, a.lpcchClass,
                               a.lpftLastWriteTime, wide))
A_AND_W(RegEnumValue, enum_value(a.hKey, a.dwIndex, a.lpValueName, a.lpcchValueName, a.lpType, a.lpData,
                                 a.lpcbData, wide))
A_AND_W(RegQueryInfoKey, query_info(a.hKey, a.lpClass, a.lpcchClass,
                                    (const gaddr[7]){ a.lpcSubKeys, a.lpcbMaxSubKeyLen, a.lpcbMaxClassLen,
                                                      a.lpcValues, a.lpcbMaxValueNameLen, a.lpcbMaxValueLen,
                                                      a.lpcbSecurityDescriptor },
                                    a.lpftLastWriteTime, wide))
A_AND_W(RegCopyTree, copy_tree_api(a.hKeySrc, a.lpSubKey, a.hKeyDest, wide))
A_AND_W(RegConnectRegistry, connect_registry(a.lpMachineName, a.hKey, a.phkResult, wide))

/* RegRenameKey (W only): renames the subkey (or the key itself for NULL). */
uint64_t advapi32_RegRenameKey(struct thunk_call *c)
{
    API_ARGS(advapi32, RegRenameKey, a);
    char *sub, *new_name;
    if (!arg_text(a.lpSubKeyName, true, &sub))
        return ERROR_NOACCESS;
    if (!arg_text(a.lpNewKeyName, true, &new_name)) {
        free(sub);
        return ERROR_NOACCESS;
    }
    if (!new_name) {
        free(sub);
        return ERROR_INVALID_PARAMETER;
    }
    uint32_t h = 0;
    bool opened = sub && sub[0];
    NTSTATUS st = opened ? open_sub(a.hKey, sub, 0, &h) : nt_handle(a.hKey, &h);
    if (st == STATUS_SUCCESS)
        st = nt_rename_key(h, new_name);
    if (opened && nt_key_path(h))
        nt_close_key(h);
    free(sub);
    free(new_name);
    return error_of(st);
}

/* ---- change notification ---------------------------------------------------- */

uint64_t advapi32_RegNotifyChangeKeyValue(struct thunk_call *c)
{
    API_ARGS(advapi32, RegNotifyChangeKeyValue, a);
    uint32_t h;
    NTSTATUS st = nt_handle(a.hKey, &h);
    if (st == STATUS_SUCCESS)
        st = nt_notify_change_key(h, a.fAsynchronous ? a.hEvent : 0, a.dwNotifyFilter, a.bWatchSubtree != 0,
                                  a.fAsynchronous != 0);
    return st == STATUS_PENDING ? ERROR_SUCCESS : error_of(st);
}

/* ---- hive files ------------------------------------------------------------- */

/* Saving, loading and restoring hive files needs SeBackupPrivilege or
 * SeRestorePrivilege, which the user wowbox runs programs as does not hold
 * (the store is SQLite, not hive files): Windows' answer for such a caller.
 * `wowbox reg export`/`import` move keys in and out of the prefix. */
static uint32_t hive_refused(const char *api, uint32_t hkey)
{
    uint32_t h;
    NTSTATUS st = nt_handle(hkey, &h);
    if (st != STATUS_SUCCESS)
        return error_of(st);
    wb_note("%s: hive files need a backup/restore privilege wowbox does not grant; use wowbox reg export/import", api);
    return ERROR_PRIVILEGE_NOT_HELD;
}

A_AND_W(RegSaveKey, hive_refused(wide ? "RegSaveKeyW" : "RegSaveKeyA", a.hKey))
A_AND_W(RegSaveKeyEx, hive_refused(wide ? "RegSaveKeyExW" : "RegSaveKeyExA", a.hKey))
A_AND_W(RegLoadKey, hive_refused(wide ? "RegLoadKeyW" : "RegLoadKeyA", a.hKey))
A_AND_W(RegUnLoadKey, hive_refused(wide ? "RegUnLoadKeyW" : "RegUnLoadKeyA", a.hKey))
A_AND_W(RegRestoreKey, hive_refused(wide ? "RegRestoreKeyW" : "RegRestoreKeyA", a.hKey))
A_AND_W(RegReplaceKey, hive_refused(wide ? "RegReplaceKeyW" : "RegReplaceKeyA", a.hKey))
