/* NetApiBuffer*: every buffer a Net* function hands out is one block of
 * the process heap, so NetApiBufferFree frees any of them. */
#include <stdlib.h>
#include <string.h>

#include "core/heap.h"
#include "core/process.h"
#include "core/unicode.h"
#include "syscalls/api.h"
#include "syscalls/netapi32/api_args.h"
#include "syscalls/netapi32/netapi.h"
#include "syscalls/win32_errors.h"

gaddr netapi_alloc(uint32_t size)
{
    return heap_alloc(proc->process_heap, size ? size : 1, HEAP_ZERO_MEMORY);
}

uint64_t netapi32_NetApiBufferAllocate(struct thunk_call *c)
{
    API_ARGS(netapi32, NetApiBufferAllocate, a);
    if (!a.Buffer)
        return ERROR_INVALID_PARAMETER;
    gaddr b = netapi_alloc(a.ByteCount);
    if (!gm_write_u32(a.Buffer, b)) {
        heap_free(proc->process_heap, b);
        return ERROR_INVALID_PARAMETER;
    }
    return b ? NERR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
}

uint64_t netapi32_NetApiBufferFree(struct thunk_call *c)
{
    API_ARGS(netapi32, NetApiBufferFree, a);
    if (!a.Buffer)
        return NERR_SUCCESS;
    return heap_free(proc->process_heap, a.Buffer) ? NERR_SUCCESS : ERROR_INVALID_PARAMETER;
}

uint64_t netapi32_NetApiBufferReallocate(struct thunk_call *c)
{
    API_ARGS(netapi32, NetApiBufferReallocate, a);
    if (!a.NewBuffer)
        return ERROR_INVALID_PARAMETER;
    gaddr b;
    if (!a.OldBuffer) {
        b = netapi_alloc(a.NewByteCount);
    } else if (!a.NewByteCount) { /* size 0 frees, as Windows does */
        heap_free(proc->process_heap, a.OldBuffer);
        return gm_write_u32(a.NewBuffer, 0) ? NERR_SUCCESS : ERROR_INVALID_PARAMETER;
    } else {
        b = heap_realloc(proc->process_heap, a.OldBuffer, a.NewByteCount, HEAP_ZERO_MEMORY);
    }
    if (!b)
        return ERROR_NOT_ENOUGH_MEMORY; /* the old buffer stays valid */
    return gm_write_u32(a.NewBuffer, b) ? NERR_SUCCESS : ERROR_INVALID_PARAMETER;
}

uint64_t netapi32_NetApiBufferSize(struct thunk_call *c)
{
    API_ARGS(netapi32, NetApiBufferSize, a);
    if (!a.Buffer || !a.ByteCount)
        return ERROR_INVALID_PARAMETER;
    uint32_t n = heap_size(proc->process_heap, a.Buffer);
    if (n == UINT32_MAX)
        return ERROR_INVALID_PARAMETER;
    return gm_write_u32(a.ByteCount, n) ? NERR_SUCCESS : ERROR_INVALID_PARAMETER;
}

void netapi_result_init(struct netapi_result *r, uint32_t fixed)
{
    memset(r, 0, sizeof *r);
    r->used = fixed;
}

void netapi_result_u32(struct netapi_result *r, uint32_t member, uint32_t v)
{
    memcpy(r->data + member, &v, 4);
}

bool netapi_result_str(struct netapi_result *r, uint32_t member, const char *s)
{
    size_t len;
    uint16_t *w = utf8_to_utf16(s, &len);
    uint32_t bytes = (uint32_t)(len + 1) * 2;
    bool ok = w && r->nslots < NETAPI_SLOTS_MAX && bytes <= NETAPI_RESULT_MAX - r->used;
    if (ok) {
        memcpy(r->data + r->used, w, bytes);
        netapi_result_u32(r, member, r->used);
        r->slots[r->nslots++] = member;
        r->used += bytes;
    }
    free(w);
    return ok;
}

uint32_t netapi_result_return(struct netapi_result *r, gaddr out)
{
    gaddr b = netapi_alloc(r->used);
    if (!b)
        return ERROR_NOT_ENOUGH_MEMORY;
    for (unsigned i = 0; i < r->nslots; i++) {
        uint32_t v;
        memcpy(&v, r->data + r->slots[i], 4);
        netapi_result_u32(r, r->slots[i], b + v);
    }
    if (!gm_write(b, r->data, r->used) || !gm_write_u32(out, b)) {
        heap_free(proc->process_heap, b);
        return ERROR_INVALID_PARAMETER;
    }
    return NERR_SUCCESS;
}
