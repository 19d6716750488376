/* change_notify.c - proves directory change notification handles:
 * FindFirstChangeNotification's handle is signaled by a change its filter
 * names (file names, last writes) and quiet otherwise, FindNext waits for
 * the next change, bWatchSubtree reaches into subdirectories (Wine 8 misses
 * this one), a missing directory and bad filters are refused, FindClose
 * ends the handle. */
#include <stdio.h>
#include <windows.h>

static const char *state(HANDLE h, DWORD ms)
{
    DWORD r = WaitForSingleObject(h, ms);
    return r == WAIT_OBJECT_0 ? "signaled" : r == WAIT_TIMEOUT ? "quiet" : "failed";
}

static void put(const char *name, const char *text)
{
    DWORD n;
    HANDLE f = CreateFileA(name, GENERIC_WRITE, 0, NULL, OPEN_ALWAYS, 0, NULL);
    SetFilePointer(f, 0, NULL, FILE_END);
    WriteFile(f, text, lstrlenA(text), &n, NULL);
    CloseHandle(f);
}

int main(void)
{
    CreateDirectoryA("wbcn_dir", NULL);
    CreateDirectoryA("wbcn_dir\\sub", NULL);
    put("wbcn_dir\\existing.txt", "x");

    HANDLE names = FindFirstChangeNotificationA("wbcn_dir", FALSE, FILE_NOTIFY_CHANGE_FILE_NAME);
    printf("names handle: %s\n", names == INVALID_HANDLE_VALUE ? "invalid" : "ok");
    printf("before a change: %s\n", state(names, 0));
    put("wbcn_dir\\new.txt", "hello");
    printf("a new file: %s\n", state(names, 2000));
    printf("FindNext: %d\n", FindNextChangeNotification(names));
    printf("after FindNext: %s\n", state(names, 0));
    put("wbcn_dir\\sub\\below.txt", "deep");
    printf("a file in a subdirectory: %s\n", state(names, 200));
    DeleteFileA("wbcn_dir\\new.txt");
    printf("a file deleted: %s\n", state(names, 2000));
    printf("FindClose: %d\n", FindCloseChangeNotification(names));

    HANDLE writes = FindFirstChangeNotificationA("wbcn_dir", FALSE, FILE_NOTIFY_CHANGE_LAST_WRITE);
    printf("last-write handle, before: %s\n", state(writes, 0));
    put("wbcn_dir\\existing.txt", "more");
    printf("a file written: %s\n", state(writes, 2000));
    FindCloseChangeNotification(writes);

    HANDLE tree = FindFirstChangeNotificationW(L"wbcn_dir", TRUE, FILE_NOTIFY_CHANGE_FILE_NAME);
    put("wbcn_dir\\sub\\other.txt", "deep");
    printf("subtree, a file in a subdirectory: %s\n", state(tree, 2000));
    FindCloseChangeNotification(tree);

    SetLastError(0);
    HANDLE bad = FindFirstChangeNotificationA("wbcn_missing", FALSE, FILE_NOTIFY_CHANGE_FILE_NAME);
    printf("missing directory: %s err=%lu\n", bad == INVALID_HANDLE_VALUE ? "invalid" : "ok", GetLastError());
    SetLastError(0);
    bad = FindFirstChangeNotificationA("wbcn_dir", FALSE, 0);
    printf("filter 0: %s err=%lu\n", bad == INVALID_HANDLE_VALUE ? "invalid" : "ok", GetLastError());
    SetLastError(0);
    BOOL ok = FindNextChangeNotification((HANDLE)0x1230);
    printf("FindNext of a bad handle: %d err=%lu\n", ok, GetLastError());

    DeleteFileA("wbcn_dir\\sub\\below.txt");
    DeleteFileA("wbcn_dir\\sub\\other.txt");
    DeleteFileA("wbcn_dir\\existing.txt");
    RemoveDirectoryA("wbcn_dir\\sub");
    RemoveDirectoryA("wbcn_dir");
    return 0;
}
