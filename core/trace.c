/* Trace events: each thread keeps a stack of its open calls, decodes the
 * arguments from their declaration (core/trace_sig.h) into entry and exit
 * events, and hands them to the sinks, which format them into that
 * thread's buffers; the buffers are written whole to the sinks' files. */
#include "core/trace.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/guest_mem.h"
#include "core/process.h"
#include "core/thread.h"
#include "core/trace_filter.h"
#include "core/trace_record.h"
#include "core/trace_sig.h"
#include "core/unicode.h"

bool trace_enabled;
uint8_t (*trace_classify)(const char *dll, const char *func);
void (*trace_describe_addr)(gaddr addr, char *buf, size_t bufsz);
const char *(*trace_locate_addr)(gaddr addr, uint32_t *offset);

#define MAX_SINKS 4
#define MAX_DEPTH 32
#define MAX_OUT_ARGS 8
#define FLUSH_AT (32 * 1024) /* a thread's buffer is written when it holds this much */

struct trace_sink {
    const struct trace_sink_ops *ops;
    int fd;
    unsigned layers;
    void *ctx;
    bool interactive; /* a terminal: written after every call */
    bool continued;   /* a child's part of its parent's trace */
    bool wrote;
    uint32_t last_tid; /* whose lines were written last */
    pthread_mutex_t write_lock;
};

static struct trace_sink sinks[MAX_SINKS];
static unsigned nsinks;
static unsigned shown_layers;
static struct trace_filter filter = { .all = true }; /* --trace=... */
static bool failed_only;            /* --trace-failed */
static atomic_uint_fast64_t next_seq = 1;
static uint64_t mono_base, filetime_base, boot_base;
/* what trace_start was given, for trace_handoff */
static struct {
    bool on;
    enum trace_format format;
    unsigned layers;
    char *filter;
} started;

/* One open call of a thread. */
struct frame {
    uint64_t seq;
    uint8_t layer;
    const char *dll, *func, *ret_sig;
    gaddr caller, self;
    int nparams;         /* -1: declaration unknown or unparsable */
    struct trace_param params[TRACE_MAX_ARGS];
    uint64_t values[TRACE_MAX_ARGS];
    uint32_t error_before;
    uint8_t cls;
    bool shown;          /* passed the layers and the filter at entry */
    uint64_t mono_ns;    /* at entry */
    /* --trace-failed: the entry event, held until the exit says it failed */
    bool deferred;
    struct trace_event entry;
    struct trace_value entry_vals[TRACE_MAX_ARGS];
};

struct trace_thread {
    struct frame frames[MAX_DEPTH];
    int depth;
    uint32_t tid;
    bool told_too_deep;
    struct trace_out out[MAX_SINKS];
    pthread_mutex_t lock; /* out[] against trace_flush_all from other threads */
    struct trace_thread *next;
};

static pthread_mutex_t threads_lock = PTHREAD_MUTEX_INITIALIZER;
static struct trace_thread *threads;
static _Thread_local struct trace_thread *self;
static pthread_key_t thread_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

/* ------------------------------------------------------------- output */

static void write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

static void write_out(struct trace_sink *s, struct trace_out *o, bool final, uint32_t tid)
{
    if (s->ops->flush)
        s->ops->flush(s, o, final);
    pthread_mutex_lock(&s->write_lock);
    if (o->buf.len || (final && o->tail.len)) {
        if (s->wrote && s->last_tid != tid && s->ops->thread_switch) {
            struct strbuf head;
            strbuf_init(&head);
            s->ops->thread_switch(s, tid, &head);
            write_all(s->fd, head.data, head.len);
            strbuf_free(&head);
        }
        s->wrote = true;
        s->last_tid = tid;
    }
    if (o->buf.len)
        write_all(s->fd, o->buf.data, o->buf.len);
    if (final && o->tail.len)
        write_all(s->fd, o->tail.data, o->tail.len);
    pthread_mutex_unlock(&s->write_lock);
    o->buf.len = 0;
    if (final) {
        strbuf_free(&o->buf);
        strbuf_free(&o->tail);
    }
}

