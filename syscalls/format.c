/* syscalls/format.c: host-side printf/wprintf engine with 32-bit msvcrt.dll's exact output.
 * Reproduces msvcrt's format state machine, its 17-digit float conversion, "1.#INF" specials. */
#include "syscalls/format.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* msvcrt clamps integer and float precision to its 512-char conversion buffer. */
#define MAXPRECISION 512
/* msvcrt's _fltout yields 17 significant digits; further requested digits print as '0'. */
#define MS_SIG_DIGITS 17
/* Longest float text: sign + 309 integer digits + '.' + MAXPRECISION digits, with slack. */
#define FLOAT_BUF 1100

enum {
    FL_SIGN = 0x1,        /* '+' */
    FL_SIGNSP = 0x2,      /* ' ' */
    FL_LEFT = 0x4,        /* '-' */
    FL_LEADZERO = 0x8,    /* '0' */
    FL_ALT = 0x10,        /* '#' */
    FL_SHORT = 0x20,      /* h */
    FL_LONG = 0x40,       /* l */
    FL_WIDE = 0x80,       /* w */
    FL_I64 = 0x100,       /* I64, j */
    FL_LL = 0x200,        /* ll */
    FL_SIGNED = 0x400,    /* d, i and floats: gets a sign prefix */
    FL_NEG = 0x800,
    FL_FORCEOCT = 0x1000, /* %#o */
};

/* Character classes and states of msvcrt's format scanner. */
enum cls { CH_OTHER, CH_PERCENT, CH_DOT, CH_STAR, CH_ZERO, CH_DIGIT, CH_FLAG, CH_SIZE, CH_TYPE };
enum st { ST_NORMAL, ST_PERCENT, ST_FLAG, ST_WIDTH, ST_DOT, ST_PRECIS, ST_SIZE, ST_TYPE };

/* next_state[class][state]. Quirks are deliberate: a char that does not fit where it appears
 * drops back to ST_NORMAL and is printed literally ("%w0s" -> "0s", "%..f" -> ".f"), and a
 * digit after '*' keeps building the width ("%*1d" with 1 -> width 11). */
static const unsigned char next_state[9][8] = {
    /*            NORMAL      PERCENT     FLAG        WIDTH       DOT        PRECIS     SIZE      TYPE */
    [CH_OTHER] = {ST_NORMAL, ST_NORMAL, ST_NORMAL, ST_NORMAL, ST_NORMAL, ST_NORMAL, ST_NORMAL, ST_NORMAL},
    [CH_PERCENT] = {ST_PERCENT, ST_NORMAL, ST_NORMAL, ST_NORMAL, ST_NORMAL, ST_NORMAL, ST_NORMAL, ST_PERCENT},
    [CH_DOT] = {ST_NORMAL, ST_DOT, ST_DOT, ST_DOT, ST_NORMAL, ST_NORMAL, ST_NORMAL, ST_NORMAL},
    [CH_STAR] = {ST_NORMAL, ST_WIDTH, ST_WIDTH, ST_NORMAL, ST_PRECIS, ST_NORMAL, ST_NORMAL, ST_NORMAL},
    [CH_ZERO] = {ST_NORMAL, ST_FLAG, ST_FLAG, ST_WIDTH, ST_PRECIS, ST_PRECIS, ST_NORMAL, ST_NORMAL},
    [CH_DIGIT] = {ST_NORMAL, ST_WIDTH, ST_WIDTH, ST_WIDTH, ST_PRECIS, ST_PRECIS, ST_NORMAL, ST_NORMAL},
    [CH_FLAG] = {ST_NORMAL, ST_FLAG, ST_FLAG, ST_NORMAL, ST_NORMAL, ST_NORMAL, ST_NORMAL, ST_NORMAL},
    [CH_SIZE] = {ST_NORMAL, ST_SIZE, ST_SIZE, ST_SIZE, ST_SIZE, ST_SIZE, ST_SIZE, ST_NORMAL},
    [CH_TYPE] = {ST_NORMAL, ST_TYPE, ST_TYPE, ST_TYPE, ST_TYPE, ST_TYPE, ST_TYPE, ST_NORMAL},
};

/* ------------------------------------------------------------------ output sink */

struct out {
    struct strbuf *sb;
    bool wide;      /* emit UTF-16LE code units instead of bytes */
    long count;     /* chars produced by this call: what %n and the return value report */
    bool failed;
};

