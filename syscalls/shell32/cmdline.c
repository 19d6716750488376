/* CommandLineToArgvW's splitting rules (syscalls/shell32/cmdline.h). */
#include "syscalls/shell32/cmdline.h"

#include <stdbool.h>

static bool blank(uint16_t ch) { return ch == ' ' || ch == '\t'; }

/* One character more; out NULL only counts. */
static void put(uint16_t *out, size_t *o, uint16_t ch)
{
    if (out)
        out[*o] = ch;
    (*o)++;
}

uint32_t cmdline_split(const uint16_t *w, uint16_t *out, size_t *units)
{
    size_t o = 0;
    uint32_t argc = 1;
    const uint16_t *s = w;
    if (*s == '"') {
        for (s++; *s && *s != '"'; s++)
            put(out, &o, *s);
        if (*s)
            s++;
    } else {
        for (; *s && !blank(*s); s++)
            put(out, &o, *s);
    }
    put(out, &o, 0);
    for (;;) {
        while (blank(*s))
            s++;
        if (!*s)
            break;
        bool quoted = false;
        argc++;
        while (*s && (quoted || !blank(*s))) {
            size_t slashes = 0;
            while (*s == '\\') {
                slashes++;
                s++;
            }
            if (*s == '"') {
                for (size_t i = 0; i < slashes / 2; i++)
                    put(out, &o, '\\');
                if (slashes % 2) {
                    put(out, &o, '"');
                } else if (quoted && s[1] == '"') { /* "" in quotes: a literal quote, and the quotes end */
                    put(out, &o, '"');
                    s++;
                    quoted = false;
                } else {
                    quoted = !quoted;
                }
                s++;
                continue;
            }
            for (size_t i = 0; i < slashes; i++)
                put(out, &o, '\\');
            if (*s && (quoted || !blank(*s)))
                put(out, &o, *s++);
        }
        put(out, &o, 0);
    }
    *units = o;
    return argc;
}

