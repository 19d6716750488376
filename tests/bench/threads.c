/* threads: n threads started one after another, every one waiting on one
 * event (Windows: CreateThread + a manual-reset event; Linux: pthreads and
 * a condition variable), then released together and joined. Measures what
 * a thread costs to create while the others are alive.
 * usage: threads [n]   (threads, default 50) */
#include <stdio.h>
#include <stdlib.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <pthread.h>
#endif

#include "bench.h"

static volatile uint32_t ran;

#ifdef _WIN32
static HANDLE go;

static DWORD WINAPI waiter(void *arg)
{
    WaitForSingleObject(go, INFINITE);
    InterlockedIncrement((volatile LONG *)&ran);
    return (DWORD)(size_t)arg;
}
#else
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int released;

static void *waiter(void *arg)
{
    pthread_mutex_lock(&mu);
    while (!released)
        pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
    __sync_fetch_and_add(&ran, 1);
    return arg;
}
#endif

int main(int argc, char **argv)
{
    uint32_t n = bench_arg(argc, argv, 1, 50), started = 0, sum = 0;
#ifdef _WIN32
    HANDLE *h = calloc(n ? n : 1, sizeof *h);
    go = CreateEventA(NULL, TRUE, FALSE, NULL);
    for (uint32_t i = 0; i < n; i++) {
        h[i] = CreateThread(NULL, 64 * 1024, waiter, (void *)(size_t)(i + 1), STACK_SIZE_PARAM_IS_A_RESERVATION, NULL);
        started += h[i] != NULL;
    }
    SetEvent(go);
    for (uint32_t i = 0; i < n; i++) {
        DWORD code = 0;
        if (!h[i])
            continue;
        WaitForSingleObject(h[i], INFINITE);
        GetExitCodeThread(h[i], &code);
        sum += code;
        CloseHandle(h[i]);
    }
#else
    pthread_t *h = calloc(n ? n : 1, sizeof *h);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    char *ok = calloc(n ? n : 1, 1);
    for (uint32_t i = 0; i < n; i++) {
        ok[i] = pthread_create(&h[i], &attr, waiter, (void *)(size_t)(i + 1)) == 0;
        started += ok[i];
    }
    pthread_mutex_lock(&mu);
    released = 1;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
    for (uint32_t i = 0; i < n; i++) {
        void *r = NULL;
        if (ok[i] && pthread_join(h[i], &r) == 0)
            sum += (uint32_t)(size_t)r;
    }
#endif
    printf("threads started=%u ran=%u checksum=%08x\n", started, ran, bench_mix(sum ^ 0x5bd1e995U));
    return started != n || ran != n;
}