static bool out_unit(struct out *o, unsigned u)
{
    if (o->failed || o->count >= CRT_FORMAT_MAX_OUTPUT) {
        o->failed = true;
        return false;
    }
    bool ok;
    if (o->wide) {
        unsigned char b[2] = {(unsigned char)(u & 0xff), (unsigned char)(u >> 8)};
        ok = strbuf_put(o->sb, b, 2);
    } else {
        ok = strbuf_putc(o->sb, (char)u);
    }
    o->failed = !ok;
    o->count += ok;
    return ok;
}

/* Padding goes out 4 KB at a time: a guest may ask for a width of
 * millions, which one append per character made take seconds (fuzzing). */
static bool out_repeat(struct out *o, unsigned u, long n)
{
    if (n <= 0)
        return true;
    if (o->failed || n > CRT_FORMAT_MAX_OUTPUT - o->count) {
        o->failed = true;
        return false;
    }
    unsigned char chunk[4096];
    size_t unit = o->wide ? 2 : 1;
    for (size_t i = 0; i < sizeof chunk; i += unit) {
        chunk[i] = (unsigned char)(u & 0xff);
        if (o->wide)
            chunk[i + 1] = (unsigned char)(u >> 8);
    }
    long per = (long)(sizeof chunk / unit);
    while (n > 0) {
        long k = n < per ? n : per;
        if (!strbuf_put(o->sb, chunk, (size_t)k * unit)) {
            o->failed = true;
            return false;
        }
        o->count += k;
        n -= k;
    }
    return true;
}

/* Narrow text bytes; a wide sink widens them 1:1 because narrow means Latin-1 here: the C
 * locale every msvcrt program starts in maps bytes 0x00-0xFF to U+0000-U+00FF. */
static bool out_narrow(struct out *o, const char *s, long n)
{
    if (!o->wide && n > 0 && !o->failed && n <= CRT_FORMAT_MAX_OUTPUT - o->count) {
        o->failed = !strbuf_put(o->sb, s, (size_t)n);
        o->count += o->failed ? 0 : n;
        return !o->failed;
    }
    for (long i = 0; i < n; i++)
        if (!out_unit(o, (unsigned char)s[i]))
            return false;
    return true;
}

/* Wide text; a narrow sink needs each unit to fit Latin-1. msvcrt's wctomb fails on anything
 * else, and printf then stops and returns -1 (what real msvcrt does; we do not substitute '?'). */
static bool out_wide(struct out *o, const uint16_t *w, long n)
{
    for (long i = 0; i < n; i++) {
        if (!o->wide && w[i] > 0xff) {
            o->failed = true;
            return false;
        }
        if (!out_unit(o, w[i]))
            return false;
    }
    return true;
}

/* ------------------------------------------------------------------ format reader */

struct fmt {
    const unsigned char *n;     /* narrow format, or */
    const uint16_t *w;          /* wide format */
    size_t i;
};

static unsigned fmt_unit(const struct fmt *f, size_t i)
{
    return f->n ? f->n[i] : f->w[i];
}

/* Look `ahead` chars past the cursor without running over the terminator. */
static unsigned fmt_peek(const struct fmt *f, size_t ahead)
{
    for (size_t k = 0; k < ahead; k++)
        if (!fmt_unit(f, f->i + k))
            return 0;
    return fmt_unit(f, f->i + ahead);
}

static unsigned fmt_next(struct fmt *f)
{
    unsigned c = fmt_unit(f, f->i);
    if (c)
        f->i++;
    return c;
}

static bool is_int_type(unsigned c)
{
    return c && c < 128 && strchr("diouxX", (int)c);
}

static enum cls classify(unsigned c, unsigned flavour)
{
    switch (c) {
    case '%': return CH_PERCENT;
    case '.': return CH_DOT;
    case '*': return CH_STAR;
    case '0': return CH_ZERO;
    case ' ': case '#': case '+': case '-': return CH_FLAG;
    default: break;
    }
    if (c >= '1' && c <= '9')
        return CH_DIGIT;
    if (c >= 128 || c == 0)
        return CH_OTHER;
    /* The Universal CRT's %F is C99's: %f with INF and NAN in capitals. */
    if (c == 'F' && (flavour & CRT_FMT_C99_SPECIALS))
        return CH_TYPE;
    /* F and N are the 16-bit far/near pointer sizes, accepted and ignored ("%F" -> "").
     * j, z and t are what Windows 10's msvcrt.dll added. */
    if (strchr("FNILhlwjzt", (int)c))
        return CH_SIZE;
    if (strchr("cCdiouxXeEfgGaAnpsSZ", (int)c))
        return CH_TYPE;
    return CH_OTHER;
}

