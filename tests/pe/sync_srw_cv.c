/* sync_srw_cv.c - slim reader/writer locks and condition variables: the
 * SRWLOCK word as Windows keeps it (0 free, 1 exclusive, (n << 4) | 1 for
 * n sharers), TryAcquire against a holder, a writer blocked behind a
 * reader, a bounded producer-consumer queue on an SRW lock with two
 * condition variables and another on a critical section with WakeAll, a
 * sleep that times out (ERROR_TIMEOUT, the lock held again), and
 * PulseEvent releasing the threads that wait (all of them for a
 * manual-reset event, one for an auto-reset one) and leaving the event
 * reset. Every line is printed by main after handshakes. */
#include <stdio.h>
#include <windows.h>

#define QUEUE 4
#define ITEMS 500

static SRWLOCK lock = SRWLOCK_INIT;
static CONDITION_VARIABLE not_empty = CONDITION_VARIABLE_INIT, not_full = CONDITION_VARIABLE_INIT;
static int queue[QUEUE], head, count, produced_done;
static long long consumed_sum;
static int consumed_count;

static DWORD WINAPI producer(LPVOID arg)
{
    int base = (int)(INT_PTR)arg;
    for (int i = 1; i <= ITEMS; i++) {
        AcquireSRWLockExclusive(&lock);
        while (count == QUEUE)
            SleepConditionVariableSRW(&not_full, &lock, INFINITE, 0);
        queue[(head + count++) % QUEUE] = base + i;
        WakeConditionVariable(&not_empty);
        ReleaseSRWLockExclusive(&lock);
    }
    return 0;
}

static DWORD WINAPI consumer(LPVOID arg)
{
    (void)arg;
    for (;;) {
        AcquireSRWLockExclusive(&lock);
        while (count == 0 && produced_done < 2)
            SleepConditionVariableSRW(&not_empty, &lock, INFINITE, 0);
        if (count == 0) {
            ReleaseSRWLockExclusive(&lock);
            return 0;
        }
        int v = queue[head];
        head = (head + 1) % QUEUE;
        count--;
        consumed_sum += v;
        consumed_count++;
        WakeConditionVariable(&not_full);
        ReleaseSRWLockExclusive(&lock);
    }
}

/* The same queue shape on a critical section; one condition variable and
 * WakeAll, so every waiter rechecks. */
static CRITICAL_SECTION cs;
static CONDITION_VARIABLE changed;
static int slots, taken, cs_sum;

static DWORD WINAPI cs_taker(LPVOID arg)
{
    (void)arg;
    EnterCriticalSection(&cs);
    EnterCriticalSection(&cs); /* entered twice: the sleep leaves both */
    while (slots == 0)
        SleepConditionVariableCS(&changed, &cs, INFINITE);
    slots--;
    taken++;
    cs_sum += cs.RecursionCount; /* 2 again after the sleep */
    WakeAllConditionVariable(&changed);
    LeaveCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    return 0;
}

static DWORD WINAPI try_other(LPVOID arg)
{
    SRWLOCK *l = arg;
    DWORD r = 0;
    if (TryAcquireSRWLockExclusive(l)) {
        r |= 1;
        ReleaseSRWLockExclusive(l);
    }
    if (TryAcquireSRWLockShared(l)) {
        r |= 2;
        ReleaseSRWLockShared(l);
    }
    return r;
}

static DWORD other_try(SRWLOCK *l)
{
    DWORD r;
    HANDLE t = CreateThread(NULL, 0, try_other, l, 0, NULL);
    WaitForSingleObject(t, INFINITE);
    GetExitCodeThread(t, &r);
    CloseHandle(t);
    return r;
}

static SRWLOCK order_lock;
static HANDLE ready;
static volatile LONG writer_in;

static DWORD WINAPI writer(LPVOID arg)
{
    (void)arg;
    SetEvent(ready);
    AcquireSRWLockExclusive(&order_lock);
    writer_in = 1;
    ReleaseSRWLockExclusive(&order_lock);
    return 0;
}

static HANDLE pulse_ready, manual, autoev;
static volatile LONG released;

static DWORD WINAPI pulse_waiter(LPVOID arg)
{
    /* signals and starts waiting with nothing in between */
    SignalObjectAndWait(pulse_ready, (HANDLE)arg, INFINITE, FALSE);
    InterlockedIncrement(&released);
    return 0;
}