static void flush_thread(struct trace_thread *t, bool final)
{
    pthread_mutex_lock(&t->lock);
    for (unsigned i = 0; i < nsinks; i++)
        write_out(&sinks[i], &t->out[i], final, t->tid);
    pthread_mutex_unlock(&t->lock);
}

static void unlink_thread(struct trace_thread *t)
{
    pthread_mutex_lock(&threads_lock);
    for (struct trace_thread **p = &threads; *p; p = &(*p)->next)
        if (*p == t) {
            *p = t->next;
            break;
        }
    pthread_mutex_unlock(&threads_lock);
}

static void free_thread(struct trace_thread *t)
{
    flush_thread(t, true);
    unlink_thread(t);
    pthread_mutex_destroy(&t->lock);
    free(t);
}

/* A host thread that ends without trace_thread_end. */
static void thread_gone(void *p)
{
    free_thread(p);
}

static void make_key(void)
{
    pthread_key_create(&thread_key, thread_gone);
}

static uint32_t current_tid(void)
{
    return current_thread ? current_thread->tid : 0;
}

static struct trace_thread *get_thread(void)
{
    if (self) {
        self->tid = current_tid();
        return self;
    }
    struct trace_thread *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    pthread_mutex_init(&t->lock, NULL);
    t->tid = current_tid();
    pthread_mutex_lock(&threads_lock);
    t->next = threads;
    threads = t;
    pthread_mutex_unlock(&threads_lock);
    pthread_once(&key_once, make_key);
    pthread_setspecific(thread_key, t);
    self = t;
    return t;
}

void trace_thread_flush(void)
{
    if (self)
        flush_thread(self, false);
}

void trace_thread_end(void)
{
    struct trace_thread *t = self;
    if (!t)
        return;
    self = NULL;
    pthread_setspecific(thread_key, NULL);
    free_thread(t);
}

void trace_flush_all(void)
{
    pthread_mutex_lock(&threads_lock);
    for (struct trace_thread *t = threads; t; t = t->next)
        flush_thread(t, false);
    pthread_mutex_unlock(&threads_lock);
}

void trace_flush_crash(void)
{
    /* no locks: the crashing thread may hold them */
    for (struct trace_thread *t = threads; t; t = t->next)
        for (unsigned i = 0; i < nsinks; i++) {
            struct trace_out *o = &t->out[i];
            if (o->buf.len && o->buf.data)
                write_all(sinks[i].fd, o->buf.data, o->buf.len);
            if (o->tail.len && o->tail.data)
                write_all(sinks[i].fd, o->tail.data, o->tail.len);
            o->buf.len = o->tail.len = 0;
        }
}

/* ------------------------------------------------------------- set-up */

/* Event time stamps: the host's monotonic clock, or the fake clock of a
 * deterministic run (read without moving it), so its traces repeat. */
static uint64_t stamp_ns(void)
{
    if (clock_settings()->deterministic)
        return clock_peek_uptime() * 100;
    return (uint64_t)clock_host_ns();
}

/* Ctrl-C, kill, a closed terminal: the buffered trace is written before the
 * signal ends the process as it would have. */
static void on_fatal_request(int sig)
{
    trace_flush_crash();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void catch_termination(void)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        if (sigaction(sigs[i], NULL, &old) != 0 || old.sa_handler != SIG_DFL)
            continue; /* ignored or handled by someone else: theirs */
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_fatal_request;
        sa.sa_flags = SA_RESETHAND;
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
}

static bool add_sink(const struct trace_sink_ops *ops, int fd, unsigned layers, void *ctx, bool continued)
{
    if (nsinks == MAX_SINKS)
        return false;
    if (nsinks == 0) {
        catch_termination();
        mono_base = stamp_ns();
        boot_base = clock_peek_uptime() * 100; /* the tick count's clock, ns */
        filetime_base = clock_peek_filetime();
    }
    struct trace_sink *s = &sinks[nsinks];
    *s = (struct trace_sink){ .ops = ops, .fd = fd, .layers = layers, .ctx = ctx, .interactive = isatty(fd),
                              .continued = continued };
    pthread_mutex_init(&s->write_lock, NULL);
    if (ops->begin) {
        struct strbuf head;
        strbuf_init(&head);
        ops->begin(s, &head);
        write_all(fd, head.data, head.len);
        strbuf_free(&head);
    }
    nsinks++;
    shown_layers |= layers;
    trace_enabled = true;
    return true;
}

