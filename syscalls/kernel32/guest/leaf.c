/* kernel32 leaf functions answered from the TEB with no transition, as real
 * kernel32 reads them through fs. */
#include "syscalls/guest/wg.h"

#define ERROR_INVALID_PARAMETER 87u
#define TLS_MINIMUM_AVAILABLE 64u

uint32_t WINAPI kernel32_GetLastError(void) { return TEB_GET(TEB_LAST_ERROR); }

void WINAPI kernel32_SetLastError(uint32_t code) { wg_set_last_error(code); }

uint32_t WINAPI kernel32_GetCurrentProcessId(void) { return TEB_GET(TEB_CLIENT_PID); }

uint32_t WINAPI kernel32_GetCurrentThreadId(void) { return TEB_GET(TEB_CLIENT_TID); }

/* the pseudo-handles (HANDLE)-1 and (HANDLE)-2 */
uint32_t WINAPI kernel32_GetCurrentProcess(void) { return 0xFFFFFFFFu; }

uint32_t WINAPI kernel32_GetCurrentThread(void) { return 0xFFFFFFFEu; }

/* Slots past the 64 in the TEB are not handed out (TlsAlloc), so an index
 * there is invalid. A successful read clears the last error, as Windows'. */
uint32_t WINAPI kernel32_TlsGetValue(uint32_t index)
{
    if (index >= TLS_MINIMUM_AVAILABLE) {
        wg_set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    wg_set_last_error(0);
    return TEB_GET_AT(TEB_TLS_SLOTS, index);
}

BOOL WINAPI kernel32_TlsSetValue(uint32_t index, uint32_t value)
{
    if (index >= TLS_MINIMUM_AVAILABLE) {
        wg_set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    TEB_SET_AT(TEB_TLS_SLOTS, index, value);
    return 1;
}
