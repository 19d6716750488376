/* kernel32's WaitOnAddress and WakeByAddress*: Win32 faces of ntdll's
 * address waits (syscalls/ntdll/address_wait.c), as kernelbase's are. */
#include "core/process.h"
#include "core/sync.h"
#include "core/thread.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/ntdll/address_wait.h"
#include "syscalls/win32_errors.h"

uint64_t kernel32_WaitOnAddress(struct thunk_call *c)
{
    API_ARGS(kernel32, WaitOnAddress, a);
    uint64_t ticks = (uint64_t)a.dwMilliseconds * 10000;
    NTSTATUS st = nt_wait_on_address(c, a.Address, a.CompareAddress, a.AddressSize,
                                     a.dwMilliseconds == WAIT_INFINITE ? NULL : &ticks);
    if (st == STATUS_SUCCESS)
        return 1;
    /* STATUS_TIMEOUT is a success code: RtlNtStatusToDosError has no
     * entry for it, and WaitOnAddress reports ERROR_TIMEOUT */
    teb_set_last_error(st == STATUS_TIMEOUT ? ERROR_TIMEOUT : ntstatus_to_win32(st));
    return 0;
}

uint64_t kernel32_WakeByAddressAll(struct thunk_call *c)
{
    API_ARGS(kernel32, WakeByAddressAll, a);
    thread_wake(thread_address_key(a.Address));
    return 0;
}

uint64_t kernel32_WakeByAddressSingle(struct thunk_call *c)
{
    API_ARGS(kernel32, WakeByAddressSingle, a);
    thread_wake(thread_address_key(a.Address));
    return 0;
}
