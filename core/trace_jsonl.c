/* The jsonl sink: one JSON object per event, one per line, with the field
 * names docs/trace-format.md documents (a stable schema: fields are only
 * ever added). */
#include "core/trace.h"
#include "core/trace_format.h"
#include "core/trace_record.h"

static const char *phase_name(uint8_t phase)
{
    switch (phase) {
    case TRACE_ENTRY: return "entry";
    case TRACE_EXIT: return "exit";
    case TRACE_NOTE: return "note";
    default: return "record";
    }
}

static void put_u(struct strbuf *sb, const char *key, uint64_t v)
{
    strbuf_puts(sb, key);
    trace_json_u64(sb, v);
}

static void put_b(struct strbuf *sb, const char *key, bool v)
{
    strbuf_puts(sb, key);
    strbuf_puts(sb, v ? "true" : "false");
}

static void put_call(struct strbuf *sb, const struct trace_event *ev)
{
    strbuf_puts(sb, ev->layer == TRACE_LAYER_NT ? ",\"layer\":\"nt\"" : ",\"layer\":\"api\"");
    put_u(sb, ",\"depth\":", (uint64_t)(ev->depth > 0 ? ev->depth : 0));
    strbuf_puts(sb, ",\"dll\":");
    trace_json_cstring(sb, ev->dll);
    strbuf_puts(sb, ",\"func\":");
    trace_json_cstring(sb, ev->func);
    put_u(sb, ",\"caller\":", ev->caller);
    strbuf_puts(sb, ",\"caller_module\":");
    trace_json_cstring(sb, ev->caller_module);
    put_u(sb, ",\"caller_offset\":", ev->caller_offset);
    put_b(sb, ",\"unimplemented\":", ev->unimplemented);
    if (ev->phase == TRACE_ENTRY) {
        strbuf_puts(sb, ",\"args\":");
        trace_json_args(sb, ev->args, ev->nargs);
        return;
    }
    put_u(sb, ",\"entry_seq\":", ev->entry_seq);
    char rt[2] = { ev->ret_type ? ev->ret_type : 'x', 0 };
    strbuf_puts(sb, ",\"ret_type\":");
    trace_json_cstring(sb, rt);
    put_u(sb, ",\"duration_ns\":", ev->duration_ns);
    strbuf_putc(sb, ',');
    trace_json_result(sb, ev, true);
    strbuf_puts(sb, ",\"out\":");
    trace_json_args(sb, ev->args, ev->nargs);
}

static void jsonl_event(struct trace_sink *s, struct trace_out *o, const struct trace_event *ev)
{
    (void)s;
    if (ev->phase == TRACE_NET) { /* written as the kernel logger's TcpIp/UdpIp record */
        struct trace_net_record rec;
        if (trace_net_as_record(ev, &rec))
            jsonl_event(s, o, &rec.ev);
        return;
    }
    struct strbuf *sb = &o->buf;
    put_u(sb, "{\"seq\":", ev->seq);
    strbuf_puts(sb, ",\"phase\":\"");
    strbuf_puts(sb, phase_name(ev->phase));
    strbuf_puts(sb, "\",\"class\":\"");
    strbuf_puts(sb, trace_class_label(ev->cls));
    strbuf_putc(sb, '"');
    put_u(sb, ",\"ts\":", ev->filetime);
    put_u(sb, ",\"mono_ns\":", ev->mono_ns);
    put_u(sb, ",\"pid\":", ev->pid);
    put_u(sb, ",\"tid\":", ev->tid);
    if (ev->phase == TRACE_NOTE) {
        strbuf_puts(sb, ",\"text\":");
        trace_json_cstring(sb, ev->text);
    } else if (ev->phase == TRACE_RECORD) {
        strbuf_puts(sb, ",\"provider\":");
        trace_json_cstring(sb, ev->record->schema->provider);
        strbuf_puts(sb, ",\"type\":");
        trace_json_cstring(sb, ev->record->schema->type);
        strbuf_puts(sb, ",\"fields\":");
        trace_json_record_fields(sb, ev->record);
    } else {
        put_call(sb, ev);
    }
    strbuf_puts(sb, "}\n");
}

const struct trace_sink_ops trace_jsonl_sink = {
    .name = "jsonl",
    .event = jsonl_event,
    .records = true,
};
