/* kernel32 resources: the image's resource directory walked in guest
 * memory (type, name, language levels; struct32_resource.h), FindResource
 * (A/W/Ex), LoadResource, LockResource, SizeofResource, FreeResource, and
 * the string and message table lookups user32's LoadString and
 * FormatMessage use. */
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/process.h"
#include "loader/module.h"
#include "loader/pe.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/resource.h"
#include "syscalls/kernel32/struct32_resource.h"
#include "syscalls/nls.h"
#include "syscalls/win32_errors.h"

#define ERROR_RESOURCE_DATA_NOT_FOUND 1812u
#define ERROR_RESOURCE_TYPE_NOT_FOUND 1813u
#define ERROR_RESOURCE_LANG_NOT_FOUND 1815u
#define ERROR_MR_MID_NOT_FOUND        317u
#define LANG_US_ENGLISH               0x409u
#define MAX_RES_NAME                  256u

bool res_name_read(gaddr p, bool wide, struct res_name *n, uint32_t *err)
{
    *n = (struct res_name){ 0 };
    *err = 0;
    if (p < 0x10000u) {
        *n = res_id((uint16_t)p);
        return true;
    }
    size_t len = 0;
    uint16_t *s;
    if (wide) {
        s = gm_wcsdup(p, &len);
    } else {
        char *a = gm_strdup(p);
        len = a ? strlen(a) : 0;
        s = a ? nls_ansi_to_w(a, len) : NULL;
        free(a);
    }
    if (!s) {
        *err = ERROR_NOACCESS;
        return false;
    }
    if (len > 1 && s[0] == '#') { /* "#123" names id 123 */
        uint32_t id = 0;
        size_t i = 1;
        while (i < len && s[i] >= '0' && s[i] <= '9' && id < 0x10000u)
            id = id * 10 + (s[i++] - '0');
        if (i == len && id < 0x10000u) {
            free(s);
            *n = res_id((uint16_t)id);
            return true;
        }
    }
    for (size_t i = 0; i < len; i++)
        s[i] = nls_upper(s[i]);
    n->str = s;
    n->len = len;
    return true;
}

void res_name_free(struct res_name *n)
{
    free(n->str);
    n->str = NULL;
}

static struct module *module_of(gaddr hmodule)
{
    return hmodule ? module_by_handle(hmodule) : module_exe();
}

/* Whether directory entry `e` names `want`. */
static bool entry_is(gaddr root, const IMAGE_RESOURCE_DIRECTORY_ENTRY32 *e, const struct res_name *want)
{
    if (!(e->Name & IMAGE_RESOURCE_NAME_IS_STRING))
        return want->is_id && e->Name == want->id;
    if (want->is_id)
        return false;
    gaddr s = root + (e->Name & ~IMAGE_RESOURCE_NAME_IS_STRING);
    IMAGE_RESOURCE_DIR_STRING_U32 h;
    if (!gm_read(s, &h, sizeof h) || h.Length != want->len || h.Length > MAX_RES_NAME)
        return false;
    uint16_t name[MAX_RES_NAME];
    if (!gm_read(s + sizeof h, name, h.Length * 2u))
        return false;
    for (size_t i = 0; i < h.Length; i++)
        if (nls_upper(name[i]) != want->str[i])
            return false;
    return true;
}

/* The entries of the directory at `dir`: its count and first entry. */
static bool entries(gaddr dir, gaddr *first, uint32_t *count)
{
    IMAGE_RESOURCE_DIRECTORY32 d;
    if (!gm_read(dir, &d, sizeof d))
        return false;
    *first = dir + sizeof d;
    *count = (uint32_t)d.NumberOfNamedEntries + d.NumberOfIdEntries;
    return true;
}

/* The OffsetToData of the entry in `dir` naming `want`; false if none. */
static bool lookup(gaddr root, gaddr dir, const struct res_name *want, uint32_t *offset)
{
    gaddr e0;
    uint32_t n;
    if (!entries(dir, &e0, &n))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        IMAGE_RESOURCE_DIRECTORY_ENTRY32 e;
        if (!gm_read(e0 + i * sizeof e, &e, sizeof e))
            return false;
        if (entry_is(root, &e, want)) {
            *offset = e.OffsetToData;
            return true;
        }
    }
    return false;
}

