/* strbuf: a tiny growable byte buffer, always NUL-terminated once it holds data.
 * Shared helper for code that builds strings of unknown length (formatters, logs). */
#ifndef WOWBOX_CORE_STRBUF_H
#define WOWBOX_CORE_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct strbuf {
    char *data;     /* NULL until the first append */
    size_t len;     /* bytes used, not counting the terminating NUL */
    size_t cap;     /* bytes allocated */
};

void strbuf_init(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);

/* Appenders return false only when memory runs out; the buffer is then unchanged. */
bool strbuf_putc(struct strbuf *sb, char c);
bool strbuf_put(struct strbuf *sb, const void *src, size_t n);
bool strbuf_puts(struct strbuf *sb, const char *s);
bool strbuf_printf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
bool strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Hands the malloc'd, NUL-terminated contents to the caller (never NULL unless out of
 * memory) and leaves sb empty. */
char *strbuf_release(struct strbuf *sb);

#endif
