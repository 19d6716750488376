/* The per-thread C++ exception state (VCRT_THREAD_DATA32): a block in
 * guest memory per thread, created on first use, which the guest frame
 * handler reads and writes through the address __current_exception gives. */
#include "core/heap.h"
#include "core/process.h"
#include "syscalls/ucrtbase/terminate.h"
#include "syscalls/api.h"
#include "syscalls/vcruntime140/api_args.h"
#include "syscalls/vcruntime140/struct32.h"

static _Thread_local gaddr thread_block;

static gaddr block(void)
{
    if (!thread_block)
        thread_block = heap_alloc(proc->process_heap, sizeof(VCRT_THREAD_DATA32), HEAP_ZERO_MEMORY);
    return thread_block;
}

uint64_t vcruntime140___current_exception(struct thunk_call *c)
{
    (void)c;
    return block();
}

uint64_t vcruntime140___current_exception_context(struct thunk_call *c)
{
    (void)c;
    gaddr b = block();
    return b ? b + offsetof(VCRT_THREAD_DATA32, curContext) : 0;
}

uint64_t vcruntime140___processing_throw(struct thunk_call *c)
{
    (void)c;
    gaddr b = block();
    return b ? b + offsetof(VCRT_THREAD_DATA32, processingThrow) : 0;
}

static int32_t in_flight(void)
{
    VCRT_THREAD_DATA32 d = { 0 };
    gaddr b = block();
    return b && gm_read(b, &d, sizeof d) ? d.processingThrow : 0;
}

uint64_t vcruntime140___uncaught_exception(struct thunk_call *c)
{
    (void)c;
    return in_flight() > 0;
}

uint64_t vcruntime140___uncaught_exceptions(struct thunk_call *c)
{
    (void)c;
    return (uint32_t)in_flight();
}

uint64_t vcruntime140___std_terminate(struct thunk_call *c) { return ucrt_terminate(c); }
