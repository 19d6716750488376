/* kernel32 environment variables over the UTF-16 block the process
 * parameters point to: lookup, update (a new sorted block replaces the old
 * one), copies for GetEnvironmentStrings, %VAR% expansion. */
#include "syscalls/kernel32/env.h"

#include <stdlib.h>
#include <string.h>

#include "core/heap.h"
#include "core/process.h"
#include "core/unicode.h"
#include "loader/peb.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/nls.h"
#include "syscalls/win32_errors.h"

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

/* ------------------------------------------------------------ the block */

static gaddr block_addr(void)
{
    uint32_t b = 0;
    gm_read_u32(proc->params + PARAMS_ENVIRONMENT, &b);
    return b;
}

/* Host copy of the block, final empty string included; *units counts every
 * unit. NULL when unreadable or out of memory. */
static uint16_t *block_read(size_t *units)
{
    gaddr b = block_addr();
    size_t n = 0;
    for (;;) {
        long l = gm_wcsnlen(b + (gaddr)n * 2, 1u << 24);
        if (l < 0)
            return NULL;
        n += (size_t)l + 1;
        if (l == 0)
            break;
    }
    uint16_t *w = malloc(n * 2);
    if (w && !gm_read(b, w, n * 2)) {
        free(w);
        return NULL;
    }
    *units = n;
    return w;
}

uint16_t *env_block_copy(size_t *units)
{
    return block_read(units);
}

/* The block Windows keeps for this process was allocated by us once we
 * replaced the loader's; only that one may be freed. */
static gaddr owned_block;

static bool block_store(const uint16_t *w, size_t units)
{
    gaddr nb = heap_alloc(proc->process_heap, (uint32_t)units * 2, 0);
    if (!nb)
        return false;
    if (!gm_write(nb, w, units * 2) || !gm_write_u32(proc->params + PARAMS_ENVIRONMENT, nb)) {
        heap_free(proc->process_heap, nb);
        return false;
    }
    if (owned_block)
        heap_free(proc->process_heap, owned_block);
    owned_block = nb;
    return true;
}

/* Length of an entry's name: up to the first '=' after position 0 (names
 * of the per-drive directories such as "=C:" begin with one). */
static size_t name_len(const uint16_t *entry, size_t len)
{
    for (size_t i = 1; i < len; i++)
        if (entry[i] == '=')
            return i;
    return len;
}

static int name_cmp(const uint16_t *a, size_t na, const uint16_t *b, size_t nb)
{
    size_t n = na < nb ? na : nb;
    for (size_t i = 0; i < n; i++) {
        uint16_t x = nls_upper(a[i]), y = nls_upper(b[i]);
        if (x != y)
            return x < y ? -1 : 1;
    }
    return na < nb ? -1 : na > nb;
}

static size_t wlen(const uint16_t *w)
{
    size_t n = 0;
    while (w[n])
        n++;
    return n;
}

/* Where `name` is (or would be inserted): offset in units; *found says. */
static size_t block_find(const uint16_t *blk, const uint16_t *name, size_t nlen, bool *found)
{
    size_t off = 0;
    *found = false;
    for (;;) {
        size_t len = wlen(blk + off);
        if (len == 0)
            return off;
        int c = name_cmp(blk + off, name_len(blk + off, len), name, nlen);
        if (c == 0) {
            *found = true;
            return off;
        }
        if (c > 0)
            return off;
        off += len + 1;
    }
}

/* malloc'd copy of the value, NULL if unset (or out of memory). */
static uint16_t *lookup(const uint16_t *name, size_t nlen, size_t *vlen)
{
    size_t units;
    uint16_t *blk = block_read(&units);
    if (!blk)
        return NULL;
    bool found;
    size_t off = block_find(blk, name, nlen, &found);
    uint16_t *v = NULL;
    if (found) {
        const uint16_t *e = blk + off;
        size_t len = wlen(e), nl = name_len(e, len);
        size_t l = nl < len ? len - nl - 1 : 0;
        v = malloc((l + 1) * 2);
        if (v) {
            memcpy(v, e + len - l, l * 2);
            v[l] = 0;
            *vlen = l;
        }
    }
    free(blk);
    return v;
}

static bool valid_name(const uint16_t *name, size_t nlen)
{
    if (nlen == 0)
        return false;
    for (size_t i = 1; i < nlen; i++)
        if (name[i] == '=')
            return false;
    return true;
}

