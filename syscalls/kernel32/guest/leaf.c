/* kernel32 leaf functions answered from the TEB with no transition, as real
 * kernel32 reads them through fs. */
#include "syscalls/guest/wg.h"

#define ERROR_INVALID_PARAMETER 87u

uint32_t WINAPI kernel32_GetLastError(void) { return TEB_GET(TEB_LAST_ERROR); }

void WINAPI kernel32_SetLastError(uint32_t code) { wg_set_last_error(code); }

uint32_t WINAPI kernel32_GetCurrentProcessId(void) { return TEB_GET(TEB_CLIENT_PID); }

uint32_t WINAPI kernel32_GetCurrentThreadId(void) { return TEB_GET(TEB_CLIENT_TID); }

/* the pseudo-handles (HANDLE)-1 and (HANDLE)-2 */
uint32_t WINAPI kernel32_GetCurrentProcess(void) { return 0xFFFFFFFFu; }

uint32_t WINAPI kernel32_GetCurrentThread(void) { return 0xFFFFFFFEu; }

#define ERROR_NOT_ENOUGH_MEMORY 8u
#define HEAP_ZERO_MEMORY 0x8u

WG_IMPORT(kernel32, GetProcessHeap, void *, WINAPI, (void));
WG_IMPORT(kernel32, HeapAlloc, void *, WINAPI, (void *heap, uint32_t flags, size_t size));

/* Indexes 64..1087 live in the thread's expansion array, which the first
 * TlsSetValue of such an index makes; until then each of them reads NULL.
 * A successful read clears the last error, as Windows' does. */
uint32_t WINAPI kernel32_TlsGetValue(uint32_t index)
{
    if (index >= TLS_MINIMUM_AVAILABLE + TLS_EXPANSION_SLOTS) {
        wg_set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    wg_set_last_error(0);
    if (index < TLS_MINIMUM_AVAILABLE)
        return TEB_GET_AT(TEB_TLS_SLOTS, index);
    const uint32_t *slots = (const uint32_t *)TEB_GET(TEB_TLS_EXPANSION);
    return slots ? slots[index - TLS_MINIMUM_AVAILABLE] : 0;
}

BOOL WINAPI kernel32_TlsSetValue(uint32_t index, uint32_t value)
{
    if (index >= TLS_MINIMUM_AVAILABLE + TLS_EXPANSION_SLOTS) {
        wg_set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (index < TLS_MINIMUM_AVAILABLE) {
        TEB_SET_AT(TEB_TLS_SLOTS, index, value);
        return 1;
    }
    uint32_t *slots = (uint32_t *)TEB_GET(TEB_TLS_EXPANSION);
    if (!slots) {
        slots = wg_imp_kernel32_HeapAlloc(wg_imp_kernel32_GetProcessHeap(), HEAP_ZERO_MEMORY,
                                          TLS_EXPANSION_SLOTS * 4);
        if (!slots) {
            wg_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return 0;
        }
        TEB_SET(TEB_TLS_EXPANSION, (uint32_t)slots);
    }
    slots[index - TLS_MINIMUM_AVAILABLE] = value;
    return 1;
}
