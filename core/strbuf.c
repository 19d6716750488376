/* strbuf: growable byte buffer used by formatters and anything else that builds strings.
 * Growth is geometric so repeated small appends stay amortised O(1). */
#include "core/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void strbuf_init(struct strbuf *sb)
{
    sb->data = NULL;
    sb->len = 0;
    sb->cap = 0;
}

void strbuf_free(struct strbuf *sb)
{
    free(sb->data);
    strbuf_init(sb);
}

/* Make room for `extra` more bytes plus the terminating NUL. */
static bool strbuf_reserve(struct strbuf *sb, size_t extra)
{
    if (extra >= (size_t)-1 - sb->len)
        return false;
    size_t need = sb->len + extra + 1;
    if (need <= sb->cap)
        return true;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < need)
        cap = cap > (size_t)-1 / 2 ? need : cap * 2;
    char *p = realloc(sb->data, cap);
    if (!p)
        return false;
    sb->data = p;
    sb->cap = cap;
    return true;
}

bool strbuf_put(struct strbuf *sb, const void *src, size_t n)
{
    if (!strbuf_reserve(sb, n))
        return false;
    if (n)
        memcpy(sb->data + sb->len, src, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
    return true;
}

bool strbuf_putc(struct strbuf *sb, char c)
{
    return strbuf_put(sb, &c, 1);
}

bool strbuf_puts(struct strbuf *sb, const char *s)
{
    return strbuf_put(sb, s, strlen(s));
}

bool strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
    va_list probe;
    va_copy(probe, ap);
    int n = vsnprintf(NULL, 0, fmt, probe);
    va_end(probe);
    if (n < 0 || !strbuf_reserve(sb, (size_t)n))
        return false;
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
    return true;
}

bool strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bool ok = strbuf_vprintf(sb, fmt, ap);
    va_end(ap);
    return ok;
}

char *strbuf_release(struct strbuf *sb)
{
    if (!sb->data && !strbuf_reserve(sb, 0))
        return NULL;
    sb->data[sb->len] = '\0';
    char *p = sb->data;
    strbuf_init(sb);
    return p;
}
