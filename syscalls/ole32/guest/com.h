/* What ole32's and oleaut32's guest code share: HRESULTs, GUIDs, the
 * process heap every COM allocation comes from (CoTaskMemAlloc and BSTRs
 * alike, so either side may free what the other made). */
#ifndef WOWBOX_SYSCALLS_OLE32_GUEST_COM_H
#define WOWBOX_SYSCALLS_OLE32_GUEST_COM_H

#include "syscalls/guest/wg.h"

typedef int32_t HRESULT;
#define S_OK 0
#define S_FALSE 1
#define E_NOTIMPL ((HRESULT)0x80004001u)
#define E_POINTER ((HRESULT)0x80004003u)
#define E_OUTOFMEMORY ((HRESULT)0x8007000Eu)
#define E_INVALIDARG ((HRESULT)0x80070057u)

typedef struct {
    uint32_t Data1;
    uint16_t Data2, Data3;
    uint8_t Data4[8];
} GUID;

WG_IMPORT(kernel32, GetProcessHeap, void *, WINAPI, (void));
WG_IMPORT(kernel32, HeapAlloc, void *, WINAPI, (void *heap, uint32_t flags, size_t size));
WG_IMPORT(kernel32, HeapReAlloc, void *, WINAPI, (void *heap, uint32_t flags, void *p, size_t size));
WG_IMPORT(kernel32, HeapFree, BOOL, WINAPI, (void *heap, uint32_t flags, void *p));

static inline void *com_alloc(size_t n) { return wg_imp_kernel32_HeapAlloc(wg_imp_kernel32_GetProcessHeap(), 0, n); }
static inline void com_free(void *p)
{
    if (p)
        wg_imp_kernel32_HeapFree(wg_imp_kernel32_GetProcessHeap(), 0, p);
}

#endif
