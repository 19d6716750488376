/* Code-page tables built from the host's iconv: each byte (and for a
 * double-byte page each lead and trail) decoded once, the first time a
 * page is used, and inverted for the way back, so conversions are table
 * lookups and need no iconv state. What iconv leaves undefined: a single
 * byte maps to the character of the same value (as Windows does for
 * cp1252's five holes), a pair to nothing. A character the page lacks
 * takes Windows' "best fit" way when the caller allows it: here the
 * character its Unicode decomposition starts with (U+0100 to 'A', a
 * fullwidth letter to its ASCII one; bestfit_table.h), as long as the page
 * has that one; otherwise the default character. */
#define _GNU_SOURCE
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/unicode.h"
#include "syscalls/codepage.h"
#include "syscalls/bestfit_table.h"

#define MAX_TABLES 16
#define NONE       0xFFFFu /* no character: U+FFFF is a noncharacter */

uint32_t cp_ansi = 1252, cp_oem = 437;

struct cp_table {
    uint32_t cp;
    bool dbcs;
    bool lead[256];
    uint16_t single[256];   /* NONE for a lead byte */
    uint16_t *pairs;        /* [(lead - 0x80) * 256 + trail], NONE: no character */
    uint16_t *reverse;      /* [unit]: the byte, or lead << 8 | trail; NONE: none */
};

/* The lead bytes GetCPInfo reports for Windows' double-byte pages; iconv
 * knows fewer for 949 and 950 (it gives their user-defined rows no
 * characters, and pairs it lacks convert as no character here too). */
static const struct { uint32_t cp; uint8_t ranges[4]; } dbcs_leads[] = {
    { 932, { 0x81, 0x9F, 0xE0, 0xFC } }, { 936, { 0x81, 0xFE } }, { 949, { 0x81, 0xFE } }, { 950, { 0x81, 0xFE } },
};

static bool is_lead(uint32_t cp, unsigned b)
{
    for (size_t i = 0; i < sizeof dbcs_leads / sizeof *dbcs_leads; i++)
        if (dbcs_leads[i].cp == cp)
            return (b >= dbcs_leads[i].ranges[0] && b <= dbcs_leads[i].ranges[1]) ||
                   (dbcs_leads[i].ranges[2] && b >= dbcs_leads[i].ranges[2] && b <= dbcs_leads[i].ranges[3]);
    return false;
}

static struct cp_table *tables[MAX_TABLES];
static unsigned ntables;
static pthread_mutex_t tables_lock = PTHREAD_MUTEX_INITIALIZER;

uint32_t cp_resolve(uint32_t cp)
{
    if (cp == CP_ACP || cp == CP_THREAD_ACP)
        return cp_ansi;
    if (cp == CP_OEMCP)
        return cp_oem;
    if (cp == CP_MACCP)
        return 10000;
    return cp;
}

/* glibc's name for a Windows code page this supports, else NULL. */
static const char *iconv_name(uint32_t cp, char *buf, size_t size)
{
    static const uint32_t cp_named[] = { 437, 737, 775, 850, 852, 855, 857, 860, 861, 862, 863, 864, 865, 866, 869,
                                         874, 932, 936, 949, 950, 1250, 1251, 1252, 1253, 1254, 1255, 1256, 1257,
                                         1258 };
    for (size_t i = 0; i < sizeof cp_named / sizeof *cp_named; i++)
        if (cp_named[i] == cp) {
            snprintf(buf, size, "CP%u", cp);
            return buf;
        }
    if (cp >= 28591 && cp <= 28605 && cp != 28600 && cp != 28601 && cp != 28602 && cp != 28604) {
        snprintf(buf, size, "ISO-8859-%u", cp - 28590);
        return buf;
    }
    switch (cp) {
    case 10000: return "MACINTOSH";
    case 20127: return "ASCII";
    case 20866: return "KOI8-R";
    case 21866: return "KOI8-U";
    default: return NULL;
    }
}

/* Decodes n bytes as one character: 1 and *u when it is one, 0 when the
 * bytes begin a longer character, -1 when they are none. */
