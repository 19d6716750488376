/* en-US character rules for the string APIs: case mapping and classes
 * (ASCII and Latin-1 by hand, the rest from the host's C.UTF-8 tables) and
 * the multi-level ordering behind CompareString and lstrcmp. */
#include "syscalls/nls.h"
#include "syscalls/codepage.h"

#include <locale.h>
#include <stdlib.h>
#include <wctype.h>

/* A locale object, not setlocale(): the host process's global locale is
 * left alone. NULL when the host has no C.UTF-8: then only Latin-1 is
 * classified and mapped. */
static locale_t utf8_locale(void)
{
    static bool tried;
    static locale_t loc;
    if (!tried) {
        tried = true;
        loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    }
    return loc;
}

static bool is_surrogate(uint16_t c) { return c >= 0xD800 && c < 0xE000; }

uint16_t nls_upper(uint16_t c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z' ? (uint16_t)(c - 32) : c;
    if (is_surrogate(c))
        return c;
    locale_t l = utf8_locale();
    if (l) {
        wint_t u = towupper_l(c, l);
        return u <= 0xFFFF ? (uint16_t)u : c;
    }
    /* Latin-1 without host tables: à-þ ↔ À-Þ except ÷/× */
    return c >= 0xE0 && c <= 0xFE && c != 0xF7 ? (uint16_t)(c - 32) : c;
}

uint16_t nls_lower(uint16_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? (uint16_t)(c + 32) : c;
    if (is_surrogate(c))
        return c;
    locale_t l = utf8_locale();
    if (l) {
        wint_t u = towlower_l(c, l);
        return u <= 0xFFFF ? (uint16_t)u : c;
    }
    return c >= 0xC0 && c <= 0xDE && c != 0xD7 ? (uint16_t)(c + 32) : c;
}

uint8_t nls_upper_a(uint8_t c)
{
    uint16_t u = nls_upper(c);
    return u < 0x100 ? (uint8_t)u : c;
}

uint8_t nls_lower_a(uint8_t c)
{
    uint16_t u = nls_lower(c);
    return u < 0x100 ? (uint8_t)u : c;
}

uint16_t *nls_ansi_to_w(const char *a, size_t n)
{
    uint16_t *w = malloc((n + 1) * 2);
    if (!w)
        return NULL;
    for (size_t i = 0; i < n; i++)
        w[i] = cp_byte_to_unit(CP_ACP, (uint8_t)a[i]);
    w[n] = 0;
    return w;
}

char *nls_w_to_ansi(const uint16_t *w, size_t n)
{
    char *a = malloc(n + 1);
    if (!a)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        int b = cp_unit_to_byte(CP_ACP, w[i]);
        a[i] = b >= 0 ? (char)b : '?';
    }
    a[n] = 0;
    return a;
}

