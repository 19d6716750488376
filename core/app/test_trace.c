/* Golden-trace normalization and matching for `wowbox test`: a golden file
 * must survive a rebuild (addresses move), another machine (the scratch
 * directory's name) and an unrelated change in the layer (handle numbers). */
#define _GNU_SOURCE
#include "core/app/test_trace.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* The trace writes a path in a quoted string with its backslashes doubled. */
static char *doubled_backslashes(const char *s)
{
    struct strbuf sb;
    strbuf_init(&sb);
    for (; *s; s++) {
        strbuf_putc(&sb, *s);
        if (*s == '\\')
            strbuf_putc(&sb, '\\');
    }
    return sb.data ? strbuf_release(&sb) : strdup("");
}

/* Replaces every occurrence of from by to. */
static char *replace_all(char *text, const char *from, const char *to)
{
    if (!from || !*from || !strstr(text, from))
        return text;
    struct strbuf sb;
    strbuf_init(&sb);
    size_t n = strlen(from);
    for (const char *p = text, *hit; *p; p = hit + n) {
        hit = strstr(p, from);
        if (!hit) {
            strbuf_puts(&sb, p);
            break;
        }
        strbuf_put(&sb, p, (size_t)(hit - p));
        strbuf_puts(&sb, to);
        if (!hit[n])
            break;
    }
    free(text);
    return sb.data ? strbuf_release(&sb) : strdup("");
}

static char *replace_place(char *text, const char *win, const char *token)
{
    if (!win)
        return text;
    char *twice = doubled_backslashes(win);
    text = replace_all(text, twice, token);
    free(twice);
    return replace_all(text, win, token);
}

/* "name-XXXXXX": mkdtemp's six random characters after a known name. */
static size_t temp_name_len(const char *s, size_t left, const char *name)
{
    size_t n = strlen(name);
    if (left < n + 6 || strncmp(s, name, n) != 0)
        return 0;
    for (size_t k = 0; k < 6; k++)
        if (!isalnum((unsigned char)s[n + k]))
            return 0;
    return n + 6;
}

/* True when the argument name before "=0x" at s names a handle: hFile,
 * hKey, FileHandle, ProcessHandle... */
static bool handle_argument(const char *text, size_t at)
{
    size_t start = at;
    while (start > 0 && (isalnum((unsigned char)text[start - 1]) || text[start - 1] == '_'))
        start--;
    size_t n = at - start;
    if (n >= 2 && text[start] == 'h' && isupper((unsigned char)text[start + 1]))
        return true;
    return n >= 6 && !strncmp(text + at - 6, "Handle", 6);
}

char *trace_normalize(const char *text, size_t len, const struct trace_places *where)
{
    char *copy = strndup(text, len);
    if (where) {
        copy = replace_place(copy, where->cwd_win, "%CWD%");
        copy = replace_place(copy, where->exedir_win, "%EXEDIR%");
    }
    len = strlen(copy);
    struct strbuf sb;
    strbuf_init(&sb);
    for (size_t i = 0; i < len;) {
        bool line_start = i == 0 || copy[i - 1] == '\n';
        size_t n;
        if (line_start && !strncmp(copy + i, "--- thread ", 11)) {
            strbuf_puts(&sb, "--- thread ---");
            while (i < len && copy[i] != '\n')
                i++;
            continue;
        }
        if ((n = temp_name_len(copy + i, len - i, "wowbox-test-")) ||
            (n = temp_name_len(copy + i, len - i, "wowbox-run-"))) {
            strbuf_put(&sb, copy + i, n - 6);
            strbuf_putc(&sb, '?');
            i += n;
            continue;
        }
        if (copy[i] == '0' && i + 1 < len && copy[i + 1] == 'x') {
            size_t j = i + 2;
            while (j < len && is_hex(copy[j]))
                j++;
            size_t digits = j - (i + 2);
            bool pseudo = digits == 8 && (!strncmp(copy + i + 2, "ffffffff", 8) || !strncmp(copy + i + 2, "fffffffe", 8));
            bool address = digits >= 5 && !pseudo;
            bool offset = i > 0 && copy[i - 1] == '+' && digits;
            bool handle = i > 0 && copy[i - 1] == '=' && digits && !pseudo && handle_argument(copy, i - 1);
            if (address || offset || handle) {
                strbuf_puts(&sb, "0x?");
                i = j;
                continue;
            }
        }
        strbuf_putc(&sb, copy[i++]);
    }
    free(copy);
    return sb.data ? strbuf_release(&sb) : strdup("");
}

