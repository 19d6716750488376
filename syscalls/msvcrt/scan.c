/* msvcrt/scan.c: host-side scanf engine reproducing 32-bit msvcrt.dll's input parsing, its
 * size-prefix quirks and its return-value rules. Results go to guest memory via write_mem. */
#include "syscalls/msvcrt/scan.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* msvcrt collects a float into a buffer of this size; longer fields are cut off. */
#define CVTBUFSIZE 349
/* msvcrt's string-to-double reads only 17 significant digits and ignores the rest. */
#define MS_SIG_DIGITS 17

struct scan {
    struct crt_input *in;
    struct crt_args *args;
    const unsigned char *f;     /* format cursor */
    int ch;             /* last char read from input (msvcrt's `ch`), -1 once input ended */
    long charcount;     /* chars consumed, for %n */
    int count;          /* fields assigned: the return value */
    int match;          /* % directives matched, assigned or not: decides 0 versus EOF */
    bool write_failed;
};

/* One %-directive after its prefixes. msvcrt keeps the size as counters: longone starts at 1,
 * h subtracts and l/L add, so "%hd" stores 2 bytes but "%hhd" stores 4 again. */
struct sspec {
    int width;
    bool widthset;
    bool suppress;
    int longone;
    int widechar;       /* > 0 wide target, < 0 narrow target */
    bool i64;
    unsigned conv;      /* conversion char as written */
};

static int inc(struct scan *s)
{
    s->ch = s->in->get(s->in->ctx);
    s->charcount += s->ch != -1;
    return s->ch;
}

static void un_inc(struct scan *s, int c)
{
    if (c == -1)
        return;
    s->charcount--;
    s->in->unget(s->in->ctx, c);
}

