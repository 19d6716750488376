/* FormatMessage's message language (see format_message.h): a scan over
 * the message that copies text, expands escapes and formats each insert
 * through the printf engine (syscalls/format.c), then the width rules. */
#include "syscalls/kernel32/format_message.h"

#include <stdlib.h>
#include <string.h>

#include "syscalls/win32_errors.h"

#define MAX_INSERT     99u
#define MAX_SPEC       32u

static bool put_unit(struct strbuf *out, uint16_t u)
{
    return strbuf_put(out, &u, 2);
}

static bool put_ascii(struct strbuf *out, const char *s)
{
    for (; *s; s++)
        if (!put_unit(out, (uint8_t)*s))
            return false;
    return true;
}

/* The arguments of one insert, in order, for the printf engine. */
struct insert_args {
    const struct fm_options *o;
    unsigned next;
    bool bad;
};

static uint32_t next32(void *ctx)
{
    struct insert_args *a = ctx;
    uint32_t v = 0;
    if (!a->o->slot || !a->o->slot(a->o->ctx, a->next++, &v))
        a->bad = true;
    return v;
}

static char *read_str(void *ctx, uint32_t p)
{
    struct insert_args *a = ctx;
    return a->o->read_str ? a->o->read_str(a->o->ctx, p) : NULL;
}

static uint16_t *read_wstr(void *ctx, uint32_t p, size_t *len)
{
    struct insert_args *a = ctx;
    return a->o->read_wstr ? a->o->read_wstr(a->o->ctx, p, len) : NULL;
}

/* The printf spec of an insert ("%" + spec) as a wide format; for the A
 * function a bare s or c conversion names the 8-bit kind (wide printf's
 * %S and %C). False when it is not a plausible printf spec. */
static bool wide_spec(const char *spec, bool ansi, uint16_t *fmt)
{
    size_t n = strlen(spec);
    if (n == 0 || n > MAX_SPEC)
        return false;
    fmt[0] = '%';
    for (size_t i = 0; i < n; i++)
        fmt[i + 1] = (uint8_t)spec[i];
    fmt[n + 1] = 0;
    char conv = spec[n - 1];
    char before = n > 1 ? spec[n - 2] : 0;
    bool sized = before == 'h' || before == 'l' || before == 'w';
    if (ansi && !sized && (conv == 's' || conv == 'c'))
        fmt[n] = conv == 's' ? 'S' : 'C';
    return strchr("diouxXcCsSp", conv) != NULL;
}

/* %N[!spec!] at msg[*i] (just past the digits' start). */
static uint32_t insert(const uint16_t *msg, size_t n, size_t *i, const struct fm_options *o, struct strbuf *out)
{
    size_t start = *i - 1; /* the '%' */
    unsigned num = 0;
    for (unsigned d = 0; d < 2 && *i < n && msg[*i] >= '0' && msg[*i] <= '9'; d++)
        num = num * 10 + (msg[(*i)++] - '0');
    char spec[MAX_SPEC + 1] = "s";
    if (*i < n && msg[*i] == '!') {
        size_t j = *i + 1, k = 0;
        while (j < n && msg[j] != '!' && k < MAX_SPEC)
            spec[k++] = (char)msg[j++];
        if (j >= n || msg[j] != '!')
            return ERROR_INVALID_PARAMETER;
        spec[k] = 0;
        *i = j + 1;
    }
    if (o->ignore_inserts) { /* copied as written */
        for (size_t j = start; j < *i; j++)
            if (!put_unit(out, msg[j]))
                return ERROR_NOT_ENOUGH_MEMORY;
        return 0;
    }
    uint16_t fmt[MAX_SPEC + 2];
    if (num == 0 || num > MAX_INSERT || !wide_spec(spec, o->ansi, fmt))
        return ERROR_INVALID_PARAMETER;
    struct insert_args ia = { o, num - 1, false };
    struct crt_args args = { &ia, next32, read_str, read_wstr, NULL };
    struct strbuf piece;
    strbuf_init(&piece);
    int r = crt_wformat(&piece, fmt, &args);
    bool ok = r >= 0 && !ia.bad && strbuf_put(out, piece.data ? piece.data : "", piece.len);
    strbuf_free(&piece);
    return ok ? 0 : ERROR_INVALID_PARAMETER;
}

/* Greedy wrap of each hard line at `width` units, breaking at the last
 * space before it (or inside a longer word). */
static bool wrap(struct strbuf *out, unsigned width)
{
    size_t n = out->len / 2;
    uint16_t *src = malloc(n * 2 + 2);
    if (!src)
        return false;
    memcpy(src, out->data, n * 2);
    out->len = 0;
    size_t col = 0, line = 0;
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        if (src[i] == '\r' && i + 1 < n && src[i + 1] == '\n') {
            ok = strbuf_put(out, src + line, (i + 2 - line) * 2);
            line = ++i + 1;
            col = 0;
            continue;
        }
        if (++col <= width)
            continue;
        size_t brk = i;
        while (brk > line && src[brk] != ' ')
            brk--;
        size_t end = brk > line ? brk : i;
        ok = strbuf_put(out, src + line, (end - line) * 2) && put_ascii(out, "\r\n");
        line = brk > line ? brk + 1 : i;
        col = i + 1 - line;
    }
    if (ok && line < n)
        ok = strbuf_put(out, src + line, (n - line) * 2);
    free(src);
    if (out->data)
        out->data[out->len] = 0;
    return ok;
}

uint32_t fm_format(const uint16_t *msg, size_t n, const struct fm_options *o, struct strbuf *out)
{
    unsigned width = o->max_width & FM_MAX_WIDTH_MASK;
    size_t i = 0;
    while (i < n) {
        uint16_t u = msg[i++];
        bool ok = true;
        if (u == '\r' || u == '\n') {
            if (u == '\r' && i < n && msg[i] == '\n')
                i++;
            ok = width ? put_unit(out, ' ') : put_ascii(out, "\r\n");
        } else if (u != '%') {
            ok = put_unit(out, u);
        } else if (i >= n) {
            break; /* a lone % at the end */
        } else {
            uint16_t e = msg[i++];
            if (e == '0')
                break;
            if (e >= '1' && e <= '9') {
                i--;
                uint32_t err = insert(msg, n, &i, o, out);
                if (err)
                    return err;
                continue;
            }
            switch (e) {
            case 'n': ok = put_ascii(out, "\r\n"); break;
            case 'r': ok = put_unit(out, '\r'); break;
            case 't': ok = put_unit(out, '\t'); break;
            default: ok = put_unit(out, e); break; /* %% %space %. %! and the rest */
            }
        }
        if (!ok)
            return ERROR_NOT_ENOUGH_MEMORY;
    }
    if (width && width != FM_MAX_WIDTH_MASK && !wrap(out, width))
        return ERROR_NOT_ENOUGH_MEMORY;
    return 0;
}
