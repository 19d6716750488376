/* Exhaustion fails cleanly and recovers: handles (wowbox keeps 16384 per
 * process: Windows allows millions), live threads (1024 under the native
 * backend) and committed memory (the 2 GB space) each run out with
 * ERROR_NOT_ENOUGH_MEMORY, the program goes on, and after releasing them
 * the same calls work again. The counts are wowbox's limits. */
#include <windows.h>
#include <stdio.h>

static HANDLE go;

static DWORD WINAPI wait_for_go(void *arg)
{
    (void)arg;
    WaitForSingleObject(go, INFINITE);
    return 0;
}

static void handles(void)
{
    static HANDLE ev[20000];
    int n = 0;
    DWORD err = 0;
    for (; n < 20000; n++) {
        ev[n] = CreateEventA(NULL, FALSE, FALSE, NULL);
        if (!ev[n]) {
            err = GetLastError();
            break;
        }
    }
    printf("events: %d, then error %lu\n", n, err);
    for (int i = 0; i < n; i++)
        CloseHandle(ev[i]);
    HANDLE e = CreateEventA(NULL, FALSE, FALSE, NULL);
    printf("after closing, CreateEvent works: %d\n", e != NULL);
    CloseHandle(e);
}

static void threads(void)
{
    static HANDLE th[5000];
    int n = 0;
    DWORD err = 0;
    go = CreateEventA(NULL, TRUE, FALSE, NULL);
    for (; n < 5000; n++) {
        th[n] = CreateThread(NULL, 65536, wait_for_go, NULL, STACK_SIZE_PARAM_IS_A_RESERVATION, NULL);
        if (!th[n]) {
            err = GetLastError();
            break;
        }
    }
    printf("threads: %d, then error %lu\n", n, err);
    SetEvent(go);
    for (int i = 0; i < n; i++) {
        WaitForSingleObject(th[i], INFINITE);
        CloseHandle(th[i]);
    }
    HANDLE t = CreateThread(NULL, 0, wait_for_go, NULL, 0, NULL);
    printf("after they ended, CreateThread works: %d\n", t != NULL);
    WaitForSingleObject(t, INFINITE);
}

static void memory(void)
{
    static void *blocks[4096];
    int mb = 0;
    while (mb < 4096 && (blocks[mb] = VirtualAlloc(NULL, 1 << 20, MEM_COMMIT, PAGE_READWRITE)))
        mb++;
    printf("memory: over 1900 MB committed: %d, then error %lu\n", mb > 1900, GetLastError());
    for (int i = 0; i < mb; i++)
        VirtualFree(blocks[i], 0, MEM_RELEASE);
    void *p = VirtualAlloc(NULL, 1 << 20, MEM_COMMIT, PAGE_READWRITE);
    printf("after freeing, VirtualAlloc works: %d\n", p != NULL);
}

int main(void)
{
    handles();
    threads();
    memory();
    return 0;
}