/* Sets or (value NULL) removes; the caller checked the name. */
static bool update(const uint16_t *name, size_t nlen, const uint16_t *value, size_t vlen)
{
    size_t units;
    uint16_t *blk = block_read(&units);
    if (!blk)
        return false;
    bool found;
    size_t off = block_find(blk, name, nlen, &found);
    size_t old = found ? wlen(blk + off) + 1 : 0;
    if (!found && !value) {
        free(blk);
        return true; /* removing an unset variable succeeds */
    }
    size_t add = value ? nlen + 1 + vlen + 1 : 0;
    uint16_t *nb = malloc((units - old + add) * 2);
    if (!nb) {
        free(blk);
        return false;
    }
    memcpy(nb, blk, off * 2);
    size_t o = off;
    if (value) {
        memcpy(nb + o, name, nlen * 2);
        nb[o + nlen] = '=';
        memcpy(nb + o + nlen + 1, value, vlen * 2);
        nb[o + nlen + 1 + vlen] = 0;
        o += add;
    }
    memcpy(nb + o, blk + off + old, (units - off - old) * 2);
    bool ok = block_store(nb, units - old + add);
    free(nb);
    free(blk);
    return ok;
}

/* --------------------------------------------------------- host-side API */

char *env_get(const char *name)
{
    size_t nlen, vlen;
    uint16_t *n = utf8_to_utf16(name, &nlen);
    uint16_t *v = n ? lookup(n, nlen, &vlen) : NULL;
    char *r = v ? utf16_to_utf8(v, vlen) : NULL;
    free(n);
    free(v);
    return r;
}

bool env_set(const char *name, const char *value)
{
    size_t nlen, vlen = 0;
    uint16_t *n = utf8_to_utf16(name, &nlen);
    uint16_t *v = value ? utf8_to_utf16(value, &vlen) : NULL;
    bool ok = n && (!value || v) && valid_name(n, nlen) && update(n, nlen, v, vlen);
    free(n);
    free(v);
    return ok;
}

/* ------------------------------------------------ guest string arguments */

/* A guest name/value argument as UTF-16; *bad when unreadable. */
static uint16_t *arg_w(gaddr g, bool wide, size_t *n, bool *bad)
{
    *bad = false;
    if (!g) {
        *n = 0;
        return NULL;
    }
    uint16_t *w = NULL;
    if (wide) {
        w = gm_wcsdup(g, n);
    } else {
        char *a = gm_strdup(g);
        if (a) {
            *n = strlen(a);
            w = nls_ansi_to_w(a, *n);
        }
        free(a);
    }
    *bad = w == NULL;
    return w;
}

/* Writes len characters and a NUL to a guest buffer. */
static bool write_result(const uint16_t *w, size_t len, bool wide, gaddr buf)
{
    if (wide)
        return gm_write(buf, w, len * 2) && gm_write_u16(buf + (gaddr)len * 2, 0);
    char *a = nls_w_to_ansi(w, len);
    bool ok = a && gm_write(buf, a, len + 1);
    free(a);
    return ok;
}

/* GetEnvironmentVariable's rule: the length without NUL when it fits in
 * `size` characters, else the size needed with the NUL. */
static uint64_t put_result(const uint16_t *w, size_t len, bool wide, gaddr buf, uint32_t size)
{
    if (len + 1 > size)
        return len + 1;
    return write_result(w, len, wide, buf) ? len : fail(ERROR_NOACCESS);
}

/* ------------------------------------------------------------- get / set */

static uint64_t get_variable(gaddr lpName, gaddr lpBuffer, uint32_t nSize, bool wide)
{
    size_t nlen, vlen;
    bool bad;
    uint16_t *name = arg_w(lpName, wide, &nlen, &bad);
    if (bad)
        return fail(ERROR_NOACCESS);
    uint16_t *v = name ? lookup(name, nlen, &vlen) : NULL;
    free(name);
    if (!v)
        return fail(ERROR_ENVVAR_NOT_FOUND);
    /* a set but empty variable gives 0 and leaves the last error alone */
    uint64_t r = put_result(v, vlen, wide, lpBuffer, nSize);
    free(v);
    return r;
}

uint64_t kernel32_GetEnvironmentVariableA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetEnvironmentVariableA, a);
    return get_variable(a.lpName, a.lpBuffer, a.nSize, false);
}
uint64_t kernel32_GetEnvironmentVariableW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetEnvironmentVariableW, a);
    return get_variable(a.lpName, a.lpBuffer, a.nSize, true);
}

static uint64_t set_variable(gaddr lpName, gaddr lpValue, bool wide)
{
    size_t nlen, vlen = 0;
    bool bad;
    uint16_t *name = arg_w(lpName, wide, &nlen, &bad);
    if (bad)
        return fail(ERROR_NOACCESS);
    uint16_t *value = arg_w(lpValue, wide, &vlen, &bad);
    uint64_t r = 1;
    if (bad)
        r = fail(ERROR_NOACCESS);
    else if (!name || !valid_name(name, nlen))
        r = fail(ERROR_INVALID_PARAMETER);
    else if (!update(name, nlen, value, vlen))
        r = fail(ERROR_NOT_ENOUGH_MEMORY);
    free(name);
    free(value);
    return r;
}

uint64_t kernel32_SetEnvironmentVariableA(struct thunk_call *c)
{
    API_ARGS(kernel32, SetEnvironmentVariableA, a);
    return set_variable(a.lpName, a.lpValue, false);
}
uint64_t kernel32_SetEnvironmentVariableW(struct thunk_call *c)
{
    API_ARGS(kernel32, SetEnvironmentVariableW, a);
    return set_variable(a.lpName, a.lpValue, true);
}