/* ------------------------------------------------------------------ engine state */

struct spec {
    unsigned flags;
    int width;
    int prec;           /* -1: not given */
    char prefix[2];     /* sign, or 0x/0X */
    int prefixlen;
};

struct engine {
    struct out o;
    struct fmt f;
    struct crt_args *args;
    struct spec sp;
    unsigned flavour;   /* CRT_FMT_*: 0 is msvcrt.dll */
};

static uint32_t arg32(struct engine *e)
{
    return e->args->next32(e->args->ctx);
}

static uint64_t arg64(struct engine *e)
{
    uint64_t lo = arg32(e);
    uint64_t hi = arg32(e);
    return lo | hi << 32;
}

/* One conversion's text before padding, either narrow or wide (msvcrt's bufferiswide). */
struct text {
    const char *n;
    const uint16_t *w;
    long len;
};

static bool out_text(struct out *o, const struct text *t)
{
    return t->w ? out_wide(o, t->w, t->len) : out_narrow(o, t->n, t->len);
}

/* msvcrt's common tail: pad, prefix, zero-pad, text, left-justify pad. '0' pads strings and
 * chars too ("%04s" -> "0foo"), exactly as msvcrt does. */
static bool emit_field(struct engine *e, const struct text *t)
{
    struct spec *sp = &e->sp;
    long padding = (long)sp->width - t->len - sp->prefixlen;
    if (!(sp->flags & (FL_LEFT | FL_LEADZERO)) && !out_repeat(&e->o, ' ', padding))
        return false;
    if (!out_narrow(&e->o, sp->prefix, sp->prefixlen))
        return false;
    if ((sp->flags & FL_LEADZERO) && !(sp->flags & FL_LEFT) && !out_repeat(&e->o, '0', padding))
        return false;
    if (!out_text(&e->o, t))
        return false;
    return !(sp->flags & FL_LEFT) || out_repeat(&e->o, ' ', padding);
}

/* Signed conversions (d, i, floats) carry their sign in the prefix so '0' pads after it. */
static bool emit_signed(struct engine *e, const struct text *t)
{
    struct spec *sp = &e->sp;
    char c = 0;
    if (sp->flags & FL_NEG)
        c = '-';
    else if (sp->flags & FL_SIGN)
        c = '+';
    else if (sp->flags & FL_SIGNSP)
        c = ' ';
    if ((sp->flags & FL_SIGNED) && c) {
        sp->prefix[0] = c;
        sp->prefixlen = 1;
    }
    return emit_field(e, t);
}

/* ------------------------------------------------------------------ integers */

static uint64_t int_arg(struct engine *e, unsigned flags)
{
    if (flags & (FL_I64 | FL_LL))
        return arg64(e);
    uint32_t v = arg32(e);
    if (flags & FL_SHORT)
        return (flags & FL_SIGNED) ? (uint64_t)(int64_t)(int16_t)v : (uint16_t)v;
    return (flags & FL_SIGNED) ? (uint64_t)(int64_t)(int32_t)v : v;
}

/* d i u o x X p. %p is msvcrt's "%.8X" (with "0X" under '#'), hence "0012FF7C". */
static bool conv_int(struct engine *e, unsigned ch)
{
    struct spec *sp = &e->sp;
    unsigned radix = 10;
    char hexa = 'a';
    if (ch == 'd' || ch == 'i')
        sp->flags |= FL_SIGNED;
    if (ch == 'o') {
        radix = 8;
        sp->flags |= (sp->flags & FL_ALT) ? FL_FORCEOCT : 0;
    }
    if (ch == 'p')
        sp->prec = 8;
    if (ch == 'X' || ch == 'p')
        hexa = 'A';
    if (ch == 'x' || ch == 'X' || ch == 'p') {
        radix = 16;
        sp->prefix[0] = '0';
        sp->prefix[1] = (char)(hexa + ('x' - 'a'));
        sp->prefixlen = (sp->flags & FL_ALT) ? 2 : 0;
    }

    uint64_t number = int_arg(e, sp->flags);
    if ((sp->flags & FL_SIGNED) && (int64_t)number < 0) {
        number = 0 - number;
        sp->flags |= FL_NEG;
    }
    int prec = sp->prec;
    if (prec < 0) {
        prec = 1;
    } else {
        sp->flags &= ~FL_LEADZERO;      /* an explicit precision disables '0', per ANSI */
        prec = prec > MAXPRECISION ? MAXPRECISION : prec;
    }
    if (number == 0)
        sp->prefixlen = 0;              /* no 0x on zero */

    char buf[MAXPRECISION + 32];
    char *end = buf + sizeof buf, *p = end;
    while (prec-- > 0 || number) {
        unsigned d = (unsigned)(number % radix);
        number /= radix;
        *--p = (char)(d < 10 ? '0' + d : hexa + d - 10);
    }
    if ((sp->flags & FL_FORCEOCT) && (p == end || *p != '0'))
        *--p = '0';
    struct text t = {.n = p, .len = end - p};
    return emit_signed(e, &t);
}

