/* The trace event: what every sink (text, jsonl, etw-csv, chrome, the
 * summary) receives. Each call yields an entry and an exit event; notes (an
 * unhandled exception) and kernel-logger records (a file read, a thread's
 * start: core/trace_record.h) are events of their own. */
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
    TRACE_NET,   /* a kernel-logger network record (net): see struct trace_net */
    TRACE_RECORD, /* a kernel-logger record (FileIo Read, TcpIp SendIPV4, ...) */
};

/* What happened on the network, as the Windows kernel logger's TcpIp and
 * UdpIp events name it (SendIPV4, RecvIPV4, ...). One record per piece of
 * work wherever the guest asked for it (send, WSASend, sendto, WriteFile
 * on a socket...). */
enum trace_net_op {
    TRACE_NET_SEND,
    TRACE_NET_RECV,
    TRACE_NET_CONNECT,
    TRACE_NET_ACCEPT,
    TRACE_NET_DISCONNECT,
    TRACE_NET_RETRANSMIT,
};

enum trace_net_proto {
    TRACE_NET_TCP = 6,  /* IPPROTO_TCP: TcpIp events */
    TRACE_NET_UDP = 17, /* IPPROTO_UDP: UdpIp events */
};

/* saddr/sport is this side of the exchange and daddr/dport the peer, for a
 * receive as for a send (as the kernel logger fills them). Addresses are
 * in network byte order (4 bytes used for IPv4), ports in host order. */
struct trace_net {
    uint8_t op;          /* enum trace_net_op */
    uint8_t proto;       /* enum trace_net_proto */
    uint8_t family;      /* 4 or 6 */
    uint32_t size;       /* bytes sent or received (0 for connect, accept, disconnect) */
    uint8_t saddr[16];
    uint8_t daddr[16];
    uint16_t sport, dport;
    uint32_t connid;     /* the same for every record of one socket */
    uint32_t seqnum;     /* per connection and direction: bytes before this record */
    uint64_t start_filetime; /* when the work began (FILETIME); the event's filetime is its end */
};

/* What a call or record is about: derived from data (the concern file an
 * API is declared in, syscalls/trace_class.c), filtered by --trace=CLASS. */
enum trace_class {
    TRACE_CLASS_OTHER,
    TRACE_CLASS_FILE,
    TRACE_CLASS_REGISTRY,
    TRACE_CLASS_NET,
    TRACE_CLASS_MEMORY,
    TRACE_CLASS_PROCESS,
    TRACE_CLASS_THREAD,
    TRACE_CLASS_SYNC,
    TRACE_CLASS_MODULE,
    TRACE_CLASS_CONSOLE,
    TRACE_CLASS_COUNT
};
/* "file", "registry", ...; NULL past the end. */
const char *trace_class_name(unsigned cls);

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

struct trace_record;

struct trace_event {
    uint64_t seq;          /* process-wide, increasing */
    uint8_t phase;         /* enum trace_phase */
    uint8_t layer;         /* enum trace_layer (0 for notes and records) */
    uint8_t cls;           /* enum trace_class */
    uint64_t mono_ns;      /* CLOCK_MONOTONIC (a deterministic run: the fake uptime) */
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
    bool failed;           /* by the return type's failure value (or unimplemented) */
    uint64_t duration_ns;  /* since the entry */
    /* NOTE */
    const char *text;
    /* NET */
    const struct trace_net *net;
    /* RECORD */
    const struct trace_record *record;
};

#endif
