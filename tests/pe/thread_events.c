/* thread_events.c - events, semaphores and waits between threads:
 * manual- and auto-reset events, WaitForMultipleObjects any (the lowest
 * signaled index wins) and all (all or nothing), timeouts, WAIT_FAILED for
 * bad arguments, semaphore counts and limits, named objects shared through
 * their names, SignalObjectAndWait. main prints everything, after
 * handshakes, so the output does not depend on scheduling. */
#include <stdio.h>
#include <windows.h>

static HANDLE go, done, sem, manual, autoev;
static volatile LONG stage;

/* Waits for `go`, does one step, signals `done`; three times. */
static DWORD WINAPI partner(LPVOID arg)
{
    (void)arg;
    WaitForSingleObject(go, INFINITE);
    stage = 1;                             /* step 1: set the manual-reset event */
    SetEvent(manual);
    SetEvent(done);
    WaitForSingleObject(go, INFINITE);
    stage = 2;                             /* step 2: three semaphore units */
    ReleaseSemaphore(sem, 3, NULL);
    SetEvent(done);
    WaitForSingleObject(go, INFINITE);     /* step 3: wait for both, then answer */
    HANDLE both[2] = { manual, autoev };
    DWORD r = WaitForMultipleObjects(2, both, TRUE, INFINITE);
    stage = 3 + (LONG)r;
    SetEvent(done);
    return 0;
}

/* `go` is auto-reset: one step per release; `done` says it is over. */
static void step(void)
{
    SignalObjectAndWait(go, done, INFINITE, FALSE);
}

static const char *wait_name(DWORD r)
{
    static char buf[32];
    if (r == WAIT_TIMEOUT)
        return "WAIT_TIMEOUT";
    if (r == WAIT_FAILED)
        return "WAIT_FAILED";
    sprintf(buf, "WAIT_OBJECT_0+%lu", r - WAIT_OBJECT_0);
    return buf;
}

int main(void)
{
    DWORD r, err;
    LONG prev = -1;
    BOOL ok;

    go = CreateEventA(NULL, FALSE, FALSE, NULL);
    done = CreateEventA(NULL, FALSE, FALSE, NULL);
    manual = CreateEventA(NULL, TRUE, FALSE, NULL);
    autoev = CreateEventW(NULL, FALSE, FALSE, NULL);
    sem = CreateSemaphoreA(NULL, 0, 3, NULL);
    HANDLE t = CreateThread(NULL, 0, partner, NULL, 0, NULL);

    printf("manual event before: %s\n", wait_name(WaitForSingleObject(manual, 0)));
    step();
    printf("stage %ld, manual event: %s", (long)stage, wait_name(WaitForSingleObject(manual, 0)));
    printf(", again: %s (it stays set)\n", wait_name(WaitForSingleObject(manual, 10)));

    step();
    printf("stage %ld, semaphore: %s", (long)stage, wait_name(WaitForSingleObject(sem, 0)));
    ReleaseSemaphore(sem, 1, &prev);
    printf(", one released over a count of %ld\n", prev);
    SetLastError(0);
    ok = ReleaseSemaphore(sem, 2, &prev);
    err = GetLastError();
    printf("two more over the maximum of 3: %d, error %lu\n", ok, err);

    SetEvent(autoev);
    HANDLE any[3] = { sem, autoev, manual };
    printf("any of {semaphore, auto, manual}: %s\n", wait_name(WaitForMultipleObjects(3, any, FALSE, 0)));
    HANDLE two[2] = { autoev, manual };
    printf("any of {auto, manual}: %s\n", wait_name(WaitForMultipleObjects(2, two, FALSE, 0)));
    printf("any of {auto, manual} again: %s (the auto-reset one was consumed)\n",
           wait_name(WaitForMultipleObjects(2, two, FALSE, 0)));
    ResetEvent(manual);
    HANDLE sm[2] = { sem, manual };
    printf("all of {semaphore, manual} after ResetEvent: %s\n", wait_name(WaitForMultipleObjects(2, sm, TRUE, 20)));
    printf("the wait-all took nothing, the semaphore still counts 2:");
    for (int i = 0; i < 3; i++)
        printf(" %s", wait_name(WaitForSingleObject(sem, 0)));
    printf("\n");

    /* the partner waits for both events; main sets them one at a time */
    SetEvent(go);
    SetEvent(manual);
    Sleep(30);
    printf("partner still waiting with one of the two set: %s\n", stage == 2 ? "yes" : "no");
    SetEvent(autoev);
    WaitForSingleObject(done, INFINITE);
    printf("partner's wait-all: %s\n", wait_name((DWORD)stage - 3));
    printf("the auto-reset event after it: %s\n", wait_name(WaitForSingleObject(autoev, 0)));
    WaitForSingleObject(t, INFINITE);

    /* named objects: one namespace for the process */
    SetLastError(1234);
    HANDLE n1 = CreateEventA(NULL, TRUE, FALSE, "wowbox-sample-event");
    err = GetLastError();
    printf("named event created: %s, error %lu\n", n1 ? "yes" : "no", err);
    HANDLE n2 = CreateEventA(NULL, FALSE, TRUE, "wowbox-sample-event");
    err = GetLastError();
    printf("the same name again: %s, error %lu (ERROR_ALREADY_EXISTS)\n", n2 && n2 != n1 ? "new handle" : "?", err);
    SetEvent(n2);
    printf("one object behind both: %s\n", wait_name(WaitForSingleObject(n1, 0)));
    HANDLE n3 = OpenEventA(EVENT_ALL_ACCESS, FALSE, "Local\\wowbox-sample-event");
    printf("OpenEvent with a Local\\ prefix: %s\n", n3 ? "found" : "missing");
    SetLastError(0);
    HANDLE bad = CreateMutexA(NULL, FALSE, "wowbox-sample-event");
    err = GetLastError();
    printf("a mutex with the event's name: %p, error %lu\n", (void *)bad, err);
    SetLastError(0);
    bad = OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, "wowbox-no-such-object");
    err = GetLastError();
    printf("OpenSemaphore of a name nobody made: %p, error %lu\n", (void *)bad, err);

    /* bad arguments */
    SetLastError(0);
    r = WaitForSingleObject((HANDLE)0x12345678, 0);
    err = GetLastError();
    printf("wait on a bad handle: %s, error %lu\n", wait_name(r), err);
    SetLastError(0);
    r = WaitForMultipleObjects(0, any, FALSE, 0);
    err = GetLastError();
    printf("wait on no handles: %s, error %lu\n", wait_name(r), err);
    SetLastError(0);
    HANDLE twice[2] = { manual, manual };
    r = WaitForMultipleObjects(2, twice, TRUE, 0);
    err = GetLastError();
    printf("wait-all on one handle twice: %s, error %lu\n", wait_name(r), err);
    SetLastError(0);
    ok = SetEvent(sem);
    err = GetLastError();
    printf("SetEvent on a semaphore: %d, error %lu\n", ok, err);
    SetLastError(0);
    bad = CreateSemaphoreA(NULL, 2, 1, NULL);
    err = GetLastError();
    printf("CreateSemaphore with more than its maximum: %p, error %lu\n", (void *)bad, err);

    CloseHandle(n1);
    CloseHandle(n2);
    CloseHandle(n3);
    CloseHandle(t);
    return 0;
}