/* ------------------------------------------------------------------ floats */

/* msvcrt's digit string for a double: decimal digits, or for INF/NAN a text such as "1#INF"
 * that the rounding code treats like digits (so "%.2f" of INF prints "1.#J"). */
struct digits {
    char d[24];
    int n;          /* meaningful chars in d; later positions read as '0' */
    int decpt;      /* decimal point position relative to d[0] */
    bool neg;
};

static char dig_at(const struct digits *dg, int i)
{
    return (i >= 0 && i < dg->n) ? dg->d[i] : '0';
}

static void set_digits(struct digits *dg, const char *s, int n, int decpt)
{
    memcpy(dg->d, s, (size_t)n);
    dg->n = n;
    dg->decpt = decpt;
}

/* Only an exact halfway case can make glibc (ties-to-even) and msvcrt (ties-up) disagree, and
 * it needs the expansion to end exactly at the 18th digit; the slow check runs only then. */
static bool expansion_ends_at_18(double v)
{
    char s[800];            /* 767 significant digits cover every double exactly */
    snprintf(s, sizeof s, "%.766e", v);
    for (const char *p = s + 19; *p && *p != 'e'; p++)
        if (*p != '0')
            return false;
    return true;
}

/* 17 significant digits rounded half-up, as msvcrt's $I10_OUTPUT produces them. */
static void finite_digits(double v, struct digits *dg)
{
    char s[48];
    snprintf(s, sizeof s, "%.16e", v);              /* d.dddddddddddddddde+XXX */
    char d[MS_SIG_DIGITS];
    d[0] = s[0];
    memcpy(d + 1, s + 2, MS_SIG_DIGITS - 1);
    set_digits(dg, d, MS_SIG_DIGITS, atoi(s + 19) + 1);

    snprintf(s, sizeof s, "%.29e", v);              /* 18th digit at s[18] */
    if (s[18] != '5' || strspn(s + 19, "0") < 12 || (s[17] - '0') % 2)
        return;
    if (!expansion_ends_at_18(v))
        return;
    d[0] = s[0];                                    /* glibc rounded this tie down: go up */
    memcpy(d + 1, s + 2, MS_SIG_DIGITS - 1);
    d[MS_SIG_DIGITS - 1]++;                         /* even digit, so no carry */
    set_digits(dg, d, MS_SIG_DIGITS, atoi(s + 32) + 1);
}

/* msvcrt reads the sign bit even for NaN; the negative default NaN is "indefinite". */
static const char *special_text(uint64_t bits)
{
    uint64_t mant = bits & 0xFFFFFFFFFFFFFull;
    if (mant == 0)
        return "1#INF";
    if (mant == 0x8000000000000ull && (bits >> 63))
        return "1#IND";
    return (mant & 0x8000000000000ull) ? "1#QNAN" : "1#SNAN";
}

static void make_digits(uint64_t bits, struct digits *dg)
{
    dg->neg = bits >> 63;
    if (((bits >> 52) & 0x7ff) == 0x7ff) {
        const char *s = special_text(bits);
        set_digits(dg, s, (int)strlen(s), 1);
        return;
    }
    if ((bits << 1) == 0) {
        set_digits(dg, "0", 1, 1);
        return;
    }
    double v;
    memcpy(&v, &bits, sizeof v);
    finite_digits(v < 0 ? -v : v, dg);
}

/* msvcrt's _fptostr: keep `keep` chars, then round half-up on the first dropped char. The
 * comparison is plain char >= '5', which is what turns "1#INF" into "1#J" at two digits. */
static void round_digits(struct digits *dg, int keep)
{
    if (keep < 0) {
        dg->n = 0;
        return;
    }
    if (keep >= dg->n)
        return;
    bool up = dg->d[keep] >= '5';
    dg->n = keep;
    if (!up)
        return;
    int i = keep - 1;
    while (i >= 0 && dg->d[i] == '9')
        dg->d[i--] = '0';
    if (i >= 0) {
        dg->d[i]++;
        return;
    }
    dg->d[0] = '1';         /* carried out of the first digit: 99.9 -> 100 */
    dg->n = 1;
    dg->decpt++;
}

