/* ntdll's waits on a guest address: RtlWaitOnAddress and the wakes. A
 * waiter sleeps on the address's key; the value is compared with the
 * process lock held, and a wake also needs it, so none is lost between the
 * comparison and the sleep. */
#include "syscalls/ntdll/address_wait.h"

#include <string.h>

#include "core/clock.h"
#include "core/guest_mem.h"
#include "core/thread.h"
#include "syscalls/ntdll/api_args.h"

static bool valid_size(uint32_t size)
{
    return size == 1 || size == 2 || size == 4 || size == 8;
}

NTSTATUS nt_wait_on_address(struct thunk_call *c, gaddr addr, gaddr cmp, uint32_t size,
                            const uint64_t *ticks)
{
    if (!valid_size(size))
        return STATUS_INVALID_PARAMETER;
    uint8_t expected[8];
    if (!gm_read(cmp, expected, size))
        return STATUS_ACCESS_VIOLATION;
    struct timespec deadline;
    if (ticks && *ticks)
        clock_deadline(*ticks, &deadline);
    uintptr_t key = thread_address_key(addr);
    for (bool slept = false;; slept = true) {
        uint8_t now[8];
        if (!gm_read(addr, now, size))
            return STATUS_ACCESS_VIOLATION;
        /* Windows returns at the first wake, whatever the value; a changed
         * value before any wake returns at once */
        if (memcmp(now, expected, size) != 0 || slept)
            return STATUS_SUCCESS;
        if (ticks && *ticks == 0)
            return STATUS_TIMEOUT;
        enum thread_wake w = thread_wait(&key, 1, ticks ? &deadline : NULL);
        if (w == THREAD_TERMINATED) {
            c->no_return = true;
            return STATUS_SUCCESS;
        }
        if (w == THREAD_TIMEOUT) {
            clock_waited(*ticks);
            return STATUS_TIMEOUT;
        }
    }
}

/* NT timeouts: negative is relative (100 ns), positive an absolute system
 * time, zero a poll. */
static bool nt_timeout_ticks(gaddr timeout, uint64_t *ticks, NTSTATUS *status)
{
    uint32_t half[2];
    if (!gm_read(timeout, half, sizeof half)) {
        *status = STATUS_ACCESS_VIOLATION;
        return false;
    }
    int64_t t = (int64_t)((uint64_t)half[1] << 32 | half[0]);
    if (t <= 0) {
        *ticks = (uint64_t)-t;
        return true;
    }
    uint64_t now = clock_peek_filetime();
    *ticks = (uint64_t)t > now ? (uint64_t)t - now : 0;
    return true;
}

uint64_t ntdll_RtlWaitOnAddress(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlWaitOnAddress, a);
    uint64_t ticks;
    NTSTATUS st;
    if (a.Timeout && !nt_timeout_ticks(a.Timeout, &ticks, &st))
        return st;
    return nt_wait_on_address(c, a.Address, a.CompareAddress, a.AddressSize, a.Timeout ? &ticks : NULL);
}

/* Waits may end for other reasons too, as Windows allows, so Single wakes
 * every waiter on the address (the heap lock's waiters in RtlLockHeap
 * among them); each re-checks its condition. */
uint64_t ntdll_RtlWakeAddressAll(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlWakeAddressAll, a);
    thread_wake(thread_address_key(a.Address));
    return 0;
}

uint64_t ntdll_RtlWakeAddressSingle(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlWakeAddressSingle, a);
    thread_wake(thread_address_key(a.Address));
    return 0;
}
