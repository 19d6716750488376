/* kernel32 FormatMessageA/W: the message from a string, the system table
 * (system_messages.c) or a module's message table resource, formatted by
 * format_message.c with the caller's arguments (a va_list or, with
 * FORMAT_MESSAGE_ARGUMENT_ARRAY, an array of 32-bit values), into the
 * caller's buffer or a LocalAlloc'd one. English texts only. */
#include <stdlib.h>
#include <string.h>

#include "core/heap.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/format_message.h"
#include "syscalls/kernel32/resource.h"
#include "syscalls/kernel32/system_messages.h"
#include "syscalls/nls.h"
#include "syscalls/win32_errors.h"

#define FORMAT_MESSAGE_ALLOCATE_BUFFER 0x00000100u
#define FORMAT_MESSAGE_IGNORE_INSERTS  0x00000200u
#define FORMAT_MESSAGE_FROM_STRING     0x00000400u
#define FORMAT_MESSAGE_FROM_HMODULE    0x00000800u
#define FORMAT_MESSAGE_FROM_SYSTEM     0x00001000u
#define FORMAT_MESSAGE_ARGUMENT_ARRAY  0x00002000u
#define ERROR_MR_MID_NOT_FOUND         317u
#define ERROR_RESOURCE_LANG_NOT_FOUND  1815u
#define LANG_NEUTRAL 0x00u
#define LANG_ENGLISH 0x09u
#define MAX_MESSAGE_UNITS 0x10000u /* what one FormatMessage produces at most (64K) */

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

struct guest_args {
    gaddr base; /* the first 32-bit argument */
};

static bool slot(void *ctx, unsigned i, uint32_t *v)
{
    struct guest_args *g = ctx;
    return g->base && gm_read_u32(g->base + 4 * i, v);
}

static char *read_str(void *ctx, uint32_t p)
{
    (void)ctx;
    return gm_strdup(p);
}

static uint16_t *read_wstr(void *ctx, uint32_t p, size_t *len)
{
    (void)ctx;
    return gm_wcsdup(p, len);
}

/* The message text as UTF-16 (malloc'd, *n units); 0 or the Win32 error. */
static uint32_t message_text(uint32_t flags, gaddr source, uint32_t id, uint32_t lang, bool wide, uint16_t **text,
                             size_t *n)
{
    *text = NULL;
    if (flags & FORMAT_MESSAGE_FROM_STRING) {
        if (wide) {
            *text = gm_wcsdup(source, n);
        } else {
            char *a = gm_strdup(source);
            *n = a ? strlen(a) : 0;
            *text = a ? nls_ansi_to_w(a, *n) : NULL;
            free(a);
        }
        return *text ? 0 : ERROR_NOACCESS;
    }
    uint32_t primary = lang & 0x3FFu;
    if (lang && primary != LANG_NEUTRAL && primary != LANG_ENGLISH)
        return ERROR_RESOURCE_LANG_NOT_FOUND; /* only English texts here */
    uint32_t err = ERROR_MR_MID_NOT_FOUND;
    if (flags & FORMAT_MESSAGE_FROM_HMODULE) {
        err = resource_message(source, id, text, n);
        if (!err)
            return 0;
    }
    if (flags & FORMAT_MESSAGE_FROM_SYSTEM) {
        const char *s = system_message(id);
        if (!s)
            return ERROR_MR_MID_NOT_FOUND;
        *n = strlen(s);
        *text = nls_ansi_to_w(s, *n);
        return *text ? 0 : ERROR_NOT_ENOUGH_MEMORY;
    }
    return err;
}

/* Copies the result out as the caller asked: units (A: bytes) without
 * the NUL, or 0 with the last error. */
static uint64_t deliver(const uint16_t *w, size_t n, bool wide, uint32_t flags, gaddr buffer, uint32_t size)
{
    char *a = NULL;
    size_t unit = wide ? 2 : 1;
    if (!wide) {
        a = nls_w_to_ansi(w, n);
        if (!a)
            return fail(ERROR_NOT_ENOUGH_MEMORY);
        n = strlen(a);
    }
    const void *bytes = wide ? (const void *)w : (const void *)a;
    uint64_t r = n;
    if (n >= MAX_MESSAGE_UNITS) {
        r = fail(ERROR_MORE_DATA);
    } else if (flags & FORMAT_MESSAGE_ALLOCATE_BUFFER) {
        uint32_t want = (uint32_t)(n + 1) > size ? (uint32_t)(n + 1) : size;
        gaddr p = heap_alloc(proc->process_heap, want * (uint32_t)unit, HEAP_ZERO_MEMORY); /* LocalAlloc(LMEM_FIXED) */
        if (!p)
            r = fail(ERROR_NOT_ENOUGH_MEMORY);
        else if (!gm_write(p, bytes, n * unit) || !gm_write_u32(buffer, p)) {
            heap_free(proc->process_heap, p);
            r = fail(ERROR_NOACCESS);
        }
    } else if (n + 1 > size) {
        r = fail(ERROR_INSUFFICIENT_BUFFER);
    } else {
        uint16_t nul = 0;
        if (!gm_write(buffer, bytes, n * unit) || !gm_write(buffer + (uint32_t)(n * unit), &nul, unit))
            r = fail(ERROR_NOACCESS);
    }
    free(a);
    return r;
}

static uint64_t format_message(uint32_t flags, gaddr source, uint32_t id, uint32_t lang, gaddr buffer, uint32_t size,
                               gaddr arguments, bool wide)
{
    if (!buffer)
        return fail(ERROR_INVALID_PARAMETER);
    uint16_t *text;
    size_t n;
    uint32_t err = message_text(flags, source, id, lang, wide, &text, &n);
    if (err)
        return fail(err);
    struct guest_args g = { 0 };
    if (flags & FORMAT_MESSAGE_ARGUMENT_ARRAY)
        g.base = arguments;
    else if (arguments && !gm_read_u32(arguments, &g.base)) /* a va_list * */
        g.base = 0;
    struct fm_options o = { .ignore_inserts = (flags & FORMAT_MESSAGE_IGNORE_INSERTS) != 0,
                            .max_width = flags & FM_MAX_WIDTH_MASK, .ansi = !wide, .ctx = &g,
                            .slot = slot, .read_str = read_str, .read_wstr = read_wstr };
    struct strbuf out;
    strbuf_init(&out);
    err = fm_format(text, n, &o, &out);
    free(text);
    uint64_t r = err ? fail(err)
                     : deliver(out.data ? (const uint16_t *)out.data : (const uint16_t *)u"", out.len / 2, wide,
                               flags, buffer, size);
    strbuf_free(&out);
    return r;
}

uint64_t kernel32_FormatMessageA(struct thunk_call *c)
{
    API_ARGS(kernel32, FormatMessageA, a);
    return format_message(a.dwFlags, a.lpSource, a.dwMessageId, a.dwLanguageId, a.lpBuffer, a.nSize, a.Arguments,
                          false);
}

uint64_t kernel32_FormatMessageW(struct thunk_call *c)
{
    API_ARGS(kernel32, FormatMessageW, a);
    return format_message(a.dwFlags, a.lpSource, a.dwMessageId, a.dwLanguageId, a.lpBuffer, a.nSize, a.Arguments,
                          true);
}
