// build-flags: -ladvapi32
/* registry_api.c - proves advapi32's registry functions as Windows answers
 * them for a 32-bit program: create/open with dispositions, case-insensitive
 * names, the size rules of RegQueryValueEx (A sizes in ANSI bytes, NULL data
 * asks for the size, ERROR_MORE_DATA), RegGetValue's type filter and
 * REG_EXPAND_SZ expansion, enumeration order, RegQueryInfoKey, deleting a
 * key with subkeys (ERROR_ACCESS_DENIED), a handle to a deleted key
 * (ERROR_KEY_DELETED), RegCopyTree, RegDeleteTree, the default hive. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#ifndef RRF_RT_REG_SZ
#define RRF_RT_REG_SZ 0x2
#define RRF_RT_REG_EXPAND_SZ 0x4
#define RRF_RT_REG_DWORD 0x10
#define RRF_RT_ANY 0xffff
#define RRF_NOEXPAND 0x10000000
#endif

#define ROOT "Software\\WowboxRegistryApi"

int main(void)
{
    HKEY k, sub, k2;
    DWORD disp = 0, type = 0, size, r, dw;
    char buf[256];
    WCHAR wbuf[64];

    RegDeleteTreeA(HKEY_CURRENT_USER, ROOT);
    r = RegOpenKeyExA(HKEY_CURRENT_USER, ROOT, 0, KEY_READ, &k);
    printf("open missing: %lu\n", r);
    r = RegCreateKeyExA(HKEY_CURRENT_USER, ROOT "\\Sub\\Deep", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, &disp);
    printf("create nested: %lu disposition %lu\n", r, disp);
    RegCloseKey(k);
    r = RegCreateKeyExA(HKEY_CURRENT_USER, ROOT "\\SUB\\deep", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, &disp);
    printf("create again (other case): %lu disposition %lu\n", r, disp);
    RegCloseKey(k);

    r = RegOpenKeyExA(HKEY_CURRENT_USER, ROOT, 0, KEY_ALL_ACCESS, &k);
    printf("open: %lu\n", r);
    RegSetValueExA(k, "Str", 0, REG_SZ, (const BYTE *)"hello", 6);
    dw = 0x12345678;
    RegSetValueExA(k, "Num", 0, REG_DWORD, (const BYTE *)&dw, 4);
    RegSetValueExA(k, "NoNul", 0, REG_SZ, (const BYTE *)"abc", 3);
    RegSetValueExA(k, "Exp", 0, REG_EXPAND_SZ, (const BYTE *)"%SystemRoot%\\x", 15);
    RegSetValueExA(k, NULL, 0, REG_SZ, (const BYTE *)"default", 8);

    size = 0;
    r = RegQueryValueExA(k, "str", NULL, &type, NULL, &size);
    printf("size query: %lu type %lu size %lu\n", r, type, size);
    size = 3;
    r = RegQueryValueExA(k, "Str", NULL, &type, (BYTE *)buf, &size);
    printf("small buffer: %lu size %lu\n", r, size);
    size = sizeof buf;
    r = RegQueryValueExA(k, "Str", NULL, &type, (BYTE *)buf, &size);
    printf("read: %lu '%s' size %lu\n", r, buf, size);
    size = sizeof wbuf;
    r = RegQueryValueExW(k, L"Str", NULL, &type, (BYTE *)wbuf, &size);
    printf("read W: %lu size %lu first %c\n", r, size, (char)wbuf[0]);
    size = sizeof dw;
    dw = 0;
    r = RegQueryValueExA(k, "Num", NULL, &type, (BYTE *)&dw, &size);
    printf("dword: %lu type %lu 0x%lx\n", r, type, dw);
    r = RegQueryValueExA(k, "Missing", NULL, &type, NULL, &size);
    printf("missing value: %lu\n", r);
    r = RegQueryValueExA(k, "Str", NULL, &type, (BYTE *)buf, NULL);
    printf("data without size: %lu\n", r);
    size = sizeof buf;
    memset(buf, 'x', sizeof buf);
    r = RegQueryValueExA(k, "NoNul", NULL, &type, (BYTE *)buf, &size);
    printf("no NUL stored: %lu size %lu\n", r, size);

    /* RegGetValue */
    size = sizeof buf;
    r = RegGetValueA(k, NULL, "Exp", RRF_RT_REG_SZ, &type, buf, &size);
    printf("get expanded: %lu type %lu '%s' size %lu\n", r, type, buf, size);
    size = sizeof buf;
    r = RegGetValueA(k, NULL, "Exp", RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND, &type, buf, &size);
    printf("get unexpanded: %lu type %lu '%s' size %lu\n", r, type, buf, size);
    r = RegGetValueA(k, NULL, "Exp", RRF_RT_REG_EXPAND_SZ, &type, buf, &size);
    printf("expand_sz without noexpand: %lu\n", r);
    size = sizeof buf;
    r = RegGetValueA(k, NULL, "Str", RRF_RT_REG_DWORD, &type, buf, &size);
    printf("wrong type: %lu\n", r);
    size = sizeof buf;
    r = RegGetValueA(k, NULL, "NoNul", RRF_RT_REG_SZ, &type, buf, &size);
    printf("get no NUL: %lu '%s' size %lu\n", r, buf, size);
    size = sizeof dw;
    r = RegGetValueA(HKEY_CURRENT_USER, ROOT, "Num", RRF_RT_REG_DWORD, NULL, &dw, &size);
    printf("get via subkey: %lu 0x%lx\n", r, dw);
    size = 2;
    r = RegGetValueA(k, NULL, "Str", RRF_RT_ANY, NULL, buf, &size);
    printf("get small: %lu size %lu\n", r, size);

    /* RegQueryValue / RegSetValue: default values */
    r = RegSetValueA(k, "WithDefault", REG_SZ, "dflt", 4);
    size = sizeof buf;
    r = RegQueryValueA(k, "WithDefault", buf, (LONG *)&size);
    printf("default value: %lu '%s' size %lu\n", r, buf, size);
    size = sizeof buf;
    r = RegQueryValueA(k, "Sub", buf, (LONG *)&size);
    printf("no default value: %lu '%s' size %lu\n", r, buf, size);

    /* enumeration: values in the order set, keys by name */
    for (DWORD i = 0;; i++) {
        char name[64];
        DWORD n = sizeof name;
        r = RegEnumValueA(k, i, name, &n, NULL, &type, NULL, NULL);
        if (r != ERROR_SUCCESS) {
            printf("enum values end: %lu\n", r);
            break;
        }
        printf("value %lu: '%s' (%lu chars) type %lu\n", i, name, n, type);
    }
    {
        char name[3];
        DWORD n = sizeof name;
        r = RegEnumValueA(k, 0, name, &n, NULL, NULL, NULL, NULL);
        printf("enum value small name: %lu\n", r);
    }
    for (DWORD i = 0;; i++) {
        char name[64];
        DWORD n = sizeof name;
        r = RegEnumKeyExA(k, i, name, &n, NULL, NULL, NULL, NULL);
        if (r != ERROR_SUCCESS) {
            printf("enum keys end: %lu\n", r);
            break;
        }
        printf("key %lu: '%s' (%lu chars)\n", i, name, n);
    }
    DWORD nsub, maxsub, nval, maxname, maxdata;
    r = RegQueryInfoKeyW(k, NULL, NULL, NULL, &nsub, &maxsub, NULL, &nval, &maxname, &maxdata, NULL, NULL);
    printf("info: %lu subkeys %lu maxsub %lu values %lu maxname %lu maxdata %lu\n", r, nsub, maxsub, nval,
           maxname, maxdata);

    /* deletes */
    r = RegDeleteKeyA(k, "Sub");
    printf("delete key with subkeys: %lu\n", r);
    r = RegDeleteValueA(k, "Missing");
    printf("delete missing value: %lu\n", r);
    r = RegDeleteValueA(k, "Num");
    printf("delete value: %lu\n", r);
    r = RegOpenKeyExA(k, "Sub\\Deep", 0, KEY_ALL_ACCESS, &sub);
    printf("open deep: %lu\n", r);
    r = RegDeleteKeyA(k, "Sub\\Deep");
    printf("delete deep: %lu\n", r);
    r = RegSetValueExA(sub, "x", 0, REG_DWORD, (const BYTE *)&dw, 4);
    printf("write to deleted key: %lu\n", r);
    RegCloseKey(sub);

    /* copy and delete trees */
    r = RegCreateKeyExA(HKEY_CURRENT_USER, ROOT "Copy", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k2, &disp);
    r = RegCopyTreeA(k, NULL, k2);
    size = sizeof buf;
    r = RegGetValueA(k2, "WithDefault", NULL, RRF_RT_REG_SZ, NULL, buf, &size);
    printf("copied tree: %lu '%s'\n", r, buf);
    RegCloseKey(k2);
    r = RegDeleteTreeA(HKEY_CURRENT_USER, ROOT "Copy");
    printf("delete tree copy: %lu\n", r);
    RegCloseKey(k);
    r = RegDeleteTreeA(HKEY_CURRENT_USER, ROOT);
    printf("delete tree: %lu\n", r);
    r = RegOpenKeyExA(HKEY_CURRENT_USER, ROOT, 0, KEY_READ, &k);
    printf("open deleted: %lu\n", r);
    r = RegCloseKey((HKEY)0x1234);
    printf("close bad handle: %lu\n", r);

    /* the default hive */
    size = sizeof buf;
    r = RegGetValueA(HKEY_LOCAL_MACHINE, "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "CurrentBuildNumber",
                     RRF_RT_REG_SZ, NULL, buf, &size);
    printf("build: %lu %s\n", r, buf);
    size = sizeof dw;
    r = RegGetValueA(HKEY_LOCAL_MACHINE, "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion",
                     "CurrentMajorVersionNumber", RRF_RT_REG_DWORD, NULL, &dw, &size);
    printf("major: %lu %lu\n", r, dw);
    size = sizeof buf;
    r = RegGetValueA(HKEY_LOCAL_MACHINE, "SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment", "OS",
                     RRF_RT_REG_SZ, NULL, buf, &size);
    printf("OS: %lu %s\n", r, buf);
    r = RegOpenKeyExA(HKEY_LOCAL_MACHINE, "HARDWARE\\DESCRIPTION\\System\\CentralProcessor\\0", 0, KEY_READ, &k);
    size = sizeof buf;
    DWORD r2 = RegQueryValueExA(k, "ProcessorNameString", NULL, &type, (BYTE *)buf, &size);
    printf("cpu: %lu %lu type %lu\n", r, r2, type);
    RegCloseKey(k);
    return 0;
}
