/* UTF-7 (RFC 2152) with the choices Windows makes where the RFC leaves
 * them open. Encoding: only RFC 2152's set D (letters, digits and
 * '(),-./:?), space, tab, CR, LF and NUL are written directly; everything
 * else, set O included, goes in a base64 run that a '-' always ends, and
 * '+' is "+-". Decoding: bytes outside a run are characters of the same
 * value (also 0x80-0xFF); '+' followed by a byte that is not base64 (and
 * not '-') is dropped; a run ends at '-' (consumed) or at any other
 * non-base64 byte, and its unfinished bits are dropped -- except when a
 * byte of 0x80-0xFF ends it: then they are kept for the next run. */
#include <stdbool.h>
#include <stdlib.h>

#include "syscalls/utf7.h"

static const char base64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int base64_value(uint8_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

static bool direct(uint16_t u)
{
    if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9'))
        return true;
    return u == 0 || u == '\t' || u == '\n' || u == '\r' || u == ' ' || u == '\'' || u == '(' || u == ')' ||
           u == ',' || u == '-' || u == '.' || u == '/' || u == ':' || u == '?';
}

uint16_t *utf7_to_utf16(const uint8_t *src, size_t len, size_t *n)
{
    uint16_t *out = malloc((len + 1) * sizeof *out); /* never more units than bytes */
    if (!out)
        return NULL;
    size_t o = 0;
    uint32_t bits = 0; /* the run's bits not yet a unit: nbits of them */
    unsigned nbits = 0;
    for (size_t i = 0; i < len;) {
        if (src[i] != '+') {
            out[o++] = src[i++];
            continue;
        }
        i++;
        if (i < len && src[i] == '-') { /* "+-" */
            out[o++] = '+';
            i++;
            continue;
        }
        int v;
        while (i < len && (v = base64_value(src[i])) >= 0) {
            bits = bits << 6 | (uint32_t)v;
            nbits += 6;
            if (nbits >= 16) {
                nbits -= 16;
                out[o++] = (uint16_t)(bits >> nbits);
            }
            bits &= (1u << nbits) - 1;
            i++;
        }
        if (i < len && src[i] >= 0x80)
            continue; /* Windows keeps the unfinished bits */
        bits = nbits = 0;
        if (i < len && src[i] == '-')
            i++;
    }
    *n = o;
    return out;
}

char *utf16_to_utf7(const uint16_t *w, size_t n, size_t *len)
{
    char *out = malloc(n * 5 + 1); /* "+xxx-" at most per unit */
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (w[i] == '+') {
            out[o++] = '+';
            out[o++] = '-';
            i++;
            continue;
        }
        if (direct(w[i])) {
            out[o++] = (char)w[i++];
            continue;
        }
        uint32_t bits = 0;
        unsigned nbits = 0;
        out[o++] = '+';
        for (; i < n && !direct(w[i]) && w[i] != '+'; i++) {
            bits = bits << 16 | w[i];
            nbits += 16;
            while (nbits >= 6) {
                nbits -= 6;
                out[o++] = base64[bits >> nbits & 0x3F];
            }
            bits &= (1u << nbits) - 1;
        }
        if (nbits)
            out[o++] = base64[bits << (6 - nbits) & 0x3F];
        out[o++] = '-';
    }
    *len = o;
    return out;
}
