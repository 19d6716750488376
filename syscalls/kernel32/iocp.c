/* I/O completion ports: a queue of completion packets per port, filled by
 * PostQueuedCompletionStatus and by overlapped reads and writes on the
 * files associated with it, drained by GetQueuedCompletionStatus(Ex) in
 * FIFO order. File I/O here completes before ReadFile/WriteFile return
 * (nothing stays pending), so GetOverlappedResult finds the result in
 * the OVERLAPPED at once and CancelIo has nothing to cancel. */
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/process.h"
#include "core/sync.h"
#include "core/thread.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/iocp.h"
#include "syscalls/kernel32/objects.h"
#include "syscalls/kernel32/struct32_file.h"
#include "syscalls/ntdll/status.h"
#include "syscalls/win32_errors.h"

#define ERROR_IO_INCOMPLETE     996u
#define ERROR_ABANDONED_WAIT_0  735u
#define ERROR_NOT_FOUND         1168u
#define WAIT_TIMEOUT_ERROR      258u /* WAIT_TIMEOUT as a last error */
#define STATUS_PENDING_VALUE    0x103u

struct packet {
    uint32_t key, bytes, overlapped, status;
    struct packet *next;
};

/* Referenced by its handle object, by each association and by each
 * waiting thread: closing the last handle marks it closed (waiters end,
 * completions are dropped) and the last reference frees it. */
struct port {
    struct packet *head, *tail;
    int refs;
    bool closed;
};

/* A file's association: its object, the port's object and the key. The
 * file's destroy is wrapped so the association goes with the file. */
struct association {
    struct handle_obj *file;
    struct port *port;
    uint32_t key;
    void (*file_destroy)(struct handle_obj *o);
    struct association *next;
};

static struct association *associations;

/* OVERLAPPED_ENTRY */
typedef struct {
    uint32_t lpCompletionKey;
    uint32_t lpOverlapped;
    uint32_t Internal;
    uint32_t dwNumberOfBytesTransferred;
} OVERLAPPED_ENTRY32;
PIN(OVERLAPPED_ENTRY32, lpOverlapped, 4);
PIN(OVERLAPPED_ENTRY32, dwNumberOfBytesTransferred, 12);
PIN_SIZE(OVERLAPPED_ENTRY32, 16);

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

static void port_unref(struct port *p)
{
    if (--p->refs > 0)
        return;
    while (p->head) {
        struct packet *next = p->head->next;
        free(p->head);
        p->head = next;
    }
    free(p);
}

static void port_destroy(struct handle_obj *o)
{
    struct port *p = o->data;
    p->closed = true;
    thread_wake((uintptr_t)p); /* waiters end with ERROR_ABANDONED_WAIT_0 */
    port_unref(p);
}

static struct port *port_of(uint32_t h)
{
    struct handle_obj *o = handle_get(h, HANDLE_IOCP);
    return o ? o->data : NULL;
}

static bool enqueue(struct port *p, uint32_t key, uint32_t bytes, uint32_t ov, uint32_t status)
{
    if (p->closed)
        return true; /* nobody can ever dequeue it */
    struct packet *k = calloc(1, sizeof *k);
    if (!k)
        return false;
    *k = (struct packet){ .key = key, .bytes = bytes, .overlapped = ov, .status = status };
    if (p->tail)
        p->tail->next = k;
    else
        p->head = k;
    p->tail = k;
    thread_wake((uintptr_t)p);
    return true;
}

static struct association *association_of(const struct handle_obj *file)
{
    for (struct association *a = associations; a; a = a->next)
        if (a->file == file)
            return a;
    return NULL;
}

static void file_gone(struct handle_obj *o)
{
    for (struct association **p = &associations; *p; p = &(*p)->next) {
        struct association *a = *p;
        if (a->file != o)
            continue;
        *p = a->next;
        o->destroy = a->file_destroy;
        port_unref(a->port);
        free(a);
        break;
    }
    if (o->destroy)
        o->destroy(o);
}

static uint32_t associate(struct handle_obj *file, struct port *port, uint32_t key)
{
    if (association_of(file))
        return ERROR_INVALID_PARAMETER; /* one port per file */
    struct association *a = calloc(1, sizeof *a);
    if (!a)
        return ERROR_NOT_ENOUGH_MEMORY;
    *a = (struct association){ .file = file, .port = port, .key = key, .file_destroy = file->destroy,
                               .next = associations };
    port->refs++;
    file->destroy = file_gone;
    associations = a;
    return 0;
}

