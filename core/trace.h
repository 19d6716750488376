/* Call tracing: every call into a builtin DLL, and every NT service that
 * host code issues on a call's behalf, becomes an entry and an exit event
 * (core/trace_event.h) that the attached sinks format. Events are buffered
 * per thread and written whole, so lines of two threads never interleave.
 *
 * With tracing off the whole cost is the one test of trace_enabled that
 * the dispatcher (and TRACE_NT_BEGIN) makes per call. */
#ifndef WOWBOX_CORE_TRACE_H
#define WOWBOX_CORE_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/strbuf.h"
#include "core/trace_event.h"
#include "core/vm.h"

extern bool trace_enabled;

/* ------------------------------------------------------------- set-up */

enum trace_format {
    TRACE_FORMAT_TEXT,    /* strace-like lines (trace_text.c) */
    TRACE_FORMAT_JSONL,   /* one JSON object per event (trace_jsonl.c) */
    TRACE_FORMAT_ETW_CSV, /* tracerpt's dumpfile.csv rows of the kernel-logger records (trace_etw.c) */
    TRACE_FORMAT_CHROME,  /* Trace Event Format JSON for Perfetto / chrome://tracing (trace_chrome.c) */
};

/* What the command line asks of the trace (docs/cli.md). */
struct trace_config {
    bool on;                /* --trace, --trace-file, --trace-layer, --trace-format */
    const char *path;       /* --trace-file; NULL = stderr */
    unsigned layers;        /* TRACE_LAYER_*; 0 = api */
    enum trace_format format;
    const char *filter;     /* --trace=...: classes and dll!func globs; NULL = all */
    bool failed_only;       /* --trace-failed */
    bool summary;           /* --summary: the table at exit, on stderr */
    /* --trace-fd: a child process writes into its parent's trace (the
     * descriptor it was given) as the continuation of that trace: no
     * header, and no end the parent's sink writes itself (chrome's "]") */
    bool continued;
    int fd;
};
/* "text" ... "chrome" → *format; false for another name. */
bool trace_format_parse(const char *name, enum trace_format *format);
/* Checks a --trace=... value; false with the reason in why. */
bool trace_filter_check(const char *spec, char *why, size_t whysz);
/* Opens the sinks the configuration asks for; false (with the reason in
 * why) when the file cannot be opened or the filter is wrong. */
bool trace_start(const struct trace_config *cfg, char *why, size_t whysz);

/* Opens the text sink on path (NULL = stderr) showing the given layers
 * (TRACE_LAYER_*); turns tracing on. */
bool trace_open(const char *path, unsigned layers);

struct trace_sink;

/* What a child process (CreateProcess) is told so that it traces into
 * this process's trace in the same format, layers and filter. */
struct trace_handoff {
    int fd;                 /* the trace sink's descriptor */
    const char *format;     /* "jsonl" */
    const char *layers;     /* "api", "nt", "all" */
    const char *filter;     /* the --trace=... value; NULL = all */
    bool failed_only;
};
/* false when no trace sink is open (the summary alone is not handed on). */
bool trace_handoff(struct trace_handoff *h);
/* A sink writing the continuation of a parent's trace (no header; chrome
 * leaves the array open for the parent to close). */
bool trace_sink_continued(const struct trace_sink *s);
/* Flushes every thread's events, ends every sink, turns tracing off. */
void trace_close(void);

/* A sink formats events into the calling thread's buffer (out->buf);
 * the core writes that buffer to the sink's file when it fills, when the
 * thread ends, at exit and on a crash. out->tail holds what the sink would
 * say if the thread stopped right now (a call still in progress): it is
 * written only by a final flush (thread end, exit, crash). */
struct trace_sink;
struct trace_out {
    struct strbuf buf;
    struct strbuf tail;
    void *state; /* the sink's per-thread state (freed by flush(final)) */
};
struct trace_sink_ops {
    const char *name;
    void (*begin)(struct trace_sink *s, struct strbuf *out);   /* header; may be NULL */
    void (*event)(struct trace_sink *s, struct trace_out *out, const struct trace_event *ev);
    /* before out->buf is written; final: the thread is done (or the process is) */
    void (*flush)(struct trace_sink *s, struct trace_out *out, bool final);
    void (*end)(struct trace_sink *s, struct strbuf *out);     /* footer; may be NULL */
    /* before the lines of another thread than the last written; may be NULL */
    void (*thread_switch)(struct trace_sink *s, uint32_t tid, struct strbuf *out);
    bool records;  /* receives kernel-logger records (TRACE_RECORD events) */
};
/* Attaches a sink writing to fd (owned: closed by trace_close unless it is
 * 1 or 2) for the layers given; false when the sink table is full. */
bool trace_add_sink(const struct trace_sink_ops *ops, int fd, unsigned layers, void *ctx);
/* The ctx given to trace_add_sink. */
void *trace_sink_ctx(const struct trace_sink *s);
extern const struct trace_sink_ops trace_text_sink;
extern const struct trace_sink_ops trace_jsonl_sink;
extern const struct trace_sink_ops trace_etw_sink;
extern const struct trace_sink_ops trace_chrome_sink;
extern const struct trace_sink_ops trace_summary_sink;

/* Writes the calling thread's buffers (before it blocks, say). */
void trace_thread_flush(void);
/* The calling host thread is ending: its buffers and what it left
 * unfinished are written. */