int main(void)
{
    SRWLOCK l;
    InitializeSRWLock(&l);
    printf("fresh lock word: %p\n", l.Ptr);
    AcquireSRWLockExclusive(&l);
    printf("exclusive: word %p, other thread's try (exclusive|shared<<1): %lu\n", l.Ptr, other_try(&l));
    printf("try exclusive again on the holder: %d\n", TryAcquireSRWLockExclusive(&l));
    ReleaseSRWLockExclusive(&l);
    printf("released: word %p\n", l.Ptr);
    AcquireSRWLockShared(&l);
    printf("one sharer: word %p\n", l.Ptr);
    BOOL second = TryAcquireSRWLockShared(&l);
    printf("second sharer by try: %d, word %p\n", second, l.Ptr);
    printf("other thread's try: %lu (shared only)\n", other_try(&l));
    ReleaseSRWLockShared(&l);
    ReleaseSRWLockShared(&l);
    printf("both released: word %p\n", l.Ptr);
    printf("try exclusive on the free lock: %d\n", TryAcquireSRWLockExclusive(&l));
    ReleaseSRWLockExclusive(&l);

    /* a writer waits while a reader holds the lock */
    ready = CreateEventA(NULL, FALSE, FALSE, NULL);
    AcquireSRWLockShared(&order_lock);
    HANDLE w = CreateThread(NULL, 0, writer, NULL, 0, NULL);
    WaitForSingleObject(ready, INFINITE);
    printf("writer blocked behind the reader: %s\n",
           WaitForSingleObject(w, 200) == WAIT_TIMEOUT && !writer_in ? "yes" : "no");
    ReleaseSRWLockShared(&order_lock);
    WaitForSingleObject(w, INFINITE);
    printf("writer ran after the release: %ld\n", writer_in);
    CloseHandle(w);

    /* producer-consumer on SRW + two condition variables */
    HANDLE th[4];
    th[0] = CreateThread(NULL, 0, consumer, NULL, 0, NULL);
    th[1] = CreateThread(NULL, 0, consumer, NULL, 0, NULL);
    th[2] = CreateThread(NULL, 0, producer, (LPVOID)0, 0, NULL);
    th[3] = CreateThread(NULL, 0, producer, (LPVOID)10000, 0, NULL);
    WaitForMultipleObjects(2, th + 2, TRUE, INFINITE);
    AcquireSRWLockExclusive(&lock);
    produced_done = 2;
    WakeAllConditionVariable(&not_empty);
    ReleaseSRWLockExclusive(&lock);
    WaitForMultipleObjects(2, th, TRUE, INFINITE);
    printf("producer-consumer: %d items, sum %lld (expected %d, %lld)\n", consumed_count, consumed_sum,
           2 * ITEMS, (long long)ITEMS * (ITEMS + 1) + 10000LL * ITEMS);
    for (int i = 0; i < 4; i++)
        CloseHandle(th[i]);

    /* critical section + WakeAll */
    InitializeCriticalSection(&cs);
    InitializeConditionVariable(&changed);
    for (int i = 0; i < 3; i++)
        th[i] = CreateThread(NULL, 0, cs_taker, NULL, 0, NULL);
    for (int i = 0; i < 3; i++) {
        EnterCriticalSection(&cs);
        slots++;
        WakeAllConditionVariable(&changed);
        LeaveCriticalSection(&cs);
    }
    WaitForMultipleObjects(3, th, TRUE, INFINITE);
    printf("critical section + WakeAll: %d taken, %d slots left, recursion after the sleeps %d\n", taken, slots,
           cs_sum);
    for (int i = 0; i < 3; i++)
        CloseHandle(th[i]);

    /* a sleep nobody ends */
    CONDITION_VARIABLE lonely;
    InitializeConditionVariable(&lonely);
    AcquireSRWLockExclusive(&l);
    SetLastError(0);
    BOOL ok = SleepConditionVariableSRW(&lonely, &l, 20, 0);
    DWORD err = GetLastError();
    printf("timed-out sleep: %d, error %lu, lock word %p after, cv word %p\n", ok, err, l.Ptr, lonely.Ptr);
    ReleaseSRWLockExclusive(&l);

    /* PulseEvent */
    pulse_ready = CreateSemaphoreA(NULL, 0, 3, NULL);
    manual = CreateEventA(NULL, TRUE, FALSE, NULL);
    autoev = CreateEventA(NULL, FALSE, FALSE, NULL);
    printf("pulse with nobody waiting: %d, event then %s\n", PulseEvent(manual),
           WaitForSingleObject(manual, 0) == WAIT_TIMEOUT ? "reset" : "set");
    for (int i = 0; i < 3; i++)
        th[i] = CreateThread(NULL, 0, pulse_waiter, manual, 0, NULL);
    for (int i = 0; i < 3; i++)
        WaitForSingleObject(pulse_ready, INFINITE);
    PulseEvent(manual);
    WaitForMultipleObjects(3, th, TRUE, INFINITE);
    printf("manual-reset pulse released %ld of 3, event then %s\n", released,
           WaitForSingleObject(manual, 0) == WAIT_TIMEOUT ? "reset" : "set");
    for (int i = 0; i < 3; i++)
        CloseHandle(th[i]);
    released = 0;
    for (int i = 0; i < 2; i++)
        th[i] = CreateThread(NULL, 0, pulse_waiter, autoev, 0, NULL);
    for (int i = 0; i < 2; i++)
        WaitForSingleObject(pulse_ready, INFINITE);
    PulseEvent(autoev);
    DWORD first = WaitForMultipleObjects(2, th, FALSE, INFINITE) - WAIT_OBJECT_0;
    DWORD other = WaitForSingleObject(th[1 - first], 200);
    printf("auto-reset pulse released %ld, the other still waits: %s\n", released,
           other == WAIT_TIMEOUT ? "yes" : "no");
    SetEvent(autoev);
    WaitForSingleObject(th[1 - first], INFINITE);
    printf("after SetEvent: %ld released\n", released);
    ok = PulseEvent(NULL);
    printf("PulseEvent on a bad handle: %d, error %lu\n", ok, GetLastError());
    return 0;
}
