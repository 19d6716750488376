// build-flags: -lole32 -luuid
/* com_basics.c - ole32 without COM servers: CoInitialize(Ex) counts per
 * thread (S_OK, S_FALSE, RPC_E_CHANGED_MODE for the other model, again
 * S_OK after the last CoUninitialize; another thread has its own count),
 * CoCreateInstance fails with REGDB_E_CLASSNOTREG and a NULL out pointer
 * (CO_E_NOTINITIALIZED before CoInitialize), the task allocator and its
 * IMalloc, GUID text
 * both ways and CoCreateGuid's version-4 GUIDs. */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <objbase.h>

static const GUID sample = {0x12345678, 0x9ABC, 0xDEF0, {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF}};

static DWORD WINAPI other_thread(void *arg)
{
    (void)arg;
    HRESULT a = CoInitializeEx(NULL, COINIT_MULTITHREADED);
    HRESULT b = CoInitializeEx(NULL, COINIT_MULTITHREADED);
    printf("other thread: MTA %08lx then %08lx\n", a, b);
    CoUninitialize();
    CoUninitialize();
    return 0;
}

static void apartments(void)
{
    void *p = (void *)1;
    HRESULT hr = CoCreateInstance(&sample, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, &p);
    printf("CoCreateInstance before CoInitialize: %08lx, out %p\n", hr, p);
    printf("CoInitialize: %08lx\n", CoInitialize(NULL));
    printf("CoInitialize again: %08lx\n", CoInitialize(NULL));
    printf("CoInitializeEx(MTA): %08lx\n", CoInitializeEx(NULL, COINIT_MULTITHREADED));
    printf("CoInitializeEx(STA): %08lx\n", CoInitializeEx(NULL, COINIT_APARTMENTTHREADED));
    printf("CoInitializeEx(reserved != NULL): %08lx\n", CoInitializeEx((void *)1, COINIT_APARTMENTTHREADED));
    HANDLE t = CreateThread(NULL, 0, other_thread, NULL, 0, NULL);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    p = (void *)1;
    hr = CoCreateInstance(&sample, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, &p);
    printf("CoCreateInstance: %08lx, out %p\n", hr, p);
    printf("CoCreateInstance(NULL out): %08lx\n", CoCreateInstance(&sample, NULL, CLSCTX_ALL, &IID_IUnknown, NULL));
    p = (void *)1;
    hr = CoGetClassObject(&sample, CLSCTX_INPROC_SERVER, NULL, &IID_IUnknown, &p);
    printf("CoGetClassObject: %08lx, out %p\n", hr, p);
    CoUninitialize();
    CoUninitialize();
    CoUninitialize(); /* one more than succeeded: nothing */
    printf("CoInitializeEx(MTA) after the last CoUninitialize: %08lx\n", CoInitializeEx(NULL, COINIT_MULTITHREADED));
    CoUninitialize();
    printf("OleInitialize: %08lx\n", OleInitialize(NULL));
    OleUninitialize();
}

static void task_memory(void)
{
    char *p = CoTaskMemAlloc(16);
    strcpy(p, "task memory");
    p = CoTaskMemRealloc(p, 4096);
    printf("CoTaskMemRealloc kept: %s\n", p);
    printf("CoTaskMemRealloc(p, 0): %p\n", CoTaskMemRealloc(p, 0));
    p = CoTaskMemRealloc(NULL, 8);
    printf("CoTaskMemRealloc(NULL, 8) allocates: %d\n", p != NULL);
    CoTaskMemFree(p);
    CoTaskMemFree(NULL);
    IMalloc *m = NULL, *q = NULL;
    HRESULT hr = CoGetMalloc(MEMCTX_TASK, &m);
    printf("CoGetMalloc: %08lx\n", hr);
    void *block = m->lpVtbl->Alloc(m, 100);
    printf("IMalloc: GetSize >= 100: %d, DidAlloc: %d, DidAlloc(NULL): %d\n", m->lpVtbl->GetSize(m, block) >= 100,
           m->lpVtbl->DidAlloc(m, block), m->lpVtbl->DidAlloc(m, NULL));
    CoTaskMemFree(block); /* the same allocator */
    hr = m->lpVtbl->QueryInterface(m, &IID_IMalloc, (void **)&q);
    printf("IMalloc QueryInterface(IID_IMalloc): %08lx, same object: %d\n", hr, q == m);
    m->lpVtbl->Release(m);
    m = (IMalloc *)1;
    hr = CoGetMalloc(MEMCTX_SHARED, &m);
    printf("CoGetMalloc(MEMCTX_SHARED): %08lx, out %p\n", hr, (void *)m);
}

static void guid_text(void)
{
    WCHAR text[39];
    printf("StringFromGUID2: %d %ls\n", StringFromGUID2(&sample, text, 39), text);
    printf("StringFromGUID2 with 38 characters of room: %d\n", StringFromGUID2(&sample, text, 38));
    LPOLESTR s = NULL;
    HRESULT hr = StringFromCLSID(&sample, &s);
    printf("StringFromCLSID: %08lx %ls\n", hr, s);
    CoTaskMemFree(s);
    GUID g;
    hr = CLSIDFromString(L"{12345678-9abc-DEF0-0123-456789abcdef}", &g);
    printf("CLSIDFromString: %08lx, equal: %d\n", hr, IsEqualGUID(&g, &sample));
    printf("CLSIDFromString(bad): %08lx\n", CLSIDFromString(L"{12345678-9abc-DEF0-0123-456789abcdeX}", &g));
    printf("CLSIDFromString(no braces): %08lx\n", CLSIDFromString(L"12345678-9abc-DEF0-0123-456789abcdef", &g));
    hr = IIDFromString(L"{00000000-0000-0000-C000-000000000046}", &g);
    printf("IIDFromString(IID_IUnknown): %08lx, equal: %d\n", hr, IsEqualGUID(&g, &IID_IUnknown));
    printf("IIDFromString(bad): %08lx\n", IIDFromString(L"{0000}", &g));
    GUID a, b;
    CoCreateGuid(&a);
    CoCreateGuid(&b);
    printf("CoCreateGuid: version %d, variant %d, two differ: %d\n", a.Data3 >> 12, a.Data4[0] >> 6,
           !IsEqualGUID(&a, &b));
}

int main(void)
{
    apartments();
    task_memory();
    guid_text();
    return 0;
}