/* -------------------------------------------------- whole-block copies */

/* Like Windows since Vista, the caller gets a heap copy it must free with
 * FreeEnvironmentStrings, never the live block. */
static uint64_t get_strings(bool wide)
{
    size_t units;
    uint16_t *blk = block_read(&units);
    if (!blk)
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    size_t bytes = wide ? units * 2 : units;
    gaddr copy = heap_alloc(proc->process_heap, (uint32_t)bytes, 0);
    bool ok = copy != 0;
    if (ok && wide) {
        ok = gm_write(copy, blk, bytes);
    } else if (ok) {
        char *a = nls_w_to_ansi(blk, units); /* NULs convert to NULs */
        ok = a && gm_write(copy, a, bytes);
        free(a);
    }
    free(blk);
    if (!ok) {
        if (copy)
            heap_free(proc->process_heap, copy);
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    return copy;
}

uint64_t kernel32_GetEnvironmentStringsW(struct thunk_call *c) { (void)c; return get_strings(true); }
uint64_t kernel32_GetEnvironmentStringsA(struct thunk_call *c) { (void)c; return get_strings(false); }
uint64_t kernel32_GetEnvironmentStrings(struct thunk_call *c) { (void)c; return get_strings(false); }

static uint64_t free_strings(gaddr p)
{
    if (!p || !heap_free(proc->process_heap, p))
        return fail(ERROR_INVALID_PARAMETER);
    return 1;
}

uint64_t kernel32_FreeEnvironmentStringsA(struct thunk_call *c)
{
    API_ARGS(kernel32, FreeEnvironmentStringsA, a);
    return free_strings(a.penv);
}
uint64_t kernel32_FreeEnvironmentStringsW(struct thunk_call *c)
{
    API_ARGS(kernel32, FreeEnvironmentStringsW, a);
    return free_strings(a.penv);
}

/* ------------------------------------------------------------ expansion */

static bool append(uint16_t **out, size_t *len, size_t *cap, const uint16_t *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t nc = (*len + n + 1) * 2;
        uint16_t *o = realloc(*out, nc * 2);
        if (!o)
            return false;
        *out = o;
        *cap = nc;
    }
    memcpy(*out + *len, s, n * 2);
    *len += n;
    (*out)[*len] = 0;
    return true;
}

/* %NAME% → value; an unknown name (or a lone '%') stays as written, and its
 * closing '%' may open the next reference, as on Windows. */
static uint16_t *expand(const uint16_t *src, size_t n, size_t *olen)
{
    uint16_t *out = NULL;
    size_t len = 0, cap = 0;
    bool ok = append(&out, &len, &cap, src, 0);
    for (size_t i = 0; ok && i < n;) {
        size_t close = i + 1;
        while (src[i] == '%' && close < n && src[close] != '%')
            close++;
        if (src[i] == '%' && close < n && close > i + 1) {
            size_t vlen;
            uint16_t *v = lookup(src + i + 1, close - i - 1, &vlen);
            if (v) {
                ok = append(&out, &len, &cap, v, vlen);
                free(v);
                i = close + 1;
                continue;
            }
        }
        ok = append(&out, &len, &cap, src + i, 1);
        i++;
    }
    if (!ok) {
        free(out);
        return NULL;
    }
    *olen = len;
    return out;
}

uint16_t *env_expand(const uint16_t *src, size_t n, size_t *olen)
{
    return expand(src, n, olen);
}

static uint64_t expand_strings(gaddr lpSrc, gaddr lpDst, uint32_t nSize, bool wide)
{
    size_t n, olen;
    bool bad;
    uint16_t *src = arg_w(lpSrc, wide, &n, &bad);
    if (bad)
        return fail(ERROR_NOACCESS);
    /* a NULL source expands like "" */
    uint16_t *res = expand(src ? src : (const uint16_t[]){ 0 }, n, &olen);
    free(src);
    if (!res)
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    gaddr dst = lpDst;
    uint32_t size = dst ? nSize : 0;
    /* the count includes the NUL both on success and when too small */
    uint64_t r = olen + 1;
    if (olen + 1 <= size && !write_result(res, olen, wide, dst))
        r = fail(ERROR_NOACCESS);
    free(res);
    return r;
}

uint64_t kernel32_ExpandEnvironmentStringsA(struct thunk_call *c)
{
    API_ARGS(kernel32, ExpandEnvironmentStringsA, a);
    return expand_strings(a.lpSrc, a.lpDst, a.nSize, false);
}
uint64_t kernel32_ExpandEnvironmentStringsW(struct thunk_call *c)
{
    API_ARGS(kernel32, ExpandEnvironmentStringsW, a);
    return expand_strings(a.lpSrc, a.lpDst, a.nSize, true);
}