struct fbuf {
    char s[FLOAT_BUF];
    int len;
};

static void fput(struct fbuf *b, char c)
{
    if (b->len < FLOAT_BUF - 1)
        b->s[b->len++] = c;
    b->s[b->len] = '\0';
}

static void put_fixed(struct fbuf *b, struct digits *dg, int prec, bool alt)
{
    round_digits(dg, dg->decpt + prec);
    if (dg->decpt <= 0)
        fput(b, '0');
    for (int i = 0; i < dg->decpt; i++)
        fput(b, dig_at(dg, i));
    if (prec > 0 || alt)
        fput(b, '.');
    for (int j = 0; j < prec; j++)
        fput(b, dig_at(dg, dg->decpt + j));
}

/* msvcrt always prints three exponent digits (1.000000e+000); C99 at least
 * two (1.000000e+00, 1e+100). */
static void put_exponent(struct fbuf *b, char e, int x, unsigned flavour)
{
    fput(b, e);
    fput(b, x < 0 ? '-' : '+');
    x = x < 0 ? -x : x;
    if (!(flavour & CRT_FMT_TWO_DIGIT_EXPONENT) || x >= 100)
        fput(b, (char)('0' + x / 100 % 10));
    fput(b, (char)('0' + x / 10 % 10));
    fput(b, (char)('0' + x % 10));
}

static void put_mantissa(struct fbuf *b, struct digits *dg, int prec, bool alt)
{
    round_digits(dg, prec + 1);
    fput(b, dig_at(dg, 0));
    if (prec > 0 || alt)
        fput(b, '.');
    for (int j = 1; j <= prec; j++)
        fput(b, dig_at(dg, j));
}

static void put_sci(struct fbuf *b, struct digits *dg, int prec, bool alt, bool caps, unsigned flavour)
{
    put_mantissa(b, dg, prec, alt);
    put_exponent(b, caps ? 'E' : 'e', dg->decpt - 1, flavour);   /* zero has decpt 1 */
}

/* %g without '#': drop trailing fraction zeros, and the point if nothing is left after it. */
static void crop_zeros(struct fbuf *b, int start)
{
    char *dot = strchr(b->s + start, '.');
    if (!dot)
        return;
    char *exp = dot + strcspn(dot, "eE");
    char *p = exp;
    while (p[-1] == '0')
        p--;
    if (p[-1] == '.')
        p--;
    memmove(p, exp, strlen(exp) + 1);
    b->len = (int)strlen(b->s);
}

static void put_general(struct fbuf *b, struct digits *dg, int prec, bool alt, bool caps, unsigned flavour)
{
    int start = b->len;
    round_digits(dg, prec);
    int x = dg->decpt - 1;
    if (x < -4 || x >= prec)
        put_sci(b, dg, prec - 1, alt, caps, flavour);
    else
        put_fixed(b, dg, prec - 1 - x, alt);
    if (!alt)
        crop_zeros(b, start);
}

/* %a as Vista+ msvcrt prints it: default precision 6, half-up rounding that may carry into
 * the leading digit without renormalising (DBL_MAX -> 0x2.000000p+1023), and INF/NAN as
 * 0x1.#INF00p+0. */
static void put_hexfloat(struct fbuf *b, uint64_t bits, int prec, bool alt, bool caps)
{
    if (bits >> 63)
        fput(b, '-');
    fput(b, '0');
    fput(b, caps ? 'X' : 'x');
    unsigned ex = (bits >> 52) & 0x7ff;
    if (ex == 0x7ff) {
        struct digits dg;
        make_digits(bits, &dg);
        put_mantissa(b, &dg, prec, alt);
        fput(b, caps ? 'P' : 'p');
        fput(b, '+');
        fput(b, '0');
        return;
    }
    uint64_t frac = bits & 0xFFFFFFFFFFFFFull;
    unsigned lead = ex ? 1 : 0;
    int e2 = ex ? (int)ex - 1023 : (frac ? -1022 : 0);
    int shown = prec < 13 ? prec : 13;
    if (prec < 13) {
        int drop = 4 * (13 - prec);
        uint64_t rem = frac & ((1ull << drop) - 1);
        frac >>= drop;
        if (rem >= (1ull << (drop - 1)) && ((++frac) >> (4 * prec)) != 0) {
            frac = 0;
            lead++;
        }
    }
    const char *hex = caps ? "0123456789ABCDEF" : "0123456789abcdef";
    fput(b, hex[lead]);
    if (prec > 0 || alt)
        fput(b, '.');
    for (int i = shown - 1; i >= 0; i--)
        fput(b, hex[(frac >> (4 * i)) & 0xf]);
    for (int i = shown; i < prec; i++)
        fput(b, '0');
    char expo[16];
    snprintf(expo, sizeof expo, "%c%+d", caps ? 'P' : 'p', e2);
    for (const char *p = expo; *p; p++)
        fput(b, *p);
}