/* isspace in the C locale: space and \t \n \v \f \r. */
static bool is_space(int c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int eat_white(struct scan *s)
{
    int c;
    do {
        c = inc(s);
    } while (is_space(c));
    return c;
}

/* ------------------------------------------------------------------ storing results */

static bool store(struct scan *s, uint32_t ptr, const void *src, size_t n)
{
    if (!s->args->write_mem(s->args->ctx, ptr, src, n))
        s->write_failed = true;
    return !s->write_failed;
}

static bool store_le(struct scan *s, uint32_t ptr, uint64_t v, size_t n)
{
    unsigned char b[8];
    for (size_t i = 0; i < n; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    return store(s, ptr, b, n);
}

/* Integer and %n targets: 8 bytes for I64/ll, 2 only when longone dropped to exactly 0. */
static bool store_int(struct scan *s, const struct sspec *sp, uint32_t ptr, uint64_t v)
{
    size_t n = sp->i64 ? 8 : (sp->longone ? 4 : 2);
    return store_le(s, ptr, v, n);
}

/* ------------------------------------------------------------------ format prefixes */

static bool is_int_type(unsigned c)
{
    return c && strchr("diouxX", (int)c);
}

/* 'I' forms: I64, I32, or bare I before an integer type (pointer-sized, 32-bit here). Any
 * other I ends the prefix and is then matched literally like an unknown conversion. */
static bool size_I(struct scan *s, struct sspec *sp)
{
    const unsigned char *f = s->f;
    if ((f[1] == '6' && f[2] == '4') || (f[1] == '3' && f[2] == '2')) {
        sp->i64 = f[1] == '6';
        s->f += 2;
        return true;
    }
    return is_int_type(f[1]);
}

/* Width digits may appear anywhere among the prefixes and keep accumulating: "%h02d" reads 2
 * chars and "%2h0d" reads 20, exactly like msvcrt. */
static bool prefix_char(struct scan *s, struct sspec *sp, unsigned c)
{
    if (is_digit((int)c)) {
        sp->widthset = true;
        /* saturates: any width beyond INT_MAX means "no limit" in practice,
         * and the engine counts it down as an int */
        int digit = (int)(c - '0');
        sp->width = sp->width > (INT_MAX - digit) / 10 ? INT_MAX : sp->width * 10 + digit;
        return true;
    }
    switch (c) {
    case 'F': case 'N': return true;        /* far/near: ignored */
    case 'h': sp->longone--; sp->widechar--; return true;
    case 'L': sp->longone++; return true;
    case 'w': sp->widechar++; return true;
    case '*': sp->suppress = true; return true;
    case 'I': return size_I(s, sp);
    case 'l':
        if (s->f[1] == 'l') {               /* ll: 64-bit, and nothing else */
            s->f++;
            sp->i64 = true;
            return true;
        }
        sp->longone++;
        sp->widechar++;
        return true;
    default: return false;
    }
}

/* Leaves s->f on the conversion char. */
static void parse_spec(struct scan *s, struct sspec *sp)
{
    *sp = (struct sspec){.longone = 1};
    for (;;) {
        unsigned c = *++s->f;
        if (!prefix_char(s, sp, c)) {
            sp->conv = c;
            break;
        }
    }
    if (sp->widechar == 0)
        sp->widechar = (sp->conv == 'S' || sp->conv == 'C') ? 1 : -1;
}

/* msvcrt switches on the lower-cased char, so %D %U %O %X %E %G %P work too. */
static unsigned scope_of(unsigned conv)
{
    return (conv >= 'A' && conv <= 'Z') ? conv + 32 : conv;
}

static bool is_conversion(unsigned scope)
{
    return scope && strchr("cs[diouxpnefg", (int)scope);
}

/* ------------------------------------------------------------------ integers */

static int digit_value(int c, unsigned base)
{
    int v = is_digit(c) ? c - '0' : -1;
    if (base == 16 && c >= 'a' && c <= 'f')
        v = c - 'a' + 10;
    if (base == 16 && c >= 'A' && c <= 'F')
        v = c - 'A' + 10;
    return v < (int)base ? v : -1;
}

struct numscan {
    int ch;             /* current lookahead char, already consumed */
    int width;
    bool widthset;
    bool done;          /* width used up */
    bool started;       /* at least one digit (or an octal-introducing 0) */
    unsigned base;
};

/* Every accepted char uses up width; once it is gone msvcrt stops without reading on. */
static void num_advance(struct scan *s, struct numscan *n)
{
    if (n->widthset && --n->width == 0)
        n->done = true;
    else
        n->ch = inc(s);
}

/* %x and %i skip a 0x prefix; %i treats a lone leading 0 as octal. %p has no prefix, so
 * "0x46F173" reads as 0, as msvcrt does. */
static void num_prefix(struct scan *s, struct numscan *n, bool is_i)
{
    if (n->done || n->ch != '0')
        return;
    n->ch = inc(s);
    if (n->ch == 'x' || n->ch == 'X') {
        n->ch = inc(s);
        n->base = 16;
        n->width -= 2;
        n->done = n->widthset && n->width < 1;
        return;
    }
    n->started = true;
    if (is_i) {
        n->base = 8;
        n->done = n->widthset && --n->width == 0;
        return;
    }
    un_inc(s, n->ch);       /* hex starting with 0: let the digit loop read the 0 */
    n->ch = '0';
}

static bool scan_int(struct scan *s, const struct sspec *sp, unsigned scope, uint32_t ptr)
{
    struct numscan n = {.ch = s->ch, .width = sp->width, .widthset = sp->widthset, .base = 10};
    n.base = scope == 'o' ? 8 : (scope == 'x' || scope == 'p') ? 16 : 10;
    bool negative = n.ch == '-';
    if (n.ch == '-' || n.ch == '+')
        num_advance(s, &n);
    if (scope == 'x' || scope == 'i')
        num_prefix(s, &n, scope == 'i');

    uint64_t num = 0;       /* wraps like msvcrt's, no overflow clamping */
    while (!n.done) {
        int d = digit_value(n.ch, n.base);
        if (d < 0) {
            un_inc(s, n.ch);
            break;
        }
        num = num * n.base + (unsigned)d;
        n.started = true;
        num_advance(s, &n);
    }
    if (!n.started)
        return false;
    if (negative)
        num = 0 - num;
    if (sp->suppress)
        return true;
    s->count++;
    struct sspec st = *sp;
    if (scope == 'p')
        st.longone = 1;     /* %hp still stores a full pointer */
    return store_int(s, &st, ptr, num);
}

/* ------------------------------------------------------------------ floats */

struct fscan {
    char buf[CVTBUFSIZE + 8];
    int len;
    int left;           /* chars the width still allows */
    int ch;
    bool started;
};

static bool f_take(struct scan *s, struct fscan *fs, char keep)
{
    if (fs->left <= 0)
        return false;
    fs->left--;
    if (keep)
        fs->buf[fs->len++] = keep;
    fs->ch = inc(s);
    return true;
}

static void f_digits(struct scan *s, struct fscan *fs)
{
    while (is_digit(fs->ch) && f_take(s, fs, (char)fs->ch))
        fs->started = true;
}

/* msvcrt's float syntax: [sign] digits [. digits] [e [sign] digits]. No inf/nan/hex. An 'e'
 * is consumed even when no exponent digits follow. */
static void f_collect(struct scan *s, struct fscan *fs)
{
    if (fs->ch == '-' || fs->ch == '+')
        f_take(s, fs, fs->ch == '-' ? '-' : 0);
    f_digits(s, fs);
    if (fs->ch == '.')
        f_take(s, fs, '.');
    f_digits(s, fs);
    if (!fs->started || (fs->ch != 'e' && fs->ch != 'E') || !f_take(s, fs, 'e'))
        return;
    if (fs->ch == '-' || fs->ch == '+')
        f_take(s, fs, fs->ch == '-' ? '-' : 0);
    f_digits(s, fs);
}

/* Emulate msvcrt reading just 17 significant digits: later mantissa digits become 0. */
static void keep_17_digits(char *p)
{
    int sig = 0;
    for (; *p && *p != 'e'; p++) {
        if (!is_digit(*p))
            continue;
        if (sig || *p != '0')
            sig++;
        if (sig > MS_SIG_DIGITS)
            *p = '0';
    }
}

static bool scan_float(struct scan *s, const struct sspec *sp, uint32_t ptr)
{
    struct fscan fs = {.ch = s->ch, .left = CVTBUFSIZE};
    if (sp->widthset && sp->width < CVTBUFSIZE)
        fs.left = sp->width;
    f_collect(s, &fs);
    un_inc(s, fs.ch);
    if (!fs.started)
        return false;
    if (sp->suppress)
        return true;
    s->count++;
    fs.buf[fs.len] = '\0';
    keep_17_digits(fs.buf);
    /* %lf and %Lf store a double (long double is double on msvcrt); %f and %hf a float */
    if (sp->longone > 1) {
        double d = strtod(fs.buf, NULL);
        return store(s, ptr, &d, sizeof d);
    }
    float f = strtof(fs.buf, NULL);
    return store(s, ptr, &f, sizeof f);
}

/* ------------------------------------------------------------------ chars, strings, sets */

/* After '[': fills set, leaves s->f on the closing ']'. A leading ']' is literal, '-' is
 * literal at either end or right after a range, and reversed ranges count ("g-e" = e..g). */
static bool parse_scanset(struct scan *s, bool set[256])
{
    const unsigned char *p = s->f + 1;
    bool reject = *p == '^';
    p += reject;
    memset(set, 0, 256 * sizeof set[0]);
    unsigned prev = 0;
    if (*p == ']')
        set[prev = *p++] = true;
    while (*p != ']') {
        unsigned c = *p++;
        if (!c || (c == '-' && prev && !*p))
            return false;           /* format ends inside the set */
        if (c != '-' || !prev || *p == ']') {
            set[prev = c] = true;
            continue;
        }
        unsigned hi = *p++, lo = prev;
        if (lo > hi)
            lo = hi, hi = prev;
        for (unsigned x = lo; x <= hi; x++)
            set[x] = true;
        prev = 0;
    }
    for (int i = 0; reject && i < 256; i++)
        set[i] = !set[i];
    s->f = p;
    return true;
}

static void set_for(unsigned scope, bool set[256])
{
    for (int i = 0; i < 256; i++)
        set[i] = scope == 'c' || !is_space(i);
}

/* Stores bytes, or UTF-16 units for wide targets (bytes widen 1:1: mbtowc in the C locale). */
static bool put_char(struct strbuf *sb, int c, bool wide)
{
    unsigned char b[2] = {(unsigned char)c, 0};
    return strbuf_put(sb, b, wide ? 2 : 1);
}

/* %c %s %[: read chars while in set (width or, for %c, 1 by default), then NUL-terminate
 * unless %c. */
static bool scan_chars(struct scan *s, const struct sspec *sp, unsigned scope, uint32_t ptr,
                       const bool set[256])
{
    long width = sp->widthset ? sp->width : (scope == 'c' ? 1 : LONG_MAX);
    bool wide = sp->widechar > 0;
    struct strbuf out;
    strbuf_init(&out);
    int ch = s->ch;
    bool started = false, ok = true;
    while (width-- > 0) {
        if (ch == -1 || !set[ch]) {
            un_inc(s, ch);
            break;
        }
        started = true;
        ok = ok && (sp->suppress || put_char(&out, ch, wide));
        if (width > 0)
            ch = inc(s);
    }
    if (started && !sp->suppress) {
        s->count++;
        if (scope != 'c')
            ok = ok && put_char(&out, 0, wide);
        ok = ok && out.data && store(s, ptr, out.data, out.len);
    }
    strbuf_free(&out);
    if (!ok)
        s->write_failed = true;
    return started;
}

/* ------------------------------------------------------------------ directives */

static bool convert(struct scan *s, const struct sspec *sp, unsigned scope, uint32_t ptr)
{
    bool set[256];
    switch (scope) {
    case 'n':
        return sp->suppress || store_int(s, sp, ptr, (uint64_t)s->charcount);
    case 'e': case 'f': case 'g':
        return scan_float(s, sp, ptr);
    case 'c': case 's':
        set_for(scope, set);
        return scan_chars(s, sp, scope, ptr, set);
    case '[':
        return parse_scanset(s, set) && scan_chars(s, sp, scope, ptr, set);
    default:
        return scan_int(s, sp, scope, ptr);
    }
}

/* A %-directive. Unknown conversion chars (and %%) must match literally after optional
 * whitespace and do not count as a match ("%\"" matches '"'). */
static bool percent_directive(struct scan *s)
{
    struct sspec sp;
    parse_spec(s, &sp);
    unsigned scope = scope_of(sp.conv);
    bool real = is_conversion(scope);
    uint32_t ptr = (real && !sp.suppress && scope) ? s->args->next32(s->args->ctx) : 0;

    if (scope == 'c' || scope == '[')
        inc(s);
    else if (scope != 'n')
        eat_white(s);
    if (sp.widthset && sp.width == 0) {     /* explicit zero width always fails */
        if (scope != 'n')
            un_inc(s, s->ch);
        return false;
    }
    if (!real) {
        if (!sp.conv || s->ch != (int)sp.conv) {
            un_inc(s, s->ch);
            return false;
        }
        s->f++;
        return true;
    }
    if (!convert(s, &sp, scope, ptr))
        return false;
    s->match++;
    s->f++;
    return !s->write_failed;
}

static bool literal_directive(struct scan *s)
{
    unsigned want = *s->f++;
    if (inc(s) == (int)want)
        return true;
    un_inc(s, s->ch);
    return false;
}

static bool directive(struct scan *s)
{
    if (!is_space(*s->f))
        return *s->f == '%' ? percent_directive(s) : literal_directive(s);
    un_inc(s, eat_white(s));
    while (is_space(*s->f))
        s->f++;
    return true;
}

/* msvcrt stops as soon as input has ended, except that a following %n still runs. Its result
 * is the assignment count, or EOF when input ran out before anything matched. */
int crt_scan(struct crt_input *in, const char *fmt, struct crt_args *args)
{
    if (!in || !fmt || !args)
        return -1;
    struct scan s = {.in = in, .args = args, .f = (const unsigned char *)fmt};
    while (*s.f) {
        if (!directive(&s))
            break;
        if (s.ch == -1 && !(s.f[0] == '%' && s.f[1] == 'n'))
            break;
    }
    if (s.write_failed)
        return -1;
    if (s.ch == -1)
        return (s.count || s.match) ? s.count : -1;
    return s.count;
}
