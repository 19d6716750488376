/* reg_notify.c - proves registry change notification and the remaining
 * registry calls: RegNotifyChangeKeyValue signals its event once, at the
 * first change its filter names (values: LAST_SET, subkeys: NAME), on the
 * key or below it with bWatchSubtree, and when the key is closed; a
 * synchronous call waits for another thread's change; unknown filter bits (outside
 * REG_LEGAL_CHANGE_FILTER; Wine 8 accepts them) and bad keys are refused;
 * RegSaveKey/RegLoadKey need a privilege the program does not hold;
 * enumerating HKEY_CLASSES_ROOT merges the user's and the machine's classes
 * (as Windows does; Wine 8 lists only the machine's). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#define KEY "Software\\wowbox_notify"

static const char *state(HANDLE ev)
{
    return WaitForSingleObject(ev, 0) == WAIT_OBJECT_0 ? "signaled" : "quiet";
}

static void set_value(HKEY k, const char *name)
{
    DWORD v = 1;
    RegSetValueExA(k, name, 0, REG_DWORD, (const BYTE *)&v, sizeof v);
}

/* A handle of its own for each case: a watch belongs to its key handle. */
static HKEY open_key(const char *sub)
{
    HKEY k;
    RegCreateKeyExA(HKEY_CURRENT_USER, sub, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    return k;
}

static DWORD WINAPI waiter(void *arg)
{
    LONG r = RegNotifyChangeKeyValue((HKEY)arg, FALSE, REG_NOTIFY_CHANGE_LAST_SET, NULL, FALSE);
    printf("synchronous notify returned %ld\n", r);
    return 0;
}

static void notify(void)
{
    HKEY k = open_key(KEY), sub = open_key(KEY "\\sub"), deep = open_key(KEY "\\sub\\deep");
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);

    printf("-- values\n");
    HKEY k1 = open_key(KEY);
    printf("watch: %ld\n", RegNotifyChangeKeyValue(k1, FALSE, REG_NOTIFY_CHANGE_LAST_SET, ev, TRUE));
    printf("before a change: %s\n", state(ev));
    set_value(k, "v");
    printf("after setting a value: %s\n", state(ev));
    ResetEvent(ev);
    set_value(k, "w");
    printf("a second change, no new watch: %s\n", state(ev));
    RegCloseKey(k1);

    printf("-- subkeys\n");
    HKEY k2 = open_key(KEY);
    ResetEvent(ev);
    RegNotifyChangeKeyValue(k2, FALSE, REG_NOTIFY_CHANGE_NAME, ev, TRUE);
    set_value(k, "x");
    printf("a value, watching names: %s\n", state(ev));
    HKEY added = open_key(KEY "\\added");
    printf("a new subkey: %s\n", state(ev));
    RegCloseKey(added);
    RegCloseKey(k2);

    printf("-- subtrees\n");
    HKEY k3 = open_key(KEY);
    ResetEvent(ev);
    RegNotifyChangeKeyValue(k3, FALSE, REG_NOTIFY_CHANGE_LAST_SET, ev, TRUE);
    set_value(deep, "d");
    printf("below, without bWatchSubtree: %s\n", state(ev));
    HKEY k4 = open_key(KEY);
    HANDLE ev2 = CreateEventA(NULL, TRUE, FALSE, NULL);
    RegNotifyChangeKeyValue(k4, TRUE, REG_NOTIFY_CHANGE_LAST_SET, ev2, TRUE);
    set_value(deep, "e");
    printf("below, with bWatchSubtree: %s\n", state(ev2));
    RegCloseKey(k4);
    RegCloseKey(k3);

    printf("-- closing\n");
    HKEY k5 = open_key(KEY);
    ResetEvent(ev2);
    RegNotifyChangeKeyValue(k5, FALSE, REG_NOTIFY_CHANGE_NAME, ev2, TRUE);
    printf("armed: %s\n", state(ev2));
    RegCloseKey(k5);
    printf("after closing the key: %s\n", state(ev2));

    printf("-- synchronous\n");
    HKEY k6 = open_key(KEY);
    HANDLE t = CreateThread(NULL, 0, waiter, k6, 0, NULL);
    Sleep(100);
    set_value(k, "from main");
    WaitForSingleObject(t, 5000);
    CloseHandle(t);
    RegCloseKey(k6);

    printf("-- refused\n");
    printf("unknown filter bits: %ld\n", RegNotifyChangeKeyValue(k, FALSE, 0x100, ev, TRUE));
    printf("bad key: %ld\n", RegNotifyChangeKeyValue((HKEY)0x1230, FALSE, REG_NOTIFY_CHANGE_NAME, ev, TRUE));
    printf("RegSaveKey: %ld\n", RegSaveKeyA(k, "wbnotify.hiv", NULL));
    printf("RegLoadKey: %ld\n", RegLoadKeyA(HKEY_USERS, "wowbox_hive", "wbnotify.hiv"));

    RegCloseKey(deep);
    RegCloseKey(sub);
    RegDeleteKeyA(k, "sub\\deep");
    RegDeleteKeyA(k, "sub");
    RegDeleteKeyA(k, "added");
    RegCloseKey(k);
    RegDeleteKeyA(HKEY_CURRENT_USER, KEY);
    CloseHandle(ev);
    CloseHandle(ev2);
}

/* How many times HKEY_CLASSES_ROOT's enumeration lists `name`. */
static int listed(const char *name)
{
    char buf[256];
    int n = 0;
    for (DWORD i = 0;; i++) {
        DWORD len = sizeof buf;
        LONG r = RegEnumKeyExA(HKEY_CLASSES_ROOT, i, buf, &len, NULL, NULL, NULL, NULL);
        if (r == ERROR_NO_MORE_ITEMS)
            break;
        if (r != ERROR_SUCCESS) {
            printf("RegEnumKeyEx %lu: %ld\n", i, r);
            break;
        }
        n += _stricmp(buf, name) == 0;
    }
    return n;
}

static void classes_root(void)
{
    printf("-- HKEY_CLASSES_ROOT\n");
    HKEY k;
    RegCreateKeyExA(HKEY_CURRENT_USER, "Software\\Classes\\.wowboxuser", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    RegCloseKey(k);
    RegCreateKeyExA(HKEY_LOCAL_MACHINE, "Software\\Classes\\.wowboxmachine", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    RegCloseKey(k);
    RegCreateKeyExA(HKEY_CURRENT_USER, "Software\\Classes\\.wowboxboth", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    RegCloseKey(k);
    RegCreateKeyExA(HKEY_LOCAL_MACHINE, "Software\\Classes\\.wowboxboth", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    RegCloseKey(k);
    printf("user's class listed: %d\n", listed(".wowboxuser"));
    printf("machine's class listed: %d\n", listed(".wowboxmachine"));
    printf("a class in both listed: %d\n", listed(".wowboxboth"));
    RegDeleteKeyA(HKEY_CURRENT_USER, "Software\\Classes\\.wowboxuser");
    RegDeleteKeyA(HKEY_CURRENT_USER, "Software\\Classes\\.wowboxboth");
    RegDeleteKeyA(HKEY_LOCAL_MACHINE, "Software\\Classes\\.wowboxmachine");
    RegDeleteKeyA(HKEY_LOCAL_MACHINE, "Software\\Classes\\.wowboxboth");
}

int main(void)
{
    notify();
    classes_root();
    return 0;
}
