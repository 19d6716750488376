/* user32 character functions (CharUpper, CharNext, IsCharAlpha, ...) and
 * wsprintf, whose integer/string conversions go through the msvcrt printf
 * engine after wsprintf's own, smaller format grammar has been checked. */
#include <stdlib.h>
#include <string.h>

#include "core/process.h"
#include "core/strbuf.h"
#include "syscalls/api.h"
#include "syscalls/codepage.h"
#include "syscalls/format.h"
#include "syscalls/user32/api_args.h"
#include "syscalls/nls.h"
#include "syscalls/win32_errors.h"

/* ------------------------------------------------------------- case */

/* A pointer whose high word is 0 is a single character in the low word. */
static bool is_single_char(gaddr p) { return (p >> 16) == 0; }

static uint64_t case_string(gaddr p, uint32_t len, bool wide, bool upper)
{
    size_t n = len;
    if (len == UINT32_MAX) { /* up to the NUL */
        long l = wide ? gm_wcsnlen(p, 1u << 29) : gm_strnlen(p, 1u << 30);
        if (l < 0)
            return 0;
        n = (size_t)l;
    }
    void *h = gm_ptr(p, n * (wide ? 2 : 1), true);
    if (!h && n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (wide) {
            uint16_t *w = (uint16_t *)h + i, v;
            memcpy(&v, w, 2);
            v = upper ? nls_upper(v) : nls_lower(v);
            memcpy(w, &v, 2);
        } else if (cp_lead_byte(CP_ACP, ((uint8_t *)h)[i]) && i + 1 < n) {
            i++; /* a double-byte character stays as it is (its trail may be a letter) */
        } else {
            uint8_t *b = (uint8_t *)h + i;
            *b = upper ? nls_upper_a(*b) : nls_lower_a(*b);
        }
    }
    return 1;
}

static uint64_t char_case(gaddr p, bool wide, bool upper)
{
    if (is_single_char(p)) {
        if (wide)
            return upper ? nls_upper((uint16_t)p) : nls_lower((uint16_t)p);
        return upper ? nls_upper_a((uint8_t)p) : nls_lower_a((uint8_t)p);
    }
    return case_string(p, UINT32_MAX, wide, upper) ? p : 0;
}

uint64_t user32_CharUpperA(struct thunk_call *c)
{
    API_ARGS(user32, CharUpperA, a);
    return char_case(a.lpsz, false, true);
}
uint64_t user32_CharUpperW(struct thunk_call *c)
{
    API_ARGS(user32, CharUpperW, a);
    return char_case(a.lpsz, true, true);
}
uint64_t user32_CharLowerA(struct thunk_call *c)
{
    API_ARGS(user32, CharLowerA, a);
    return char_case(a.lpsz, false, false);
}
uint64_t user32_CharLowerW(struct thunk_call *c)
{
    API_ARGS(user32, CharLowerW, a);
    return char_case(a.lpsz, true, false);
}

/* The Buff forms convert exactly cchLength characters, NULs included. */
static uint64_t buff_case(gaddr lpsz, uint32_t n, bool wide, bool upper)
{
    if (n == 0 || n == UINT32_MAX)
        return 0;
    return case_string(lpsz, n, wide, upper) ? n : 0;
}

uint64_t user32_CharUpperBuffA(struct thunk_call *c)
{
    API_ARGS(user32, CharUpperBuffA, a);
    return buff_case(a.lpsz, a.cchLength, false, true);
}
uint64_t user32_CharUpperBuffW(struct thunk_call *c)
{
    API_ARGS(user32, CharUpperBuffW, a);
    return buff_case(a.lpsz, a.cchLength, true, true);
}
uint64_t user32_CharLowerBuffA(struct thunk_call *c)
{
    API_ARGS(user32, CharLowerBuffA, a);
    return buff_case(a.lpsz, a.cchLength, false, false);
}
uint64_t user32_CharLowerBuffW(struct thunk_call *c)
{
    API_ARGS(user32, CharLowerBuffW, a);
    return buff_case(a.lpsz, a.cchLength, true, false);
}

/* ------------------------------------------------------------ stepping */

