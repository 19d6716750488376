/* The loaded-module list and export lookups through guest export
 * directories (the same structures guest code sees). */
#include "loader/module.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/guest_mem.h"
#include "core/process.h"
#include "core/trace_record.h"
#include "loader/apiset.h"

struct module *module_list;

/* The kernel logger's Image Load/Unload record (checksum and time stamp
 * are not kept by the loader: 0). */
static void record_image(unsigned kind, const struct module *m)
{
    TRACE_RECORD(kind, m->base, m->size, proc ? proc->pid : 0u, 0u, 0u, 0u, m->base, 0u, 0u, 0u, 0u,
                 m->path_win);
}

struct module *module_add(const char *name, const char *path_win, gaddr base, uint32_t size,
                          gaddr entry, bool is_exe, const struct builtin_dll *builtin)
{
    struct module *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->name = strdup(name);
    m->path_win = strdup(path_win);
    m->base = base;
    m->size = size;
    m->entry = entry;
    m->is_exe = is_exe;
    m->builtin = builtin;
    m->load_count = 1;
    m->tls_index = -1;
    struct module **tail = &module_list;
    while (*tail)
        tail = &(*tail)->next;
    *tail = m;
    record_image(TRACE_REC_IMAGE_LOAD, m);
    return m;
}

/* "KERNEL32", "kernel32.dll" and "Kernel32.DLL" all name the same module. */
static bool name_matches(const char *have, const char *want)
{
    size_t wl = strlen(want);
    if (strcasecmp(have, want) == 0)
        return true;
    const char *dot = strrchr(have, '.');
    size_t hl = dot ? (size_t)(dot - have) : strlen(have);
    return wl == hl && strncasecmp(have, want, hl) == 0 && strchr(want, '.') == NULL;
}

void module_remove(struct module *m)
{
    for (struct module **p = &module_list; *p; p = &(*p)->next) {
        if (*p == m) {
            record_image(TRACE_REC_IMAGE_UNLOAD, m);
            *p = m->next;
            free(m->name);
            free(m->path_win);
            free(m);
            return;
        }
    }
}

/* An API set name finds its host ("api-ms-win-crt-stdio-l1-1-0" is
 * ucrtbase), as GetModuleHandle and the import binder find it on Windows. */
struct module *module_find(const char *name)
{
    const char *host = apiset_host(name, NULL);
    if (host)
        name = host;
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '\\' || *p == '/')
            base = p + 1;
    for (struct module *m = module_list; m; m = m->next)
        if (name_matches(m->name, base))
            return m;
    return NULL;
}

struct module *module_by_handle(gaddr base)
{
    for (struct module *m = module_list; m; m = m->next)
        if (m->base == base)
            return m;
    return NULL;
}

struct module *module_at(gaddr addr)
{
    for (struct module *m = module_list; m; m = m->next)
        if (addr >= m->base && addr - m->base < m->size)
            return m;
    return NULL;
}

struct module *module_exe(void)
{
    for (struct module *m = module_list; m; m = m->next)
        if (m->is_exe)
            return m;
    return NULL;
}

const char *module_locate(gaddr addr, uint32_t *offset)
{
    struct module *m = module_at(addr);
    if (!m)
        return NULL;
    *offset = addr - m->base;
    return m->name;
}

void module_describe_addr(gaddr addr, char *buf, size_t bufsz)
{
    struct module *m = module_at(addr);
    if (m)
        snprintf(buf, bufsz, "%s+%#x", m->name, addr - m->base);
    else
        snprintf(buf, bufsz, "%#x", addr);
}

struct export_dir {
    uint32_t base_ordinal, nfuncs, nnames;
    gaddr funcs, names, ordinals;
    gaddr dir_start, dir_end;
};

bool module_data_dir(const struct module *m, unsigned index, uint32_t *rva, uint32_t *size)
{
    uint32_t lfanew, count;
    /* IMAGE_NT_HEADERS32: NumberOfRvaAndSizes at 0x74, the directories from 0x78 */
    if (!gm_read_u32(m->base + 0x3C, &lfanew) || !gm_read_u32(m->base + lfanew + 0x74, &count) ||
        index >= count || !gm_read_u32(m->base + lfanew + 0x78 + 8 * index, rva) ||
        !gm_read_u32(m->base + lfanew + 0x7C + 8 * index, size))
        return false;
    return *rva != 0;
}