bool trace_add_sink(const struct trace_sink_ops *ops, int fd, unsigned layers, void *ctx)
{
    return add_sink(ops, fd, layers, ctx, false);
}

void *trace_sink_ctx(const struct trace_sink *s)
{
    return s->ctx;
}

bool trace_open(const char *path, unsigned layers)
{
    int fd = path ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : STDERR_FILENO;
    if (fd < 0)
        return false;
    if (!trace_add_sink(&trace_text_sink, fd, layers ? layers : TRACE_LAYER_API, NULL)) {
        if (path)
            close(fd);
        return false;
    }
    return true;
}

bool trace_sink_continued(const struct trace_sink *s)
{
    return s->continued;
}

static const char *layers_name(unsigned layers)
{
    if (layers == TRACE_LAYER_ALL)
        return "all";
    return layers == TRACE_LAYER_NT ? "nt" : "api";
}

static const char *format_name(enum trace_format format);

bool trace_handoff(struct trace_handoff *h)
{
    if (!started.on)
        return false;
    for (unsigned i = 0; i < nsinks; i++)
        if (sinks[i].ops != &trace_summary_sink) {
            *h = (struct trace_handoff){ sinks[i].fd, format_name(started.format), layers_name(started.layers),
                                         started.filter, failed_only };
            return true;
        }
    return false;
}

void trace_close(void)
{
    pthread_mutex_lock(&threads_lock);
    for (struct trace_thread *t = threads; t; t = t->next) {
        flush_thread(t, true);
        t->depth = 0;
    }
    pthread_mutex_unlock(&threads_lock);
    for (unsigned i = 0; i < nsinks; i++) {
        struct trace_sink *s = &sinks[i];
        if (s->ops->end) {
            struct strbuf foot;
            strbuf_init(&foot);
            s->ops->end(s, &foot);
            write_all(s->fd, foot.data, foot.len);
            strbuf_free(&foot);
        }
        if (s->fd > 2)
            close(s->fd);
        pthread_mutex_destroy(&s->write_lock);
    }
    nsinks = 0;
    shown_layers = 0;
    trace_enabled = false;
    memset(&filter, 0, sizeof filter);
    filter.all = true;
    failed_only = false;
    free(started.filter);
    memset(&started, 0, sizeof started);
}

static const struct { const char *name; enum trace_format format; const struct trace_sink_ops *ops; } formats[] = {
    { "text", TRACE_FORMAT_TEXT, &trace_text_sink },
    { "jsonl", TRACE_FORMAT_JSONL, &trace_jsonl_sink },
    { "etw-csv", TRACE_FORMAT_ETW_CSV, &trace_etw_sink },
    { "chrome", TRACE_FORMAT_CHROME, &trace_chrome_sink },
};

static const char *format_name(enum trace_format format)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (formats[i].format == format)
            return formats[i].name;
    return "text";
}

bool trace_format_parse(const char *name, enum trace_format *format)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (!strcmp(formats[i].name, name)) {
            *format = formats[i].format;
            return true;
        }
    return false;
}

bool trace_filter_check(const char *spec, char *why, size_t whysz)
{
    struct trace_filter f;
    return trace_filter_compile(&f, spec, why, whysz);
}