/* Combining marks stay with the character before them in CharNextW and
 * CharPrevW (the main combining blocks). */
static bool is_combining(uint16_t c)
{
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
           (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F);
}

static uint16_t unit_at(gaddr p)
{
    uint16_t v = 0;
    gm_read_u16(p, &v);
    return v;
}

/* The next character of page cp: a lead byte and its trail are one (a
 * lead byte before the NUL is one alone), the NUL is the end. */
static uint64_t next_a(uint32_t cp, gaddr p)
{
    uint8_t b[2] = { 0, 0 };
    gm_read_u8(p, &b[0]);
    if (!b[0])
        return p;
    if (cp_lead_byte(cp, b[0]) && gm_read_u8(p + 1, &b[1]) && b[1])
        return p + 2;
    return p + 1;
}

/* The character before cur: walked to from start, as a byte alone cannot
 * tell a trail from a character. */
static uint64_t prev_a(uint32_t cp, gaddr start, gaddr cur)
{
    gaddr p = start;
    for (;;) {
        gaddr n = next_a(cp, p);
        if (n == p || n >= cur)
            return p;
        p = n;
    }
}

uint64_t user32_CharNextA(struct thunk_call *c) { API_ARGS(user32, CharNextA, a); return next_a(CP_ACP, a.lpsz); }
uint64_t user32_CharPrevA(struct thunk_call *c)
{
    API_ARGS(user32, CharPrevA, a);
    return prev_a(CP_ACP, a.lpszStart, a.lpszCurrent);
}
uint64_t user32_CharNextExA(struct thunk_call *c)
{
    API_ARGS(user32, CharNextExA, a);
    return next_a(a.CodePage, a.lpCurrentChar);
}
uint64_t user32_CharPrevExA(struct thunk_call *c)
{
    API_ARGS(user32, CharPrevExA, a);
    return prev_a(a.CodePage, a.lpStart, a.lpCurrentChar);
}

uint64_t user32_CharNextW(struct thunk_call *c)
{
    API_ARGS(user32, CharNextW, a);
    gaddr p = a.lpsz;
    if (unit_at(p) == 0)
        return p;
    p += 2;
    while (is_combining(unit_at(p)))
        p += 2;
    return p;
}

uint64_t user32_CharPrevW(struct thunk_call *c)
{
    API_ARGS(user32, CharPrevW, a);
    gaddr start = a.lpszStart, p = a.lpszCurrent;
    if (p <= start)
        return start;
    p -= 2;
    while (p > start && is_combining(unit_at(p)))
        p -= 2;
    return p;
}

/* ------------------------------------------------------------- classes */

static uint16_t class_a(uint32_t ch) { return nls_ctype1((uint8_t)ch); }
static uint16_t class_w(uint32_t ch) { return nls_ctype1((uint16_t)ch); }

uint64_t user32_IsCharAlphaA(struct thunk_call *c)
{
    API_ARGS(user32, IsCharAlphaA, a);
    return (class_a(a.ch) & C1_ALPHA) != 0;
}
uint64_t user32_IsCharAlphaW(struct thunk_call *c)
{
    API_ARGS(user32, IsCharAlphaW, a);
    return (class_w(a.ch) & C1_ALPHA) != 0;
}
uint64_t user32_IsCharAlphaNumericA(struct thunk_call *c)
{
    API_ARGS(user32, IsCharAlphaNumericA, a);
    return (class_a(a.ch) & (C1_ALPHA | C1_DIGIT)) != 0;
}
uint64_t user32_IsCharAlphaNumericW(struct thunk_call *c)
{
    API_ARGS(user32, IsCharAlphaNumericW, a);
    return (class_w(a.ch) & (C1_ALPHA | C1_DIGIT)) != 0;
}
uint64_t user32_IsCharUpperA(struct thunk_call *c)
{
    API_ARGS(user32, IsCharUpperA, a);
    return (class_a(a.ch) & C1_UPPER) != 0;
}
uint64_t user32_IsCharUpperW(struct thunk_call *c)
{
    API_ARGS(user32, IsCharUpperW, a);
    return (class_w(a.ch) & C1_UPPER) != 0;
}
uint64_t user32_IsCharLowerA(struct thunk_call *c)
{
    API_ARGS(user32, IsCharLowerA, a);
    return (class_a(a.ch) & C1_LOWER) != 0;
}
uint64_t user32_IsCharLowerW(struct thunk_call *c)
{
    API_ARGS(user32, IsCharLowerW, a);
    return (class_w(a.ch) & C1_LOWER) != 0;
}