/* _CRT_INTERNAL_PRINTF_LEGACY_THREE_DIGIT_EXPONENTS on C99 output: e+10 -> e+010. */
static void widen_exponent(struct fbuf *b)
{
    char *e = strpbrk(b->s, "eE");
    if (!e || strlen(e + 2) != 2 || b->len + 1 >= FLOAT_BUF)
        return;
    memmove(e + 3, e + 2, 3);
    e[2] = '0';
    b->len++;
}

/* The C99 spellings of infinity and NaN as the Universal CRT prints them:
 * inf, nan, and for x87's default NaN (sign set, quiet, no payload) -nan(ind). */
static bool put_c99_special(struct fbuf *b, uint64_t bits, bool caps)
{
    if (((bits >> 52) & 0x7ff) != 0x7ff)
        return false;
    uint64_t mant = bits & 0xFFFFFFFFFFFFFull;
    const char *s = !mant ? "inf"
                  : mant == 0x8000000000000ull && (bits >> 63) ? "nan(ind)"
                  : (mant & 0x8000000000000ull) ? "nan" : "nan(snan)";
    if (bits >> 63)
        fput(b, '-');
    for (; *s; s++)
        fput(b, caps && *s >= 'a' && *s <= 'z' ? (char)(*s - 32) : *s);
    return true;
}

static void format_double(struct fbuf *b, unsigned lc, uint64_t bits, int prec, bool alt,
                          bool caps, unsigned flavour)
{
    if ((flavour & CRT_FMT_C99_SPECIALS) && put_c99_special(b, bits, caps))
        return;
    if ((flavour & CRT_FMT_C99_SPECIALS) && lc != 'a') {
        /* The Universal CRT converts the exact binary value (0.1 with %.20f is
         * 0.10000000000000000555), as C99 and glibc do; not 17 digits. */
        char spec[8];
        snprintf(spec, sizeof spec, "%%%s.*%c", alt ? "#" : "", (char)(caps ? lc - 32 : lc));
        double v;
        memcpy(&v, &bits, sizeof v);
        int n = snprintf(b->s, FLOAT_BUF, spec, prec, v);
        b->len = n < 0 ? 0 : n < FLOAT_BUF ? n : FLOAT_BUF - 1;
        if (!(flavour & CRT_FMT_TWO_DIGIT_EXPONENT))
            widen_exponent(b);
        return;
    }
    if (lc == 'a') {
        put_hexfloat(b, bits, prec, alt, caps);
        return;
    }
    struct digits dg;
    make_digits(bits, &dg);
    if (dg.neg)
        fput(b, '-');
    if (lc == 'e')
        put_sci(b, &dg, prec, alt, caps, flavour);
    else if (lc == 'f')
        put_fixed(b, &dg, prec, alt);
    else
        put_general(b, &dg, prec, alt, caps, flavour);
}

/* e E f g G a A, and the UCRT's F. Old msvcrt has no %F (F is a size prefix); long double is double, so
 * every float argument is 8 bytes. */
static bool conv_float(struct engine *e, unsigned ch)
{
    struct spec *sp = &e->sp;
    unsigned lc = ch | 0x20;
    bool caps = ch != lc;
    int prec = sp->prec;
    if (prec < 0 && lc == 'a' && (e->flavour & CRT_FMT_C99_SPECIALS))
        prec = 13;      /* the Universal CRT shows every hex digit: 0x1.8000000000000p+0 */
    else if (prec < 0)
        prec = 6;
    else if (prec == 0 && lc == 'g')
        prec = 1;
    else if (prec > MAXPRECISION)
        prec = MAXPRECISION;
    sp->flags |= FL_SIGNED;

    struct fbuf b = {.len = 0};
    format_double(&b, lc, arg64(e), prec, (sp->flags & FL_ALT) != 0, caps, e->flavour);
    const char *s = b.s;
    if (*s == '-') {
        sp->flags |= FL_NEG;
        s++;
    }
    struct text t = {.n = s, .len = (long)strlen(s)};
    return emit_signed(e, &t);
}

