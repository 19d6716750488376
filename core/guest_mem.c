/* Checked access to guest memory from host code, against the address-space
 * map; writes to executable pages tell the CPU backend to retranslate. */
#include "core/guest_mem.h"

#include <stdlib.h>
#include <string.h>

#include "core/unicode.h"

void (*gm_code_written)(gaddr g, size_t n);

static bool prot_allows(uint16_t prot, bool write)
{
    if (prot & PAGE_GUARD)
        return false;
    switch (prot & 0xFFu) {
    case PAGE_READONLY: case PAGE_EXECUTE: case PAGE_EXECUTE_READ:
        return !write;
    case PAGE_READWRITE: case PAGE_WRITECOPY:
    case PAGE_EXECUTE_READWRITE: case PAGE_EXECUTE_WRITECOPY:
        return true;
    default:
        return false;
    }
}

static bool range_ok(gaddr g, size_t n, bool write, bool force)
{
    const struct vm *vm = g_vm;
    if (n == 0)
        return true;
    if ((uint64_t)g + n > (1ull << 32))
        return false;
    for (uint32_t p = g >> 12; p <= (uint32_t)((g + n - 1) >> 12); p++) {
        if (vm->state[p] != VM_COMMITTED)
            return false;
        if (!force && !prot_allows(vm->prot[p], write))
            return false;
    }
    return true;
}

static bool range_has_code(gaddr g, size_t n)
{
    for (uint32_t p = g >> 12; p <= (uint32_t)((g + n - 1) >> 12); p++)
        if (g_vm->prot[p] & (PAGE_EXECUTE | PAGE_EXECUTE_READ |
                             PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY))
            return true;
    return false;
}

bool gm_readable(gaddr g, size_t n) { return range_ok(g, n, false, false); }
bool gm_writable(gaddr g, size_t n) { return range_ok(g, n, true, false); }

void *gm_ptr(gaddr g, size_t n, bool write)
{
    if (!range_ok(g, n, write, false))
        return NULL;
    return g_vm->host_base + g;
}

bool gm_read(gaddr g, void *dst, size_t n)
{
    if (n == 0) /* memcpy with a NULL buffer is undefined even for 0 bytes */
        return true;
    if (!range_ok(g, n, false, false))
        return false;
    memcpy(dst, g_vm->host_base + g, n);
    return true;
}

static void after_write(gaddr g, size_t n)
{
    if (n && gm_code_written && range_has_code(g, n))
        gm_code_written(g, n);
}

bool gm_write(gaddr g, const void *src, size_t n)
{
    if (n == 0)
        return true;
    if (!range_ok(g, n, true, false))
        return false;
    memcpy(g_vm->host_base + g, src, n);
    after_write(g, n);
    return true;
}

bool gm_fill(gaddr g, int byte, size_t n)
{
    if (!range_ok(g, n, true, false))
        return false;
    memset(g_vm->host_base + g, byte, n);
    after_write(g, n);
    return true;
}

bool gm_move(gaddr dst, gaddr src, size_t n)
{
    if (!range_ok(src, n, false, false) || !range_ok(dst, n, true, false))
        return false;
    if (n == 0)
        return true;
    memmove(g_vm->host_base + dst, g_vm->host_base + src, n);
    after_write(dst, n);
    return true;
}

/* Host protections mirror the guest's, so a forced write lifts them for
 * the duration of the copy. */
bool gm_write_force(gaddr g, const void *src, size_t n)
{
    if (n == 0)
        return true;
    if (!range_ok(g, n, true, true))
        return false;
    if (range_ok(g, n, true, false)) {
        memcpy(g_vm->host_base + g, src, n);
    } else {
        gaddr start = g & ~(VM_PAGE_SIZE - 1);
        gaddr end = (gaddr)((g + n - 1) | (VM_PAGE_SIZE - 1));
        uint32_t old;
        uint16_t saved[64];
        uint32_t npages = ((end - start) >> 12) + 1;
        if (npages > 64) { /* large forced writes go page by page */
            for (size_t off = 0; off < n;) {
                size_t chunk = VM_PAGE_SIZE - ((g + off) & (VM_PAGE_SIZE - 1));
                if (chunk > n - off)
                    chunk = n - off;
                if (!gm_write_force(g + (gaddr)off, (const uint8_t *)src + off, chunk))
                    return false;
                off += chunk;
            }
            return true;
        }
        for (uint32_t i = 0; i < npages; i++)
            saved[i] = g_vm->prot[(start >> 12) + i];
        for (uint32_t i = 0; i < npages; i++)
            vm_protect(g_vm, start + i * VM_PAGE_SIZE, VM_PAGE_SIZE, PAGE_READWRITE, &old);
        memcpy(g_vm->host_base + g, src, n);
        for (uint32_t i = 0; i < npages; i++)
            vm_protect(g_vm, start + i * VM_PAGE_SIZE, VM_PAGE_SIZE, saved[i], &old);
    }
    after_write(g, n);
    return true;
}

bool gm_read_u8(gaddr g, uint8_t *v) { return gm_read(g, v, 1); }
bool gm_read_u16(gaddr g, uint16_t *v) { return gm_read(g, v, 2); }
bool gm_read_u32(gaddr g, uint32_t *v) { return gm_read(g, v, 4); }
bool gm_write_u8(gaddr g, uint8_t v) { return gm_write(g, &v, 1); }
bool gm_write_u16(gaddr g, uint16_t v) { return gm_write(g, &v, 2); }
bool gm_write_u32(gaddr g, uint32_t v) { return gm_write(g, &v, 4); }

/* Walk page by page so a string running into an unmapped page is caught
 * without touching it. */
static long scan_nul(gaddr g, size_t max, size_t unit)
{
    size_t len = 0;
    while (len < max) {
        gaddr at = g + (gaddr)(len * unit);
        if (!range_ok(at, unit, false, false))
            return -1;
        const uint8_t *h = g_vm->host_base + at;
        if (unit == 1 ? h[0] == 0 : (h[0] | h[1]) == 0)
            return (long)len;
        len++;
    }
    return (long)len;
}

long gm_strnlen(gaddr g, size_t max) { return scan_nul(g, max, 1); }
long gm_wcsnlen(gaddr g, size_t max) { return scan_nul(g, max, 2); }

char *gm_strdup(gaddr g)
{
    long n = gm_strnlen(g, 1u << 30);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return NULL;
    memcpy(s, g_vm->host_base + g, (size_t)n);
    s[n] = 0;
    return s;
}

uint16_t *gm_wcsdup(gaddr g, size_t *len)
{
    long n = gm_wcsnlen(g, 1u << 29);
    if (n < 0)
        return NULL;
    uint16_t *s = malloc(((size_t)n + 1) * 2);
    if (!s)
        return NULL;
    memcpy(s, g_vm->host_base + g, (size_t)n * 2);
    s[n] = 0;
    if (len)
        *len = (size_t)n;
    return s;
}

char *gm_wcs_to_utf8(gaddr g)
{
    size_t n;
    uint16_t *w = gm_wcsdup(g, &n);
    if (!w)
        return NULL;
    char *s = utf16_to_utf8(w, n);
    free(w);
    return s;
}