/* The language level: `lang` exactly, or the default choice. */
static bool pick_language(gaddr root, gaddr dir, int lang, uint32_t *offset)
{
    if (lang != RES_ANY_LANGUAGE) {
        struct res_name l = res_id((uint16_t)lang);
        return lookup(root, dir, &l, offset);
    }
    static const uint16_t order[] = { 0, LANG_US_ENGLISH };
    for (unsigned i = 0; i < sizeof order / sizeof order[0]; i++) {
        struct res_name l = res_id(order[i]);
        if (lookup(root, dir, &l, offset))
            return true;
    }
    gaddr e0;
    uint32_t n;
    IMAGE_RESOURCE_DIRECTORY_ENTRY32 e;
    if (!entries(dir, &e0, &n) || n == 0 || !gm_read(e0, &e, sizeof e))
        return false;
    *offset = e.OffsetToData;
    return true;
}

gaddr resource_find(gaddr hmodule, const struct res_name *type, const struct res_name *name, int lang,
                    uint32_t *err)
{
    struct module *m = module_of(hmodule);
    uint32_t rva, size, off;
    if (!m) {
        *err = ERROR_MOD_NOT_FOUND;
        return 0;
    }
    if (!module_data_dir(m, PE_DIR_RESOURCE, &rva, &size)) {
        *err = ERROR_RESOURCE_DATA_NOT_FOUND;
        return 0;
    }
    gaddr root = m->base + rva;
    if (!lookup(root, root, type, &off) || !(off & IMAGE_RESOURCE_DATA_IS_DIRECTORY)) {
        *err = ERROR_RESOURCE_TYPE_NOT_FOUND;
        return 0;
    }
    gaddr names = root + (off & ~IMAGE_RESOURCE_DATA_IS_DIRECTORY);
    if (!lookup(root, names, name, &off) || !(off & IMAGE_RESOURCE_DATA_IS_DIRECTORY)) {
        *err = ERROR_RESOURCE_NAME_NOT_FOUND;
        return 0;
    }
    gaddr langs = root + (off & ~IMAGE_RESOURCE_DATA_IS_DIRECTORY);
    if (!pick_language(root, langs, lang, &off) || (off & IMAGE_RESOURCE_DATA_IS_DIRECTORY)) {
        *err = ERROR_RESOURCE_LANG_NOT_FOUND;
        return 0;
    }
    return root + off;
}

bool resource_data(gaddr hmodule, gaddr entry, gaddr *data, uint32_t *size)
{
    struct module *m = module_of(hmodule);
    IMAGE_RESOURCE_DATA_ENTRY32 d;
    if (!m || !entry || !gm_read(entry, &d, sizeof d) || d.OffsetToData >= m->size ||
        d.Size > m->size - d.OffsetToData)
        return false;
    *data = m->base + d.OffsetToData;
    *size = d.Size;
    return true;
}

static bool find_data(gaddr hmodule, uint16_t type, uint16_t name, gaddr *data, uint32_t *size)
{
    struct res_name t = res_id(type), n = res_id(name);
    uint32_t err;
    gaddr entry = resource_find(hmodule, &t, &n, RES_ANY_LANGUAGE, &err);
    return entry && resource_data(hmodule, entry, data, size);
}

uint32_t resource_message(gaddr hmodule, uint32_t id, uint16_t **text, size_t *n)
{
    gaddr data;
    uint32_t size, count;
    if (!find_data(hmodule, RT_MESSAGETABLE, 1, &data, &size) || !gm_read_u32(data, &count))
        return ERROR_MR_MID_NOT_FOUND;
    for (uint32_t b = 0; b < count && b < size / sizeof(MESSAGE_RESOURCE_BLOCK32); b++) {
        MESSAGE_RESOURCE_BLOCK32 blk;
        if (!gm_read(data + sizeof(MESSAGE_RESOURCE_DATA32) + b * sizeof blk, &blk, sizeof blk))
            break;
        if (id < blk.LowId || id > blk.HighId)
            continue;
        gaddr e = data + blk.OffsetToEntries;
        MESSAGE_RESOURCE_ENTRY32 h;
        for (uint32_t i = blk.LowId; i <= id; i++) {
            if (!gm_read(e, &h, sizeof h) || h.Length < sizeof h)
                return ERROR_MR_MID_NOT_FOUND;
            if (i < id)
                e += h.Length;
        }
        size_t bytes = h.Length - sizeof h;
        char *raw = malloc(bytes + 2);
        if (!raw || !gm_read(e + sizeof h, raw, bytes)) {
            free(raw);
            return ERROR_MR_MID_NOT_FOUND;
        }
        raw[bytes] = raw[bytes + 1] = 0;
        if (h.Flags & MESSAGE_RESOURCE_UNICODE) {
            *text = (uint16_t *)raw;
            size_t len = 0;
            while (len < bytes / 2 && (*text)[len])
                len++;
            *n = len;
        } else {
            *n = strlen(raw);
            *text = nls_ansi_to_w(raw, *n);
            free(raw);
        }
        return *text ? 0 : ERROR_NOT_ENOUGH_MEMORY;
    }
    return ERROR_MR_MID_NOT_FOUND;
}

