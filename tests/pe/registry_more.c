// build-flags: -ladvapi32
/* registry_more.c - proves the rest of advapi32's registry surface: the W
 * functions (create, set, enumerate, RegGetValueW with its size in bytes
 * of UTF-16), RegOpenCurrentUser, RegConnectRegistry (local machine only:
 * a remote name is ERROR_BAD_NETPATH), RegOpenKey with no subkey returning
 * the same handle, RegEnumKey's plain count, RegFlushKey, RegDeleteKeyEx,
 * volatile keys, RegQueryInfoKey's class, predefined handles that cannot
 * be closed away, ERROR_INVALID_HANDLE for a bad handle. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#ifndef RRF_RT_REG_SZ
#define RRF_RT_REG_SZ 0x2
#define RRF_RT_ANY 0xffff
#endif

int main(void)
{
    HKEY k, cu, remote, same, vol;
    DWORD disp, type, size, r;
    WCHAR w[64];

    RegDeleteTreeW(HKEY_CURRENT_USER, L"Software\\WowboxMore");
    r = RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\WowboxMore", 0, L"MyClass", 0, KEY_ALL_ACCESS, NULL, &k,
                        &disp);
    printf("RegCreateKeyExW: %lu %lu\n", r, disp);
    r = RegSetValueExW(k, L"W", 0, REG_SZ, (const BYTE *)L"wide", 10);
    size = sizeof w;
    r = RegGetValueW(k, NULL, L"W", RRF_RT_REG_SZ, &type, w, &size);
    printf("RegGetValueW: %lu type %lu size %lu %ls\n", r, type, size, w);
    size = 4;
    r = RegGetValueW(k, NULL, L"W", RRF_RT_ANY, NULL, w, &size);
    printf("RegGetValueW small: %lu size %lu\n", r, size);
    r = RegGetValueW(k, NULL, L"Nope", RRF_RT_ANY, NULL, NULL, NULL);
    printf("RegGetValueW missing: %lu\n", r);

    WCHAR name[16];
    DWORD n = 16;
    size = sizeof w;
    r = RegEnumValueW(k, 0, name, &n, NULL, &type, (BYTE *)w, &size);
    printf("RegEnumValueW: %lu %ls (%lu) type %lu size %lu\n", r, name, n, type, size);
    n = 16;
    size = 2;
    r = RegEnumValueW(k, 0, name, &n, NULL, &type, (BYTE *)w, &size);
    printf("RegEnumValueW small data: %lu size %lu\n", r, size);

    char cls[32];
    DWORD ncls = sizeof cls;
    r = RegQueryInfoKeyA(k, cls, &ncls, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    printf("class: %lu '%s' (%lu)\n", r, cls, ncls);
    ncls = 3;
    r = RegQueryInfoKeyA(k, cls, &ncls, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    printf("class, small: %lu\n", r);

    RegCreateKeyA(k, "Alpha", &same);
    RegCloseKey(same);
    RegCreateKeyA(k, "Beta", &same);
    RegCloseKey(same);
    char kn[8];
    r = RegEnumKeyA(k, 1, kn, sizeof kn);
    printf("RegEnumKeyA 1: %lu %s\n", r, kn);
    r = RegEnumKeyA(k, 0, kn, 5);
    printf("RegEnumKeyA small: %lu\n", r);
    r = RegEnumKeyA(k, 2, kn, sizeof kn);
    printf("RegEnumKeyA end: %lu\n", r);
    r = RegEnumKeyW(k, 0, w, 64);
    printf("RegEnumKeyW 0: %lu %ls\n", r, w);

    r = RegOpenKeyA(k, NULL, &same);
    printf("RegOpenKey(NULL): %lu same handle %d\n", r, same == k);
    r = RegFlushKey(k);
    printf("RegFlushKey: %lu\n", r);

    r = RegCreateKeyExA(k, "Vol", 0, NULL, REG_OPTION_VOLATILE, KEY_ALL_ACCESS, NULL, &vol, &disp);
    printf("volatile key: %lu %lu\n", r, disp);
    r = RegCreateKeyExA(vol, "Child", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &same, &disp);
    printf("persistent child of a volatile key: %lu\n", r);
    RegCloseKey(vol);
    r = RegDeleteKeyExA(k, "Vol", 0, 0);
    printf("RegDeleteKeyEx: %lu\n", r);

    r = RegOpenCurrentUser(KEY_READ, &cu);
    size = sizeof w;
    DWORD r2 = RegGetValueW(cu, L"Software\\WowboxMore", L"W", RRF_RT_REG_SZ, NULL, w, &size);
    printf("RegOpenCurrentUser: %lu %lu %ls\n", r, r2, w);
    RegCloseKey(cu);

    r = RegConnectRegistryA(NULL, HKEY_LOCAL_MACHINE, &remote);
    printf("RegConnectRegistry(NULL): %lu\n", r);
    RegCloseKey(remote);
    r = RegConnectRegistryA("\\\\no-such-machine-wowbox", HKEY_LOCAL_MACHINE, &remote);
    printf("RegConnectRegistry(remote): %lu\n", r);

    r = RegCloseKey(HKEY_LOCAL_MACHINE);
    r2 = RegOpenKeyExA(HKEY_LOCAL_MACHINE, "SOFTWARE", 0, KEY_READ, &same);
    printf("HKLM after RegCloseKey: %lu %lu\n", r, r2);
    RegCloseKey(same);
    r = RegSetValueExA((HKEY)0x1234, "x", 0, REG_SZ, (const BYTE *)"", 1);
    printf("bad handle: %lu\n", r);

    RegCloseKey(k);
    r = RegDeleteTreeA(HKEY_CURRENT_USER, "Software\\WowboxMore");
    printf("cleanup: %lu\n", r);
    return 0;
}
