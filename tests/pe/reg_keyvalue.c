/* reg_keyvalue.c - proves RegSetKeyValue and RegDeleteKeyValue (A and W):
 * a value written below a subkey that does not exist yet creates it, read
 * back with RegGetValue; an empty or NULL subkey means the key itself;
 * deleting a value of a missing subkey or a missing value is
 * ERROR_FILE_NOT_FOUND. */
#include <stdio.h>
#include <windows.h>

#define KEY "Software\\wowbox_keyvalue"

static void show(const char *what, LONG r)
{
    printf("%s: %ld\n", what, r);
}

int main(void)
{
    DWORD v = 42, got = 0, size = sizeof got;
    HKEY k;
    RegCreateKeyExA(HKEY_CURRENT_USER, KEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    show("set below a new subkey", RegSetKeyValueA(k, "new\\deeper", "answer", REG_DWORD, &v, sizeof v));
    show("read back", RegGetValueA(k, "new\\deeper", "answer", RRF_RT_REG_DWORD, NULL, &got, &size));
    printf("value: %lu\n", got);
    show("set on the key itself (W)", RegSetKeyValueW(k, NULL, L"text", REG_SZ, L"wide", 10));
    char text[16] = "";
    size = sizeof text;
    show("read back", RegGetValueA(k, NULL, "text", RRF_RT_REG_SZ, NULL, text, &size));
    printf("text: %s (%lu bytes)\n", text, size);
    show("delete below", RegDeleteKeyValueA(k, "new\\deeper", "answer"));
    show("delete it again", RegDeleteKeyValueA(k, "new\\deeper", "answer"));
    show("delete below a missing subkey", RegDeleteKeyValueA(k, "missing", "answer"));
    show("delete on the key itself (W)", RegDeleteKeyValueW(k, L"", L"text"));
    RegDeleteKeyA(k, "new\\deeper");
    RegDeleteKeyA(k, "new");
    RegCloseKey(k);
    RegDeleteKeyA(HKEY_CURRENT_USER, KEY);
    return 0;
}
