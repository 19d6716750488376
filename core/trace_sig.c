/* Parser of the API declarations' argument lists (grammar in trace_sig.h
 * and syscalls/api.h): one pass, no allocation, names point into sig. */
#include "core/trace_sig.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

bool trace_sig_is_type(char c)
{
    return c && strchr("iuxphbcswfl", c);
}

static bool is_name_start(char c)
{
    return isalpha((unsigned char)c) || c == '_';
}

static const char *scan_name(const char *p)
{
    while (isalnum((unsigned char)*p) || *p == '_')
        p++;
    return p;
}

static int fail(char *why, size_t whysz, const char *msg, const char *at)
{
    snprintf(why, whysz, "%s at \"%s\"", msg, at);
    return -1;
}

static const char *parse_term(const char *p, struct trace_term *t)
{
    memset(t, 0, sizeof *t);
    if (isdigit((unsigned char)*p)) {
        t->kind = TRACE_TERM_CONST;
        while (isdigit((unsigned char)*p))
            t->value = t->value * 10 + (uint32_t)(*p++ - '0');
        return p;
    }
    if (*p == '*') {
        t->kind = TRACE_TERM_DEREF;
        p++;
    } else {
        t->kind = TRACE_TERM_ARG;
    }
    if (!is_name_start(*p))
        return NULL;
    const char *end = scan_name(p);
    if (t->kind == TRACE_TERM_ARG && end - p == 3 && !strncmp(p, "ret", 3)) {
        t->kind = TRACE_TERM_RET;
        return end;
    }
    t->name = p;
    t->name_len = (uint8_t)(end - p);
    return end;
}

/* "[SIZE]" after a direction. */
static const char *parse_size(const char *p, struct trace_param *a)
{
    p++; /* '[' */
    for (;;) {
        if (a->nterms == 2)
            return NULL;
        p = parse_term(p, &a->terms[a->nterms]);
        if (!p)
            return NULL;
        a->nterms++;
        if (*p == ']')
            return p + 1;
        if (*p != '*')
            return NULL;
        p++;
    }
}

static const char *parse_dir(const char *p, struct trace_param *a)
{
    static const struct { const char *word; uint8_t dir; } dirs[] = {
        { "inout", TRACE_DIR_INOUT }, { "in", TRACE_DIR_IN }, { "out", TRACE_DIR_OUT },
    };
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        size_t n = strlen(dirs[i].word);
        if (!strncmp(p, dirs[i].word, n) && !isalnum((unsigned char)p[n])) {
            a->dir = dirs[i].dir;
            return p + n;
        }
    }
    return NULL;
}

static const char *parse_arg(const char *p, struct trace_param *a, char *why, size_t whysz)
{
    memset(a, 0, sizeof *a);
    if (!strncmp(p, "...", 3)) {
        a->variadic = true;
        return p + 3;
    }
    if (!(trace_sig_is_type(p[0]) || p[0] == 'S' || p[0] == 'B') || p[1] != ' ')
        return fail(why, whysz, "bad type", p), NULL;
    a->type = p[0];
    a->slots = a->type == 'f' || a->type == 'l' ? 2 : 1;
    p += 2;
    if (!is_name_start(*p))
        return fail(why, whysz, "missing argument name", p), NULL;
    const char *end = scan_name(p);
    a->name = p;
    a->name_len = (uint8_t)(end - p);
    p = end;
    if (*p != ' ') {
        if (a->type == 'B')
            return fail(why, whysz, "a host buffer needs a direction and a size", p), NULL;
        return p;
    }
    const char *d = parse_dir(p + 1, a);
    if (!d)
        return fail(why, whysz, "expected in, out or inout", p + 1), NULL;
    p = d;
    bool text = a->type == 's' || a->type == 'w' || a->type == 'S';
    if (*p == '[') {
        if (a->type != 'p' && a->type != 'B' && !text)
            return fail(why, whysz, "a size needs a p, B, s or w argument", p), NULL;
        const char *q = parse_size(p, a);
        if (!q)
            return fail(why, whysz, "bad size", p), NULL;
        return q;
    }
    if (*p == ' ' && a->type == 'p') {
        if (!trace_sig_is_type(p[1]) || strchr("psw", p[1]))
            return fail(why, whysz, "bad pointee type", p + 1), NULL;
        a->pointee = p[1];
        return p + 2;
    }
    if (a->type == 'p' || a->type == 'B')
        return fail(why, whysz, "a pointer with a direction needs [size] (or, for p, a pointee type)", p), NULL;
    if (!text)
        return fail(why, whysz, "only pointers and strings have a direction", p), NULL;
    return p;
}

int trace_sig_parse(const char *sig, struct trace_param *out, unsigned max, char *why, size_t whysz)
{
    unsigned n = 0;
    const char *p = sig ? sig : "";
    if (!*p)
        return 0;
    for (;;) {
        if (n == max)
            return fail(why, whysz, "too many arguments", p);
        if (n && out[n - 1].variadic)
            return fail(why, whysz, "\"...\" is not last", p);
        p = parse_arg(p, &out[n], why, whysz);
        if (!p)
            return -1;
        n++;
        if (!*p)
            break;
        if (p[0] != ',' || p[1] != ' ')
            return fail(why, whysz, "expected \", \"", p);
        p += 2;
    }
    return (int)n;
}

bool trace_sig_check_sizes(const struct trace_param *out, int n, char *why, size_t whysz)
{
    for (int i = 0; i < n; i++)
        for (unsigned t = 0; t < out[i].nterms; t++) {
            const struct trace_term *term = &out[i].terms[t];
            if (term->kind != TRACE_TERM_ARG && term->kind != TRACE_TERM_DEREF)
                continue;
            bool found = false;
            for (int j = 0; j < n && !found; j++)
                found = out[j].name_len == term->name_len && !memcmp(out[j].name, term->name, term->name_len);
            if (!found) {
                fail(why, whysz, "size names no argument", term->name);
                return false;
            }
        }
    return true;
}

unsigned trace_sig_arg_bytes(const struct trace_param *p, int n)
{
    unsigned bytes = 0;
    for (int i = 0; i < n; i++)
        bytes += p[i].variadic ? 0 : 4u * p[i].slots;
    return bytes;
}
