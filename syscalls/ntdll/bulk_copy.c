/* RtlCopyMappedMemory on the host: the bulk of large memcpy/memmove/memset
 * calls made in guest code. The guest half (syscalls/guest/bulk_memory.c)
 * has touched every page of both ranges first, so a bad pointer faulted
 * there, in the guest, as on Windows; what is left is one host memmove,
 * where a guest copy under Unicorn costs ~85 ns a store. */
#include "core/guest_mem.h"
#include "core/ntstatus.h"
#include "syscalls/api.h"
#include "syscalls/ntdll/api_args.h"

/* Windows returns the code of an in-page error instead of raising it; here
 * a range the map refuses (freed by another thread since the guest's probe)
 * is STATUS_ACCESS_VIOLATION with nothing copied, and the guest half then
 * copies in guest code, which faults where Windows would. Overlapping
 * ranges are copied as by memmove. */
uint64_t ntdll_RtlCopyMappedMemory(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlCopyMappedMemory, a);
    return gm_move(a.Destination, a.Source, a.Size) ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
}
