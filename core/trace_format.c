/* JSON and CSV writing for the machine-readable trace sinks. */
#include "core/trace_format.h"

#include <math.h>
#include <string.h>

#include "core/trace_record.h"

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, cp = c & 0x07;
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    /* overlong forms, surrogates and past U+10FFFF are not UTF-8 */
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

void trace_json_string(struct strbuf *sb, const char *str, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)str;
    strbuf_putc(sb, '"');
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c >= 0x80) {
            size_t len = utf8_len(s + i, n - i);
            if (len)
                strbuf_put(sb, s + i, len);
            else
                strbuf_puts(sb, "\xEF\xBF\xBD"); /* U+FFFD for the stray byte */
            i += len ? len : 1;
            continue;
        }
        i++;
        switch (c) {
        case '"': strbuf_puts(sb, "\\\""); break;
        case '\\': strbuf_puts(sb, "\\\\"); break;
        case '\n': strbuf_puts(sb, "\\n"); break;
        case '\r': strbuf_puts(sb, "\\r"); break;
        case '\t': strbuf_puts(sb, "\\t"); break;
        case '\b': strbuf_puts(sb, "\\b"); break;
        case '\f': strbuf_puts(sb, "\\f"); break;
        default:
            if (c < 0x20) {
                char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
                strbuf_put(sb, u, 6);
            } else {
                strbuf_putc(sb, (char)c);
            }
        }
    }
    strbuf_putc(sb, '"');
}

void trace_json_cstring(struct strbuf *sb, const char *s)
{
    if (!s)
        strbuf_puts(sb, "null");
    else
        trace_json_string(sb, s, strlen(s));
}

void trace_json_u64(struct strbuf *sb, uint64_t v)
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

void trace_json_i64(struct strbuf *sb, int64_t v)
{
    if (v < 0) {
        strbuf_putc(sb, '-');
        trace_json_u64(sb, 0 - (uint64_t)v);
    } else {
        trace_json_u64(sb, (uint64_t)v);
    }
}

void trace_json_scalar(struct strbuf *sb, char type, uint64_t raw, double d)
{
    switch (type) {
    case 'i': trace_json_i64(sb, (int32_t)(uint32_t)raw); break;
    case 'l': trace_json_i64(sb, (int64_t)raw); break;
    case 'f':
        if (isfinite(d))
            strbuf_printf(sb, "%.17g", d);
        else
            strbuf_puts(sb, "null");
        break;
    case 'b': strbuf_puts(sb, (uint32_t)raw ? "true" : "false"); break;
    default: trace_json_u64(sb, (uint32_t)raw); break;
    }
}

static const char *const form_names[] = {
    [TRACE_SCALAR] = "scalar",   [TRACE_STRING] = "string",   [TRACE_BUFFER] = "buffer",
    [TRACE_POINTEE] = "pointee", [TRACE_POINTER] = "pointer", [TRACE_VARIADIC] = "variadic",
};

static void json_value(struct strbuf *sb, const struct trace_value *v)
{
    static const char hex[] = "0123456789abcdef";
    switch (v->form) {
    case TRACE_STRING:
        strbuf_puts(sb, ",\"value\":");
        trace_json_cstring(sb, v->bad ? NULL : v->data);
        if (v->cut)
            strbuf_puts(sb, ",\"cut\":true");
        if (v->type != 'S') {
            strbuf_puts(sb, ",\"pointer\":");
            trace_json_u64(sb, (uint32_t)v->raw);
        }
        break;
    case TRACE_BUFFER:
        if (v->type != 'B') {
            strbuf_puts(sb, ",\"pointer\":");
            trace_json_u64(sb, (uint32_t)v->raw);
        }
        strbuf_puts(sb, ",\"size\":");
        trace_json_u64(sb, v->size);
        strbuf_puts(sb, ",\"hex\":\"");
        for (uint32_t i = 0; v->data && i < v->data_len; i++) {
            unsigned char b = (unsigned char)v->data[i];
            strbuf_putc(sb, hex[b >> 4]);
            strbuf_putc(sb, hex[b & 15]);
        }
        strbuf_putc(sb, '"');
        break;
    case TRACE_POINTEE: {
        double d;
        memcpy(&d, &v->pointee, sizeof d);
        strbuf_puts(sb, ",\"pointer\":");
        trace_json_u64(sb, (uint32_t)v->raw);
        strbuf_puts(sb, ",\"value\":");
        if (!v->raw || v->bad)
            strbuf_puts(sb, "null");
        else
            trace_json_scalar(sb, v->pointee_type, v->pointee, d);
        break;
    }
    case TRACE_VARIADIC: break;
    default:
        strbuf_puts(sb, ",\"value\":");
        if (v->type == 'B')
            strbuf_puts(sb, "null"); /* a host address means nothing to the guest */
        else
            trace_json_scalar(sb, v->type, v->raw, v->d);
        break;
    }
}