static uint16_t ascii_ctype1(uint16_t c)
{
    if (c == '\t')
        return C1_CNTRL | C1_SPACE | C1_BLANK | C1_DEFINED;
    if (c >= 0x0A && c <= 0x0D)
        return C1_CNTRL | C1_SPACE | C1_DEFINED;
    if (c < 0x20 || c == 0x7F)
        return C1_CNTRL | C1_DEFINED;
    if (c == ' ')
        return C1_SPACE | C1_BLANK | C1_DEFINED;
    if (c >= '0' && c <= '9')
        return C1_DIGIT | C1_XDIGIT | C1_DEFINED;
    uint16_t hex = (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f') ? C1_XDIGIT : 0;
    if (c >= 'A' && c <= 'Z')
        return C1_UPPER | C1_ALPHA | hex | C1_DEFINED;
    if (c >= 'a' && c <= 'z')
        return C1_LOWER | C1_ALPHA | hex | C1_DEFINED;
    return C1_PUNCT | C1_DEFINED;
}

/* Latin-1 upper half when the host has no tables. */
static uint16_t latin1_ctype1(uint16_t c)
{
    if (c == 0xD7 || c == 0xF7 || c < 0xC0)
        return C1_PUNCT | C1_DEFINED;
    if (c <= 0xDE)
        return C1_UPPER | C1_ALPHA | C1_DEFINED;
    return C1_LOWER | C1_ALPHA | C1_DEFINED;
}

uint16_t nls_ctype1(uint16_t c)
{
    if (c < 0x80)
        return ascii_ctype1(c);
    if (c < 0xA0)
        return C1_CNTRL | C1_DEFINED;
    if (c == 0xA0) /* no-break space counts as a blank on Windows */
        return C1_SPACE | C1_BLANK | C1_DEFINED;
    if (is_surrogate(c))
        return C1_DEFINED;
    locale_t l = utf8_locale();
    if (!l)
        return c < 0x100 ? latin1_ctype1(c) : 0;
    uint16_t t = 0;
    if (iswupper_l(c, l))
        t |= C1_UPPER;
    if (iswlower_l(c, l))
        t |= C1_LOWER;
    if (iswdigit_l(c, l))
        t |= C1_DIGIT;
    if (iswspace_l(c, l))
        t |= C1_SPACE;
    if (iswpunct_l(c, l))
        t |= C1_PUNCT;
    if (iswcntrl_l(c, l))
        t |= C1_CNTRL;
    if (iswblank_l(c, l))
        t |= C1_BLANK;
    if (iswalpha_l(c, l))
        t |= C1_ALPHA;
    if (t || iswprint_l(c, l))
        t |= C1_DEFINED;
    return t;
}

/* ---------------------------------------------------------------- sorting */

/* One collation element: primary (class and base character), diacritic and
 * case weights. */
struct coll {
    uint32_t primary;
    uint16_t diacritic;
    uint8_t upper;
};

enum { CLASS_SYMBOL = 1, CLASS_DIGIT = 2, CLASS_LETTER = 3 };

struct keys {
    struct coll *el;
    size_t n, cap;
    uint16_t *special; /* word-sort ignorables (hyphen, apostrophe), in order */
    size_t nspecial;
};

static bool push(struct keys *k, uint32_t primary, uint16_t diacritic, bool upper)
{
    if (k->n == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 32;
        struct coll *e = realloc(k->el, cap * sizeof *e);
        if (!e)
            return false;
        k->el = e;
        k->cap = cap;
    }
    k->el[k->n++] = (struct coll){ primary, diacritic, upper };
    return true;
}

/* Base letter of an accented Latin-1 letter (lowercase), 0 if none. */
static uint16_t latin1_base(uint16_t lc)
{
    static const char base[] = "aaaaaa" "a" "c" "eeee" "iiii" "dn" "ooooo" "\0" "o" "uuuu" "y";
    if (lc >= 0xE0 && lc <= 0xFD)
        return (uint8_t)base[lc - 0xE0];
    if (lc == 0xFF)
        return 'y';
    return 0;
}

static bool add_letter(struct keys *k, uint16_t c)
{
    uint16_t lc = nls_lower(c);
    bool upper = lc != c;
    uint32_t letter = (uint32_t)CLASS_LETTER << 24;
    if (lc == 0xDF) /* ß sorts as "ss" */
        return push(k, letter | 's', 0xDF, false) && push(k, letter | 's', 0xDF, false);
    if (lc == 0xE6) /* æ sorts as "ae" */
        return push(k, letter | 'a', 0xE6, upper) && push(k, letter | 'e', 0xE6, upper);
    if (lc == 0xFE) /* þ after z */
        return push(k, letter | ('z' + 1), 0, upper);
    uint16_t base = lc < 0x100 ? latin1_base(lc) : 0;
    if (base)
        return push(k, letter | base, lc, upper);
    return push(k, letter | lc, 0, upper);
}

static bool build_keys(struct keys *k, const uint16_t *s, size_t n, uint32_t flags)
{
    for (size_t i = 0; i < n; i++) {
        uint16_t c = s[i];
        uint16_t t = nls_ctype1(c);
        bool ok = true;
        if ((t & C1_CNTRL) && !(t & C1_SPACE))
            continue; /* control characters have no weight at all */
        if (!(flags & SORT_STRINGSORT) && (c == '-' || c == '\'' || c == 0xAD)) {
            uint16_t *sp = realloc(k->special, (k->nspecial + 1) * sizeof *sp);
            if (!sp)
                return false;
            k->special = sp;
            k->special[k->nspecial++] = c;
            continue;
        }
        if (t & C1_ALPHA)
            ok = add_letter(k, c);
        else if (c >= '0' && c <= '9')
            ok = push(k, (uint32_t)CLASS_DIGIT << 24 | c, 0, false);
        else if (flags & NORM_IGNORESYMBOLS)
            continue;
        else
            ok = push(k, (uint32_t)CLASS_SYMBOL << 24 | c, 0, false);
        if (!ok)
            return false;
    }
    return true;
}

static int sign(long v) { return v < 0 ? CSTR_LESS_THAN : v > 0 ? CSTR_GREATER_THAN : CSTR_EQUAL; }

int nls_compare(uint32_t flags, const uint16_t *a, size_t na, const uint16_t *b, size_t nb)
{
    struct keys ka = { 0 }, kb = { 0 };
    int r = CSTR_EQUAL;
    if (!build_keys(&ka, a, na, flags) || !build_keys(&kb, b, nb, flags)) {
        r = 0;
        goto out;
    }
    size_t n = ka.n < kb.n ? ka.n : kb.n;
    for (size_t i = 0; i < n && r == CSTR_EQUAL; i++)
        if (ka.el[i].primary != kb.el[i].primary)
            r = sign((long)ka.el[i].primary - (long)kb.el[i].primary);
    if (r == CSTR_EQUAL && ka.n != kb.n)
        r = sign((long)ka.n - (long)kb.n);
    bool diacritics = !(flags & (NORM_IGNORENONSPACE | LINGUISTIC_IGNOREDIACRITIC));
    for (size_t i = 0; i < n && r == CSTR_EQUAL && diacritics; i++)
        if (ka.el[i].diacritic != kb.el[i].diacritic)
            r = sign((long)ka.el[i].diacritic - (long)kb.el[i].diacritic);
    bool cases = !(flags & (NORM_IGNORECASE | LINGUISTIC_IGNORECASE));
    for (size_t i = 0; i < n && r == CSTR_EQUAL && cases; i++)
        if (ka.el[i].upper != kb.el[i].upper)
            r = ka.el[i].upper ? CSTR_GREATER_THAN : CSTR_LESS_THAN; /* "a" < "A" */
    /* word sort: "coop" < "co-op"; only then do the ignored marks count */
    size_t ns = ka.nspecial < kb.nspecial ? ka.nspecial : kb.nspecial;
    for (size_t i = 0; i < ns && r == CSTR_EQUAL; i++)
        if (ka.special[i] != kb.special[i])
            r = sign((long)ka.special[i] - (long)kb.special[i]);
    if (r == CSTR_EQUAL)
        r = sign((long)ka.nspecial - (long)kb.nspecial);
out:
    free(ka.el);
    free(kb.el);
    free(ka.special);
    free(kb.special);
    return r;
}

int nls_compare_ordinal(const uint16_t *a, size_t na, const uint16_t *b, size_t nb, bool ignore_case)
{
    size_t n = na < nb ? na : nb;
    for (size_t i = 0; i < n; i++) {
        uint16_t x = ignore_case ? nls_upper(a[i]) : a[i];
        uint16_t y = ignore_case ? nls_upper(b[i]) : b[i];
        if (x != y)
            return x < y ? CSTR_LESS_THAN : CSTR_GREATER_THAN;
    }
    return sign((long)na - (long)nb);
}
