/* The etw-csv sink: the kernel-logger records as tracerpt writes them to
 * dumpfile.csv. First one header line per event type (provider, type,
 * then TID, Clock-Time, Kernel(ms), User(ms) and the MOF class's fields),
 * then one row per record: the guest's thread id, the clock as a Windows
 * FILETIME, the thread's kernel and user CPU time in milliseconds, and the
 * fields in the MOF order. Calls themselves are not rows (use jsonl). */
#define _GNU_SOURCE /* RUSAGE_THREAD */
#include <stdio.h>
#include <sys/resource.h>

#include "core/clock.h"
#include "core/trace.h"
#include "core/trace_format.h"
#include "core/trace_record.h"

static void put_header(struct strbuf *sb, const char *provider, const char *type, const struct trace_record_schema *s)
{
    strbuf_printf(sb, "%s, %s, TID, Clock-Time, Kernel(ms), User(ms)", provider, type);
    for (unsigned i = 0; s && i < s->nfields; i++)
        strbuf_printf(sb, ", %s", s->fields[i].name);
    strbuf_putc(sb, '\n');
}

static void etw_begin(struct trace_sink *s, struct strbuf *out)
{
    if (trace_sink_continued(s)) /* a child's rows follow its parent's header */
        return;
    for (unsigned k = 0; k < TRACE_REC_COUNT; k++)
        put_header(out, trace_record_schemas[k].provider, trace_record_schemas[k].type, &trace_record_schemas[k]);
}

/* The calling thread's CPU time so far, as tracerpt's Kernel(ms) and User(ms)
 * (0 in a deterministic run, where it would differ per run). */
static void put_times(struct strbuf *sb)
{
    struct rusage ru = { 0 };
    if (!clock_settings()->deterministic)
        getrusage(RUSAGE_THREAD, &ru);
    uint64_t kms = (uint64_t)ru.ru_stime.tv_sec * 1000 + (uint64_t)ru.ru_stime.tv_usec / 1000;
    uint64_t ums = (uint64_t)ru.ru_utime.tv_sec * 1000 + (uint64_t)ru.ru_utime.tv_usec / 1000;
    strbuf_printf(sb, ", %llu, %llu", (unsigned long long)kms, (unsigned long long)ums);
}

static void put_row_start(struct strbuf *sb, const char *provider, const char *type, const struct trace_event *ev)
{
    strbuf_printf(sb, "%s, %s, 0x%08X, %llu", provider, type, ev->tid, (unsigned long long)ev->filetime);
    put_times(sb);
}

static void put_record(struct strbuf *sb, const struct trace_event *ev, const struct trace_record *r)
{
    put_row_start(sb, r->schema->provider, r->schema->type, ev);
    for (unsigned i = 0; i < r->schema->nfields; i++) {
        strbuf_puts(sb, ", ");
        switch (r->schema->fields[i].fmt) {
        case TRACE_FIELD_STR: trace_csv_string(sb, r->str[i]); break;
        case TRACE_FIELD_ADDR: strbuf_puts(sb, r->str[i] ? r->str[i] : ""); break;
        case TRACE_FIELD_HEX: strbuf_printf(sb, "0x%08X", (unsigned)r->num[i]); break;
        default: strbuf_printf(sb, "%llu", (unsigned long long)r->num[i]); break;
        }
    }
    strbuf_putc(sb, '\n');
}

static void etw_event(struct trace_sink *s, struct trace_out *o, const struct trace_event *ev)
{
    (void)s;
    if (ev->phase == TRACE_RECORD) {
        put_record(&o->buf, ev, ev->record);
    } else if (ev->phase == TRACE_NET) {
        struct trace_record r;
        char saddr[64], daddr[64];
        if (trace_record_from_net(ev->net, ev->filetime, ev->pid, &r, saddr, daddr))
            put_record(&o->buf, ev, &r);
    }
}

const struct trace_sink_ops trace_etw_sink = {
    .name = "etw-csv",
    .begin = etw_begin,
    .event = etw_event,
    .records = true,
};
