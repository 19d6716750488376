/* The --summary sink: like `strace -c`, a table at exit of every traced
 * function with its calls, failures, total and mean time, sorted by total
 * time (the most expensive first). Times are inclusive: an API call's time
 * contains the NT services it issued. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/trace.h"

struct stat_row {
    const char *func;  /* stable: the export table's name, or a literal */
    char dll[16];
    uint8_t layer;
    uint64_t calls, failures, total_ns;
};

static pthread_mutex_t rows_lock = PTHREAD_MUTEX_INITIALIZER;
static struct stat_row *rows;
static size_t nrows, cap;

static struct stat_row *row_for(const struct trace_event *ev)
{
    for (size_t i = 0; i < nrows; i++)
        if (rows[i].func == ev->func && rows[i].layer == ev->layer && !strcmp(rows[i].dll, ev->dll))
            return &rows[i];
    if (nrows == cap) {
        size_t ncap = cap ? 2 * cap : 64;
        struct stat_row *n = realloc(rows, ncap * sizeof *n);
        if (!n)
            return NULL;
        rows = n;
        cap = ncap;
    }
    struct stat_row *r = &rows[nrows++];
    memset(r, 0, sizeof *r);
    r->func = ev->func;
    r->layer = ev->layer;
    strncpy(r->dll, ev->dll ? ev->dll : "", sizeof r->dll - 1);
    return r;
}

static void summary_event(struct trace_sink *s, struct trace_out *o, const struct trace_event *ev)
{
    (void)s, (void)o;
    if (ev->phase != TRACE_EXIT || !ev->func)
        return;
    pthread_mutex_lock(&rows_lock);
    struct stat_row *r = row_for(ev);
    if (r) {
        r->calls++;
        r->failures += ev->failed;
        r->total_ns += ev->duration_ns;
    }
    pthread_mutex_unlock(&rows_lock);
}

static int by_time(const void *a, const void *b)
{
    const struct stat_row *x = a, *y = b;
    if (x->total_ns != y->total_ns)
        return x->total_ns < y->total_ns ? 1 : -1;
    if (x->calls != y->calls)
        return x->calls < y->calls ? 1 : -1;
    int c = strcmp(x->dll, y->dll);
    return c ? c : strcmp(x->func, y->func);
}

static const char rule[] = "------ ----------- ----------- --------- --------- --------------------------------\n";

static void summary_end(struct trace_sink *s, struct strbuf *out)
{
    (void)s;
    pthread_mutex_lock(&rows_lock);
    qsort(rows, nrows, sizeof *rows, by_time);
    uint64_t total = 0, calls = 0, failures = 0;
    for (size_t i = 0; i < nrows; i++) {
        total += rows[i].total_ns;
        calls += rows[i].calls;
        failures += rows[i].failures;
    }
    strbuf_puts(out, "% time     seconds  usecs/call     calls    errors function\n");
    strbuf_puts(out, rule);
    for (size_t i = 0; i < nrows; i++) {
        const struct stat_row *r = &rows[i];
        double pct = total ? 100.0 * (double)r->total_ns / (double)total : 0;
        strbuf_printf(out, "%6.2f %11.6f %11llu %9llu %9llu %s!%s\n", pct, (double)r->total_ns / 1e9,
                      (unsigned long long)(r->total_ns / r->calls / 1000), (unsigned long long)r->calls,
                      (unsigned long long)r->failures, r->dll, r->func);
    }
    strbuf_puts(out, rule);
    strbuf_printf(out, "%6.2f %11.6f %11s %9llu %9llu total\n", total ? 100.0 : 0.0, (double)total / 1e9, "",
                  (unsigned long long)calls, (unsigned long long)failures);
    free(rows);
    rows = NULL;
    nrows = cap = 0;
    pthread_mutex_unlock(&rows_lock);
}

const struct trace_sink_ops trace_summary_sink = {
    .name = "summary",
    .event = summary_event,
    .end = summary_end,
};
