/* NtQueryObject: an object's basic information, its NT name and its type
 * name, for every kind of handle the table holds (and the current
 * process and thread pseudo-handles). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/handles.h"
#include "core/ntstatus.h"
#include "core/process.h"
#include "core/sync.h"
#include "core/unicode.h"
#include "redirect/path.h"
#include "syscalls/api.h"
#include "syscalls/ntdll/api_args.h"
#include "syscalls/ntdll/nt_registry.h"
#include "syscalls/ntdll/struct32_sysinfo.h"

#define ObjectHandleFlagInformation 4u
#define OBJ_PROTECT_CLOSE 0x1u

/* What Windows calls each kind, with its full access mask and the type
 * index Windows 10 gives it. */
struct object_type {
    const char *name;
    uint32_t all_access;
    uint8_t index;
};

static const struct object_type TYPE_FILE = { "File", 0x1F01FFu, 37 };
static const struct object_type TYPE_EVENT = { "Event", 0x1F0003u, 16 };
static const struct object_type TYPE_MUTANT = { "Mutant", 0x1F0001u, 17 };
static const struct object_type TYPE_SEMAPHORE = { "Semaphore", 0x1F0003u, 19 };
static const struct object_type TYPE_TIMER = { "Timer", 0x1F0003u, 20 };
static const struct object_type TYPE_THREAD = { "Thread", 0x1FFFFFu, 8 };
static const struct object_type TYPE_PROCESS = { "Process", 0x1FFFFFu, 7 };
static const struct object_type TYPE_KEY = { "Key", 0xF003Fu, 44 };
static const struct object_type TYPE_SECTION = { "Section", 0xF001Fu, 42 };
static const struct object_type TYPE_JOB = { "Job", 0x1F003Fu, 6 };
static const struct object_type TYPE_IO_COMPLETION = { "IoCompletion", 0x1F0003u, 38 };

/* The handle as NtQueryObject sees it: its type, and the object's name
 * source (a named kernel object, a file's host path, a key's path). */
struct queried {
    const struct object_type *type;
    struct handle_obj *ho; /* NULL for the pseudo-handles */
    const struct kobj *kobj;
};

static const struct object_type *type_of(const struct handle_obj *o)
{
    switch (o->type) {
    case HANDLE_FILE:
    case HANDLE_CONSOLE:
    case HANDLE_SOCKET: return &TYPE_FILE;
    case HANDLE_EVENT: return &TYPE_EVENT;
    case HANDLE_MUTEX: return &TYPE_MUTANT;
    case HANDLE_SEMAPHORE: return &TYPE_SEMAPHORE;
    case HANDLE_TIMER: return &TYPE_TIMER;
    case HANDLE_THREAD: return &TYPE_THREAD;
    case HANDLE_PROCESS: return &TYPE_PROCESS;
    case HANDLE_KEY: return &TYPE_KEY;
    case HANDLE_MAPPING:
    case HANDLE_SNAPSHOT: return &TYPE_SECTION; /* a toolhelp snapshot is a section on Windows */
    case HANDLE_JOB: return &TYPE_JOB;
    case HANDLE_IOCP: return &TYPE_IO_COMPLETION;
    default: return NULL; /* find handles are no kernel objects on Windows either */
    }
}

static bool is_kobj(enum handle_type t)
{
    return t == HANDLE_EVENT || t == HANDLE_MUTEX || t == HANDLE_SEMAPHORE || t == HANDLE_TIMER ||
           t == HANDLE_THREAD || t == HANDLE_PROCESS;
}

static bool lookup(uint32_t h, struct queried *q)
{
    memset(q, 0, sizeof *q);
    if (h == CURRENT_PROCESS_HANDLE || h == CURRENT_THREAD_HANDLE) {
        q->type = h == CURRENT_PROCESS_HANDLE ? &TYPE_PROCESS : &TYPE_THREAD;
        return true;
    }
    q->ho = handle_get(h, HANDLE_FREE);
    if (!q->ho || !(q->type = type_of(q->ho)))
        return false;
    if (is_kobj(q->ho->type))
        q->kobj = q->ho->data;
    return true;
}

/* A named kernel object lives in the session's namespace unless its name
 * asks for the global one. */
static void kobj_nt_name(const char *name, char *out, size_t size)
{
    if (!strncmp(name, "Global\\", 7))
        snprintf(out, size, "\\BaseNamedObjects\\%s", name + 7);
    else if (!strncmp(name, "Local\\", 6))
        snprintf(out, size, "\\Sessions\\1\\BaseNamedObjects\\%s", name + 6);
    else
        snprintf(out, size, "\\Sessions\\1\\BaseNamedObjects\\%s", name);
}

/* A file on drive X: is on the volume device behind it (C: the first). */
static void file_nt_name(const char *host_path, char *out, size_t size)
{
    char win[1024];
    if (!proc || !proc->prefix || path_host_to_win(proc->prefix, host_path, win, sizeof win) != STATUS_SUCCESS ||
        win[1] != ':') {
        out[0] = 0;
        return;
    }
    char drive = (char)(win[0] & ~0x20);
    snprintf(out, size, "\\Device\\HarddiskVolume%d%s", drive >= 'C' ? drive - 'C' + 1 : drive - 'A' + 30, win + 2);
}

