/* The chrome sink: the Trace Event Format (JSON array form) that Perfetto
 * and chrome://tracing open. One track per guest thread (pid and tid are
 * the guest's), each call a B/E slice pair, NT services nested inside the
 * API call that issued them, kernel-logger records and notes as instant
 * events. Every event line ends with a comma and the closing metadata
 * events end the array, so a trace cut by a crash still loads (the format
 * allows the array unterminated). */
#include <pthread.h>
#include <stdlib.h>

#include "core/trace.h"
#include "core/trace_format.h"
#include "core/trace_record.h"

#define MAX_TRACKS 256

static pthread_mutex_t tracks_lock = PTHREAD_MUTEX_INITIALIZER;
static uint32_t track_tids[MAX_TRACKS];
static unsigned ntracks;
static uint32_t track_pid;

static void note_track(uint32_t pid, uint32_t tid)
{
    pthread_mutex_lock(&tracks_lock);
    track_pid = pid;
    unsigned i;
    for (i = 0; i < ntracks && track_tids[i] != tid; i++)
        ;
    if (i == ntracks && ntracks < MAX_TRACKS)
        track_tids[ntracks++] = tid;
    pthread_mutex_unlock(&tracks_lock);
}

static void chrome_begin(struct trace_sink *s, struct strbuf *out)
{
    ntracks = 0;
    if (!trace_sink_continued(s)) /* a child's events go into its parent's array */
        strbuf_puts(out, "[\n");
}

/* "ts" in microseconds, with the nanoseconds as decimals. */
static void put_head(struct strbuf *sb, const char *ph, const struct trace_event *ev)
{
    strbuf_printf(sb, "{\"ph\":\"%s\",\"ts\":%llu.%03u,\"pid\":%u,\"tid\":%u", ph,
                  (unsigned long long)(ev->mono_ns / 1000), (unsigned)(ev->mono_ns % 1000), ev->pid, ev->tid);
}

static void put_name(struct strbuf *sb, const struct trace_event *ev)
{
    strbuf_puts(sb, ",\"name\":\"");
    strbuf_puts(sb, ev->dll ? ev->dll : "?");
    strbuf_putc(sb, '!');
    strbuf_puts(sb, ev->func ? ev->func : "?");
    strbuf_printf(sb, "\",\"cat\":\"%s,%s\"", ev->layer == TRACE_LAYER_NT ? "nt" : "api",
                  trace_class_label(ev->cls));
}

static void chrome_event(struct trace_sink *s, struct trace_out *o, const struct trace_event *ev)
{
    (void)s;
    if (ev->phase == TRACE_NET) { /* written as the kernel logger's TcpIp/UdpIp record */
        struct trace_net_record rec;
        if (trace_net_as_record(ev, &rec))
            chrome_event(s, o, &rec.ev);
        return;
    }
    struct strbuf *sb = &o->buf;
    note_track(ev->pid, ev->tid);
    switch (ev->phase) {
    case TRACE_ENTRY:
        put_head(sb, "B", ev);
        put_name(sb, ev);
        strbuf_puts(sb, ",\"args\":{\"args\":");
        trace_json_args(sb, ev->args, ev->nargs);
        strbuf_puts(sb, "}}");
        break;
    case TRACE_EXIT:
        put_head(sb, "E", ev);
        put_name(sb, ev);
        strbuf_puts(sb, ",\"args\":{");
        trace_json_result(sb, ev, false);
        strbuf_puts(sb, ",\"out\":");
        trace_json_args(sb, ev->args, ev->nargs);
        strbuf_puts(sb, "}}");
        break;
    case TRACE_NOTE:
        put_head(sb, "i", ev);
        strbuf_puts(sb, ",\"s\":\"t\",\"name\":\"note\",\"cat\":\"note\",\"args\":{\"text\":");
        trace_json_cstring(sb, ev->text);
        strbuf_puts(sb, "}}");
        break;
    default:
        put_head(sb, "i", ev);
        strbuf_printf(sb, ",\"s\":\"t\",\"name\":\"%s %s\",\"cat\":\"record,%s\",\"args\":",
                      ev->record->schema->provider, ev->record->schema->type, trace_class_label(ev->cls));
        trace_json_record_fields(sb, ev->record);
        strbuf_putc(sb, '}');
        break;
    }
    strbuf_puts(sb, ",\n");
}

/* Names for the tracks, then the end of the array (a child's part leaves
 * it open: its parent ends it). */
static void chrome_end(struct trace_sink *s, struct strbuf *out)
{
    pthread_mutex_lock(&tracks_lock);
    for (unsigned i = 0; i < ntracks; i++)
        strbuf_printf(out, "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":%u,\"tid\":%u,\"args\":{\"name\":\"thread %u\"}},\n",
                      track_pid, track_tids[i], track_tids[i]);
    strbuf_printf(out, "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":%u,\"tid\":0,\"args\":{\"name\":\"guest process %u\"}}%s\n",
                  track_pid, track_pid, trace_sink_continued(s) ? "," : "\n]");
    pthread_mutex_unlock(&tracks_lock);
}

const struct trace_sink_ops trace_chrome_sink = {
    .name = "chrome",
    .begin = chrome_begin,
    .event = chrome_event,
    .end = chrome_end,
    .records = true,
};
