/* ws2_32 error state: Winsock keeps its last error in the thread's
 * LastErrorValue, so WSAGetLastError and GetLastError agree. */
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/ws2_32/api_args.h"

uint64_t ws2_32_WSAGetLastError(struct thunk_call *c) { (void)c; return teb_get_last_error(); }

uint64_t ws2_32_WSASetLastError(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSASetLastError, a);
    teb_set_last_error(a.iError);
    return 0;
}
