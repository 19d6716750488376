/* kernel32's IsBad*Ptr: TRUE when touching the memory would fault. Windows
 * touches it under an SEH frame; this asks the address-space map the same
 * question, with the same side effect: a guard page in the way faults once
 * and loses its guard. Sizes never wrap (a range past 4 GB is bad), and
 * zero-length ranges are good even at NULL, as on Windows. */
#include "core/guest_mem.h"
#include "core/vm.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"

/* The probe stops at the first page that faults; a guard page's fault
 * consumes the guard, as the kernel does before raising it. */
static void fault_first_page(gaddr p, uint32_t n, bool write)
{
    for (uint64_t a = p & ~(uint64_t)(VM_PAGE_SIZE - 1); a < (uint64_t)p + n; a += VM_PAGE_SIZE) {
        struct vm_region_info r;
        if (vm_query(g_vm, (gaddr)a, &r) != STATUS_SUCCESS || r.state != MEM_COMMIT)
            return;
        if (r.prot & PAGE_GUARD) {
            vm_protect(g_vm, (gaddr)a, VM_PAGE_SIZE, r.prot & ~PAGE_GUARD, NULL);
            return;
        }
        if (write ? !gm_writable((gaddr)a, 1) : !gm_readable((gaddr)a, 1))
            return;
    }
}

static bool bad_range(gaddr p, uint32_t n, bool write)
{
    if (n == 0)
        return false;
    if ((uint64_t)p + n > ((uint64_t)1 << 32))
        return true;
    if (write ? gm_writable(p, n) : gm_readable(p, n))
        return false;
    fault_first_page(p, n, write);
    return true;
}

uint64_t kernel32_IsBadReadPtr(struct thunk_call *c)
{
    API_ARGS(kernel32, IsBadReadPtr, a);
    return bad_range(a.lp, a.ucb, false);
}

uint64_t kernel32_IsBadHugeReadPtr(struct thunk_call *c)
{
    API_ARGS(kernel32, IsBadHugeReadPtr, a);
    return bad_range(a.lp, a.ucb, false);
}

uint64_t kernel32_IsBadWritePtr(struct thunk_call *c)
{
    API_ARGS(kernel32, IsBadWritePtr, a);
    return bad_range(a.lp, a.ucb, true);
}

uint64_t kernel32_IsBadHugeWritePtr(struct thunk_call *c)
{
    API_ARGS(kernel32, IsBadHugeWritePtr, a);
    return bad_range(a.lp, a.ucb, true);
}

uint64_t kernel32_IsBadCodePtr(struct thunk_call *c)
{
    API_ARGS(kernel32, IsBadCodePtr, a);
    return bad_range(a.lpfn, 1, false);
}

/* Good when readable up to the terminator or ucchMax characters. */
uint64_t kernel32_IsBadStringPtrA(struct thunk_call *c)
{
    API_ARGS(kernel32, IsBadStringPtrA, a);
    return a.ucchMax && gm_strnlen(a.lpsz, a.ucchMax) < 0;
}

uint64_t kernel32_IsBadStringPtrW(struct thunk_call *c)
{
    API_ARGS(kernel32, IsBadStringPtrW, a);
    return a.ucchMax && gm_wcsnlen(a.lpsz, a.ucchMax) < 0;
}
