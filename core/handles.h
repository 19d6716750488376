/* The process handle table: Windows handle values (multiples of 4) mapped
 * to host-side objects. Layers above own what an object means. */
#ifndef WOWBOX_CORE_HANDLES_H
#define WOWBOX_CORE_HANDLES_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define INVALID_HANDLE_VALUE   0xFFFFFFFFu
#define CURRENT_PROCESS_HANDLE 0xFFFFFFFFu /* same value, as on Windows */
#define CURRENT_THREAD_HANDLE  0xFFFFFFFEu

enum handle_type { HANDLE_FREE = 0, HANDLE_FILE, HANDLE_CONSOLE, HANDLE_EVENT, HANDLE_MUTEX,
                   HANDLE_THREAD, HANDLE_PROCESS, HANDLE_FIND, HANDLE_MAPPING, HANDLE_KEY,
                   HANDLE_SEMAPHORE, HANDLE_TIMER, HANDLE_SOCKET, HANDLE_JOB, HANDLE_SNAPSHOT,
                   HANDLE_IOCP };

struct handle_obj {
    enum handle_type type;
    int refs;
    int fd;            /* files and consoles */
    bool append;
    char *host_path;   /* files: for GetFileType/DeleteOnClose and traces */
    void *data;        /* type-specific */
    void (*destroy)(struct handle_obj *o);
    /* Bytes moved by ReadFile/WriteFile (host_io, the lock held again):
     * sockets emit their network record here. start_ft: the trace's
     * FILETIME before the transfer (0 when tracing is off). May be NULL. */
    void (*io_done)(struct handle_obj *o, bool wrote, uint32_t n, uint64_t start_ft);
    _Atomic uint32_t trace_id; /* FileObject in trace records (trace_record_object_id) */
};

uint32_t handle_new(struct handle_obj *o);  /* takes the object; 0 when the table is full */
struct handle_obj *handle_get(uint32_t h, enum handle_type type); /* type HANDLE_FREE = any */
bool handle_close(uint32_t h);
uint32_t handle_dup(uint32_t h);
/* Places o at the value h (an inherited handle keeps its value in a child
 * process, as on Windows); false when h is invalid or taken. */
bool handle_new_at(uint32_t h, struct handle_obj *o);
/* The next handle value in use after h (0 starts), 0 after the last. */
uint32_t handle_next(uint32_t h);
/* Keeps an object (and its descriptor) alive while a call uses it without
 * the process lock, even if its last handle is closed meanwhile. */
void handle_obj_ref(struct handle_obj *o);
void handle_obj_unref(struct handle_obj *o);
/* HANDLE_FLAG_INHERIT and HANDLE_FLAG_PROTECT_FROM_CLOSE: per handle value
 * (a duplicate has its own), for child processes and GetHandleInformation. */
#define HANDLE_FLAG_INHERIT            0x1u
#define HANDLE_FLAG_PROTECT_FROM_CLOSE 0x2u
uint32_t handle_flags(uint32_t h);
bool handle_set_flags(uint32_t h, uint32_t mask, uint32_t flags);

#endif