/* ------------------------------------------------------------ wsprintf */

/* wsprintf never writes more than 1024 characters, the NUL included. */
#define WSPRINTF_LIMIT 1024

/* Arguments from the guest stack; one value can be pushed back after
 * wsprintf looked at it (the %c zero check). */
struct ws_args {
    gaddr next;
    bool pending;
    uint32_t value;
};

static uint32_t ws_next32(void *ctx)
{
    struct ws_args *a = ctx;
    if (a->pending) {
        a->pending = false;
        return a->value;
    }
    uint32_t v = 0;
    gm_read_u32(a->next, &v);
    a->next += 4;
    return v;
}

static char *ws_read_str(void *ctx, uint32_t g) { (void)ctx; return gm_strdup(g); }
static uint16_t *ws_read_wstr(void *ctx, uint32_t g, size_t *len) { (void)ctx; return gm_wcsdup(g, len); }
static bool ws_write_mem(void *ctx, uint32_t g, const void *src, size_t n) { (void)ctx; (void)g; (void)src; (void)n; return false; }

/* One format specification in wsprintf's grammar:
 * %[-][#][0][width][.precision][h|l|I|I32|I64]type, type one of
 * c C d i u x X s S p. Anything else after '%' is printed as itself. */
struct ws_spec {
    char text[48]; /* the same specification for the msvcrt engine */
    char type;
    char size;     /* 'h', 'l' or 0 */
    size_t len;    /* format units consumed, '%' included */
};

static bool in_set(uint16_t ch, const char *set) { return ch && ch < 0x80 && strchr(set, (char)ch); }

static bool parse_spec(const uint16_t *f, struct ws_spec *sp)
{
    size_t i = 1, o = 0;
    char *t = sp->text;
    t[o++] = '%';
    for (; in_set(f[i], "-#0"); i++)
        if (!memchr(t + 1, (char)f[i], o - 1)) /* each flag once */
            t[o++] = (char)f[i];
    for (int d = 0; f[i] >= '0' && f[i] <= '9'; i++)
        if (d++ < 9)
            t[o++] = (char)f[i];
    bool has_prec = false;
    char prec[12] = "";
    if (f[i] == '.') {
        has_prec = true;
        i++;
        for (int d = 0; f[i] >= '0' && f[i] <= '9'; i++)
            if (d < 9)
                prec[d++] = (char)f[i];
    }
    sp->size = 0;
    const char *size = "";
    if (f[i] == 'h' || f[i] == 'l') {
        sp->size = (char)f[i];
        size = f[i++] == 'h' ? "h" : "l";
    } else if (f[i] == 'I' && f[i + 1] == '6' && f[i + 2] == '4') {
        size = "I64";
        i += 3;
    } else if (f[i] == 'I' && f[i + 1] == '3' && f[i + 2] == '2') {
        size = "I32";
        i += 3;
    } else if (f[i] == 'I') {
        size = "I";
        i++;
    }
    if (!in_set(f[i], "cCdiuxXsSp"))
        return false;
    sp->type = (char)f[i++];
    if (has_prec) {
        /* for numbers a precision of 0 (or none after the '.') means 1 */
        bool number = !in_set((uint16_t)sp->type, "cCsS");
        bool zero = strspn(prec, "0") == strlen(prec);
        t[o++] = '.';
        if (number && zero)
            t[o++] = '1';
        for (size_t k = 0; !(number && zero) && prec[k]; k++)
            t[o++] = prec[k];
    }
    for (size_t k = 0; size[k]; k++)
        t[o++] = size[k];
    t[o++] = sp->type;
    t[o] = 0;
    sp->len = i;
    return true;
}

/* Is %c's argument a wide character here? c follows the function's own
 * width, C the other one, h forces narrow and l wide. */
