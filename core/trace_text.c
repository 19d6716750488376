/* The text sink: one line per call, as docs/trace-format.md shows it. A call
 * with nothing inside it is one line written at its exit; a call inside
 * which other calls appear opens with "<unfinished ...>" and closes with
 * "<... name resumed>", the calls inside indented two spaces a level. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/trace.h"

#define STRING_SHOWN 80 /* characters of a string argument */

struct text_state {
    int open;            /* shown calls not yet closed */
    bool pending;        /* the innermost of them has shown nothing yet */
    struct strbuf head;  /* its "dll!func(args)" */
};

static struct text_state *state_of(struct trace_out *o)
{
    if (!o->state)
        o->state = calloc(1, sizeof(struct text_state));
    return o->state;
}

/* Numbers without printf: a traced call formats a dozen of them. */
static void put_hex(struct strbuf *sb, uint64_t v)
{
    char tmp[20];
    int n = 0;
    if (v == 0) { /* as printf's %#x: no prefix for zero */
        strbuf_putc(sb, '0');
        return;
    }
    while (v) {
        tmp[n++] = "0123456789abcdef"[v & 15];
        v >>= 4;
    }
    strbuf_puts(sb, "0x");
    while (n)
        strbuf_putc(sb, tmp[--n]);
}

static void put_udec(struct strbuf *sb, uint64_t v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        strbuf_putc(sb, tmp[--n]);
}

static void put_sdec(struct strbuf *sb, int64_t v)
{
    if (v < 0) {
        strbuf_putc(sb, '-');
        put_udec(sb, 0 - (uint64_t)v);
    } else {
        put_udec(sb, (uint64_t)v);
    }
}

static void put_name(struct strbuf *sb, const struct trace_value *v)
{
    strbuf_put(sb, v->name, v->name_len);
    strbuf_putc(sb, '=');
}

static void put_bad(struct strbuf *sb, uint64_t p)
{
    put_hex(sb, p);
    strbuf_puts(sb, "<bad>");
}

static void indent(struct strbuf *sb, int level)
{
    for (int i = 0; i < level; i++)
        strbuf_puts(sb, "  ");
}

static void put_escaped(struct strbuf *sb, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\n')
            strbuf_puts(sb, "\\n");
        else if (ch == '\r')
            strbuf_puts(sb, "\\r");
        else if (ch == '\t')
            strbuf_puts(sb, "\\t");
        else if (ch == '"' || ch == '\\')
            strbuf_printf(sb, "\\%c", ch);
        else if (ch < 0x20 || ch == 0x7f)
            strbuf_printf(sb, "\\x%02x", ch);
        else
            strbuf_putc(sb, (char)ch);
    }
}

static void put_string(struct strbuf *sb, const struct trace_value *v)
{
    if (v->raw == 0 && !v->data) {
        strbuf_puts(sb, "NULL");
        return;
    }
    if (v->bad || !v->data) {
        put_bad(sb, v->raw);
        return;
    }
    size_t n = strlen(v->data);
    strbuf_puts(sb, v->type == 'w' ? "L\"" : "\"");
    put_escaped(sb, v->data, n < STRING_SHOWN ? n : STRING_SHOWN);
    strbuf_puts(sb, n > STRING_SHOWN || v->cut ? "\"..." : "\"");
}

/* "0x40c0a0 [7: 48 65 6c 6c 6f 0d 0a |Hello..|]": the pointer (at entry),
 * the length, then the first bytes in hex and as text. */
