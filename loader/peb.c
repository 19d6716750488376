/* Builds the 32-bit PEB, process parameters and loader lists in guest
 * memory so code that reads them directly (fs:[30h], PEB->Ldr walkers)
 * sees what Windows would show. */
#include "loader/peb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/vmmap.h"
#include "core/unicode.h"

static gaddr ldr_data;
static gaddr params_addr;

/* A small bump allocator over one committed region for the strings and
 * entries that live as long as the process. */
static gaddr pool, pool_end;

static gaddr pool_alloc(uint32_t size)
{
    size = (size + 7) & ~7u;
    if (pool == 0 || pool + size > pool_end) {
        gaddr a = 0;
        uint32_t chunk = size > 0x10000 ? (size + 0xFFFF) & ~0xFFFFu : 0x10000;
        if (vm_alloc(g_vm, &a, chunk, PAGE_READWRITE, 0) != STATUS_SUCCESS)
            return 0;
        vmmap_tag(a, "process parameters and loader data");
        pool = a;
        pool_end = a + chunk;
    }
    gaddr r = pool;
    pool += size;
    return r;
}

/* UNICODE_STRING32 at `at` pointing to a fresh copy of utf8. */
static bool put_unicode_string(gaddr at, const char *utf8)
{
    size_t n;
    uint16_t *w = utf8_to_utf16(utf8, &n);
    if (!w)
        return false;
    gaddr buf = pool_alloc((uint32_t)(n + 1) * 2);
    bool ok = buf && gm_write(buf, w, (n + 1) * 2);
    free(w);
    uint16_t len = (uint16_t)(n * 2), max = (uint16_t)(n * 2 + 2);
    return ok && gm_write_u16(at, len) && gm_write_u16(at + 2, max) && gm_write_u32(at + 4, buf);
}

static void list_init(gaddr head)
{
    gm_write_u32(head, head);
    gm_write_u32(head + 4, head);
}

static void list_append(gaddr head, gaddr link)
{
    uint32_t last;
    gm_read_u32(head + 4, &last);
    gm_write_u32(link, head);
    gm_write_u32(link + 4, last);
    gm_write_u32(last, link);
    gm_write_u32(head + 4, link);
}

static NTSTATUS create_params(const struct peb_setup *s)
{
    params_addr = pool_alloc(0x2A0);
    if (!params_addr)
        return STATUS_NO_MEMORY;
    gm_write_u32(params_addr + 0x00, 0x2A0);     /* MaximumLength */
    gm_write_u32(params_addr + 0x04, 0x2A0);     /* Length */
    gm_write_u32(params_addr + 0x08, 1);         /* Flags: PARAMS_NORMALIZED */
    gm_write_u32(params_addr + PARAMS_STDIN, 0);
    char curdir[1024];
    snprintf(curdir, sizeof curdir, "%s%s", s->cwd_win,
             s->cwd_win[strlen(s->cwd_win) - 1] == '\\' ? "" : "\\");
    if (!put_unicode_string(params_addr + PARAMS_CURDIR, curdir) ||
        !put_unicode_string(params_addr + PARAMS_DLL_PATH, "") ||
        !put_unicode_string(params_addr + PARAMS_IMAGE_PATH, s->image_path_win) ||
        !put_unicode_string(params_addr + PARAMS_COMMAND_LINE, s->command_line))
        return STATUS_NO_MEMORY;
    gaddr env = pool_alloc((uint32_t)s->environment_units * 2);
    if (!env || !gm_write(env, s->environment, s->environment_units * 2))
        return STATUS_NO_MEMORY;
    gm_write_u32(params_addr + PARAMS_ENVIRONMENT, env);
    return STATUS_SUCCESS;
}