/* A string table block holds 16 strings, each a WORD length and that
 * many UTF-16 units; block b (from 1) has ids (b - 1) * 16 .. + 15. */
bool resource_string(gaddr hmodule, uint32_t id, gaddr *str, uint16_t *len)
{
    gaddr data;
    uint32_t size;
    if (id > 0xFFFFu || !find_data(hmodule, RT_STRING, (uint16_t)((id >> 4) + 1), &data, &size))
        return false;
    gaddr p = data, end = data + size;
    for (uint32_t i = 0; i <= (id & 15u); i++) {
        uint16_t l;
        if (p + 2 > end || !gm_read_u16(p, &l))
            return false;
        if (i == (id & 15u)) {
            *str = p + 2;
            *len = l;
            return l > 0 && p + 2 + 2u * l <= end;
        }
        p += 2 + 2u * l;
    }
    return false;
}

/* ------------------------------------------------------------ the APIs */

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

static uint64_t find(gaddr hmodule, gaddr type_p, gaddr name_p, int lang, bool wide)
{
    struct res_name type, name;
    uint32_t err;
    if (!res_name_read(type_p, wide, &type, &err))
        return fail(err);
    if (!res_name_read(name_p, wide, &name, &err)) {
        res_name_free(&type);
        return fail(err);
    }
    gaddr r = resource_find(hmodule, &type, &name, lang, &err);
    res_name_free(&type);
    res_name_free(&name);
    return r ? r : fail(err);
}

uint64_t kernel32_FindResourceA(struct thunk_call *c)
{
    API_ARGS(kernel32, FindResourceA, a);
    return find(a.hModule, a.lpType, a.lpName, RES_ANY_LANGUAGE, false);
}

uint64_t kernel32_FindResourceW(struct thunk_call *c)
{
    API_ARGS(kernel32, FindResourceW, a);
    return find(a.hModule, a.lpType, a.lpName, RES_ANY_LANGUAGE, true);
}

/* wLanguage 0 (LANG_NEUTRAL) takes the default choice too. */
uint64_t kernel32_FindResourceExA(struct thunk_call *c)
{
    API_ARGS(kernel32, FindResourceExA, a);
    return find(a.hModule, a.lpType, a.lpName, a.wLanguage & 0xFFFFu ? (int)(a.wLanguage & 0xFFFFu) : RES_ANY_LANGUAGE,
                false);
}

uint64_t kernel32_FindResourceExW(struct thunk_call *c)
{
    API_ARGS(kernel32, FindResourceExW, a);
    return find(a.hModule, a.lpType, a.lpName, a.wLanguage & 0xFFFFu ? (int)(a.wLanguage & 0xFFFFu) : RES_ANY_LANGUAGE,
                true);
}

/* The HGLOBAL of a resource is its address in the image. */
uint64_t kernel32_LoadResource(struct thunk_call *c)
{
    API_ARGS(kernel32, LoadResource, a);
    gaddr data;
    uint32_t size;
    if (!resource_data(a.hModule, a.hResInfo, &data, &size))
        return fail(ERROR_INVALID_HANDLE);
    return data;
}

uint64_t kernel32_LockResource(struct thunk_call *c)
{
    API_ARGS(kernel32, LockResource, a);
    return a.hResData;
}

uint64_t kernel32_SizeofResource(struct thunk_call *c)
{
    API_ARGS(kernel32, SizeofResource, a);
    gaddr data;
    uint32_t size;
    if (!resource_data(a.hModule, a.hResInfo, &data, &size))
        return fail(ERROR_INVALID_HANDLE);
    return size;
}

/* Obsolete: resources stay mapped with their image; FALSE, as Windows. */
uint64_t kernel32_FreeResource(struct thunk_call *c)
{
    (void)c;
    return 0;
}
