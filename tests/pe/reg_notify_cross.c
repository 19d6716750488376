/* reg_notify_cross.c - proves RegNotifyChangeKeyValue across processes
 * (this program run again as a child with a step name): a value another
 * process sets signals a LAST_SET watch on the key; a NAME watch ignores
 * it and fires when the other process creates a subkey; a subtree watch
 * sees a value set in a subkey, a watch without the subtree flag does
 * not; a watch on another key stays quiet; a change made while no call
 * is armed completes the next call at once, as within one process. */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include "run_child.h"

#define KEY "Software\\wbnotifycross"

static int child(const char *step)
{
    HKEY k;
    DWORD v = 7;
    if (strcmp(step, "value") == 0 && RegOpenKeyExA(HKEY_CURRENT_USER, KEY, 0, KEY_SET_VALUE, &k) == 0)
        return RegSetValueExA(k, "v", 0, REG_DWORD, (BYTE *)&v, 4) | RegCloseKey(k);
    if (strcmp(step, "subkey") == 0)
        return RegCreateKeyExA(HKEY_CURRENT_USER, KEY "\\made", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL) |
               RegCloseKey(k);
    if (strcmp(step, "deep") == 0 && RegOpenKeyExA(HKEY_CURRENT_USER, KEY "\\made", 0, KEY_SET_VALUE, &k) == 0)
        return RegSetValueExA(k, "w", 0, REG_DWORD, (BYTE *)&v, 4) | RegCloseKey(k);
    return 99;
}

static const char *state(HANDLE ev, DWORD ms)
{
    DWORD r = WaitForSingleObject(ev, ms);
    return r == WAIT_OBJECT_0 ? "signaled" : r == WAIT_TIMEOUT ? "not signaled" : "wait failed";
}

static void arm(HKEY k, BOOL subtree, DWORD filter, HANDLE ev)
{
    ResetEvent(ev);
    LONG r = RegNotifyChangeKeyValue(k, subtree, filter, ev, TRUE);
    if (r != ERROR_SUCCESS)
        printf("RegNotifyChangeKeyValue: %ld\n", r);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return child(argv[1]);
    HKEY k, other;
    RegDeleteTreeA(HKEY_CURRENT_USER, KEY);
    RegCreateKeyExA(HKEY_CURRENT_USER, KEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    RegCreateKeyExA(HKEY_CURRENT_USER, "Software\\wbnotifyother", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &other, NULL);
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL), ev_other = CreateEventA(NULL, TRUE, FALSE, NULL);

    arm(k, FALSE, REG_NOTIFY_CHANGE_LAST_SET, ev);
    arm(other, TRUE, REG_NOTIFY_CHANGE_LAST_SET | REG_NOTIFY_CHANGE_NAME, ev_other);
    printf("before the child: %s\n", state(ev, 0));
    printf("child 'value': %lu\n", run_child("value"));
    printf("LAST_SET watch after another process set a value: %s\n", state(ev, 5000));
    printf("watch on another key: %s\n", state(ev_other, 200));

    arm(k, FALSE, REG_NOTIFY_CHANGE_NAME, ev);
    printf("child 'value': %lu\n", run_child("value"));
    printf("NAME watch after a value was set: %s\n", state(ev, 300));
    printf("child 'subkey': %lu\n", run_child("subkey"));
    printf("NAME watch after another process made a subkey: %s\n", state(ev, 5000));

    arm(k, FALSE, REG_NOTIFY_CHANGE_LAST_SET, ev);
    printf("child 'deep': %lu\n", run_child("deep"));
    printf("watch without subtree after a subkey's value was set: %s\n", state(ev, 300));
    arm(k, TRUE, REG_NOTIFY_CHANGE_LAST_SET, ev);
    printf("child 'deep': %lu\n", run_child("deep"));
    printf("subtree watch after a subkey's value was set: %s\n", state(ev, 5000));

    /* fired, not armed: the next change is kept for the next call */
    printf("child 'value': %lu\n", run_child("value"));
    Sleep(100); /* a wait: the change is read while no call is armed */
    arm(k, TRUE, REG_NOTIFY_CHANGE_LAST_SET, ev);
    printf("next call after a change in between: %s\n", state(ev, 0));

    RegCloseKey(k);
    RegCloseKey(other);
    RegDeleteTreeA(HKEY_CURRENT_USER, KEY);
    RegDeleteKeyA(HKEY_CURRENT_USER, "Software\\wbnotifyother");
    CloseHandle(ev);
    CloseHandle(ev_other);
    return 0;
}
