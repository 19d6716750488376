/* The thread's COM apartment: CoInitialize(Ex)/OleInitialize count per
 * thread in a block TEB.ReservedForOle points to (as Windows keeps its
 * per-thread OLE data there), and object creation, which finds no class:
 * wowbox has no COM servers, so every CLSID is unregistered. */
#include "syscalls/ole32/guest/com.h"

#define RPC_E_CHANGED_MODE ((HRESULT)0x80010106u)
#define CO_E_NOTINITIALIZED ((HRESULT)0x800401F0u)
#define REGDB_E_CLASSNOTREG ((HRESULT)0x80040154u)
#define COINIT_APARTMENTTHREADED 0x2u

struct apartment {
    uint32_t inits; /* CoInitialize calls not yet undone */
    uint32_t sta;   /* single-threaded apartment (else multithreaded) */
};

static struct apartment *current(void) { return (struct apartment *)TEB_GET(TEB_RESERVED_FOR_OLE); }

/* S_OK for the thread's first call, S_FALSE for each further one of the
 * same model, RPC_E_CHANGED_MODE (not counted) for the other model. */
HRESULT WINAPI ole32_CoInitializeEx(void *reserved, uint32_t coinit)
{
    if (reserved)
        return E_INVALIDARG;
    uint32_t sta = (coinit & COINIT_APARTMENTTHREADED) != 0;
    struct apartment *ap = current();
    if (!ap) {
        ap = com_alloc(sizeof *ap);
        if (!ap)
            return E_OUTOFMEMORY;
        ap->inits = 0;
        TEB_SET(TEB_RESERVED_FOR_OLE, ap);
    }
    if (ap->inits && ap->sta != sta)
        return RPC_E_CHANGED_MODE;
    ap->sta = sta;
    return ap->inits++ ? S_FALSE : S_OK;
}

HRESULT WINAPI ole32_CoInitialize(void *reserved)
{
    return ole32_CoInitializeEx(reserved, COINIT_APARTMENTTHREADED);
}

/* Undoes one successful CoInitialize; nothing when none is left. */
void WINAPI ole32_CoUninitialize(void)
{
    struct apartment *ap = current();
    if (ap && ap->inits)
        ap->inits--;
}

HRESULT WINAPI ole32_OleInitialize(void *reserved)
{
    return ole32_CoInitializeEx(reserved, COINIT_APARTMENTTHREADED);
}

void WINAPI ole32_OleUninitialize(void) { ole32_CoUninitialize(); }

static HRESULT no_class(void **ppv)
{
    if (!ppv)
        return E_POINTER;
    *ppv = 0;
    struct apartment *ap = current();
    return ap && ap->inits ? REGDB_E_CLASSNOTREG : CO_E_NOTINITIALIZED;
}

HRESULT WINAPI ole32_CoCreateInstance(const GUID *clsid, void *outer, uint32_t context, const GUID *iid, void **ppv)
{
    (void)clsid, (void)outer, (void)context, (void)iid;
    return no_class(ppv);
}

HRESULT WINAPI ole32_CoGetClassObject(const GUID *clsid, uint32_t context, void *server, const GUID *iid, void **ppv)
{
    (void)clsid, (void)context, (void)server, (void)iid;
    return no_class(ppv);
}

/* MULTI_QI: each requested interface gets NULL and the failure. */
typedef struct {
    const GUID *pIID;
    void *pItf;
    HRESULT hr;
} MULTI_QI;

HRESULT WINAPI ole32_CoCreateInstanceEx(const GUID *clsid, void *outer, uint32_t context, void *server, uint32_t count,
                                        MULTI_QI *results)
{
    (void)clsid, (void)outer, (void)context, (void)server;
    if (!count || !results)
        return E_INVALIDARG;
    void *unused;
    HRESULT hr = no_class(&unused);
    for (uint32_t i = 0; i < count; i++) {
        results[i].pItf = 0;
        results[i].hr = hr;
    }
    return hr;
}
