/* Text conversions between UTF-16, ANSI and host UTF-8. ANSI is Latin-1
 * until the syscalls layer installs its code page (ansi_codec). */
#include "core/unicode.h"

#include <stdlib.h>
#include <string.h>

size_t utf16_len(const uint16_t *w)
{
    size_t n = 0;
    while (w[n])
        n++;
    return n;
}

static size_t put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

char *utf16_to_utf8(const uint16_t *w, size_t n)
{
    char *out = malloc(n * 3 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = w[i];
        if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < n && w[i + 1] >= 0xDC00 && w[i + 1] < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (w[i + 1] - 0xDC00);
            i++;
        } else if (cp >= 0xD800 && cp < 0xE000) {
            cp = 0xFFFD; /* lone surrogate */
        }
        o += put_utf8(out + o, cp);
    }
    out[o] = 0;
    return out;
}

/* Decodes one UTF-8 sequence; invalid bytes become U+FFFD one at a time. */
static uint32_t get_utf8(const unsigned char *s, size_t *adv)
{
    unsigned c = s[0];
    int need = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
    *adv = 1;
    if (need < 0)
        return 0xFFFD;
    uint32_t cp = need == 0 ? c : c & (0x3F >> need);
    for (int i = 1; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0xFFFD;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    *adv = (size_t)need + 1;
    return cp;
}

uint16_t *utf8_to_utf16(const char *s, size_t *out_len)
{
    size_t n = strlen(s);
    uint16_t *w = malloc((n + 1) * 2);
    if (!w)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t adv;
        uint32_t cp = get_utf8((const unsigned char *)s + i, &adv);
        i += adv;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            w[o++] = (uint16_t)(0xD800 + (cp >> 10));
            w[o++] = (uint16_t)(0xDC00 + (cp & 0x3FF));
        } else {
            w[o++] = (uint16_t)cp;
        }
    }
    w[o] = 0;
    if (out_len)
        *out_len = o;
    return w;
}

struct ansi_codec ansi_codec;

char *ansi_to_utf8(const char *a)
{
    if (ansi_codec.decode) {
        size_t n;
        uint16_t *w = ansi_codec.decode(a, strlen(a), &n);
        char *u = w ? utf16_to_utf8(w, n) : NULL;
        free(w);
        return u;
    }
    size_t n = strlen(a);
    char *out = malloc(n * 2 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        o += put_utf8(out + o, (unsigned char)a[i]);
    out[o] = 0;
    return out;
}

char *utf8_to_ansi(const char *s)
{
    if (ansi_codec.encode) {
        size_t n;
        uint16_t *w = utf8_to_utf16(s, &n);
        char *a = w ? ansi_codec.encode(w, n) : NULL;
        free(w);
        return a;
    }
    size_t n = strlen(s);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t adv;
        uint32_t cp = get_utf8((const unsigned char *)s + i, &adv);
        i += adv;
        out[o++] = cp < 0x100 ? (char)cp : '?';
    }
    out[o] = 0;
    return out;
}
