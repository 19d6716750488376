/* ws2_32 error state: Winsock keeps its last error in the thread's
 * LastErrorValue, so WSAGetLastError and GetLastError agree. */
#include "core/process.h"
#include "syscalls/api.h"

uint64_t ws2_32_WSAGetLastError(struct thunk_call *c) { (void)c; return teb_get_last_error(); }

uint64_t ws2_32_WSASetLastError(struct thunk_call *c)
{
    teb_set_last_error(arg(c, 0));
    return 0;
}