static int decode_one(iconv_t cd, const uint8_t *bytes, size_t n, uint16_t *u)
{
    char in[2], out[8];
    memcpy(in, bytes, n);
    char *ip = in, *op = out;
    size_t il = n, ol = sizeof out;
    iconv(cd, NULL, NULL, NULL, NULL);
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    if (r == (size_t)-1 && errno == EINVAL && il == n)
        return 0;
    if (r == (size_t)-1 || il != 0 || op - out != 2)
        return -1; /* undefined, or more than one UTF-16 unit */
    *u = (uint16_t)((uint8_t)out[0] | (uint8_t)out[1] << 8);
    return 1;
}

static struct cp_table *build(uint32_t cp)
{
    char buf[32];
    const char *name = iconv_name(cp, buf, sizeof buf);
    iconv_t cd = name ? iconv_open("UTF-16LE", name) : (iconv_t)-1;
    if (cd == (iconv_t)-1)
        return NULL;
    struct cp_table *t = calloc(1, sizeof *t);
    if (t)
        t->reverse = malloc(65536 * sizeof *t->reverse);
    if (!t || !t->reverse)
        goto fail;
    t->cp = cp;
    memset(t->reverse, 0xFF, 65536 * sizeof *t->reverse);
    for (unsigned b = 0; b < 256; b++) {
        uint8_t byte = (uint8_t)b;
        uint16_t u = NONE; /* decode_one leaves it unset when it fails */
        int r = decode_one(cd, &byte, 1, &u);
        t->lead[b] = is_lead(cp, b);
        t->single[b] = r == 1 ? u : t->lead[b] ? NONE : (uint16_t)b;
        t->dbcs |= t->lead[b];
    }
    if (t->dbcs && !(t->pairs = malloc(128 * 256 * sizeof *t->pairs)))
        goto fail;
    for (unsigned l = 0x80; t->dbcs && l < 256; l++)
        for (unsigned tr = 0; tr < 256; tr++) {
            uint8_t pair[2] = { (uint8_t)l, (uint8_t)tr };
            uint16_t u = NONE;
            if (!t->lead[l] || tr == 0 || decode_one(cd, pair, 2, &u) != 1)
                u = NONE;
            t->pairs[(l - 0x80) * 256 + tr] = u;
            if (u != NONE && t->reverse[u] == NONE)
                t->reverse[u] = (uint16_t)(l << 8 | tr);
        }
    /* single bytes last: where a character has both, the byte wins */
    for (unsigned b = 256; b-- > 0;)
        if (t->single[b] != NONE)
            t->reverse[t->single[b]] = (uint16_t)b;
    iconv_close(cd);
    return t;
fail:
    iconv_close(cd);
    if (t) {
        free(t->reverse);
        free(t->pairs);
        free(t);
    }
    return NULL;
}

static const struct cp_table *table_of(uint32_t cp)
{
    cp = cp_resolve(cp);
    if (cp == CP_UTF8 || cp == CP_UTF7)
        return NULL;
    pthread_mutex_lock(&tables_lock);
    struct cp_table *t = NULL;
    for (unsigned i = 0; i < ntables && !t; i++)
        if (tables[i]->cp == cp)
            t = tables[i];
    if (!t && ntables < MAX_TABLES && (t = build(cp)))
        tables[ntables++] = t;
    pthread_mutex_unlock(&tables_lock);
    return t;
}

bool cp_valid(uint32_t cp)
{
    cp = cp_resolve(cp);
    return cp == CP_UTF8 || cp == CP_UTF7 || table_of(cp) != NULL;
}

bool cp_is_dbcs(uint32_t cp)
{
    const struct cp_table *t = table_of(cp);
    return t && t->dbcs;
}

bool cp_lead_byte(uint32_t cp, uint8_t b)
{
    const struct cp_table *t = table_of(cp);
    return t && t->lead[b];
}

void cp_lead_ranges(uint32_t cp, uint8_t out[12])
{
    memset(out, 0, 12);
    const struct cp_table *t = table_of(cp);
    unsigned n = 0;
    for (unsigned b = 0; t && b < 256 && n < 5; b++) {
        if (!t->lead[b] || (b > 0 && t->lead[b - 1]))
            continue;
        unsigned e = b;
        while (e < 255 && t->lead[e + 1])
            e++;
        out[n * 2] = (uint8_t)b;
        out[n * 2 + 1] = (uint8_t)e;
        n++;
    }
}

