// build-flags: -D_WIN32_WINNT=0x0602 -lsynchronization
/* WaitOnAddress / WakeByAddress* (kernelbase through
 * api-ms-win-core-synch-l1-2-0) and ntdll's RtlWaitOnAddress: a changed
 * value returns at once, an unchanged one waits until a wake or the
 * timeout, a bad size fails, and a wake reaches every waiter. */
#include <windows.h>
#include <stdio.h>

typedef LONG (WINAPI *rtl_wait_fn)(const volatile void *, const void *, SIZE_T, const LARGE_INTEGER *);

static volatile LONG flag;
static volatile LONG woken;

static DWORD WINAPI waiter(void *arg)
{
    LONG zero = 0;
    while (flag == 0)
        WaitOnAddress(&flag, &zero, sizeof flag, INFINITE);
    InterlockedIncrement(&woken);
    return 0;
}

static void report(const char *what, BOOL r)
{
    printf("%s: %d", what, r);
    if (!r)
        printf(" (error %lu)", GetLastError());
    printf("\n");
}

int main(void)
{
    LONG v = 5, other = 4, same = 5;
    report("value differs", WaitOnAddress(&v, &other, sizeof v, INFINITE));
    DWORD t0 = GetTickCount();
    report("value equal, 100 ms", WaitOnAddress(&v, &same, sizeof v, 100));
    printf("waited at least 90 ms: %s\n", GetTickCount() - t0 >= 90 ? "yes" : "no");
    report("value equal, 0 ms", WaitOnAddress(&v, &same, sizeof v, 0));
    report("size 3", WaitOnAddress(&v, &same, 3, 0));
    unsigned char b = 7, b_same = 7;
    report("size 1, 0 ms", WaitOnAddress(&b, &b_same, 1, 0));
    LONGLONG q = 1LL << 40, q_low = 0;
    report("size 8, only the high half differs", WaitOnAddress(&q, &q_low, 8, 0));

    rtl_wait_fn rtl_wait = (rtl_wait_fn)GetProcAddress(GetModuleHandleA("ntdll.dll"), "RtlWaitOnAddress");
    LARGE_INTEGER rel = { .QuadPart = -10 * 10000 }, zero = { .QuadPart = 0 };
    printf("RtlWaitOnAddress relative 10 ms: %#lx\n", rtl_wait(&v, &same, sizeof v, &rel));
    printf("RtlWaitOnAddress zero timeout: %#lx\n", rtl_wait(&v, &same, sizeof v, &zero));
    printf("RtlWaitOnAddress differs: %#lx\n", rtl_wait(&v, &other, sizeof v, NULL));
    printf("RtlWaitOnAddress size 16: %#lx\n", rtl_wait(&v, &same, 16, &zero));

    /* three waiters on one address; one wake-all after the flag is set */
    HANDLE th[3];
    for (int i = 0; i < 3; i++)
        th[i] = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
    Sleep(50);
    printf("woken before the wake: %ld\n", woken);
    flag = 1;
    WakeByAddressAll((void *)&flag);
    DWORD w = WaitForMultipleObjects(3, th, TRUE, 5000);
    printf("all waiters ended: %s, woken %ld\n", w == WAIT_OBJECT_0 ? "yes" : "no", woken);

    /* a single wake for a single waiter */
    flag = 0;
    woken = 0;
    HANDLE one = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
    Sleep(20);
    flag = 1;
    WakeByAddressSingle((void *)&flag);
    w = WaitForSingleObject(one, 5000);
    printf("single waiter ended: %s, woken %ld\n", w == WAIT_OBJECT_0 ? "yes" : "no", woken);
    return 0;
}
