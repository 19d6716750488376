// build-flags: -ladvapi32
/* registry_views.c - proves WoW64 registry redirection as a 32-bit program
 * on 64-bit Windows sees it (run elevated there: it writes below HKLM):
 * HKLM\SOFTWARE is the 32-bit view (WOW6432Node) unless KEY_WOW64_64KEY
 * asks for the other; shared keys (Classes) are one key in both views while
 * Classes\CLSID is redirected; KEY_WOW64_* select the view on open, create
 * and delete; the 64-bit view of HKLM\SOFTWARE lists WOW6432Node, the
 * 32-bit one does not; ProgramFilesDir differs per view. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#ifndef RRF_RT_REG_SZ
#define RRF_RT_REG_SZ 0x2
#define RRF_SUBKEY_WOW6464KEY 0x10000
#endif

static void show(const char *what, HKEY root, const char *path, REGSAM view)
{
    HKEY k;
    LONG r = RegOpenKeyExA(root, path, 0, KEY_READ | view, &k);
    printf("%s: %ld\n", what, r);
    if (r == ERROR_SUCCESS)
        RegCloseKey(k);
}

static int lists(HKEY root, const char *path, REGSAM view, const char *name)
{
    HKEY k;
    int found = 0;
    if (RegOpenKeyExA(root, path, 0, KEY_READ | view, &k) != ERROR_SUCCESS)
        return -1;
    for (DWORD i = 0;; i++) {
        char n[256];
        DWORD len = sizeof n;
        if (RegEnumKeyExA(k, i, n, &len, NULL, NULL, NULL, NULL) != ERROR_SUCCESS)
            break;
        if (_stricmp(n, name) == 0)
            found = 1;
    }
    RegCloseKey(k);
    return found;
}

int main(void)
{
    HKEY k;
    DWORD disp;
    LONG r;
    char buf[MAX_PATH];
    DWORD size;

    RegDeleteKeyExA(HKEY_LOCAL_MACHINE, "Software\\WowboxView", KEY_WOW64_32KEY, 0);
    RegDeleteKeyExA(HKEY_LOCAL_MACHINE, "Software\\WowboxView", KEY_WOW64_64KEY, 0);

    r = RegCreateKeyExA(HKEY_LOCAL_MACHINE, "Software\\WowboxView", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, &disp);
    printf("create (32-bit view): %ld %lu\n", r, disp);
    RegSetValueExA(k, "v", 0, REG_SZ, (const BYTE *)"32", 3);
    RegCloseKey(k);
    show("open from the 32-bit view", HKEY_LOCAL_MACHINE, "Software\\WowboxView", 0);
    show("open with KEY_WOW64_32KEY", HKEY_LOCAL_MACHINE, "Software\\WowboxView", KEY_WOW64_32KEY);
    show("open with KEY_WOW64_64KEY", HKEY_LOCAL_MACHINE, "Software\\WowboxView", KEY_WOW64_64KEY);
    show("open WOW6432Node with KEY_WOW64_64KEY", HKEY_LOCAL_MACHINE, "Software\\WOW6432Node\\WowboxView",
         KEY_WOW64_64KEY);

    r = RegCreateKeyExA(HKEY_LOCAL_MACHINE, "Software\\WowboxView", 0, NULL, 0, KEY_ALL_ACCESS | KEY_WOW64_64KEY,
                        NULL, &k, &disp);
    printf("create (64-bit view): %ld %lu\n", r, disp);
    RegSetValueExA(k, "v", 0, REG_SZ, (const BYTE *)"64", 3);
    RegCloseKey(k);
    size = sizeof buf;
    RegGetValueA(HKEY_LOCAL_MACHINE, "Software\\WowboxView", "v", RRF_RT_REG_SZ, NULL, buf, &size);
    printf("value, 32-bit view: %s\n", buf);
    size = sizeof buf;
    RegGetValueA(HKEY_LOCAL_MACHINE, "Software\\WowboxView", "v", RRF_RT_REG_SZ | RRF_SUBKEY_WOW6464KEY, NULL, buf,
                 &size);
    printf("value, 64-bit view: %s\n", buf);

    /* WoW64 does not remember a handle's view: a relative open below a
     * KEY_WOW64_64KEY handle is in the 32-bit view unless it asks again */
    HKEY sw;
    RegOpenKeyExA(HKEY_LOCAL_MACHINE, "Software", 0, KEY_READ | KEY_WOW64_64KEY, &sw);
    size = sizeof buf;
    RegGetValueA(sw, "WowboxView", "v", RRF_RT_REG_SZ, NULL, buf, &size);
    printf("relative to a 64-bit handle, no flag: %s\n", buf);
    size = sizeof buf;
    RegGetValueA(sw, "WowboxView", "v", RRF_RT_REG_SZ | RRF_SUBKEY_WOW6464KEY, NULL, buf, &size);
    printf("relative to a 64-bit handle, KEY_WOW64_64KEY: %s\n", buf);
    RegCloseKey(sw);
    r = RegOpenKeyExA(HKEY_LOCAL_MACHINE, "Software", 0, KEY_READ | KEY_WOW64_64KEY | KEY_WOW64_32KEY, &sw);
    printf("both view flags: %ld\n", r);

    /* shared: Classes; redirected: Classes\CLSID */
    r = RegCreateKeyExA(HKEY_LOCAL_MACHINE, "Software\\Classes\\.wowboxview", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k,
                        &disp);
    RegCloseKey(k);
    show("shared Classes key from the 64-bit view", HKEY_LOCAL_MACHINE, "Software\\Classes\\.wowboxview",
         KEY_WOW64_64KEY);
    show("shared Classes key through HKCR", HKEY_CLASSES_ROOT, ".wowboxview", 0);
    r = RegCreateKeyExA(HKEY_LOCAL_MACHINE, "Software\\Classes\\CLSID\\{0BADF00D-0000-0000-0000-000000000001}", 0,
                        NULL, 0, KEY_ALL_ACCESS, NULL, &k, &disp);
    RegCloseKey(k);
    show("redirected CLSID from the 32-bit view", HKEY_LOCAL_MACHINE,
         "Software\\Classes\\CLSID\\{0BADF00D-0000-0000-0000-000000000001}", 0);
    show("redirected CLSID from the 64-bit view", HKEY_LOCAL_MACHINE,
         "Software\\Classes\\CLSID\\{0BADF00D-0000-0000-0000-000000000001}", KEY_WOW64_64KEY);
    show("redirected CLSID under Classes\\WOW6432Node", HKEY_LOCAL_MACHINE,
         "Software\\Classes\\WOW6432Node\\CLSID\\{0BADF00D-0000-0000-0000-000000000001}", KEY_WOW64_64KEY);

    printf("64-bit view of SOFTWARE lists WOW6432Node: %d\n",
           lists(HKEY_LOCAL_MACHINE, "SOFTWARE", KEY_WOW64_64KEY, "WOW6432Node"));
    printf("32-bit view of SOFTWARE lists WOW6432Node: %d\n", lists(HKEY_LOCAL_MACHINE, "SOFTWARE", 0, "WOW6432Node"));
    printf("32-bit view of SOFTWARE lists Classes: %d\n", lists(HKEY_LOCAL_MACHINE, "SOFTWARE", 0, "Classes"));

    size = sizeof buf;
    RegGetValueA(HKEY_LOCAL_MACHINE, "SOFTWARE\\Microsoft\\Windows\\CurrentVersion", "ProgramFilesDir",
                 RRF_RT_REG_SZ, NULL, buf, &size);
    printf("ProgramFilesDir, 32-bit view: %s\n", buf);
    size = sizeof buf;
    RegGetValueA(HKEY_LOCAL_MACHINE, "SOFTWARE\\Microsoft\\Windows\\CurrentVersion", "ProgramFilesDir",
                 RRF_RT_REG_SZ | RRF_SUBKEY_WOW6464KEY, NULL, buf, &size);
    printf("ProgramFilesDir, 64-bit view: %s\n", buf);

    /* delete selects the view too */
    r = RegDeleteKeyExA(HKEY_LOCAL_MACHINE, "Software\\WowboxView", KEY_WOW64_64KEY, 0);
    printf("delete 64-bit key: %ld\n", r);
    show("32-bit key still there", HKEY_LOCAL_MACHINE, "Software\\WowboxView", 0);
    r = RegDeleteKeyExA(HKEY_LOCAL_MACHINE, "Software\\WowboxView", KEY_WOW64_64KEY, 0);
    printf("delete 64-bit key again: %ld\n", r);
    r = RegDeleteKeyExA(HKEY_LOCAL_MACHINE, "Software\\WowboxView", KEY_WOW64_32KEY, 0);
    printf("delete 32-bit key: %ld\n", r);
    RegDeleteKeyA(HKEY_LOCAL_MACHINE, "Software\\Classes\\.wowboxview");
    RegDeleteKeyA(HKEY_LOCAL_MACHINE, "Software\\Classes\\CLSID\\{0BADF00D-0000-0000-0000-000000000001}");
    return 0;
}