uint16_t *cp_to_utf16(uint32_t cp, const uint8_t *src, size_t len, size_t *n, bool strict, bool *invalid)
{
    const struct cp_table *t = table_of(cp);
    uint16_t *out = t ? malloc((len + 1) * sizeof *out) : NULL;
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        uint16_t u = t->single[src[i]];
        if (t->lead[src[i]]) {
            /* a lead byte at the end, or with a trail that makes no pair */
            u = i + 1 < len ? t->pairs[(src[i] - 0x80) * 256 + src[i + 1]] : NONE;
            if (u != NONE || (i + 1 < len && src[i + 1] >= 0x40))
                i++;
        }
        if (u == NONE) {
            if (strict) {
                *invalid = true;
                free(out);
                return NULL;
            }
            u = '?';
        }
        out[o++] = u;
    }
    *n = o;
    return out;
}

/* What u decomposes to (bestfit_table.h), or NONE. */
static uint16_t decomposes_to(uint16_t u)
{
    size_t lo = 0, hi = sizeof bestfit_links / sizeof *bestfit_links;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (bestfit_links[mid][0] == u)
            return bestfit_links[mid][1];
        if (bestfit_links[mid][0] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NONE;
}

/* The page's code for the last character along u's decompositions that it
 * has: the base letter first, as Windows strips every diacritic (Ǟ to A
 * in 1252, which has Ä too), or NONE. */
static uint16_t best_fit(const struct cp_table *t, uint16_t u)
{
    uint16_t chain[4];
    int n = 0;
    while (n < 4 && (u = decomposes_to(u)) != NONE)
        chain[n++] = u;
    while (n-- > 0)
        if (t->reverse[chain[n]] != NONE)
            return t->reverse[chain[n]];
    return NONE;
}

char *cp_from_utf16(uint32_t cp, const uint16_t *w, size_t n, size_t *len, const char *defchar, bool best,
                    bool *used_default)
{
    const struct cp_table *t = table_of(cp);
    char *out = t ? malloc(n * 2 + 1) : NULL;
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        uint16_t code = t->reverse[w[i]];
        if (code == NONE && best)
            code = best_fit(t, w[i]);
        if (code == NONE) {
            *used_default = true;
            const char *d = defchar ? defchar : "?";
            out[o++] = d[0];
            if (t->lead[(uint8_t)d[0]] && d[1])
                out[o++] = d[1];
        } else if (code > 0xFF) {
            out[o++] = (char)(code >> 8);
            out[o++] = (char)code;
        } else {
            out[o++] = (char)code;
        }
    }
    *len = o;
    return out;
}

uint16_t cp_byte_to_unit(uint32_t cp, uint8_t b)
{
    const struct cp_table *t = table_of(cp);
    if (!t)
        return b < 0x80 || cp_resolve(cp) != CP_UTF8 ? b : '?';
    return t->single[b] == NONE ? '?' : t->single[b];
}

int cp_unit_to_byte(uint32_t cp, uint16_t u)
{
    const struct cp_table *t = table_of(cp);
    if (!t)
        return u < (cp_resolve(cp) == CP_UTF8 ? 0x80 : 0x100) ? u : -1;
    return t->reverse[u] <= 0xFF ? t->reverse[u] : -1;
}

/* ---- the process's ANSI code page for every A function (core/unicode.h) ---- */

static uint16_t *ansi_decode(const char *a, size_t n, size_t *out_len)
{
    if (cp_ansi == CP_UTF8) {
        char *t = strndup(a, n);
        uint16_t *w = t ? utf8_to_utf16(t, out_len) : NULL;
        free(t);
        return w;
    }
    bool invalid = false;
    uint16_t *w = cp_to_utf16(cp_ansi, (const uint8_t *)a, n, out_len, false, &invalid);
    if (w)
        w[*out_len] = 0;
    return w;
}

static char *ansi_encode(const uint16_t *w, size_t n)
{
    if (cp_ansi == CP_UTF8)
        return utf16_to_utf8(w, n);
    size_t len;
    bool used = false;
    char *s = cp_from_utf16(cp_ansi, w, n, &len, NULL, true, &used);
    if (s)
        s[len] = 0;
    return s;
}

bool cp_install(uint32_t ansi, uint32_t oem)
{
    if (!cp_valid(ansi) || !cp_valid(oem) || ansi < 4 || oem < 4 || ansi == CP_UTF7 || oem == CP_UTF7)
        return false;
    cp_ansi = ansi;
    cp_oem = oem;
    ansi_codec = (struct ansi_codec){ ansi_decode, ansi_encode };
    return true;
}