/* One golden line against one trace line; "0x?" in the golden line stands
 * for any hexadecimal number. */
static bool line_matches(const char *g, size_t glen, const char *a, size_t alen)
{
    size_t i = 0, j = 0;
    while (i < glen && j < alen) {
        if (i + 3 <= glen && !strncmp(g + i, "0x?", 3) && j + 2 < alen && a[j] == '0' && a[j + 1] == 'x' &&
            (is_hex(a[j + 2]) || a[j + 2] == '?')) {
            i += 3;
            j += 2;
            while (j < alen && (is_hex(a[j]) || a[j] == '?'))
                j++;
            continue;
        }
        if (g[i++] != a[j++])
            return false;
    }
    return i == glen && j == alen;
}

struct lines {
    const char **start;
    size_t *len;
    size_t count;
};

/* Splits text into lines (no copy); trailing empty lines are dropped. */
static void split_lines(const char *text, struct lines *l)
{
    size_t cap = 16;
    l->start = malloc(cap * sizeof *l->start);
    l->len = malloc(cap * sizeof *l->len);
    l->count = 0;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (l->count == cap) {
            cap *= 2;
            l->start = realloc(l->start, cap * sizeof *l->start);
            l->len = realloc(l->len, cap * sizeof *l->len);
        }
        l->start[l->count] = p;
        l->len[l->count++] = n && p[n - 1] == '\r' ? n - 1 : n;
        p += n + (nl ? 1 : 0);
    }
    while (l->count && l->len[l->count - 1] == 0)
        l->count--;
}

static void show_line(struct strbuf *d, const char *label, const struct lines *l, size_t i)
{
    if (i < l->count)
        strbuf_printf(d, "      %s %.*s\n", label, (int)l->len[i], l->start[i]);
    else
        strbuf_printf(d, "      %s (end of trace)\n", label);
}

static bool match_exact(const struct lines *g, const struct lines *a, struct strbuf *d)
{
    size_t i = 0;
    while (i < g->count && i < a->count && line_matches(g->start[i], g->len[i], a->start[i], a->len[i]))
        i++;
    if (i == g->count && i == a->count)
        return true;
    strbuf_printf(d, "    first difference in line %zu:\n", i + 1);
    show_line(d, "expected:", g, i);
    show_line(d, "actual:  ", a, i);
    return false;
}

static bool match_in_order(const struct lines *g, const struct lines *a, struct strbuf *d)
{
    size_t at = 0;
    for (size_t i = 0; i < g->count; i++) {
        size_t k = at;
        while (k < a->count && !line_matches(g->start[i], g->len[i], a->start[k], a->len[k]))
            k++;
        if (k < a->count) {
            at = k + 1;
            continue;
        }
        strbuf_printf(d, "    golden line %zu not found in the trace after line %zu:\n", i + 1, at);
        show_line(d, "expected:", g, i);
        show_line(d, "next:    ", a, at);
        return false;
    }
    return true;
}

bool trace_match(const char *golden, const char *trace, bool exact, struct strbuf *details)
{
    struct lines g, a;
    split_lines(golden, &g);
    split_lines(trace, &a);
    bool ok = exact ? match_exact(&g, &a, details) : match_in_order(&g, &a, details);
    free(g.start);
    free(g.len);
    free(a.start);
    free(a.len);
    return ok;
}