/* The object's NT name, UTF-8; empty for an unnamed one. */
static void nt_name_of(uint32_t h, const struct queried *q, char *out, size_t size)
{
    out[0] = 0;
    if (q->kobj && q->kobj->name)
        kobj_nt_name(q->kobj->name, out, size);
    else if (q->ho && q->ho->type == HANDLE_KEY && nt_key_path(h))
        snprintf(out, size, "%s", nt_key_path(h));
    else if (q->ho && q->ho->type == HANDLE_FILE && q->ho->host_path)
        file_nt_name(q->ho->host_path, out, size);
    else if (q->ho && q->ho->type == HANDLE_CONSOLE)
        snprintf(out, size, "\\Device\\ConDrv");
    else if (q->ho && q->ho->type == HANDLE_SOCKET)
        snprintf(out, size, "\\Device\\Afd");
}

static NTSTATUS basic_info(uint32_t h, const struct queried *q, OBJECT_BASIC_INFORMATION32 *b)
{
    memset(b, 0, sizeof *b);
    uint32_t flags = q->ho ? handle_flags(h) : 0;
    b->Attributes = (flags & HANDLE_FLAG_INHERIT ? OBJ_INHERIT : 0) | (flags & HANDLE_FLAG_PROTECT_FROM_CLOSE ? OBJ_PROTECT_CLOSE : 0);
    b->GrantedAccess = q->type->all_access;
    b->HandleCount = q->ho && q->ho->refs > 0 ? (uint32_t)q->ho->refs : 1u;
    b->PointerCount = b->HandleCount + 1;
    return STATUS_SUCCESS;
}

/* A UNICODE_STRING at `at` of the answer whose characters follow at
 * `chars`; Buffer is their guest address. Returns the bytes used. */
static uint32_t put_string(uint8_t *buf, uint32_t at, uint32_t chars, gaddr out, const uint16_t *s, size_t units)
{
    UNICODE_STRING32 *u = (void *)(buf + at);
    if (!units)
        return 0;
    memcpy(buf + chars, s, units * 2);
    u->Length = (uint16_t)(units * 2);
    u->MaximumLength = (uint16_t)(units * 2 + 2);
    u->Buffer = out + chars;
    return (uint32_t)(units + 1) * 2u;
}

/* Builds the class's answer into *buf (caller frees); its size in *size. */
static NTSTATUS build(uint32_t h, const struct queried *q, uint32_t cls, gaddr out, uint8_t **buf, uint32_t *size)
{
    char name[1200];
    size_t units = 0;
    uint16_t *w = NULL;
    uint32_t head;
    switch (cls) {
    case ObjectBasicInformation:
        *size = sizeof(OBJECT_BASIC_INFORMATION32);
        *buf = calloc(1, *size);
        return *buf ? basic_info(h, q, (void *)*buf) : STATUS_NO_MEMORY;
    case ObjectHandleFlagInformation:
        *size = 2;
        *buf = calloc(1, 2);
        if (!*buf)
            return STATUS_NO_MEMORY;
        (*buf)[0] = q->ho && (handle_flags(h) & HANDLE_FLAG_INHERIT);
        (*buf)[1] = q->ho && (handle_flags(h) & HANDLE_FLAG_PROTECT_FROM_CLOSE);
        return STATUS_SUCCESS;
    case ObjectNameInformation:
        nt_name_of(h, q, name, sizeof name);
        head = sizeof(UNICODE_STRING32);
        break;
    case ObjectTypeInformation:
        snprintf(name, sizeof name, "%s", q->type->name);
        head = sizeof(OBJECT_TYPE_INFORMATION32);
        break;
    default:
        return STATUS_INVALID_INFO_CLASS;
    }
    if (name[0] && !(w = utf8_to_utf16(name, &units)))
        return STATUS_NO_MEMORY;
    *size = head + (units ? (uint32_t)(units + 1) * 2u : 0u);
    *buf = calloc(1, *size);
    if (!*buf) {
        free(w);
        return STATUS_NO_MEMORY;
    }
    put_string(*buf, 0, head, out, w, units);
    free(w);
    if (cls == ObjectTypeInformation) {
        OBJECT_TYPE_INFORMATION32 *t = (void *)*buf;
        t->TotalNumberOfObjects = t->TotalNumberOfHandles = 1;
        t->ValidAccessMask = q->type->all_access;
        t->GenericMapping[3] = q->type->all_access;
        t->TypeIndex = q->type->index;
        t->MaintainHandleCount = 1;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS query_object(uint32_t h, uint32_t cls, gaddr out, uint32_t len, gaddr retlen)
{
    struct queried q;
    if (!lookup(h, &q))
        return STATUS_INVALID_HANDLE;
    uint8_t *buf = NULL;
    uint32_t size = 0;
    NTSTATUS st = build(h, &q, cls, out, &buf, &size);
    if (st == STATUS_SUCCESS && len < size)
        st = STATUS_INFO_LENGTH_MISMATCH;
    if (st == STATUS_SUCCESS && !gm_write(out, buf, size))
        st = STATUS_ACCESS_VIOLATION;
    free(buf);
    if ((st == STATUS_SUCCESS || st == STATUS_INFO_LENGTH_MISMATCH) && retlen && !gm_write_u32(retlen, size))
        return STATUS_ACCESS_VIOLATION;
    return st;
}

uint64_t ntdll_NtQueryObject(struct thunk_call *c)
{
    API_ARGS(ntdll, NtQueryObject, a);
    return query_object(a.Handle, a.ObjectInformationClass, a.ObjectInformation, a.ObjectInformationLength, a.ReturnLength);
}
uint64_t ntdll_ZwQueryObject(struct thunk_call *c)
{
    API_ARGS(ntdll, ZwQueryObject, a);
    return query_object(a.Handle, a.ObjectInformationClass, a.ObjectInformation, a.ObjectInformationLength, a.ReturnLength);
}
