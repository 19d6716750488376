/* The kernel-logger record schemas (field names and order of the kernel's
 * MOF classes: FileIo_Create, FileIo_ReadWrite, FileIo_SimpleOp,
 * FileIo_Info, Registry_TypeGroup1, Process_TypeGroup1,
 * Thread_V2_TypeGroup1, Image_Load) and the call that packs a record's
 * values for the sinks. */
#include "core/trace_record.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <string.h>

#include "core/trace.h"

#define D TRACE_FIELD_DEC
#define X TRACE_FIELD_HEX
#define L TRACE_FIELD_I64
#define S TRACE_FIELD_STR
#define A TRACE_FIELD_ADDR

#define FILE_CREATE { { "IrpPtr", X }, { "TTID", X }, { "FileObject", X }, { "CreateOptions", X }, \
                      { "FileAttributes", X }, { "ShareAccess", X }, { "OpenPath", S } }
#define FILE_RW { { "Offset", L }, { "IrpPtr", X }, { "TTID", X }, { "FileObject", X }, { "FileKey", X }, \
                  { "IoSize", D }, { "IoFlags", X } }
#define FILE_SIMPLE { { "IrpPtr", X }, { "TTID", X }, { "FileObject", X }, { "FileKey", X } }
#define FILE_INFO { { "IrpPtr", X }, { "TTID", X }, { "FileObject", X }, { "FileKey", X }, \
                    { "ExtraInfo", X }, { "InfoClass", D } }
#define REGISTRY { { "InitialTime", L }, { "Status", X }, { "Index", D }, { "KeyHandle", X }, { "KeyName", S } }
#define PROCESS { { "UniqueProcessKey", X }, { "ProcessId", X }, { "ParentId", X }, { "SessionId", D }, \
                  { "ExitStatus", D }, { "DirectoryTableBase", X }, { "UserSID", S }, { "ImageFileName", S }, \
                  { "CommandLine", S } }
#define THREAD { { "ProcessId", X }, { "TThreadId", X }, { "StackBase", X }, { "StackLimit", X }, \
                 { "UserStackBase", X }, { "UserStackLimit", X }, { "StartAddr", X }, { "Win32StartAddr", X }, \
                 { "TebBase", X }, { "SubProcessTag", X } }
#define IMAGE { { "ImageBase", X }, { "ImageSize", X }, { "ProcessId", D }, { "ImageCheckSum", D }, \
                { "TimeDateStamp", D }, { "Reserved0", D }, { "DefaultBase", X }, { "Reserved1", D }, \
                { "Reserved2", D }, { "Reserved3", D }, { "Reserved4", D }, { "FileName", S } }

/* TcpIp_SendIPV4/V6, TcpIp_TypeGroup1/3 (Recv, Disconnect, Retransmit),
 * TcpIp_TypeGroup2/4 (Connect, Accept), UdpIp_TypeGroup1/2 */
#define NET_HEAD { "PID", D }, { "size", D }, { "daddr", A }, { "saddr", A }, { "dport", D }, { "sport", D }
#define TCP_SEND { NET_HEAD, { "startime", D }, { "endtime", D }, { "seqnum", D }, { "connid", X } }
#define NET_PLAIN { NET_HEAD, { "seqnum", D }, { "connid", X } }
#define TCP_CONNECT { NET_HEAD, { "mss", D }, { "sackopt", D }, { "tsopt", D }, { "wsopt", D }, { "rcvwin", D }, \
                      { "rcvwinscale", D }, { "sndwinscale", D }, { "seqnum", D }, { "connid", X } }