/* ------------------------------------------------------------------ chars and strings */

/* msvcrt picks the char width from the format's own width unless h/l/w says otherwise:
 * %c is the format's width, %C the other one. */
static unsigned char_width_flags(const struct engine *e, unsigned ch)
{
    unsigned f = e->sp.flags;
    if ((ch == 'C' || ch == 'S') && !(f & (FL_SHORT | FL_LONG | FL_WIDE)))
        f |= e->o.wide ? FL_SHORT : FL_WIDE;
    return f;
}

/* In printf l/w beats h; in wprintf h beats l (msvcrt tests them in that order). */
static bool wants_wide(const struct engine *e, unsigned f)
{
    return e->o.wide ? !(f & FL_SHORT) : (f & (FL_LONG | FL_WIDE)) != 0;
}

static bool conv_char(struct engine *e, unsigned ch)
{
    unsigned f = char_width_flags(e, ch);
    uint32_t v = arg32(e);
    char c = (char)v;
    uint16_t u = (uint16_t)v;
    struct text t = {.n = &c, .len = 1};
    if (e->o.wide && !(f & FL_SHORT))
        t = (struct text){.w = &u, .len = 1};
    /* a wide char with no narrow form: msvcrt prints nothing at all, not even padding */
    if (!e->o.wide && (f & (FL_LONG | FL_WIDE)) && u > 0xff)
        return true;
    return emit_field(e, &t);
}

static const uint16_t null_wide[] = {'(', 'n', 'u', 'l', 'l', ')'};

static long clip_len(long len, int prec)
{
    return (prec >= 0 && prec < len) ? prec : len;
}

/* A NULL pointer prints "(null)" like msvcrt. A non-NULL pointer we cannot read would crash
 * real msvcrt; we print "(null)" too so the guest sees a sane string instead of a fault. */
static bool conv_string(struct engine *e, unsigned ch)
{
    unsigned f = char_width_flags(e, ch);
    uint32_t ptr = arg32(e);
    struct crt_args *a = e->args;
    if (wants_wide(e, f)) {
        size_t len = 0;
        uint16_t *w = ptr ? a->read_wstr(a->ctx, ptr, &len) : NULL;
        struct text t = {.w = w ? w : null_wide, .len = w ? (long)len : 6};
        t.len = clip_len(t.len, e->sp.prec);
        bool ok = emit_field(e, &t);
        free(w);
        return ok;
    }
    char *s = ptr ? a->read_str(a->ctx, ptr) : NULL;
    struct text t = {.n = s ? s : "(null)", .len = s ? (long)strlen(s) : 6};
    t.len = clip_len(t.len, e->sp.prec);
    bool ok = emit_field(e, &t);
    free(s);
    return ok;
}

/* %Z takes a pointer to an ANSI_STRING/UNICODE_STRING. The callbacks can only read
 * NUL-terminated strings, not the struct, so the argument is consumed and "(null)" printed
 * (msvcrt's own output for a NULL struct or buffer). */
static bool conv_counted(struct engine *e)
{
    (void)arg32(e);
    struct text t = {.n = "(null)", .len = clip_len(6, e->sp.prec)};
    return emit_field(e, &t);
}

/* %n stores the count so far: 2 bytes with h, else 4 (msvcrt ignores I64/ll here). */
static bool conv_count(struct engine *e)
{
    uint32_t ptr = arg32(e);
    uint32_t v = (uint32_t)e->o.count;
    unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    size_t n = (e->sp.flags & FL_SHORT) ? 2 : 4;
    return e->args->write_mem(e->args->ctx, ptr, b, n);
}

static bool conv_type(struct engine *e, unsigned ch)
{
    switch (ch) {
    case 'c': case 'C': return conv_char(e, ch);
    case 's': case 'S': return conv_string(e, ch);
    case 'Z': return conv_counted(e);
    case 'n': return conv_count(e);
    case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'p': return conv_int(e, ch);
    default: return conv_float(e, ch);
    }
}

/* ------------------------------------------------------------------ state machine */

/* 'I', 'z' and 't' need lookahead; when it fails msvcrt drops to ST_NORMAL and prints the
 * letter ("%Iq" -> "Iq", "%I0d" -> "I0d", "%z" -> "z"). */
