/* CoGetMalloc's IMalloc: one static object whose methods are the task
 * allocator's (the process heap), as Windows hands out one per process. */
#include "syscalls/ole32/guest/com.h"

#define E_NOINTERFACE ((HRESULT)0x80004002u)
#define MEMCTX_TASK 1u

WG_IMPORT(kernel32, HeapSize, size_t, WINAPI, (void *heap, uint32_t flags, const void *p));
WG_IMPORT(kernel32, HeapValidate, BOOL, WINAPI, (void *heap, uint32_t flags, const void *p));

void *WINAPI ole32_CoTaskMemRealloc(void *p, size_t n);

struct imalloc {
    const struct imalloc_vtbl *vtbl;
};

struct imalloc_vtbl {
    HRESULT(WINAPI *QueryInterface)(struct imalloc *self, const GUID *iid, void **out);
    uint32_t(WINAPI *AddRef)(struct imalloc *self);
    uint32_t(WINAPI *Release)(struct imalloc *self);
    void *(WINAPI *Alloc)(struct imalloc *self, size_t n);
    void *(WINAPI *Realloc)(struct imalloc *self, void *p, size_t n);
    void(WINAPI *Free)(struct imalloc *self, void *p);
    size_t(WINAPI *GetSize)(struct imalloc *self, void *p);
    int(WINAPI *DidAlloc)(struct imalloc *self, void *p);
    void(WINAPI *HeapMinimize)(struct imalloc *self);
};

/* IID_IUnknown {00000000-...} and IID_IMalloc {00000002-...}: both end
 * C000-000000000046 */
static BOOL known_iid(const GUID *iid)
{
    static const uint8_t tail[8] = {0xC0, 0, 0, 0, 0, 0, 0, 0x46};
    return (iid->Data1 == 0 || iid->Data1 == 2) && iid->Data2 == 0 && iid->Data3 == 0 && !memcmp(iid->Data4, tail, 8);
}

static HRESULT WINAPI m_query(struct imalloc *self, const GUID *iid, void **out)
{
    if (!out)
        return E_POINTER;
    *out = known_iid(iid) ? self : 0;
    return *out ? S_OK : E_NOINTERFACE;
}

/* the object is never freed: counts mean nothing */
static uint32_t WINAPI m_addref(struct imalloc *self) { (void)self; return 2; }
static uint32_t WINAPI m_release(struct imalloc *self) { (void)self; return 1; }
static void *WINAPI m_alloc(struct imalloc *self, size_t n) { (void)self; return com_alloc(n); }
static void *WINAPI m_realloc(struct imalloc *self, void *p, size_t n) { (void)self; return ole32_CoTaskMemRealloc(p, n); }
static void WINAPI m_free(struct imalloc *self, void *p) { (void)self; com_free(p); }

/* (SIZE_T)-1 for NULL, as Windows */
static size_t WINAPI m_getsize(struct imalloc *self, void *p)
{
    (void)self;
    return p ? wg_imp_kernel32_HeapSize(wg_imp_kernel32_GetProcessHeap(), 0, p) : (size_t)-1;
}

/* 1: this allocator's block, 0: not, -1 for NULL (cannot tell) */
static int WINAPI m_didalloc(struct imalloc *self, void *p)
{
    (void)self;
    if (!p)
        return -1;
    return wg_imp_kernel32_HeapValidate(wg_imp_kernel32_GetProcessHeap(), 0, p) ? 1 : 0;
}

static void WINAPI m_minimize(struct imalloc *self) { (void)self; }

static const struct imalloc_vtbl vtbl = {m_query, m_addref, m_release, m_alloc, m_realloc,
                                         m_free, m_getsize, m_didalloc, m_minimize};
/* read-only: guest code keeps no writable data, and no method writes it */
static const struct imalloc task_malloc = {&vtbl};

HRESULT WINAPI ole32_CoGetMalloc(uint32_t context, struct imalloc **out)
{
    if (!out)
        return E_POINTER;
    *out = context == MEMCTX_TASK ? (struct imalloc *)&task_malloc : 0;
    return *out ? S_OK : E_INVALIDARG;
}
