/* dir_changes.c - proves ReadDirectoryChangesW, synchronous: a call waits
 * for a change in the directory and returns FILE_NOTIFY_INFORMATION records
 * (a file added, renamed: old and new names, removed), the watch collects
 * between calls, and a buffer too small for the records returns TRUE and
 * none, as documented (Wine 8 fails with ERROR_NOTIFY_ENUM_DIR instead).
 * A helper thread makes the changes; until the first call returns it keeps
 * touching warm.tmp, so that call has something to wake for whenever it
 * starts (those records are not printed). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

enum { FIRST_RETURNED, ADD, ADDED, RENAME, RENAMED, REMOVE, REMOVED, NEVENTS };
static HANDLE ev[NEVENTS];

static void step(int wait_for, void (*change)(void), int done)
{
    WaitForSingleObject(ev[wait_for], INFINITE);
    change();
    SetEvent(ev[done]);
}

static void add(void) { CloseHandle(CreateFileA("wbdc_dir\\a.txt", GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL)); }
static void rename_it(void) { MoveFileA("wbdc_dir\\a.txt", "wbdc_dir\\b.txt"); }
static void remove_it(void) { DeleteFileA("wbdc_dir\\b.txt"); }

static DWORD WINAPI changer(void *arg)
{
    (void)arg;
    while (WaitForSingleObject(ev[FIRST_RETURNED], 20) == WAIT_TIMEOUT) {
        CloseHandle(CreateFileA("wbdc_dir\\warm.tmp", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL));
        DeleteFileA("wbdc_dir\\warm.tmp");
    }
    step(ADD, add, ADDED);
    step(RENAME, rename_it, RENAMED);
    step(REMOVE, remove_it, REMOVED);
    return 0;
}

static BOOL is_warm(const FILE_NOTIFY_INFORMATION *r)
{
    return r->FileNameLength == 16 && memcmp(r->FileName, L"warm.tmp", 16) == 0;
}

static void show(HANDLE dir, DWORD size, BOOL print)
{
    DWORD buf[256], got = 0;
    if (!ReadDirectoryChangesW(dir, buf, size, FALSE, FILE_NOTIFY_CHANGE_FILE_NAME, &got, NULL, NULL)) {
        printf("failed err=%lu\n", GetLastError());
        return;
    }
    if (!print)
        return;
    printf("%s\n", got ? "records" : "no records");
    for (BYTE *p = (BYTE *)buf; got;) {
        FILE_NOTIFY_INFORMATION *r = (FILE_NOTIFY_INFORMATION *)p;
        if (!is_warm(r))
            printf("  action %lu: %.*ls\n", r->Action, (int)(r->FileNameLength / 2), r->FileName);
        if (!r->NextEntryOffset)
            break;
        p += r->NextEntryOffset;
    }
}

int main(void)
{
    CreateDirectoryA("wbdc_dir", NULL);
    HANDLE dir = CreateFileA("wbdc_dir", FILE_LIST_DIRECTORY, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                             NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    for (int i = 0; i < NEVENTS; i++)
        ev[i] = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE t = CreateThread(NULL, 0, changer, NULL, 0, NULL);
    show(dir, sizeof(DWORD) * 256, FALSE); /* starts the watch: warm.tmp wakes it */
    SetEvent(ev[FIRST_RETURNED]);
    SetEvent(ev[ADD]);
    WaitForSingleObject(ev[ADDED], INFINITE);
    printf("-- a file added\n");
    show(dir, sizeof(DWORD) * 256, TRUE);
    SetEvent(ev[RENAME]);
    WaitForSingleObject(ev[RENAMED], INFINITE);
    printf("-- renamed\n");
    show(dir, sizeof(DWORD) * 256, TRUE);
    SetEvent(ev[REMOVE]);
    WaitForSingleObject(ev[REMOVED], INFINITE);
    printf("-- removed, into a buffer too small\n");
    show(dir, 8, TRUE);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(dir);
    RemoveDirectoryA("wbdc_dir");
    return 0;
}