NTSTATUS peb_create(const struct peb_setup *s, gaddr *peb_out)
{
    gaddr peb = PEB_ADDR;
    NTSTATUS st = teb_commit_system_page(peb, VM_PAGE_SIZE);
    if (st != STATUS_SUCCESS)
        return st;
    st = create_params(s);
    if (st != STATUS_SUCCESS)
        return st;
    ldr_data = pool_alloc(0x30);
    if (!ldr_data)
        return STATUS_NO_MEMORY;
    gm_write_u32(ldr_data, 0x30);     /* Length */
    gm_write_u8(ldr_data + 4, 1);     /* Initialized */
    list_init(ldr_data + 0x0C);       /* InLoadOrderModuleList */
    list_init(ldr_data + 0x14);       /* InMemoryOrderModuleList */
    list_init(ldr_data + 0x1C);       /* InInitializationOrderModuleList */
    gm_write_u32(peb + PEB_IMAGE_BASE, s->image_base);
    gm_write_u32(peb + PEB_LDR, ldr_data);
    gm_write_u32(peb + PEB_PROCESS_PARAMETERS, params_addr);
    gm_write_u32(peb + PEB_PROCESS_HEAP, s->process_heap);
    gm_write_u32(peb + PEB_TLS_BITMAP, peb + PEB_TLS_BITMAP_BITS);
    gm_write_u32(peb + PEB_TLS_EXPANSION_BITMAP, peb + PEB_TLS_EXPANSION_BITMAP_BITS);
    gm_write_u32(peb + PEB_NUMBER_OF_PROCESSORS, 2);
    /* Windows 10 22H2 as a WoW64 process sees it */
    gm_write_u32(peb + PEB_OS_MAJOR, 10);
    gm_write_u32(peb + PEB_OS_MINOR, 0);
    gm_write_u16(peb + PEB_OS_BUILD, 19045);
    gm_write_u32(peb + PEB_OS_PLATFORM, 2);
    gm_write_u32(peb + PEB_IMAGE_SUBSYSTEM, s->subsystem);
    *peb_out = peb;
    return STATUS_SUCCESS;
}

/* LDR_DATA_TABLE_ENTRY32: three LIST_ENTRYs, DllBase 0x18, EntryPoint 0x1C,
 * SizeOfImage 0x20, FullDllName 0x24, BaseDllName 0x2C, Flags 0x34,
 * LoadCount 0x38, TlsIndex 0x3A, HashLinks 0x3C, TimeDateStamp 0x44. */
NTSTATUS peb_ldr_add(struct module *m)
{
    gaddr e = pool_alloc(0x78);
    if (!e)
        return STATUS_NO_MEMORY;
    gm_fill(e, 0, 0x78);
    gm_write_u32(e + 0x18, m->base);
    gm_write_u32(e + 0x1C, m->entry);
    gm_write_u32(e + 0x20, m->size);
    if (!put_unicode_string(e + 0x24, m->path_win) || !put_unicode_string(e + 0x2C, m->name))
        return STATUS_NO_MEMORY;
    gm_write_u32(e + 0x34, m->is_exe ? 0 : 0x4);      /* LDRP_IMAGE_DLL */
    gm_write_u16(e + 0x38, 0xFFFF);                   /* static: never unloaded */
    list_init(e + 0x3C);
    list_append(ldr_data + 0x0C, e);
    list_append(ldr_data + 0x14, e + 0x08);
    if (!m->is_exe) /* the exe is not in the initialization-order list */
        list_append(ldr_data + 0x1C, e + 0x10);
    m->ldr_entry = e;
    return STATUS_SUCCESS;
}

static void list_unlink(gaddr link)
{
    uint32_t next = 0, prev = 0;
    if (!gm_read_u32(link, &next) || !gm_read_u32(link + 4, &prev) || !next || !prev)
        return;
    gm_write_u32(prev, next);
    gm_write_u32(next + 4, prev);
}

void peb_ldr_remove(struct module *m)
{
    if (!m->ldr_entry)
        return;
    list_unlink(m->ldr_entry);
    list_unlink(m->ldr_entry + 0x08);
    if (!m->is_exe)
        list_unlink(m->ldr_entry + 0x10);
    m->ldr_entry = 0;
}

char *peb_param_string(uint32_t offset)
{
    uint16_t len;
    uint32_t buf;
    if (!gm_read_u16(params_addr + offset, &len) || !gm_read_u32(params_addr + offset + 4, &buf))
        return NULL;
    uint16_t *w = malloc((size_t)len + 2);
    if (!w)
        return NULL;
    if (!gm_read(buf, w, len)) {
        free(w);
        return NULL;
    }
    char *s = utf16_to_utf8(w, len / 2);
    free(w);
    return s;
}