bool trace_start(const struct trace_config *cfg, char *why, size_t whysz)
{
    if (!trace_filter_compile(&filter, cfg->filter, why, whysz))
        return false;
    failed_only = cfg->failed_only;
    unsigned layers = cfg->layers ? cfg->layers : TRACE_LAYER_API;
    if (cfg->on) {
        int fd = cfg->continued ? cfg->fd
                 : cfg->path    ? open(cfg->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)
                                : STDERR_FILENO;
        if (fd < 0) {
            snprintf(why, whysz, "cannot open trace file %s: %s", cfg->path, strerror(errno));
            return false;
        }
        const struct trace_sink_ops *ops = &trace_text_sink;
        for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
            if (formats[i].format == cfg->format)
                ops = formats[i].ops;
        /* the kernel-logger rows are records only: no call is decoded for them */
        if (!add_sink(ops, fd, cfg->format == TRACE_FORMAT_ETW_CSV ? 0 : layers, NULL, cfg->continued)) {
            snprintf(why, whysz, "cannot trace into descriptor %d", fd);
            return false;
        }
        started.on = true;
        started.format = cfg->format;
        started.layers = layers;
        started.filter = cfg->filter ? strdup(cfg->filter) : NULL;
    }
    if (cfg->summary)
        trace_add_sink(&trace_summary_sink, STDERR_FILENO, layers, NULL);
    return true;
}

/* ------------------------------------------------------------- decoding */

/* The values a size expression may name: the call's own, then (for the
 * out-values of an NT call issued by host code) those it began with. */
struct scope {
    const struct trace_param *params;
    const uint64_t *values;
    int n;
};

static bool lookup(const struct scope *sc, unsigned nsc, const char *name, uint8_t len, uint64_t *v)
{
    for (unsigned s = 0; s < nsc; s++)
        for (int i = 0; i < sc[s].n; i++)
            if (sc[s].params[i].name_len == len && !memcmp(sc[s].params[i].name, name, len)) {
                *v = sc[s].values[i];
                return true;
            }
    return false;
}

/* The size of a buffer or string; false when it cannot be known (a NULL
 * count pointer, a failed call's negative count, the return at entry). */
static bool eval_size(const struct trace_param *p, const struct scope *sc, unsigned nsc,
                      const uint64_t *ret, uint32_t *size)
{
    uint64_t total = 1;
    for (unsigned i = 0; i < p->nterms; i++) {
        const struct trace_term *t = &p->terms[i];
        uint64_t v;
        uint32_t u;
        switch (t->kind) {
        case TRACE_TERM_CONST: v = t->value; break;
        case TRACE_TERM_RET:
            if (!ret || (int32_t)*ret < 0)
                return false;
            v = (uint32_t)*ret;
            break;
        case TRACE_TERM_ARG:
            if (!lookup(sc, nsc, t->name, t->name_len, &v))
                return false;
            v = (uint32_t)v;
            break;
        default: /* DEREF */
            if (!lookup(sc, nsc, t->name, t->name_len, &v) || !v || !gm_read_u32((gaddr)v, &u))
                return false;
            v = u;
            break;
        }
        total *= v;
        if (total > UINT32_MAX)
            total = UINT32_MAX;
    }
    *size = (uint32_t)total;
    return true;
}

static void decode_string(struct trace_value *v, gaddr p, bool wide, bool sized, uint32_t size)
{
    v->form = TRACE_STRING;
    if (!p)
        return;
    size_t max = TRACE_STRING_PREVIEW;
    if (sized && size < max)
        max = size;
    long n = wide ? gm_wcsnlen(p, max + 1) : gm_strnlen(p, max + 1);
    if (n < 0) {
        /* sized strings need not be terminated inside their size */
        if (!sized || !gm_readable(p, (wide ? 2 : 1) * max)) {
            v->bad = true;
            return;
        }
        n = (long)max;
    }
    if ((size_t)n > max) {
        n = (long)max;
        v->cut = !sized || size > max;
    }
    if (wide) {
        uint16_t *w = malloc(2 * (size_t)n + 2);
        if (w && gm_read(p, w, 2 * (size_t)n))
            v->data = utf16_to_utf8(w, (size_t)n);
        free(w);
    } else {
        char *a = calloc(1, (size_t)n + 1);
        if (a && gm_read(p, a, (size_t)n))
            v->data = ansi_to_utf8(a);
        free(a);
    }
    if (!v->data)
        v->bad = true;
}

static void decode_buffer(struct trace_value *v, gaddr p, uint32_t size)
{
    v->form = TRACE_BUFFER;
    v->size = size;
    if (!p)
        return;
    uint32_t n = size < TRACE_BUFFER_PREVIEW ? size : TRACE_BUFFER_PREVIEW;
    char *d = malloc(n ? n : 1);
    if (!d || !gm_read(p, d, n)) {
        free(d);
        v->bad = true;
        return;
    }
    v->data = d;
    v->data_len = n;
}