void trace_thread_end(void);
/* Every thread's buffers (exit, unhandled guest exceptions). */
void trace_flush_all(void);
/* From a fatal signal handler: raw writes, no locks, no allocation. The
 * trace calls it itself on SIGINT, SIGTERM and SIGHUP when nothing else
 * handles them; code that takes those signals over calls it before the
 * process dies. */
void trace_flush_crash(void);

/* ------------------------------------------------ calls from the dispatcher */

/* What the dispatcher knows of a guest call into a builtin export. */
struct trace_call {
    uint8_t layer;         /* TRACE_LAYER_API or TRACE_LAYER_NT */
    const char *dll;       /* "kernel32" */
    const char *func;
    const char *sig;       /* the declaration's argument list; NULL: unknown */
    const char *ret_sig;   /* its return letter */
    gaddr args_at;         /* guest address of the first argument (esp + 4) */
    gaddr caller;          /* return address */
    gaddr self;            /* the export's stub: caller of NT calls issued inside */
    uint8_t cls;           /* enum trace_class */
};
/* Returns a token for trace_call_end (0: nothing was opened). */
int trace_call_begin(const struct trace_call *call);
/* failed: the return value is its type's failure (the dispatcher knows the
 * export's return type); an unimplemented call always failed. */
void trace_call_end(int token, uint64_t ret, double ret_double, bool unimplemented, bool failed);

/* The class of an NT service host code issues by name ("NtCreateFile"):
 * set by the dispatcher from the ntdll tables; NULL = other. */
extern uint8_t (*trace_classify)(const char *dll, const char *func);

/* ------------------------------------- NT services issued by host code */

/* Host code of kernel32/msvcrt (or the loader) that performs an NT service
 * for the guest shows it as a nested `nt` event:
 *
 *     int tr = TRACE_NT_BEGIN("NtCreateFile", "x DesiredAccess, S ObjectName, x Disposition",
 *                             access, nt_path_utf8, disposition);
 *     NTSTATUS st = ...;
 *     TRACE_NT_END(tr, st, "h FileHandle, x Information", handle, info);
 *
 * sig uses the declaration grammar of syscalls/api.h, with values passed
 * as arguments instead of read from the guest stack: i u x h b c p as
 * uint32_t, l as uint64_t, f as double, s and w as guest pointers to a
 * string, S as a host UTF-8 string (const char *), B as a host buffer
 * (const void *, with a size: "B Buffer out[Information]"), and guest
 * buffers annotated "p Buffer in[Length]"; sizes name other values of the
 * same call. A buffer the service fills goes in the end's list.
 * The end's sig lists the out-values (its sizes may also name the begin's
 * values). Inside a guest call that is itself an NT service (the guest
 * called ntdll!NtAllocateVirtualMemory) nothing nests: the token is 0 and
 * the end does nothing, so NT services can always announce themselves.
 * With tracing off, TRACE_NT_BEGIN is one test and the arguments are not
 * evaluated. */
#define TRACE_NT_BEGIN(func, ...) \
    (__builtin_expect(trace_enabled, 0) ? trace_nt_begin(func, __VA_ARGS__) : 0)
#define TRACE_NT_END(token, status, ...) \
    do { \
        if (token) \
            trace_nt_end(token, status, __VA_ARGS__); \
    } while (0)
int trace_nt_begin(const char *func, const char *sig, ...);
void trace_nt_end(int token, uint32_t status, const char *sig, ...);

/* ------------------------------------------------- network records */

/* A kernel-logger network record (struct trace_net in core/trace_event.h),
 * emitted by the code that did the work, once per send, receive, connect,
 * accept or disconnect. Callers test trace_enabled first:
 *
 *     uint64_t t0 = trace_enabled ? trace_filetime_now() : 0;
 *     ... the host send ...
 *     if (trace_enabled) { struct trace_net r = { ..., .start_filetime = t0 }; trace_net(&r); }
 *
 * Every sink receives the record whatever its layers (it is no call). */
void trace_net(const struct trace_net *rec);
/* Now as a Windows FILETIME, on the clock the events' filetime uses. */
uint64_t trace_filetime_now(void);
/* An event's FILETIME as the guest's GetTickCount read it then
 * (milliseconds since boot, 32 bits): the kernel logger's 32-bit times. */
uint32_t trace_tick_count(uint64_t filetime);
/* "Send", "Recv", "Connect", "Accept", "Disconnect", "Retransmit". */
const char *trace_net_op_name(uint8_t op);
/* "127.0.0.1" or an IPv6 address, into buf (at least 46 bytes). */
void trace_net_addr(uint8_t family, const uint8_t *addr, char *buf, size_t bufsz);

/* A kernel-logger record (core/trace_record.h builds it). */
struct trace_record;
void trace_emit_record(const struct trace_record *r);

/* A note in the current thread's trace (unhandled exception, ...). */
void trace_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ------------------------------------------------------------ addresses */

/* "app.exe+0x1234" for an address; set by the loader. */
extern void (*trace_describe_addr)(gaddr addr, char *buf, size_t bufsz);
/* The module holding addr and the offset in it; NULL outside any module. */
extern const char *(*trace_locate_addr)(gaddr addr, uint32_t *offset);
void describe_addr(gaddr addr, char *buf, size_t bufsz);

/* Ring of the last calls, for crash reports (recorded even without --trace). */
void trace_remember(const char *dll, const char *func, gaddr caller);
void trace_recent(FILE *out, unsigned max);

#endif