static void put_buffer(struct strbuf *sb, const struct trace_value *v, bool with_pointer)
{
    if (v->bad) {
        put_bad(sb, v->raw);
        return;
    }
    if (!v->raw) {
        strbuf_puts(sb, "NULL");
        return;
    }
    bool more = v->size > v->data_len;
    if (with_pointer && v->type != 'B') { /* a host buffer's address means nothing to the guest */
        put_hex(sb, v->raw);
        strbuf_putc(sb, ' ');
    }
    strbuf_putc(sb, '[');
    put_udec(sb, v->size);
    strbuf_putc(sb, ':');
    for (uint32_t i = 0; i < v->data_len; i++) {
        unsigned char b = (unsigned char)v->data[i];
        char hex[3] = { ' ', "0123456789abcdef"[b >> 4], "0123456789abcdef"[b & 15] };
        strbuf_put(sb, hex, 3);
    }
    if (more)
        strbuf_puts(sb, " ...");
    if (v->data_len) {
        /* the text as a hex dump shows it: printable ASCII, else '.' */
        strbuf_puts(sb, " |");
        for (uint32_t i = 0; i < v->data_len; i++) {
            unsigned char ch = (unsigned char)v->data[i];
            strbuf_putc(sb, ch >= 0x20 && ch < 0x7f ? (char)ch : '.');
        }
        strbuf_puts(sb, more ? "|...]" : "|]");
    } else {
        strbuf_putc(sb, ']');
    }
}

static void put_scalar(struct strbuf *sb, char t, uint64_t raw, double d)
{
    uint32_t v = (uint32_t)raw;
    switch (t) {
    case 'i': put_sdec(sb, (int32_t)v); break;
    case 'u': put_udec(sb, v); break;
    case 'b': strbuf_puts(sb, v ? "TRUE" : "FALSE"); break;
    case 'c': strbuf_printf(sb, isprint((int)v & 0xFF) ? "'%c'" : "%#x", v & 0xFF); break;
    case 'f': strbuf_printf(sb, "%g", d); break;
    case 'l': put_sdec(sb, (int64_t)raw); break;
    default: put_hex(sb, v); break;
    }
}

static void put_value(struct strbuf *sb, const struct trace_value *v, bool at_entry)
{
    switch (v->form) {
    case TRACE_STRING: put_string(sb, v); break;
    case TRACE_BUFFER: put_buffer(sb, v, at_entry); break;
    case TRACE_POINTEE:
        if (!v->raw) {
            strbuf_puts(sb, "NULL");
        } else if (v->bad) {
            put_bad(sb, v->raw);
        } else {
            double d;
            memcpy(&d, &v->pointee, sizeof d);
            put_hex(sb, v->raw);
            strbuf_puts(sb, " -> ");
            put_scalar(sb, v->pointee_type, v->pointee, d);
        }
        break;
    case TRACE_VARIADIC: strbuf_puts(sb, "..."); break;
    case TRACE_POINTER:
        if (v->type == 'B') { /* host memory: its contents come at the exit */
            strbuf_puts(sb, "[...]");
            break;
        }
        put_scalar(sb, v->type, v->raw, v->d);
        break;
    default: put_scalar(sb, v->type, v->raw, v->d); break;
    }
}

static void put_args(struct strbuf *sb, const struct trace_event *ev)
{
    for (unsigned i = 0; i < ev->nargs; i++) {
        const struct trace_value *v = &ev->args[i];
        if (i)
            strbuf_puts(sb, ", ");
        if (v->form != TRACE_VARIADIC)
            put_name(sb, v);
        put_value(sb, v, true);
    }
}

/* " = value {outs} [error N] from caller" */
static void put_result(struct strbuf *sb, const struct trace_event *ev)
{
    strbuf_puts(sb, " = ");
    if (ev->ret_type == 'v')
        strbuf_puts(sb, "void");
    else
        put_scalar(sb, ev->ret_type ? ev->ret_type : 'x', ev->ret, ev->ret_double);
    if (ev->unimplemented)
        strbuf_puts(sb, " [unimplemented]"); /* the failure its return type calls for */
    if (ev->nargs) {
        /* out-values: what the call wrote */
        strbuf_puts(sb, " {");
        for (unsigned i = 0; i < ev->nargs; i++) {
            const struct trace_value *v = &ev->args[i];
            if (i)
                strbuf_puts(sb, ", ");
            put_name(sb, v);
            if (v->form == TRACE_POINTEE && v->raw && !v->bad) {
                double d;
                memcpy(&d, &v->pointee, sizeof d);
                put_scalar(sb, v->pointee_type, v->pointee, d);
            } else {
                put_value(sb, v, false);
            }
        }
        strbuf_putc(sb, '}');
    }
    if (ev->layer == TRACE_LAYER_API && ev->error_set && ev->last_error) {
        strbuf_puts(sb, " [error ");
        put_udec(sb, ev->last_error);
        strbuf_putc(sb, ']');
    }
    if (ev->caller_module) {
        strbuf_puts(sb, " from ");
        strbuf_puts(sb, ev->caller_module);
        strbuf_putc(sb, '+');
        put_hex(sb, ev->caller_offset);
    } else if (ev->caller) {
        strbuf_puts(sb, " from ");
        put_hex(sb, ev->caller);
    } else {
        strbuf_puts(sb, " from wowbox");
    }
    strbuf_putc(sb, '\n');
}