void iocp_io_completed(struct handle_obj *o, gaddr ov, uint32_t st, uint32_t n)
{
    uint32_t event = 0;
    if (!ov || !gm_read_u32(ov + offsetof(OVERLAPPED32, hEvent), &event))
        return;
    struct kobj *e = kobj_from_handle(event & ~1u, KOBJ_EVENT);
    if (e)
        kobj_event_set(e, true);
    struct association *a = o ? association_of(o) : NULL;
    if (a && st == STATUS_SUCCESS && !(event & 1u)) /* a failure at the call queues nothing */
        enqueue(a->port, a->key, n, ov, st);
}

static uint32_t new_port(void)
{
    struct port *p = calloc(1, sizeof *p);
    struct handle_obj *o = calloc(1, sizeof *o);
    if (!p || !o) {
        free(p);
        free(o);
        return 0;
    }
    p->refs = 1;
    o->type = HANDLE_IOCP;
    o->fd = -1;
    o->data = p;
    o->destroy = port_destroy;
    uint32_t h = handle_new(o);
    if (!h)
        port_destroy(o), free(o);
    return h;
}

uint64_t kernel32_CreateIoCompletionPort(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateIoCompletionPort, a);
    if (a.FileHandle == INVALID_HANDLE_VALUE) {
        if (a.ExistingCompletionPort)
            return fail(ERROR_INVALID_PARAMETER);
        uint32_t h = new_port();
        return h ? h : fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    struct handle_obj *file = kernel32_io_handle(a.FileHandle);
    if (!file)
        file = handle_get(a.FileHandle, HANDLE_SOCKET);
    if (!file)
        return fail(ERROR_INVALID_HANDLE);
    uint32_t port = a.ExistingCompletionPort ? a.ExistingCompletionPort : new_port();
    struct handle_obj *po = handle_get(port, HANDLE_IOCP);
    if (!po)
        return fail(a.ExistingCompletionPort ? ERROR_INVALID_PARAMETER : ERROR_NOT_ENOUGH_MEMORY);
    uint32_t err = associate(file, po->data, a.CompletionKey);
    if (err) {
        if (!a.ExistingCompletionPort)
            handle_close(port);
        return fail(err);
    }
    return port;
}

uint64_t kernel32_PostQueuedCompletionStatus(struct thunk_call *c)
{
    API_ARGS(kernel32, PostQueuedCompletionStatus, a);
    struct port *p = port_of(a.CompletionPort);
    if (!p)
        return fail(ERROR_INVALID_HANDLE);
    return enqueue(p, a.dwCompletionKey, a.dwNumberOfBytesTransferred, a.lpOverlapped, STATUS_SUCCESS)
               ? 1
               : fail(ERROR_NOT_ENOUGH_MEMORY);
}

/* Waits until the port has a packet: 0 with *out the port, or the error
 * to fail with (WAIT_TIMEOUT, ERROR_ABANDONED_WAIT_0 when the port was
 * closed meanwhile); *terminated when the thread is being ended. */
static uint32_t wait_packet(uint32_t h, uint32_t ms, bool *terminated, struct port **out)
{
    struct port *p = port_of(h);
    if (!p)
        return ERROR_INVALID_HANDLE;
    struct timespec d;
    if (ms != WAIT_INFINITE)
        clock_deadline((uint64_t)ms * 10000, &d);
    while (!p->head) {
        if (ms == 0)
            return WAIT_TIMEOUT_ERROR;
        uintptr_t key = (uintptr_t)p;
        p->refs++; /* a CloseHandle during the wait leaves it to us */
        enum thread_wake w = thread_wait(&key, 1, ms == WAIT_INFINITE ? NULL : &d);
        bool closed = p->closed;
        port_unref(p);
        if (w == THREAD_TERMINATED) {
            *terminated = true;
            return ERROR_INVALID_HANDLE;
        }
        if (closed)
            return ERROR_ABANDONED_WAIT_0;
        if (w == THREAD_TIMEOUT && !p->head)
            return WAIT_TIMEOUT_ERROR;
    }
    *out = p;
    return 0;
}

static struct packet *dequeue(struct port *p)
{
    struct packet *k = p->head;
    p->head = k->next;
    if (!p->head)
        p->tail = NULL;
    return k;
}

uint64_t kernel32_GetQueuedCompletionStatus(struct thunk_call *c)
{
    API_ARGS(kernel32, GetQueuedCompletionStatus, a);
    bool terminated = false;
    struct port *p = NULL;
    uint32_t err = wait_packet(a.CompletionPort, a.dwMilliseconds, &terminated, &p);
    if (terminated) {
        c->no_return = true;
        return 0;
    }
    if (err) {
        if (err != ERROR_INVALID_HANDLE)
            gm_write_u32(a.lpOverlapped, 0); /* no packet: the caller tells a timeout by this */
        return fail(err);
    }
    struct packet *k = dequeue(p);
    bool ok = gm_write_u32(a.lpNumberOfBytesTransferred, k->bytes) && gm_write_u32(a.lpCompletionKey, k->key) &&
              gm_write_u32(a.lpOverlapped, k->overlapped);
    uint32_t status = k->status;
    free(k);
    if (!ok)
        return fail(ERROR_NOACCESS);
    return status == STATUS_SUCCESS ? 1 : fail(ntstatus_to_win32(status));
}

