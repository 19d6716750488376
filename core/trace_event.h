/* The trace event: what every sink (text now; jsonl, etw-csv, chrome later)
 * receives. Each call yields an entry and an exit event; notes (an
 * unhandled exception, a thread's end) are events of their own. */
#ifndef WOWBOX_CORE_TRACE_EVENT_H
#define WOWBOX_CORE_TRACE_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vm.h"

enum trace_layer {
    TRACE_LAYER_API = 1, /* a Win32/CRT export (kernel32, msvcrt, ntdll!Rtl*, ...) */
    TRACE_LAYER_NT = 2,  /* an NT service: ntdll!Nt... and Zw..., or one host code issues */
};
#define TRACE_LAYER_ALL (TRACE_LAYER_API | TRACE_LAYER_NT)

enum trace_phase {
    TRACE_ENTRY, /* in-arguments decoded */
    TRACE_EXIT,  /* return value, error, out-arguments decoded */
    TRACE_NOTE,  /* a line of text about the thread (exception, end) */
};

/* How one argument was decoded. */
enum trace_form {
    TRACE_SCALAR,   /* the value itself (raw, or d for doubles) */
    TRACE_STRING,   /* text (UTF-8) the argument points to */
    TRACE_BUFFER,   /* size bytes at raw; the first data_len of them in data */
    TRACE_POINTEE,  /* one value of type pointee_type at raw, in pointee */
    TRACE_POINTER,  /* a pointer whose contents are not decoded (NULL or no size) */
    TRACE_VARIADIC, /* "...": decoding stops */
};

/* Bytes of a buffer kept in the event (the rest is only counted). */
#define TRACE_BUFFER_PREVIEW 16
/* Characters of a string kept in the event. */
#define TRACE_STRING_PREVIEW 256

struct trace_value {
    const char *name;     /* into the declaration: name_len characters */
    uint16_t name_len;
    char type;            /* the declaration's type letter (syscalls/api.h) */
    uint8_t form;         /* enum trace_form */
    bool bad;             /* the pointer could not be read */
    bool cut;             /* STRING: longer than kept */
    char pointee_type;
    uint64_t raw;         /* the argument: value, or guest pointer */
    double d;             /* type f */
    uint64_t pointee;
    uint32_t size;        /* BUFFER: bytes in all */
    uint32_t data_len;    /* BUFFER: bytes kept */
    const char *data;     /* STRING: NUL-terminated UTF-8; BUFFER: data_len bytes */
};

#define TRACE_MAX_ARGS 16

struct trace_event {
    uint64_t seq;          /* process-wide, increasing */
    uint8_t phase;         /* enum trace_phase */
    uint8_t layer;         /* enum trace_layer */
    uint64_t mono_ns;      /* CLOCK_MONOTONIC */
    uint64_t filetime;     /* Windows FILETIME (100 ns since 1601, UTC) */
    uint32_t pid, tid;     /* the guest's ids */
    int depth;             /* open calls of this thread around this one (all layers) */
    const char *dll;       /* "kernel32", "ntdll" */
    const char *func;
    gaddr caller;          /* return address; for a host-issued NT call, the issuing export's stub */
    const char *caller_module; /* "app.exe" (NULL: outside any module) */
    uint32_t caller_offset;    /* from caller_module's base */
    unsigned nargs;        /* ENTRY: in-arguments; EXIT: out-arguments */
    const struct trace_value *args;
    /* EXIT */
    uint64_t entry_seq;    /* the matching ENTRY */
    char ret_type;         /* the declared return letter; 0 when unknown */
    uint64_t ret;
    double ret_double;
    bool unimplemented;
    uint32_t status;       /* layer nt: the NTSTATUS returned */
    uint32_t last_error;   /* layer api: the thread's last error after the call */
    bool error_set;        /* the call changed the last error */
    /* NOTE */
    const char *text;
};

#endif
