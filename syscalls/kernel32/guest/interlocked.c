/* kernel32's Interlocked* exports as guest code: one locked instruction
 * each, as Windows' kernel32 has them; a bad pointer faults here. */
#include "syscalls/guest/wg.h"

int32_t WINAPI kernel32_InterlockedIncrement(volatile int32_t *p) { return __atomic_add_fetch(p, 1, __ATOMIC_SEQ_CST); }
int32_t WINAPI kernel32_InterlockedDecrement(volatile int32_t *p) { return __atomic_sub_fetch(p, 1, __ATOMIC_SEQ_CST); }

int32_t WINAPI kernel32_InterlockedExchange(volatile int32_t *p, int32_t v)
{
    return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
}

int32_t WINAPI kernel32_InterlockedExchangeAdd(volatile int32_t *p, int32_t v)
{
    return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);
}

/* The initial value, whether or not the exchange happened. */
int32_t WINAPI kernel32_InterlockedCompareExchange(volatile int32_t *p, int32_t exchange, int32_t comperand)
{
    __atomic_compare_exchange_n(p, &comperand, exchange, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return comperand;
}

/* lock cmpxchg8b, available since the Pentium. */
int64_t WINAPI kernel32_InterlockedCompareExchange64(volatile int64_t *p, int64_t exchange, int64_t comperand)
{
    __atomic_compare_exchange_n(p, &comperand, exchange, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return comperand;
}
