/* hkcr_merged.c - proves that HKEY_CLASSES_ROOT is merged below its top
 * level, as on Windows: a key opened through HKCR that exists for the user
 * (HKCU\Software\Classes) still finds the machine's subkeys
 * (HKLM\Software\Classes) on open, at every depth; its enumeration and
 * RegQueryInfoKey list both keys' subkeys once (the user's shadowing the
 * machine's of the same name); values come from the user's key; a
 * redirected class key (CLSID) below HKCR follows WOW6432Node in both
 * hives, and KEY_WOW64_64KEY selects the other view. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#define GUID_M "{0BADF00D-1111-0000-0000-00000000000A}"
#define GUID_U "{0BADF00D-1111-0000-0000-00000000000B}"

static void make(HKEY root, const char *path, const char *who)
{
    HKEY k;
    LONG r = RegCreateKeyExA(root, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    if (r != ERROR_SUCCESS) {
        printf("create %s: %ld\n", path, r);
        return;
    }
    if (who)
        RegSetValueExA(k, "who", 0, REG_SZ, (const BYTE *)who, (DWORD)strlen(who) + 1);
    RegCloseKey(k);
}

static void try_open(const char *what, HKEY base, const char *sub, REGSAM sam)
{
    HKEY k;
    LONG r = RegOpenKeyExA(base, sub, 0, KEY_READ | sam, &k);
    char who[32] = "-";
    DWORD size = sizeof who;
    if (r == ERROR_SUCCESS) {
        if (RegQueryValueExA(k, "who", NULL, NULL, (BYTE *)who, &size) != ERROR_SUCCESS)
            strcpy(who, "(no value)");
        RegCloseKey(k);
    }
    printf("%s: %ld, who=%s\n", what, r, r == ERROR_SUCCESS ? who : "-");
}

static int by_name(const void *a, const void *b)
{
    return _stricmp(*(char *const *)a, *(char *const *)b);
}

/* The subkeys, sorted (the order of the two hives' lists is not the point),
 * and RegQueryInfoKey's count. */
static void list(const char *what, HKEY k)
{
    char *names[16];
    int n = 0;
    char name[64];
    for (DWORD i = 0; n < 16; i++) {
        DWORD cch = sizeof name;
        LONG r = RegEnumKeyExA(k, i, name, &cch, NULL, NULL, NULL, NULL);
        if (r != ERROR_SUCCESS) {
            if (r != ERROR_NO_MORE_ITEMS)
                printf("enum: %ld\n", r);
            break;
        }
        names[n++] = _strdup(name);
    }
    qsort(names, n, sizeof names[0], by_name);
    printf("%s:", what);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    DWORD subkeys = 0, maxlen = 0;
    LONG r = RegQueryInfoKeyA(k, NULL, NULL, NULL, &subkeys, &maxlen, NULL, NULL, NULL, NULL, NULL, NULL);
    printf(" (RegQueryInfoKey %ld: %lu subkeys, longest %lu)\n", r, subkeys, maxlen);
}

int main(void)
{
    make(HKEY_CURRENT_USER, "Software\\Classes\\wbmerge\\both\\ucase", "user");
    make(HKEY_CURRENT_USER, "Software\\Classes\\wbmerge\\both", "user");
    make(HKEY_CURRENT_USER, "Software\\Classes\\wbmerge\\useronly", "user");
    make(HKEY_LOCAL_MACHINE, "Software\\Classes\\wbmerge\\both\\mcase", "machine");
    make(HKEY_LOCAL_MACHINE, "Software\\Classes\\wbmerge\\both", "machine");
    make(HKEY_LOCAL_MACHINE, "Software\\Classes\\wbmerge\\machineonly\\deep", "machine");
    make(HKEY_CURRENT_USER, "Software\\Classes\\CLSID\\" GUID_U, "user");
    make(HKEY_LOCAL_MACHINE, "Software\\Classes\\CLSID\\" GUID_M, "machine");

    HKEY top;
    LONG r = RegOpenKeyExA(HKEY_CLASSES_ROOT, "wbmerge", 0, KEY_READ, &top);
    printf("HKCR\\wbmerge: %ld\n", r);
    try_open("below it: both", top, "both", 0);
    try_open("below it: useronly", top, "useronly", 0);
    try_open("below it: machineonly", top, "machineonly", 0);
    try_open("below it: machineonly\\deep", top, "machineonly\\deep", 0);
    try_open("below it: missing", top, "missing", 0);
    list("subkeys of HKCR\\wbmerge", top);

    HKEY both;
    r = RegOpenKeyExA(top, "both", 0, KEY_READ, &both);
    printf("HKCR\\wbmerge\\both: %ld\n", r);
    try_open("below both: mcase (machine's only)", both, "mcase", 0);
    try_open("below both: ucase (user's only)", both, "ucase", 0);
    list("subkeys of HKCR\\wbmerge\\both", both);
    RegCloseKey(both);
    RegCloseKey(top);

    /* the same key straight from HKCU is no merged key */
    r = RegOpenKeyExA(HKEY_CURRENT_USER, "Software\\Classes\\wbmerge", 0, KEY_READ, &top);
    try_open("HKCU's own key: machineonly", top, "machineonly", 0);
    list("subkeys of HKCU\\Software\\Classes\\wbmerge", top);
    RegCloseKey(top);

    HKEY clsid;
    r = RegOpenKeyExA(HKEY_CLASSES_ROOT, "CLSID", 0, KEY_READ, &clsid);
    printf("HKCR\\CLSID: %ld\n", r);
    try_open("below it: the machine's class", clsid, GUID_M, 0);
    try_open("below it: the user's class", clsid, GUID_U, 0);
    try_open("below it, 64-bit view: the machine's class", clsid, GUID_M, KEY_WOW64_64KEY);
    RegCloseKey(clsid);
    try_open("HKLM WOW6432Node CLSID", HKEY_LOCAL_MACHINE, "Software\\Classes\\WOW6432Node\\CLSID\\" GUID_M,
             KEY_WOW64_64KEY);

    /* a key created through HKCR is merged too */
    HKEY made;
    r = RegCreateKeyExA(HKEY_CLASSES_ROOT, "wbmerge2", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &made, NULL);
    printf("create HKCR\\wbmerge2: %ld\n", r);
    make(HKEY_CURRENT_USER, "Software\\Classes\\wbmerge2\\fromuser", "user");
    try_open("below it: fromuser", made, "fromuser", 0);
    RegCloseKey(made);

    RegDeleteTreeA(HKEY_CURRENT_USER, "Software\\Classes\\wbmerge");
    RegDeleteTreeA(HKEY_LOCAL_MACHINE, "Software\\Classes\\wbmerge");
    RegDeleteTreeA(HKEY_CURRENT_USER, "Software\\Classes\\wbmerge2");
    RegDeleteTreeA(HKEY_LOCAL_MACHINE, "Software\\Classes\\wbmerge2");
    RegDeleteKeyA(HKEY_CURRENT_USER, "Software\\Classes\\CLSID\\" GUID_U);
    RegDeleteKeyA(HKEY_LOCAL_MACHINE, "Software\\Classes\\CLSID\\" GUID_M);
    try_open("after the clean-up", HKEY_CLASSES_ROOT, "wbmerge", 0);
    return 0;
}
