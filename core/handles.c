/* The process handle table. Handle values start at 4 and step by 4 as on
 * Windows; a closed value is reused only after the rest, so stale handles
 * are likely to be caught. */
#include "core/handles.h"

#include <stdlib.h>
#include <unistd.h>

#include "core/thread.h"
#include "core/trace.h"
#include "core/trace_record.h"

#define MAX_HANDLES 16384u

static struct handle_obj *objs[MAX_HANDLES];
static uint8_t slot_flags[MAX_HANDLES];
static uint32_t next_slot = 1;

static uint32_t slot_of(uint32_t h)
{
    if (h & 3u || h == 0 || h / 4 >= MAX_HANDLES)
        return 0;
    return h / 4;
}

uint32_t handle_new(struct handle_obj *o)
{
    for (uint32_t n = 0; n < MAX_HANDLES; n++) {
        uint32_t s = next_slot;
        next_slot = next_slot + 1 >= MAX_HANDLES ? 1 : next_slot + 1;
        if (!objs[s]) {
            o->refs = 1;
            objs[s] = o;
            slot_flags[s] = 0;
            return s * 4;
        }
    }
    return 0;
}

struct handle_obj *handle_get(uint32_t h, enum handle_type type)
{
    uint32_t s = slot_of(h);
    if (!s || !objs[s])
        return NULL;
    if (type != HANDLE_FREE && objs[s]->type != type)
        return NULL;
    return objs[s];
}

/* The last reference to an open file is gone: the kernel logger's
 * Cleanup and Close, whichever API closed it. */
static void record_file_end(struct handle_obj *o)
{
    uint32_t tid = current_thread ? current_thread->tid : 0, id = trace_record_object_id(&o->trace_id);
    TRACE_RECORD(TRACE_REC_FILE_CLEANUP, trace_record_irp(), tid, id, id);
    TRACE_RECORD(TRACE_REC_FILE_CLOSE, trace_record_irp(), tid, id, id);
}

static void release(struct handle_obj *o)
{
    if (--o->refs > 0)
        return;
    if (o->type == HANDLE_FILE)
        record_file_end(o);
    if (o->destroy)
        o->destroy(o);
    if (o->fd > 2)
        close(o->fd);
    free(o->host_path);
    free(o);
}

bool handle_close(uint32_t h)
{
    uint32_t s = slot_of(h);
    if (!s || !objs[s] || (slot_flags[s] & HANDLE_FLAG_PROTECT_FROM_CLOSE))
        return false;
    release(objs[s]);
    objs[s] = NULL;
    slot_flags[s] = 0;
    return true;
}

void handle_obj_ref(struct handle_obj *o)
{
    o->refs++;
}

void handle_obj_unref(struct handle_obj *o)
{
    release(o);
}

uint32_t handle_flags(uint32_t h)
{
    uint32_t s = slot_of(h);
    return s && objs[s] ? slot_flags[s] : 0;
}

bool handle_set_flags(uint32_t h, uint32_t mask, uint32_t flags)
{
    uint32_t s = slot_of(h);
    if (!s || !objs[s])
        return false;
    slot_flags[s] = (uint8_t)((slot_flags[s] & ~mask) | (flags & mask));
    return true;
}

uint32_t handle_dup(uint32_t h)
{
    struct handle_obj *o = handle_get(h, HANDLE_FREE);
    if (!o)
        return 0;
    for (uint32_t s = 1; s < MAX_HANDLES; s++) {
        if (!objs[s]) {
            o->refs++;
            objs[s] = o;
            slot_flags[s] = 0;
            return s * 4;
        }
    }
    return 0;
}

bool handle_new_at(uint32_t h, struct handle_obj *o)
{
    uint32_t s = slot_of(h);
    if (!s || objs[s])
        return false;
    o->refs = 1;
    objs[s] = o;
    slot_flags[s] = 0;
    return true;
}

uint32_t handle_next(uint32_t h)
{
    for (uint32_t s = h / 4 + 1; s < MAX_HANDLES; s++)
        if (objs[s])
            return s * 4;
    return 0;
}
