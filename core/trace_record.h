/* Kernel-logger records: what the Windows kernel logger ("NT Kernel Logger",
 * converted by tracerpt) would have written for the guest's work, emitted
 * by the code that does the work (the NT file and registry services,
 * thread creation, module loading), once per operation whichever API asked.
 * The schemas name the fields as the kernel's MOF classes do (FileIo_Create:
 * IrpPtr, TTID, FileObject, ...), so the etw-csv sink writes tracerpt's
 * columns and the other sinks the same names. */
#ifndef WOWBOX_CORE_TRACE_RECORD_H
#define WOWBOX_CORE_TRACE_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "core/trace_event.h"

enum trace_record_kind {
    TRACE_REC_FILE_CREATE,
    TRACE_REC_FILE_READ,
    TRACE_REC_FILE_WRITE,
    TRACE_REC_FILE_CLEANUP,
    TRACE_REC_FILE_CLOSE,
    TRACE_REC_FILE_DELETE,
    TRACE_REC_FILE_RENAME,
    TRACE_REC_REG_CREATE,
    TRACE_REC_REG_OPEN,
    TRACE_REC_REG_DELETE,
    TRACE_REC_REG_QUERY,
    TRACE_REC_REG_SETVALUE,
    TRACE_REC_REG_DELETEVALUE,
    TRACE_REC_REG_QUERYVALUE,
    TRACE_REC_PROCESS_START,
    TRACE_REC_PROCESS_END,
    TRACE_REC_THREAD_START,
    TRACE_REC_THREAD_END,
    TRACE_REC_IMAGE_LOAD,
    TRACE_REC_IMAGE_UNLOAD,
    /* network records (struct trace_net, core/trace_event.h), in the order
     * of enum trace_net_op: a kind is its group's first + op */
    TRACE_REC_TCP4,
    TRACE_REC_TCP6 = TRACE_REC_TCP4 + 6,
    TRACE_REC_UDP4 = TRACE_REC_TCP6 + 6,
    TRACE_REC_UDP6 = TRACE_REC_UDP4 + 2,
    TRACE_REC_COUNT = TRACE_REC_UDP6 + 2
};

/* How a field's value is given (trace_record's arguments) and written. */
enum trace_field_fmt {
    TRACE_FIELD_DEC, /* uint32_t, decimal */
    TRACE_FIELD_HEX, /* uint32_t, 0x... (pointers, handles, flags) */
    TRACE_FIELD_I64, /* uint64_t, decimal */
    TRACE_FIELD_STR, /* const char *, UTF-8 (paths, names); NULL = empty */
    TRACE_FIELD_ADDR, /* const char *, an IP address: unquoted in CSV as tracerpt writes it */
};

#define TRACE_RECORD_MAX_FIELDS 15

struct trace_record_schema {
    const char *provider;  /* "FileIo" */
    const char *type;      /* "Create" */
    uint8_t cls;           /* enum trace_class */
    uint8_t nfields;
    struct {
        const char *name;  /* as the MOF class names it */
        uint8_t fmt;       /* enum trace_field_fmt */
    } fields[TRACE_RECORD_MAX_FIELDS];
};

extern const struct trace_record_schema trace_record_schemas[TRACE_REC_COUNT];

struct trace_record {
    uint8_t kind;          /* enum trace_record_kind */
    const struct trace_record_schema *schema;
    uint64_t num[TRACE_RECORD_MAX_FIELDS];
    const char *str[TRACE_RECORD_MAX_FIELDS];
};

/* Emits a record: the values in the schema's order, typed as its formats
 * say. With tracing off it is one test and evaluates no argument:
 *
 *     TRACE_RECORD(TRACE_REC_FILE_READ, offset, irp, tid, handle, 0, len, 0);
 */
#define TRACE_RECORD(kind, ...) \
    do { \
        if (__builtin_expect(trace_enabled, 0)) \
            trace_record(kind, __VA_ARGS__); \
    } while (0)
void trace_record(unsigned kind, ...);

/* A network record as the kernel logger's TcpIp/UdpIp event of the same
 * work (SendIPV4, RecvIPV4, ...); false for one the kernel logger has no
 * event for (UDP connect). The addresses are written into saddr/daddr,
 * which r then points to. */
bool trace_record_from_net(const struct trace_net *n, uint64_t end_filetime, uint32_t pid, struct trace_record *r,
                           char saddr[64], char daddr[64]);

/* A number that identifies one operation as the kernel's IRP pointer does
 * (increasing, process-wide). */
uint32_t trace_record_irp(void);
/* FileObject/FileKey of an open file: a number given to the object when
 * first asked (kernel-address-like, 0xFA000000 upwards), shared by
 * duplicated handles as the kernel's file object is; not the host address,
 * which differs per run. *id holds it (0: not given yet). */
uint32_t trace_record_object_id(_Atomic uint32_t *id);

#endif