/* Bytes host code holds (an NT service's bounce buffer). */
static void decode_host_buffer(struct trace_value *v, const void *p, uint32_t size)
{
    v->form = TRACE_BUFFER;
    v->size = size;
    if (!p)
        return;
    uint32_t n = size < TRACE_BUFFER_PREVIEW ? size : TRACE_BUFFER_PREVIEW;
    char *d = malloc(n ? n : 1);
    if (!d) {
        v->bad = true;
        return;
    }
    memcpy(d, p, n);
    v->data = d;
    v->data_len = n;
}

static void decode_pointee(struct trace_value *v, gaddr p, char type)
{
    v->form = TRACE_POINTEE;
    v->pointee_type = type;
    if (!p)
        return;
    uint32_t lo = 0, hi = 0;
    bool wide = type == 'l' || type == 'f';
    if (!gm_read_u32(p, &lo) || (wide && !gm_read_u32(p + 4, &hi)))
        v->bad = true;
    v->pointee = (uint64_t)hi << 32 | lo;
}

/* One argument: contents (strings, buffers, pointees) when its direction
 * says they are wanted now, else the value itself. ret is NULL at entry. */
static void decode(struct trace_value *v, const struct trace_param *p, uint64_t raw,
                   const struct scope *sc, unsigned nsc, const uint64_t *ret, bool contents)
{
    memset(v, 0, sizeof *v);
    v->name = p->name;
    v->name_len = p->name_len;
    v->type = p->type;
    v->raw = raw;
    v->form = TRACE_SCALAR;
    if (p->variadic) {
        v->form = TRACE_VARIADIC;
        return;
    }
    if (p->type == 'f') {
        memcpy(&v->d, &raw, sizeof v->d);
        return;
    }
    if (p->type == 'S') {
        v->form = TRACE_STRING;
        if (raw)
            v->data = strdup((const char *)(uintptr_t)raw);
        return;
    }
    if (!contents)
        return;
    uint32_t size = 0;
    bool sized = p->nterms && eval_size(p, sc, nsc, ret, &size);
    if (p->type == 's' || p->type == 'w') {
        if (p->nterms && !sized) {
            v->form = TRACE_POINTER;
            return;
        }
        decode_string(v, (gaddr)raw, p->type == 'w', sized, size);
    } else if (p->type == 'B') {
        if (sized)
            decode_host_buffer(v, (const void *)(uintptr_t)raw, size);
        else
            v->form = TRACE_POINTER;
    } else if (p->pointee) {
        decode_pointee(v, (gaddr)raw, p->pointee);
    } else if (p->nterms) {
        if (sized)
            decode_buffer(v, (gaddr)raw, size);
        else
            v->form = TRACE_POINTER;
    }
}

static void free_values(struct trace_value *v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        free((char *)v[i].data);
}

/* ------------------------------------------------------------- events */

static uint32_t last_error(void)
{
    return current_thread && current_thread->teb ? teb_get_last_error() : 0;
}

static void fill_event(struct trace_event *ev, const struct frame *f, int depth, uint8_t phase)
{
    memset(ev, 0, sizeof *ev);
    ev->seq = atomic_fetch_add(&next_seq, 1);
    ev->phase = phase;
    ev->layer = f ? f->layer : 0;
    ev->cls = f ? f->cls : TRACE_CLASS_OTHER;
    ev->mono_ns = stamp_ns();
    ev->filetime = filetime_base + (ev->mono_ns - mono_base) / 100;
    ev->pid = proc ? proc->pid : 0;
    ev->tid = current_tid();
    ev->depth = depth;
    if (!f)
        return;
    ev->dll = f->dll;
    ev->func = f->func;
    ev->caller = f->caller;
    if (f->caller && trace_locate_addr)
        ev->caller_module = trace_locate_addr(f->caller, &ev->caller_offset);
    if (!ev->caller_module)
        ev->caller_offset = f->caller;
}