static bool char_is_wide(const struct ws_spec *sp, bool wide_fn)
{
    if (sp->size)
        return sp->size == 'l';
    return (sp->type == 'c') == wide_fn;
}

/* Formats fmt (UTF-16 units, n of them) into out (bytes, or UTF-16LE when
 * wide); returns false only when out of memory. */
static bool ws_format(struct strbuf *out, const uint16_t *fmt, struct ws_args *a, bool wide)
{
    struct crt_args args = { a, ws_next32, ws_read_str, ws_read_wstr, ws_write_mem };
    for (size_t i = 0; fmt[i];) {
        struct ws_spec sp;
        if (fmt[i] != '%' || !parse_spec(fmt + i, &sp)) {
            size_t skip = fmt[i] == '%' ? 1 : 0; /* "%%" and "%z" print the second char */
            if (skip && !fmt[i + 1])
                break;
            uint16_t ch = fmt[i + skip];
            bool ok = wide ? strbuf_put(out, &ch, 2) : strbuf_putc(out, (char)ch);
            if (!ok)
                return false;
            i += skip + 1;
            continue;
        }
        i += sp.len;
        if (sp.type == 'c' || sp.type == 'C') {
            uint32_t v = ws_next32(a);
            if ((char_is_wide(&sp, wide) ? (uint16_t)v : (uint8_t)v) == 0)
                continue; /* a zero character is skipped entirely */
            a->pending = true;
            a->value = v;
        }
        int r;
        if (wide) {
            uint16_t wt[48];
            size_t k = 0;
            for (; sp.text[k]; k++)
                wt[k] = (uint8_t)sp.text[k];
            wt[k] = 0;
            r = crt_wformat(out, wt, &args);
        } else {
            r = crt_format(out, sp.text, &args);
        }
        if (r < 0)
            return false;
        if (out->len >= (size_t)WSPRINTF_LIMIT * (wide ? 2 : 1))
            break;
    }
    return true;
}

/* Result: at most 1023 characters and the NUL; the return value counts the
 * characters stored without the NUL. */
static uint64_t ws_sprintf(gaddr dst, gaddr fmtp, gaddr va, bool wide)
{
    size_t fn;
    uint16_t *fmt = NULL;
    if (wide) {
        fmt = gm_wcsdup(fmtp, &fn);
    } else {
        char *f = gm_strdup(fmtp);
        fmt = f ? nls_ansi_to_w(f, strlen(f)) : NULL;
        free(f);
    }
    if (!fmt) {
        teb_set_last_error(ERROR_NOACCESS);
        return 0;
    }
    struct ws_args a = { .next = va };
    struct strbuf out;
    strbuf_init(&out);
    bool ok = ws_format(&out, fmt, &a, wide);
    free(fmt);
    unsigned unit = wide ? 2 : 1;
    size_t n = out.len / unit;
    if (n > WSPRINTF_LIMIT - 1)
        n = WSPRINTF_LIMIT - 1;
    static const uint16_t nul = 0;
    if (ok)
        ok = (!n || gm_write(dst, out.data, n * unit)) && gm_write(dst + (gaddr)(n * unit), &nul, unit);
    strbuf_free(&out);
    if (!ok) {
        teb_set_last_error(ERROR_NOACCESS);
        return 0;
    }
    return n;
}

uint64_t user32_wsprintfA(struct thunk_call *c)
{
    API_ARGS(user32, wsprintfA, a);
    return ws_sprintf(a.lpOut, a.lpFmt, API_VARARGS(a), false);
}
uint64_t user32_wsprintfW(struct thunk_call *c)
{
    API_ARGS(user32, wsprintfW, a);
    return ws_sprintf(a.lpOut, a.lpFmt, API_VARARGS(a), true);
}
uint64_t user32_wvsprintfA(struct thunk_call *c)
{
    API_ARGS(user32, wvsprintfA, a);
    return ws_sprintf(a.lpOut, a.lpFmt, a.arglist, false);
}
uint64_t user32_wvsprintfW(struct thunk_call *c)
{
    API_ARGS(user32, wvsprintfW, a);
    return ws_sprintf(a.lpOut, a.lpFmt, a.arglist, true);
}