#define TCP_GROUP(v) \
    [TRACE_REC_TCP##v + 0] = { "TcpIp", "SendIPV" #v, TRACE_CLASS_NET, 10, TCP_SEND }, \
    [TRACE_REC_TCP##v + 1] = { "TcpIp", "RecvIPV" #v, TRACE_CLASS_NET, 8, NET_PLAIN }, \
    [TRACE_REC_TCP##v + 2] = { "TcpIp", "ConnectIPV" #v, TRACE_CLASS_NET, 15, TCP_CONNECT }, \
    [TRACE_REC_TCP##v + 3] = { "TcpIp", "AcceptIPV" #v, TRACE_CLASS_NET, 15, TCP_CONNECT }, \
    [TRACE_REC_TCP##v + 4] = { "TcpIp", "DisconnectIPV" #v, TRACE_CLASS_NET, 8, NET_PLAIN }, \
    [TRACE_REC_TCP##v + 5] = { "TcpIp", "RetransmitIPV" #v, TRACE_CLASS_NET, 8, NET_PLAIN }
#define UDP_GROUP(v) \
    [TRACE_REC_UDP##v + 0] = { "UdpIp", "SendIPV" #v, TRACE_CLASS_NET, 8, NET_PLAIN }, \
    [TRACE_REC_UDP##v + 1] = { "UdpIp", "RecvIPV" #v, TRACE_CLASS_NET, 8, NET_PLAIN }

const struct trace_record_schema trace_record_schemas[TRACE_REC_COUNT] = {
    TCP_GROUP(4), TCP_GROUP(6), UDP_GROUP(4), UDP_GROUP(6),
    [TRACE_REC_FILE_CREATE] = { "FileIo", "Create", TRACE_CLASS_FILE, 7, FILE_CREATE },
    [TRACE_REC_FILE_READ] = { "FileIo", "Read", TRACE_CLASS_FILE, 7, FILE_RW },
    [TRACE_REC_FILE_WRITE] = { "FileIo", "Write", TRACE_CLASS_FILE, 7, FILE_RW },
    [TRACE_REC_FILE_CLEANUP] = { "FileIo", "Cleanup", TRACE_CLASS_FILE, 4, FILE_SIMPLE },
    [TRACE_REC_FILE_CLOSE] = { "FileIo", "Close", TRACE_CLASS_FILE, 4, FILE_SIMPLE },
    [TRACE_REC_FILE_DELETE] = { "FileIo", "Delete", TRACE_CLASS_FILE, 6, FILE_INFO },
    [TRACE_REC_FILE_RENAME] = { "FileIo", "Rename", TRACE_CLASS_FILE, 6, FILE_INFO },
    [TRACE_REC_REG_CREATE] = { "Registry", "Create", TRACE_CLASS_REGISTRY, 5, REGISTRY },
    [TRACE_REC_REG_OPEN] = { "Registry", "Open", TRACE_CLASS_REGISTRY, 5, REGISTRY },
    [TRACE_REC_REG_DELETE] = { "Registry", "Delete", TRACE_CLASS_REGISTRY, 5, REGISTRY },
    [TRACE_REC_REG_QUERY] = { "Registry", "Query", TRACE_CLASS_REGISTRY, 5, REGISTRY },
    [TRACE_REC_REG_SETVALUE] = { "Registry", "SetValue", TRACE_CLASS_REGISTRY, 5, REGISTRY },
    [TRACE_REC_REG_DELETEVALUE] = { "Registry", "DeleteValue", TRACE_CLASS_REGISTRY, 5, REGISTRY },
    [TRACE_REC_REG_QUERYVALUE] = { "Registry", "QueryValue", TRACE_CLASS_REGISTRY, 5, REGISTRY },
    [TRACE_REC_PROCESS_START] = { "Process", "Start", TRACE_CLASS_PROCESS, 9, PROCESS },
    [TRACE_REC_PROCESS_END] = { "Process", "End", TRACE_CLASS_PROCESS, 9, PROCESS },
    [TRACE_REC_THREAD_START] = { "Thread", "Start", TRACE_CLASS_THREAD, 10, THREAD },
    [TRACE_REC_THREAD_END] = { "Thread", "End", TRACE_CLASS_THREAD, 10, THREAD },
    [TRACE_REC_IMAGE_LOAD] = { "Image", "Load", TRACE_CLASS_MODULE, 12, IMAGE },
    [TRACE_REC_IMAGE_UNLOAD] = { "Image", "Unload", TRACE_CLASS_MODULE, 12, IMAGE },
};

static atomic_uint next_irp = 1;

uint32_t trace_record_irp(void)
{
    /* shaped like a kernel pool address so it reads as one in tracerpt's columns */
    return 0x80000000u | (atomic_fetch_add(&next_irp, 1) << 3);
}

bool trace_record_from_net(const struct trace_net *n, uint64_t end_filetime, uint32_t pid, struct trace_record *r,
                           char saddr[64], char daddr[64])
{
    bool v6 = n->family == 6;
    unsigned kind;
    if (n->proto == TRACE_NET_UDP) {
        if (n->op > TRACE_NET_RECV)
            return false;
        kind = (v6 ? TRACE_REC_UDP6 : TRACE_REC_UDP4) + n->op;
    } else {
        if (n->op > TRACE_NET_RETRANSMIT)
            return false;
        kind = (v6 ? TRACE_REC_TCP6 : TRACE_REC_TCP4) + n->op;
    }
    memset(r, 0, sizeof *r);
    r->kind = (uint8_t)kind;
    r->schema = &trace_record_schemas[kind];
    trace_net_addr(n->family, n->daddr, daddr, 64);
    trace_net_addr(n->family, n->saddr, saddr, 64);
    /* by name: the groups differ after sport */
    for (unsigned i = 0; i < r->schema->nfields; i++) {
        const char *f = r->schema->fields[i].name;
        if (!strcmp(f, "PID")) r->num[i] = pid;
        else if (!strcmp(f, "size")) r->num[i] = n->size;
        else if (!strcmp(f, "daddr")) r->str[i] = daddr;
        else if (!strcmp(f, "saddr")) r->str[i] = saddr;
        else if (!strcmp(f, "dport")) r->num[i] = n->dport;
        else if (!strcmp(f, "sport")) r->num[i] = n->sport;
        else if (!strcmp(f, "startime")) r->num[i] = trace_tick_count(n->start_filetime);
        else if (!strcmp(f, "endtime")) r->num[i] = trace_tick_count(end_filetime);
        else if (!strcmp(f, "seqnum")) r->num[i] = n->seqnum;
        else if (!strcmp(f, "connid")) r->num[i] = n->connid;
    }
    return true;
}

void trace_record(unsigned kind, ...)
{
    if (kind >= TRACE_REC_COUNT)
        return;
    struct trace_record r = { .kind = (uint8_t)kind, .schema = &trace_record_schemas[kind] };
    va_list ap;
    va_start(ap, kind);
    for (unsigned i = 0; i < r.schema->nfields; i++) {
        switch (r.schema->fields[i].fmt) {
        case TRACE_FIELD_I64: r.num[i] = va_arg(ap, uint64_t); break;
        case TRACE_FIELD_STR: case TRACE_FIELD_ADDR: r.str[i] = va_arg(ap, const char *); break;
        default: r.num[i] = va_arg(ap, uint32_t); break;
        }
    }
    va_end(ap);
    trace_emit_record(&r);
}

uint32_t trace_record_object_id(_Atomic uint32_t *id)
{
    static _Atomic uint32_t next;
    uint32_t v = atomic_load(id);
    if (v)
        return v;
    uint32_t none = 0, mine = 0xFA000000u + 0x20u * atomic_fetch_add(&next, 1);
    return atomic_compare_exchange_strong(id, &none, mine) ? mine : none;
}