static void emit(struct trace_thread *t, const struct trace_event *ev)
{
    pthread_mutex_lock(&t->lock);
    for (unsigned i = 0; i < nsinks; i++) {
        struct trace_sink *s = &sinks[i];
        /* kernel-logger records go to the sinks that write them; network
         * records (and notes) to every sink, whatever its layers */
        if (ev->phase == TRACE_RECORD ? !s->ops->records
                                      : ev->phase != TRACE_NOTE && ev->phase != TRACE_NET && !(s->layers & ev->layer))
            continue;
        s->ops->event(s, &t->out[i], ev);
        if (t->out[i].buf.len >= FLUSH_AT || (s->interactive && ev->phase != TRACE_ENTRY))
            write_out(s, &t->out[i], false, t->tid);
    }
    pthread_mutex_unlock(&t->lock);
}

static void emit_entry(struct trace_thread *t, struct frame *f)
{
    struct trace_event ev;
    fill_event(&ev, f, t->depth - 1, TRACE_ENTRY);
    f->seq = ev.seq;
    f->mono_ns = ev.mono_ns;
    f->shown = (shown_layers & f->layer) && trace_filter_match(&filter, f->cls, f->dll, f->func);
    if (!f->shown)
        return;
    struct trace_value *vals = failed_only ? f->entry_vals : (struct trace_value[TRACE_MAX_ARGS]){ 0 };
    unsigned n = 0;
    struct scope sc = { f->params, f->values, f->nparams };
    for (int i = 0; i < f->nparams; i++) {
        const struct trace_param *p = &f->params[i];
        decode(&vals[n++], p, f->values[i], &sc, 1, NULL, p->dir != TRACE_DIR_OUT);
        if (p->variadic)
            break;
    }
    ev.nargs = n;
    ev.args = vals;
    ev.unimplemented = f->nparams < 0;
    if (failed_only) { /* shown only if the exit says the call failed */
        f->entry = ev;
        f->deferred = true;
        return;
    }
    emit(t, &ev);
    free_values(vals, n);
}

/* The held entry of a --trace-failed frame: shown (the call failed) or dropped. */
static void release_entry(struct trace_thread *t, struct frame *f, bool show)
{
    if (!f->deferred)
        return;
    f->deferred = false;
    if (show)
        emit(t, &f->entry);
    free_values(f->entry_vals, f->entry.nargs);
}

static void emit_exit(struct trace_thread *t, struct frame *f, uint64_t ret, double ret_double,
                      bool unimplemented, bool failed, const struct scope *outs)
{
    if (!f->shown)
        return;
    failed = failed || unimplemented;
    release_entry(t, f, failed);
    if (failed_only && !failed)
        return;
    struct trace_event ev;
    fill_event(&ev, f, t->depth - 1, TRACE_EXIT);
    ev.failed = failed;
    ev.duration_ns = ev.mono_ns - f->mono_ns;
    ev.entry_seq = f->seq;
    ev.ret_type = f->ret_sig && *f->ret_sig ? f->ret_sig[0] : 0;
    ev.ret = ret;
    ev.ret_double = ret_double;
    ev.unimplemented = unimplemented;
    if (f->layer == TRACE_LAYER_NT) {
        ev.status = (uint32_t)ret;
    } else {
        ev.last_error = last_error();
        ev.error_set = ev.last_error != f->error_before;
    }
    struct trace_value vals[TRACE_MAX_ARGS];
    unsigned n = 0;
    /* sizes name the out-values an NT call's issuer gave first */
    struct scope sc[2] = { { f->params, f->values, f->nparams }, { 0 } };
    unsigned nsc = 1;
    if (outs) {
        sc[1] = sc[0];
        sc[0] = *outs;
        nsc = 2;
    }
    for (int i = 0; i < f->nparams && !f->params[i].variadic; i++) {
        const struct trace_param *p = &f->params[i];
        if (p->dir == TRACE_DIR_OUT || p->dir == TRACE_DIR_INOUT)
            decode(&vals[n++], p, f->values[i], sc, nsc, &ret, true);
    }
    for (int i = 0; outs && i < outs->n && n < TRACE_MAX_ARGS; i++)
        decode(&vals[n++], &outs->params[i], outs->values[i], sc, nsc, &ret, true);
    ev.nargs = n;
    ev.args = vals;
    emit(t, &ev);
    free_values(vals, n);
}

