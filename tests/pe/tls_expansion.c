/* TLS beyond the TEB's 64 slots: TlsAlloc hands out 1088 indexes (64 in the
 * TEB, 1024 in each thread's expansion array, made by the first TlsSetValue
 * of such an index), values are per thread, a freed and reallocated index
 * reads NULL again in every thread, and index 1088 is out of range. */
#include <windows.h>
#include <stdio.h>

static DWORD idx[1100];
static int n;

static DWORD WINAPI other(void *arg)
{
    DWORD i = *(DWORD *)arg;
    /* a new thread sees NULL in the expansion slot, then its own value */
    void *before = TlsGetValue(i);
    BOOL set = TlsSetValue(i, (void *)0x2222);
    printf("thread: before %p set %d after %p\n", before, set, TlsGetValue(i));
    return 0;
}

int main(void)
{
    while (n < 1100) {
        DWORD i = TlsAlloc();
        if (i == TLS_OUT_OF_INDEXES)
            break;
        idx[n++] = i;
    }
    printf("allocated %d, first %lu, last %lu, then error %lu\n", n, idx[0], idx[n - 1], GetLastError());

    DWORD hi = idx[n - 1];
    SetLastError(5);
    void *unset = TlsGetValue(hi);
    printf("unset high slot %p, last error %lu\n", unset, GetLastError());
    BOOL set = TlsSetValue(hi, (void *)0x1111);
    printf("set high slot %d -> %p\n", set, TlsGetValue(hi));
    HANDLE t = CreateThread(NULL, 0, other, &hi, 0, NULL);
    WaitForSingleObject(t, INFINITE);
    printf("main still sees %p\n", TlsGetValue(hi));

    BOOL freed_hi = TlsFree(hi);
    idx[n - 1] = TlsAlloc();
    printf("free %d, realloc gives %lu, which reads %p\n", freed_hi, idx[n - 1], TlsGetValue(hi));
    SetLastError(0);
    void *got = TlsGetValue(1088);
    DWORD get_error = GetLastError();
    SetLastError(0);
    set = TlsSetValue(1088, (void *)1);
    printf("index 1088: get %p error %lu, set %d error %lu, free %d\n", got, get_error, set, GetLastError(),
           TlsFree(1088));
    int freed = 0;
    for (int k = 0; k < n; k++)
        freed += TlsFree(idx[k]) != 0;
    printf("freed %d\n", freed);
    return 0;
}