/* "net: TcpIp SendIPV4 size=5 127.0.0.1:50123 -> 127.0.0.1:7 connid=3 seqnum=0" */
static void put_net(struct strbuf *sb, const struct trace_net *n)
{
    char src[64], dst[64];
    trace_net_addr(n->family, n->saddr, src, sizeof src);
    trace_net_addr(n->family, n->daddr, dst, sizeof dst);
    const char *lb = n->family == 6 ? "[" : "", *rb = n->family == 6 ? "]" : "";
    strbuf_printf(sb, "net: %s %s%s size=%u %s%s%s:%u -> %s%s%s:%u connid=%u seqnum=%u\n",
                  n->proto == TRACE_NET_UDP ? "UdpIp" : "TcpIp", trace_net_op_name(n->op),
                  n->family == 6 ? "IPV6" : "IPV4", n->size, lb, src, rb, n->sport, lb, dst,
                  rb, n->dport, n->connid, n->seqnum);
}

/* The innermost call shows something inside it: its opening line is final. */
static void open_pending(struct trace_out *o, struct text_state *st)
{
    if (!st->pending)
        return;
    strbuf_put(&o->buf, o->tail.data, o->tail.len);
    o->tail.len = 0;
    st->pending = false;
}

static void text_event(struct trace_sink *s, struct trace_out *o, const struct trace_event *ev)
{
    (void)s;
    struct text_state *st = state_of(o);
    if (!st)
        return;
    if (ev->phase == TRACE_NOTE) {
        open_pending(o, st);
        indent(&o->buf, st->open);
        strbuf_printf(&o->buf, "%s\n", ev->text);
        return;
    }
    if (ev->phase == TRACE_NET) {
        open_pending(o, st);
        indent(&o->buf, st->open);
        put_net(&o->buf, ev->net);
        return;
    }
    if (ev->phase == TRACE_ENTRY) {
        open_pending(o, st);
        st->head.len = 0;
        indent(&st->head, st->open);
        strbuf_puts(&st->head, ev->dll);
        strbuf_putc(&st->head, '!');
        strbuf_puts(&st->head, ev->func);
        strbuf_putc(&st->head, '(');
        if (ev->unimplemented)
            strbuf_putc(&st->head, '?');
        else
            put_args(&st->head, ev);
        strbuf_putc(&st->head, ')');
        o->tail.len = 0;
        strbuf_put(&o->tail, st->head.data, st->head.len);
        strbuf_puts(&o->tail, " <unfinished ...>\n");
        st->pending = true;
        st->open++;
        return;
    }
    if (st->open > 0)
        st->open--;
    if (st->pending) {
        strbuf_put(&o->buf, st->head.data, st->head.len);
    } else {
        indent(&o->buf, st->open);
        strbuf_printf(&o->buf, "<... %s!%s resumed>", ev->dll, ev->func);
    }
    put_result(&o->buf, ev);
    o->tail.len = 0;
    st->pending = false;
}

static void text_flush(struct trace_sink *s, struct trace_out *o, bool final)
{
    (void)s;
    struct text_state *st = o->state;
    if (!final || !st)
        return;
    strbuf_free(&st->head);
    free(st);
    o->state = NULL;
}

static void text_thread_switch(struct trace_sink *s, uint32_t tid, struct strbuf *out)
{
    (void)s;
    strbuf_printf(out, "--- thread %u ---\n", tid);
}

const struct trace_sink_ops trace_text_sink = {
    .name = "text",
    .event = text_event,
    .flush = text_flush,
    .thread_switch = text_thread_switch,
};