/* Pushes a frame; NULL when the thread's stack of calls is full. */
static void note_too_deep(struct trace_thread *t);

static struct frame *push(struct trace_thread *t, uint8_t layer, uint8_t cls, const char *dll,
                          const char *func, const char *sig, const char *ret_sig)
{
    if (t->depth >= MAX_DEPTH) {
        note_too_deep(t);
        return NULL;
    }
    struct frame *f = &t->frames[t->depth++];
    f->layer = layer;
    f->cls = cls;
    f->deferred = false;
    f->dll = dll;
    f->func = func;
    f->ret_sig = ret_sig;
    f->caller = f->self = 0;
    char why[96];
    f->nparams = sig ? trace_sig_parse(sig, f->params, TRACE_MAX_ARGS, why, sizeof why) : -1;
    memset(f->values, 0, sizeof f->values);
    f->error_before = layer == TRACE_LAYER_API ? last_error() : 0;
    return f;
}

int trace_call_begin(const struct trace_call *call)
{
    struct trace_thread *t = get_thread();
    if (!t)
        return 0;
    struct frame *f = push(t, call->layer, call->cls, call->dll, call->func, call->sig, call->ret_sig);
    if (!f)
        return 0;
    f->caller = call->caller;
    f->self = call->self;
    gaddr at = call->args_at;
    for (int i = 0; at && i < f->nparams && !f->params[i].variadic; i++) {
        uint32_t lo = 0, hi = 0;
        gm_read_u32(at, &lo);
        if (f->params[i].slots == 2)
            gm_read_u32(at + 4, &hi);
        f->values[i] = (uint64_t)hi << 32 | lo;
        at += 4u * f->params[i].slots;
    }
    emit_entry(t, f);
    return t->depth;
}

/* The frame a token names, inner frames left open discarded. */
static struct frame *pop_to(struct trace_thread *t, int token)
{
    if (!t || token <= 0 || token > t->depth)
        return NULL;
    while (t->depth > token)
        release_entry(t, &t->frames[--t->depth], false);
    return &t->frames[token - 1];
}

void trace_call_end(int token, uint64_t ret, double ret_double, bool unimplemented, bool failed)
{
    struct trace_thread *t = self;
    struct frame *f = pop_to(t, token);
    if (!f)
        return;
    emit_exit(t, f, ret, ret_double, unimplemented, failed, NULL);
    t->depth--;
}

/* Values of a host-described call, as trace_nt_begin's comment lists them. */
static int take_values(const struct trace_param *p, int n, uint64_t *values, va_list ap)
{
    for (int i = 0; i < n; i++) {
        if (p[i].variadic)
            return i;
        if (p[i].type == 'f') {
            double d = va_arg(ap, double);
            memcpy(&values[i], &d, sizeof d);
        } else if (p[i].type == 'l') {
            values[i] = va_arg(ap, uint64_t);
        } else if (p[i].type == 'S') {
            values[i] = (uintptr_t)va_arg(ap, const char *);
        } else if (p[i].type == 'B') {
            values[i] = (uintptr_t)va_arg(ap, const void *);
        } else {
            values[i] = va_arg(ap, uint32_t);
        }
    }
    return n;
}

int trace_nt_begin(const char *func, const char *sig, ...)
{
    struct trace_thread *t = get_thread();
    if (!t || (t->depth && t->frames[t->depth - 1].layer == TRACE_LAYER_NT))
        return 0; /* the guest called the NT service itself */
    const struct frame *parent = t->depth ? &t->frames[t->depth - 1] : NULL;
    uint8_t cls = trace_classify ? trace_classify("ntdll", func) : TRACE_CLASS_OTHER;
    struct frame *f = push(t, TRACE_LAYER_NT, cls, "ntdll", func, sig, "x");
    if (!f)
        return 0;
    f->caller = parent ? parent->self : 0;
    va_list ap;
    va_start(ap, sig);
    if (f->nparams > 0)
        f->nparams = take_values(f->params, f->nparams, f->values, ap);
    va_end(ap);
    emit_entry(t, f);
    return t->depth;
}

