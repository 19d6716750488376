/* API trace events and the text sink: one line per call with decoded
 * arguments, return value and caller (module+offset). */
#include "core/trace.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/strbuf.h"

bool trace_enabled;
static FILE *sink;
void (*trace_describe_addr)(gaddr addr, char *buf, size_t bufsz);

/* The last calls, kept whether or not tracing is on (crash reports). */
#define RECENT 16
static struct { const char *dll, *func; gaddr caller; } recent[RECENT];
static unsigned recent_next;

void trace_remember(const char *dll, const char *func, gaddr caller)
{
    unsigned i = recent_next++ % RECENT;
    recent[i].dll = dll;
    recent[i].func = func;
    recent[i].caller = caller;
}

void describe_addr(gaddr addr, char *buf, size_t bufsz)
{
    if (trace_describe_addr)
        trace_describe_addr(addr, buf, bufsz);
    else
        snprintf(buf, bufsz, "%#x", addr);
}

bool trace_open(const char *path)
{
    sink = path ? fopen(path, "w") : stderr;
    if (!sink)
        return false;
    trace_enabled = true;
    return true;
}

void trace_close(void)
{
    if (sink && sink != stderr)
        fclose(sink);
    sink = NULL;
    trace_enabled = false;
}

static void put_string_arg(struct strbuf *sb, gaddr p, bool wide)
{
    if (p == 0) {
        strbuf_puts(sb, "NULL");
        return;
    }
    char *s = wide ? gm_wcs_to_utf8(p) : gm_strdup(p);
    if (!s) {
        strbuf_printf(sb, "%#x<bad>", p);
        return;
    }
    strbuf_puts(sb, wide ? "L\"" : "\"");
    size_t n = strlen(s);
    for (size_t i = 0; i < n && i < 80; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\n')
            strbuf_puts(sb, "\\n");
        else if (ch == '\r')
            strbuf_puts(sb, "\\r");
        else if (ch == '"' || ch == '\\')
            strbuf_printf(sb, "\\%c", ch);
        else if (ch < 0x20)
            strbuf_printf(sb, "\\x%02x", ch);
        else
            strbuf_putc(sb, (char)ch);
    }
    strbuf_puts(sb, n > 80 ? "\"..." : "\"");
    free(s);
}

/* Formats one value of signature type t; returns the stack slots used. */
static unsigned put_value(struct strbuf *sb, char t, gaddr at)
{
    uint32_t v = 0, hi = 0;
    gm_read_u32(at, &v);
    switch (t) {
    case 'i': strbuf_printf(sb, "%d", (int32_t)v); return 1;
    case 'u': strbuf_printf(sb, "%u", v); return 1;
    case 'b': strbuf_puts(sb, v ? "TRUE" : "FALSE"); return 1;
    case 'c': strbuf_printf(sb, isprint((int)v & 0xFF) ? "'%c'" : "%#x", v & 0xFF); return 1;
    case 's': put_string_arg(sb, v, false); return 1;
    case 'w': put_string_arg(sb, v, true); return 1;
    case 'f': {
        gm_read_u32(at + 4, &hi);
        uint64_t bits = (uint64_t)hi << 32 | v;
        double d;
        memcpy(&d, &bits, 8);
        strbuf_printf(sb, "%g", d);
        return 2;
    }
    case 'l':
        gm_read_u32(at + 4, &hi);
        strbuf_printf(sb, "%lld", (long long)((uint64_t)hi << 32 | v));
        return 2;
    default: strbuf_printf(sb, "%#x", v); return 1;
    }
}

static void put_args(struct strbuf *sb, const char *sig, gaddr first)
{
    gaddr at = first;
    const char *p = sig;
    bool first_arg = true;
    while (p && *p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        if (!first_arg)
            strbuf_puts(sb, ", ");
        first_arg = false;
        if (strncmp(p, "...", 3) == 0) {
            strbuf_puts(sb, "...");
            break;
        }
        char t = *p++;
        while (*p == ' ')
            p++;
        const char *name = p;
        while (*p && *p != ',')
            p++;
        if (p > name)
            strbuf_printf(sb, "%.*s=", (int)(p - name), name);
        at += 4 * put_value(sb, t, at);
    }
}

static void put_return(struct strbuf *sb, const struct trace_api_event *ev)
{
    char t = ev->ret_sig && *ev->ret_sig ? ev->ret_sig[0] : 'x';
    uint32_t v = (uint32_t)ev->ret;
    switch (t) {
    case 'v': strbuf_puts(sb, "void"); break;
    case 'f': strbuf_printf(sb, "%g", ev->ret_double); break;
    case 'l': strbuf_printf(sb, "%lld", (long long)ev->ret); break;
    case 'i': strbuf_printf(sb, "%d", (int32_t)v); break;
    case 'u': strbuf_printf(sb, "%u", v); break;
    case 'b': strbuf_puts(sb, v ? "TRUE" : "FALSE"); break;
    default: strbuf_printf(sb, "%#x", v); break;
    }
}

void trace_api_call(const struct trace_api_event *ev)
{
    struct strbuf sb;
    strbuf_init(&sb);
    for (int i = 0; i < ev->depth; i++)
        strbuf_puts(&sb, "  ");
    strbuf_printf(&sb, "%s!%s(", ev->dll, ev->func);
    if (ev->args_sig)
        put_args(&sb, ev->args_sig, ev->esp + 4);
    else
        strbuf_puts(&sb, "?");
    strbuf_puts(&sb, ") = ");
    if (ev->unimplemented)
        strbuf_puts(&sb, "0 [unimplemented]");
    else
        put_return(&sb, ev);
    char where[96];
    describe_addr(ev->caller, where, sizeof where);
    strbuf_printf(&sb, " from %s", where);
    if (sink)
        fprintf(sink, "%s\n", sb.data);
    strbuf_free(&sb);
}

void trace_note(const char *fmt, ...)
{
    if (!sink)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(sink, fmt, ap);
    va_end(ap);
    fputc('\n', sink);
}

void trace_recent(FILE *out, unsigned max)
{
    unsigned n = recent_next < RECENT ? recent_next : RECENT;
    if (n > max)
        n = max;
    for (unsigned i = recent_next - n; i < recent_next; i++) {
        char where[96];
        describe_addr(recent[i % RECENT].caller, where, sizeof where);
        fprintf(out, "  %s!%s from %s\n", recent[i % RECENT].dll, recent[i % RECENT].func, where);
    }
}