/* Alertable waits are not woken by APCs here (fAlertable is kept for the
 * trace). */
uint64_t kernel32_GetQueuedCompletionStatusEx(struct thunk_call *c)
{
    API_ARGS(kernel32, GetQueuedCompletionStatusEx, a);
    if (!a.ulCount)
        return fail(ERROR_INVALID_PARAMETER);
    bool terminated = false;
    struct port *p = NULL;
    uint32_t err = wait_packet(a.CompletionPort, a.dwMilliseconds, &terminated, &p);
    if (terminated) {
        c->no_return = true;
        return 0;
    }
    if (err) {
        gm_write_u32(a.ulNumEntriesRemoved, 0);
        return fail(err);
    }
    uint32_t n = 0;
    for (; n < a.ulCount && p->head; n++) {
        OVERLAPPED_ENTRY32 e = { p->head->key, p->head->overlapped, p->head->status, p->head->bytes };
        if (!gm_write(a.lpCompletionPortEntries + n * (uint32_t)sizeof e, &e, sizeof e))
            return fail(ERROR_NOACCESS); /* the packet stays queued */
        free(dequeue(p));
    }
    return gm_write_u32(a.ulNumEntriesRemoved, n) ? 1 : fail(ERROR_NOACCESS);
}

/* The result an OVERLAPPED holds; a pending one (never left by this
 * process's own I/O, but a caller may set it) waits on its event for up
 * to ms, or fails with ERROR_IO_INCOMPLETE when told not to wait. */
static uint64_t overlapped_result(struct thunk_call *c, uint32_t file, gaddr ov, gaddr bytes, uint32_t ms)
{
    OVERLAPPED32 o;
    if (!handle_get(file, HANDLE_FREE) && file != CURRENT_PROCESS_HANDLE)
        return fail(ERROR_INVALID_HANDLE);
    if (!gm_read(ov, &o, sizeof o))
        return fail(ERROR_NOACCESS);
    struct kobj *e = kobj_from_handle(o.hEvent & ~1u, KOBJ_EVENT);
    if (o.Internal == STATUS_PENDING_VALUE && ms && e) {
        bool terminated = false;
        uint32_t r = kobj_wait(&e, 1, false, ms, false, &terminated);
        if (terminated) {
            c->no_return = true;
            return 0;
        }
        if (!gm_read(ov, &o, sizeof o))
            return fail(ERROR_NOACCESS);
        if (r == WAIT_TIMEOUT_ERROR && o.Internal == STATUS_PENDING_VALUE)
            return fail(WAIT_TIMEOUT_ERROR);
    }
    if (o.Internal == STATUS_PENDING_VALUE)
        return fail(ERROR_IO_INCOMPLETE);
    if (!gm_write_u32(bytes, o.InternalHigh))
        return fail(ERROR_NOACCESS);
    return o.Internal == STATUS_SUCCESS ? 1 : fail(ntstatus_to_win32(o.Internal));
}

uint64_t kernel32_GetOverlappedResult(struct thunk_call *c)
{
    API_ARGS(kernel32, GetOverlappedResult, a);
    return overlapped_result(c, a.hFile, a.lpOverlapped, a.lpNumberOfBytesTransferred, a.bWait ? WAIT_INFINITE : 0);
}
uint64_t kernel32_GetOverlappedResultEx(struct thunk_call *c)
{
    API_ARGS(kernel32, GetOverlappedResultEx, a);
    return overlapped_result(c, a.hFile, a.lpOverlapped, a.lpNumberOfBytesTransferred, a.dwMilliseconds);
}

/* Nothing is ever pending: CancelIo succeeds on any handle, CancelIoEx
 * finds nothing to cancel (ERROR_NOT_FOUND, as Windows says then). */
uint64_t kernel32_CancelIo(struct thunk_call *c)
{
    API_ARGS(kernel32, CancelIo, a);
    return handle_get(a.hFile, HANDLE_FREE) ? 1 : fail(ERROR_INVALID_HANDLE);
}
uint64_t kernel32_CancelIoEx(struct thunk_call *c)
{
    API_ARGS(kernel32, CancelIoEx, a);
    return fail(handle_get(a.hFile, HANDLE_FREE) ? ERROR_NOT_FOUND : ERROR_INVALID_HANDLE);
}