static bool read_export_dir(const struct module *m, struct export_dir *ed)
{
    uint32_t lfanew, rva, size;
    if (!gm_read_u32(m->base + 0x3C, &lfanew) ||
        !gm_read_u32(m->base + lfanew + 0x78, &rva) ||
        !gm_read_u32(m->base + lfanew + 0x7C, &size) || rva == 0)
        return false;
    gaddr d = m->base + rva;
    uint32_t f[6];
    if (!gm_read(d + 16, f, sizeof f))
        return false;
    ed->base_ordinal = f[0];
    ed->nfuncs = f[1];
    ed->nnames = f[2];
    ed->funcs = m->base + f[3];
    ed->names = m->base + f[4];
    ed->ordinals = m->base + f[5];
    ed->dir_start = d;
    ed->dir_end = d + size;
    return true;
}

static gaddr resolve_forwarder(gaddr fwd);

static gaddr function_at(const struct module *m, const struct export_dir *ed, uint32_t index)
{
    uint32_t rva;
    if (index >= ed->nfuncs || !gm_read_u32(ed->funcs + 4 * index, &rva) || rva == 0)
        return 0;
    gaddr a = m->base + rva;
    if (a >= ed->dir_start && a < ed->dir_end)
        return resolve_forwarder(a);
    return a;
}

static bool name_at_is(const struct export_dir *ed, const struct module *m, uint32_t i, const char *name, int *cmp)
{
    uint32_t rva;
    if (!gm_read_u32(ed->names + 4 * i, &rva))
        return false;
    char *s = gm_strdup(m->base + rva);
    if (!s)
        return false;
    *cmp = strcmp(name, s);
    free(s);
    return true;
}

static gaddr export_by_index_of_name(const struct module *m, const struct export_dir *ed, uint32_t i)
{
    uint16_t ord;
    if (!gm_read_u16(ed->ordinals + 2 * i, &ord))
        return 0;
    return function_at(m, ed, ord);
}

gaddr module_export_by_name(const struct module *m, const char *name, int hint)
{
    struct export_dir ed;
    if (!read_export_dir(m, &ed))
        return 0;
    int cmp;
    if (hint >= 0 && (uint32_t)hint < ed.nnames && name_at_is(&ed, m, (uint32_t)hint, name, &cmp) && cmp == 0)
        return export_by_index_of_name(m, &ed, (uint32_t)hint);
    uint32_t lo = 0, hi = ed.nnames;
    while (lo < hi) { /* the name table is sorted, as the loader requires */
        uint32_t mid = lo + (hi - lo) / 2;
        if (!name_at_is(&ed, m, mid, name, &cmp))
            return 0;
        if (cmp == 0)
            return export_by_index_of_name(m, &ed, mid);
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

gaddr module_export_by_ordinal(const struct module *m, uint32_t ordinal)
{
    struct export_dir ed;
    if (!read_export_dir(m, &ed) || ordinal < ed.base_ordinal)
        return 0;
    return function_at(m, &ed, ordinal - ed.base_ordinal);
}

/* "NTDLL.RtlAllocateHeap" or "NTDLL.#12"; only modules already loaded.
 * Chains are followed to a fixed depth: a forwarder that names itself (or a
 * cycle between two DLLs) is a missing export, not endless recursion. */
#define MAX_FORWARD_DEPTH 16

static gaddr resolve_forwarder(gaddr fwd)
{
    static int depth;
    if (depth >= MAX_FORWARD_DEPTH)
        return 0;
    char *s = gm_strdup(fwd);
    if (!s)
        return 0;
    gaddr result = 0;
    char *dot = strrchr(s, '.');
    if (dot) {
        *dot = 0;
        struct module *target = module_find(s);
        depth++;
        if (target)
            result = dot[1] == '#' ? module_export_by_ordinal(target, (uint32_t)strtoul(dot + 2, NULL, 10))
                                   : module_export_by_name(target, dot + 1, -1);
        depth--;
    }
    free(s);
    return result;
}
