/* A thousand live threads at once (native backend: each holds an LDT slot
 * and a resume stub, 1024 in all; it used to stop at 239): every one starts,
 * waits on one event, and ends with its own exit code. */
#include <windows.h>
#include <stdio.h>

#define N 1000
static HANDLE go;
static volatile LONG started;

static DWORD WINAPI body(void *arg)
{
    InterlockedIncrement(&started);
    WaitForSingleObject(go, INFINITE);
    return (DWORD)(INT_PTR)arg;
}

int main(void)
{
    static HANDLE h[N];
    go = CreateEventA(NULL, TRUE, FALSE, NULL);
    int made = 0;
    for (; made < N; made++) {
        h[made] = CreateThread(NULL, 65536, body, (void *)(INT_PTR)made, STACK_SIZE_PARAM_IS_A_RESERVATION, NULL);
        if (!h[made]) {
            printf("CreateThread %d failed with %lu\n", made, GetLastError());
            break;
        }
    }
    while (started < made)
        Sleep(1);
    printf("%d threads alive at once\n", (int)started);
    SetEvent(go);
    int right = 0;
    for (int i = 0; i < made; i++) {
        DWORD code = 0;
        WaitForSingleObject(h[i], INFINITE);
        right += GetExitCodeThread(h[i], &code) && code == (DWORD)i;
        CloseHandle(h[i]);
    }
    printf("%d ended with their own exit code\n", right);
    return 0;
}