static bool size_step(struct engine *e, enum st *state, unsigned ch)
{
    unsigned *fl = &e->sp.flags;
    unsigned c0 = fmt_peek(&e->f, 0), c1 = fmt_peek(&e->f, 1);
    bool drop = false;
    switch (ch) {
    case 'l':
        if (c0 == 'l')
            fmt_next(&e->f);
        *fl |= c0 == 'l' ? FL_LL : FL_LONG;
        break;
    case 'I':
        if ((c0 == '6' && c1 == '4') || (c0 == '3' && c1 == '2')) {
            e->f.i += 2;
            *fl = c0 == '6' ? (*fl | FL_I64) : (*fl & ~(unsigned)FL_I64);
        } else {
            drop = !is_int_type(c0);    /* bare I is pointer-sized: 32-bit here */
        }
        break;
    case 'z': case 't': drop = !is_int_type(c0); break;
    case 'j': *fl |= FL_I64; break;
    case 'h': *fl |= FL_SHORT; break;
    case 'w': *fl |= FL_WIDE; break;
    default: break;                     /* F, N, L: no effect on a 32-bit target */
    }
    if (!drop)
        return true;
    *state = ST_NORMAL;
    return out_unit(&e->o, ch);
}

/* msvcrt accumulates width/precision in int and lets it wrap; mirror that without UB. */
static int mul10_add(int v, unsigned digit)
{
    return (int)((uint32_t)v * 10u + digit);
}

static void width_step(struct engine *e, unsigned ch)
{
    struct spec *sp = &e->sp;
    if (ch != '*') {
        sp->width = mul10_add(sp->width, ch - '0');
        return;
    }
    sp->width = (int32_t)arg32(e);
    if (sp->width < 0) {                /* negative '*' width means left-justify */
        sp->flags |= FL_LEFT;
        sp->width = (int)(0u - (uint32_t)sp->width);
    }
}

static void precis_step(struct engine *e, unsigned ch)
{
    struct spec *sp = &e->sp;
    if (ch != '*') {
        sp->prec = mul10_add(sp->prec, ch - '0');
        return;
    }
    sp->prec = (int32_t)arg32(e);
    if (sp->prec < 0)
        sp->prec = -1;
}

static void flag_step(struct engine *e, unsigned ch)
{
    switch (ch) {
    case '-': e->sp.flags |= FL_LEFT; break;
    case '+': e->sp.flags |= FL_SIGN; break;
    case ' ': e->sp.flags |= FL_SIGNSP; break;
    case '#': e->sp.flags |= FL_ALT; break;
    default: e->sp.flags |= FL_LEADZERO; break;
    }
}

static bool step(struct engine *e, enum st *state, unsigned ch)
{
    switch (*state) {
    case ST_NORMAL: return out_unit(&e->o, ch);
    case ST_PERCENT: e->sp = (struct spec){.prec = -1}; return true;
    case ST_FLAG: flag_step(e, ch); return true;
    case ST_WIDTH: width_step(e, ch); return true;
    case ST_DOT: e->sp.prec = 0; return true;
    case ST_PRECIS: precis_step(e, ch); return true;
    case ST_SIZE: return size_step(e, state, ch);
    case ST_TYPE: return conv_type(e, ch);
    }
    return false;
}

/* A format ending mid-spec just stops ("%" -> "", "%%%" -> "%"). */
static int run(struct engine *e)
{
    enum st state = ST_NORMAL;
    unsigned ch;
    while ((ch = fmt_next(&e->f)) != 0) {
        state = (enum st)next_state[classify(ch, e->flavour)][state];
        if (!step(e, &state, ch) || e->o.failed)
            return -1;
    }
    return (int)e->o.count;
}

int crt_format_as(struct strbuf *out, const char *fmt, struct crt_args *args, unsigned flavour)
{
    if (!out || !fmt || !args)
        return -1;
    struct engine e = {.o = {.sb = out}, .f = {.n = (const unsigned char *)fmt}, .args = args,
                       .flavour = flavour};
    return run(&e);
}

int crt_wformat_as(struct strbuf *out, const uint16_t *fmt, struct crt_args *args, unsigned flavour)
{
    if (!out || !fmt || !args)
        return -1;
    struct engine e = {.o = {.sb = out, .wide = true}, .f = {.w = fmt}, .args = args, .flavour = flavour};
    return run(&e);
}

int crt_format(struct strbuf *out, const char *fmt, struct crt_args *args)
{
    return crt_format_as(out, fmt, args, CRT_FMT_MSVCRT);
}

int crt_wformat(struct strbuf *out, const uint16_t *fmt, struct crt_args *args)
{
    return crt_wformat_as(out, fmt, args, CRT_FMT_MSVCRT);
}