void trace_nt_end(int token, uint32_t status, const char *sig, ...)
{
    struct trace_thread *t = self;
    struct frame *f = pop_to(t, token);
    if (!f)
        return;
    struct trace_param params[MAX_OUT_ARGS];
    uint64_t values[MAX_OUT_ARGS] = { 0 };
    char why[96];
    int n = trace_sig_parse(sig, params, MAX_OUT_ARGS, why, sizeof why);
    va_list ap;
    va_start(ap, sig);
    n = n > 0 ? take_values(params, n, values, ap) : 0;
    va_end(ap);
    struct scope outs = { params, values, n };
    emit_exit(t, f, status, 0, false, (int32_t)status < 0, &outs); /* !NT_SUCCESS */
    t->depth--;
}

void trace_note(const char *fmt, ...)
{
    struct trace_thread *t = trace_enabled ? get_thread() : NULL;
    if (!t)
        return;
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    struct trace_event ev;
    fill_event(&ev, NULL, t->depth, TRACE_NOTE);
    ev.text = text;
    emit(t, &ev);
}

uint64_t trace_filetime_now(void)
{
    return filetime_base + (stamp_ns() - mono_base) / 100;
}

uint32_t trace_tick_count(uint64_t filetime)
{
    int64_t since_start_ns = ((int64_t)filetime - (int64_t)filetime_base) * 100;
    return (uint32_t)(((int64_t)boot_base + since_start_ns) / 1000000);
}

void trace_net(const struct trace_net *rec)
{
    struct trace_thread *t = trace_enabled && trace_filter_match_class(&filter, TRACE_CLASS_NET) ? get_thread() : NULL;
    if (!t)
        return;
    struct trace_event ev;
    fill_event(&ev, NULL, t->depth, TRACE_NET);
    ev.cls = TRACE_CLASS_NET;
    struct trace_net r = *rec;
    if (!r.start_filetime)
        r.start_filetime = ev.filetime;
    ev.net = &r;
    emit(t, &ev);
}

const char *trace_net_op_name(uint8_t op)
{
    static const char *const names[] = {
        [TRACE_NET_SEND] = "Send",       [TRACE_NET_RECV] = "Recv",
        [TRACE_NET_CONNECT] = "Connect", [TRACE_NET_ACCEPT] = "Accept",
        [TRACE_NET_DISCONNECT] = "Disconnect", [TRACE_NET_RETRANSMIT] = "Retransmit",
    };
    return op < sizeof names / sizeof names[0] && names[op] ? names[op] : "?";
}

void trace_net_addr(uint8_t family, const uint8_t *addr, char *buf, size_t bufsz)
{
    if (!inet_ntop(family == 6 ? AF_INET6 : AF_INET, addr, buf, (socklen_t)bufsz))
        snprintf(buf, bufsz, "?");
}

void trace_emit_record(const struct trace_record *r)
{
    if (!trace_filter_match_class(&filter, r->schema->cls))
        return;
    struct trace_thread *t = get_thread();
    if (!t)
        return;
    struct trace_event ev;
    fill_event(&ev, NULL, t->depth, TRACE_RECORD);
    ev.cls = r->schema->cls;
    ev.record = r;
    emit(t, &ev);
}

/* Calls nested deeper than the stack of frames are not traced; say so once
 * per thread rather than drop them silently. */
static void note_too_deep(struct trace_thread *t)
{
    if (t->told_too_deep)
        return;
    t->told_too_deep = true;
    trace_note("trace: calls nested deeper than %d levels are not shown", MAX_DEPTH);
}

/* ------------------------------------------------------------ addresses */

void describe_addr(gaddr addr, char *buf, size_t bufsz)
{
    if (trace_describe_addr)
        trace_describe_addr(addr, buf, bufsz);
    else
        snprintf(buf, bufsz, "%#x", addr);
}

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
