/* API trace events: every thunk call passes through trace_api_call so that
 * sinks (text now; jsonl and ETW-style CSV later) see one event per call. */
#ifndef WOWBOX_CORE_TRACE_H
#define WOWBOX_CORE_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/vm.h"

extern bool trace_enabled;

struct trace_api_event {
    const char *dll;       /* "kernel32" */
    const char *func;
    const char *args_sig;  /* api_impl.args, NULL when unimplemented */
    const char *ret_sig;
    gaddr esp;             /* [esp] = return address */
    gaddr caller;
    uint64_t ret;
    double ret_double;
    bool unimplemented;
    int depth;             /* nesting: an API called from a callback */
};

bool trace_open(const char *path); /* NULL = stderr */
void trace_close(void);
void trace_api_call(const struct trace_api_event *ev);
void trace_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "app.exe+0x1234" for an address; set by the loader. */
extern void (*trace_describe_addr)(gaddr addr, char *buf, size_t bufsz);
void describe_addr(gaddr addr, char *buf, size_t bufsz);

/* Ring of the last calls, for crash reports (recorded even without --trace). */
void trace_remember(const char *dll, const char *func, gaddr caller);
void trace_recent(FILE *out, unsigned max);

#endif
