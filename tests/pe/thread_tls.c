/* thread_tls.c - per-thread storage three ways: the image's static TLS (a
 * variable in the .tls section, reached through fs:[2Ch] and _tls_index as
 * compilers with __declspec(thread) do), TlsAlloc slots (NULL in every
 * thread until set), and gcc's __thread (emulated on TlsAlloc). Each new
 * thread starts from the template, and no thread sees another's values. */
#include <stdio.h>
#include <windows.h>

#define NTHREADS 3

extern ULONG _tls_index;                  /* mingw's TLS directory (tlssup) */
extern char _tls_start;
static int static_tls __attribute__((section(".tls$WBX"))) = 7;
static __thread int gcc_tls = 5;
static DWORD slot;
static HANDLE ready[NTHREADS], go;
static int report[NTHREADS][4];

static int *static_tls_here(void)
{
    char **array;
    __asm__("movl %%fs:0x2c, %0" : "=r"(array));
    return (int *)(array[_tls_index] + ((char *)&static_tls - &_tls_start));
}

static DWORD WINAPI worker(LPVOID arg)
{
    int id = (int)(INT_PTR)arg;
    int *mine = static_tls_here();
    report[id][0] = *mine;                           /* the template's value */
    report[id][1] = TlsGetValue(slot) == NULL;       /* slots start empty */
    *mine = 100 + id;
    gcc_tls += id;
    TlsSetValue(slot, (LPVOID)(INT_PTR)(200 + id));
    SetEvent(ready[id]);
    WaitForSingleObject(go, INFINITE);               /* everyone has written */
    report[id][2] = *static_tls_here() * 1000 + (int)(INT_PTR)TlsGetValue(slot);
    report[id][3] = gcc_tls;
    return 0;
}

int main(void)
{
    HANDLE t[NTHREADS];
    slot = TlsAlloc();
    TlsSetValue(slot, (LPVOID)42);
    *static_tls_here() = 1;
    gcc_tls = 2;
    printf("main thread's block is the image's TLS index %lu\n", _tls_index);
    go = CreateEventA(NULL, TRUE, FALSE, NULL);
    for (int i = 0; i < NTHREADS; i++) {
        ready[i] = CreateEventA(NULL, FALSE, FALSE, NULL);
        t[i] = CreateThread(NULL, 0, worker, (LPVOID)(INT_PTR)i, 0, NULL);
    }
    WaitForMultipleObjects(NTHREADS, ready, TRUE, INFINITE);
    SetEvent(go);
    WaitForMultipleObjects(NTHREADS, t, TRUE, INFINITE);
    for (int i = 0; i < NTHREADS; i++)
        printf("thread %d: static TLS started at %d, slot empty: %d, then static*1000+slot %d, __thread %d\n", i,
               report[i][0], report[i][1], report[i][2], report[i][3]);
    printf("main: static TLS %d, slot %d, __thread %d\n", *static_tls_here(), (int)(INT_PTR)TlsGetValue(slot),
           gcc_tls);
    TlsFree(slot);
    DWORD again = TlsAlloc();
    printf("a slot allocated again starts empty: %s\n", TlsGetValue(again) == NULL ? "yes" : "no");
    for (int i = 0; i < NTHREADS; i++) {
        CloseHandle(t[i]);
        CloseHandle(ready[i]);
    }
    return 0;
}
