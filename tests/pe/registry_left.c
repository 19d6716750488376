/* registry_left.c - NAME.reg end to end: the program leaves keys and values
 * (a string, a DWORD, binary data, a default value, an HKLM\Software key
 * that the 32-bit view redirects into WOW6432Node) and removes others;
 * registry_left.reg says what must and must not be there afterwards, in
 * the 32-bit program's view, and `wowbox test` checks it. */
#include <stdio.h>
#include <windows.h>

int main(void)
{
    HKEY k;
    if (RegCreateKeyExA(HKEY_CURRENT_USER, "Software\\WowboxLeft\\Settings", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k,
                        NULL) != ERROR_SUCCESS)
        return 1;
    DWORD runs = 42;
    const BYTE blob[] = { 1, 2, 3, 0xff };
    RegSetValueExA(k, "Name", 0, REG_SZ, (const BYTE *)"left behind", 12);
    RegSetValueExA(k, "Runs", 0, REG_DWORD, (const BYTE *)&runs, 4);
    RegSetValueExA(k, "Blob", 0, REG_BINARY, blob, sizeof blob);
    RegSetValueExA(k, NULL, 0, REG_SZ, (const BYTE *)"default", 8);
    RegSetValueExA(k, "Temporary", 0, REG_SZ, (const BYTE *)"x", 2);
    RegDeleteValueA(k, "Temporary");
    RegCloseKey(k);
    if (RegCreateKeyExA(HKEY_CURRENT_USER, "Software\\WowboxLeft\\Scratch", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k,
                        NULL) == ERROR_SUCCESS)
        RegCloseKey(k);
    RegDeleteKeyA(HKEY_CURRENT_USER, "Software\\WowboxLeft\\Scratch");
    if (RegCreateKeyExA(HKEY_LOCAL_MACHINE, "Software\\WowboxLeft", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL) ==
        ERROR_SUCCESS) {
        RegSetValueExA(k, "View", 0, REG_SZ, (const BYTE *)"32-bit", 7);
        RegCloseKey(k);
    }
    printf("registry written\n");
    return 0;
}