void trace_json_args(struct strbuf *sb, const struct trace_value *v, unsigned n)
{
    strbuf_putc(sb, '[');
    for (unsigned i = 0; i < n; i++) {
        if (i)
            strbuf_putc(sb, ',');
        strbuf_puts(sb, "{\"name\":");
        if (v[i].form == TRACE_VARIADIC)
            strbuf_puts(sb, "\"...\"");
        else
            trace_json_string(sb, v[i].name, v[i].name_len);
        strbuf_puts(sb, ",\"type\":");
        char t[2] = { v[i].type ? v[i].type : '.', 0 };
        trace_json_cstring(sb, v[i].form == TRACE_VARIADIC ? "..." : t);
        strbuf_puts(sb, ",\"form\":\"");
        strbuf_puts(sb, v[i].form < sizeof form_names / sizeof form_names[0] ? form_names[v[i].form] : "scalar");
        strbuf_putc(sb, '"');
        if (v[i].bad)
            strbuf_puts(sb, ",\"bad\":true");
        json_value(sb, &v[i]);
        strbuf_putc(sb, '}');
    }
    strbuf_putc(sb, ']');
}

void trace_json_record_fields(struct strbuf *sb, const struct trace_record *r)
{
    strbuf_putc(sb, '{');
    for (unsigned i = 0; i < r->schema->nfields; i++) {
        if (i)
            strbuf_putc(sb, ',');
        trace_json_cstring(sb, r->schema->fields[i].name);
        strbuf_putc(sb, ':');
        if (r->schema->fields[i].fmt == TRACE_FIELD_STR || r->schema->fields[i].fmt == TRACE_FIELD_ADDR)
            trace_json_cstring(sb, r->str[i] ? r->str[i] : "");
        else
            trace_json_u64(sb, r->num[i]);
    }
    strbuf_putc(sb, '}');
}

void trace_csv_string(struct strbuf *sb, const char *s)
{
    strbuf_putc(sb, '"');
    for (; s && *s; s++) {
        if (*s == '"')
            strbuf_puts(sb, "\"\"");
        else if (*s == '\n' || *s == '\r')
            strbuf_putc(sb, ' ');
        else
            strbuf_putc(sb, *s);
    }
    strbuf_putc(sb, '"');
}

bool trace_net_as_record(const struct trace_event *ev, struct trace_net_record *out)
{
    if (!trace_record_from_net(ev->net, ev->filetime, ev->pid, &out->r, out->saddr, out->daddr))
        return false;
    out->ev = *ev;
    out->ev.phase = TRACE_RECORD;
    out->ev.record = &out->r;
    return true;
}

const char *trace_class_label(uint8_t cls)
{
    const char *name = trace_class_name(cls);
    return name ? name : "other";
}

void trace_json_result(struct strbuf *sb, const struct trace_event *ev, bool error_always)
{
    strbuf_puts(sb, "\"ret\":");
    if (ev->ret_type == 'v')
        strbuf_puts(sb, "null");
    else
        trace_json_scalar(sb, ev->ret_type ? ev->ret_type : 'x', ev->ret, ev->ret_double);
    strbuf_puts(sb, ev->failed ? ",\"failed\":true" : ",\"failed\":false");
    if (ev->layer == TRACE_LAYER_NT) {
        strbuf_printf(sb, ",\"status\":%u", ev->status);
    } else if (error_always || ev->error_set) {
        strbuf_printf(sb, ",\"last_error\":%u", ev->last_error);
        if (error_always)
            strbuf_puts(sb, ev->error_set ? ",\"error_set\":true" : ",\"error_set\":false");
    }
}
