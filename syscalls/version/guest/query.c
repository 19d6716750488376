/* VerQueryValue: a walk through the VS_VERSIONINFO block the caller holds
 * (guest memory only, so guest code, as in Windows' version.dll). Each
 * node: WORD wLength, WORD wValueLength (characters for text, bytes for
 * binary), WORD wType (1: text), the key in UTF-16, then the value and the
 * children, each 32-bit aligned. */
#include "syscalls/guest/wg.h"

#define ERROR_RESOURCE_TYPE_NOT_FOUND 1813u
#define ANSI_SIGNATURE 0x58324546u /* "FE2X": GetFileVersionInfo left room for ANSI copies */

struct node {
    uint16_t wLength, wValueLength, wType;
    WCHAR szKey[1];
};

static uint32_t align4(uint32_t v) { return (v + 3u) & ~3u; }

static uint32_t wlen(const WCHAR *s)
{
    uint32_t n = 0;
    while (s[n])
        n++;
    return n;
}

static const uint8_t *value_of(const struct node *n)
{
    return (const uint8_t *)n + align4(6u + (wlen(n->szKey) + 1u) * 2u);
}

static const struct node *first_child(const struct node *n)
{
    uint32_t value_bytes = n->wType == 1 ? n->wValueLength * 2u : n->wValueLength;
    return (const struct node *)((const uint8_t *)n + align4((uint32_t)(value_of(n) - (const uint8_t *)n) + value_bytes));
}

static WCHAR fold(WCHAR c) { return c >= 'a' && c <= 'z' ? (WCHAR)(c - 32) : c; }

/* The component [s, s+len) of the path (ANSI bytes or UTF-16 units) equals key. */
static BOOL key_is(const WCHAR *key, const void *s, uint32_t len, BOOL wide)
{
    for (uint32_t i = 0; i < len; i++) {
        WCHAR c = wide ? ((const WCHAR *)s)[i] : ((const uint8_t *)s)[i];
        if (!key[i] || fold(key[i]) != fold(c))
            return 0;
    }
    return key[len] == 0;
}

static uint32_t char_at(const void *s, uint32_t i, BOOL wide)
{
    return wide ? ((const WCHAR *)s)[i] : ((const uint8_t *)s)[i];
}

/* The node the backslash-separated path names, or 0. */
static const struct node *find(const struct node *root, const void *path, BOOL wide)
{
    const struct node *cur = root;
    uint32_t i = 0;
    for (;;) {
        while (char_at(path, i, wide) == '\\')
            i++;
        if (!char_at(path, i, wide))
            return cur;
        uint32_t len = 0;
        while (char_at(path, i + len, wide) && char_at(path, i + len, wide) != '\\')
            len++;
        const uint8_t *end = (const uint8_t *)cur + cur->wLength;
        const struct node *child = first_child(cur), *hit = 0;
        while ((const uint8_t *)child + 6 < end && child->wLength) {
            const void *part = wide ? (const void *)((const WCHAR *)path + i) : (const void *)((const uint8_t *)path + i);
            if (key_is(child->szKey, part, len, wide)) {
                hit = child;
                break;
            }
            child = (const struct node *)((const uint8_t *)child + align4(child->wLength));
        }
        if (!hit)
            return 0;
        cur = hit;
        i += len;
    }
}

static BOOL query(const struct node *root, const void *path, void **out, uint32_t *len, BOOL wide)
{
    if (!root || !out) {
        wg_set_last_error(ERROR_RESOURCE_TYPE_NOT_FOUND);
        return 0;
    }
    static const WCHAR empty[1];
    const struct node *n = find(root, path ? path : (const void *)empty, wide);
    if (!n) {
        wg_set_last_error(ERROR_RESOURCE_TYPE_NOT_FOUND);
        return 0;
    }
    uint8_t *value = (uint8_t *)value_of(n);
    if (!wide && n->wType == 1) {
        /* the ANSI copy: in the room GetFileVersionInfo left after the
         * block when it did, else over the UTF-16 text itself */
        uint32_t offset = (uint32_t)(value - (const uint8_t *)root);
        uint32_t sig;
        memcpy(&sig, (const uint8_t *)root + root->wLength, 4);
        uint8_t *ansi = sig == ANSI_SIGNATURE ? (uint8_t *)root + root->wLength + 4 + offset / 2 : value;
        const WCHAR *w = (const WCHAR *)value;
        for (uint32_t i = 0; i < n->wValueLength; i++)
            ansi[i] = w[i] < 0x100 ? (uint8_t)w[i] : '?';
        value = ansi;
    }
    *out = value;
    if (len)
        *len = n->wValueLength;
    return 1;
}

BOOL WINAPI version_VerQueryValueW(const void *block, const WCHAR *sub, void **out, uint32_t *len)
{
    return query(block, sub, out, len, 1);
}

BOOL WINAPI version_VerQueryValueA(const void *block, const char *sub, void **out, uint32_t *len)
{
    return query(block, sub, out, len, 0);
}
