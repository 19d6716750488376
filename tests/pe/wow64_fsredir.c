/* WoW64 file-system redirection per thread: a file created through
 * C:\Windows\System32 lands in SysWOW64 while redirection is on; after
 * Wow64DisableWow64FsRedirection on the main thread the same path reaches
 * the real System32, while another thread is still redirected; Revert and
 * Wow64EnableWow64FsRedirection switch it back; the error cases (an
 * unwritable OldValue; Revert with a value Disable never returned). */
#include <stdio.h>
#include <windows.h>

#define SYS32 "C:\\Windows\\System32\\"
#define WOW64 "C:\\Windows\\SysWOW64\\"
#define NATIVE "C:\\Windows\\Sysnative\\"

static int failures;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok" : "FAIL", what);
    if (!ok)
        failures++;
}

static int exists(const char *path)
{
    return GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES;
}

static int create(const char *path)
{
    HANDLE h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return 0;
    CloseHandle(h);
    return 1;
}

/* Runs while the main thread has redirection disabled. */
static DWORD WINAPI other_thread(LPVOID arg)
{
    (void)arg;
    check(exists(SYS32 "wbx_redir.txt"), "other thread: System32 still redirected to SysWOW64");
    check(!exists(SYS32 "wbx_native.txt"), "other thread: real System32 file not seen");
    return 0;
}

int main(void)
{
    char dir[MAX_PATH];
    BOOL wow64 = FALSE;
    check(IsWow64Process(GetCurrentProcess(), &wow64) && wow64, "IsWow64Process is TRUE");
    check(GetSystemDirectoryA(dir, sizeof dir) && lstrcmpiA(dir, "C:\\Windows\\System32") == 0,
          "GetSystemDirectory names System32");
    check(GetSystemWow64DirectoryA(dir, sizeof dir) && lstrcmpiA(dir, "C:\\Windows\\SysWOW64") == 0,
          "GetSystemWow64Directory names SysWOW64");

    check(create(SYS32 "wbx_redir.txt"), "create through System32 (redirected)");
    check(exists(WOW64 "wbx_redir.txt"), "it landed in SysWOW64");
    check(!exists(NATIVE "wbx_redir.txt"), "not in the real System32");

    PVOID old = (PVOID)0x55;
    check(Wow64DisableWow64FsRedirection(&old), "Wow64DisableWow64FsRedirection");
    check(old == NULL, "OldValue: redirection was on");
    check(!exists(SYS32 "wbx_redir.txt"), "disabled: System32 is the real one");
    check(create(SYS32 "wbx_native.txt"), "create through System32 (not redirected)");
    check(!exists(WOW64 "wbx_native.txt"), "not in SysWOW64");
    FILE *f = fopen(SYS32 "wbx_native.txt", "r");
    check(f != NULL, "msvcrt fopen sees the real System32 too");
    if (f)
        fclose(f);

    HANDLE t = CreateThread(NULL, 0, other_thread, NULL, 0, NULL);
    check(t && WaitForSingleObject(t, 10000) == WAIT_OBJECT_0, "other thread ran");
    CloseHandle(t);

    PVOID nested = (PVOID)0x55;
    check(Wow64DisableWow64FsRedirection(&nested) && nested != NULL, "nested Disable: OldValue says disabled");
    check(Wow64RevertWow64FsRedirection(nested) && !exists(SYS32 "wbx_redir.txt"),
          "Revert of the nested Disable keeps it disabled");
    check(Wow64RevertWow64FsRedirection(old), "Wow64RevertWow64FsRedirection");
    check(exists(SYS32 "wbx_redir.txt") && !exists(SYS32 "wbx_native.txt"), "reverted: redirected again");
    check(exists(NATIVE "wbx_native.txt"), "Sysnative reaches the real System32");

    check(Wow64EnableWow64FsRedirection(FALSE) && !exists(SYS32 "wbx_redir.txt"),
          "Wow64EnableWow64FsRedirection(FALSE) disables");
    check(Wow64EnableWow64FsRedirection(TRUE) && exists(SYS32 "wbx_redir.txt"),
          "Wow64EnableWow64FsRedirection(TRUE) enables");

    SetLastError(0);
    check(!Wow64DisableWow64FsRedirection(NULL) && GetLastError() == ERROR_NOACCESS,
          "Disable(NULL): FALSE, ERROR_NOACCESS");
    check(exists(SYS32 "wbx_redir.txt"), "a failed Disable changes nothing");
    /* The value is opaque and stored back as given: one Disable never
     * returned (nonzero) leaves redirection off, and Revert succeeds. */
    check(Wow64RevertWow64FsRedirection((PVOID)0x1234) && !exists(SYS32 "wbx_redir.txt"),
          "Revert(bogus nonzero): TRUE, redirection off");
    check(Wow64RevertWow64FsRedirection(NULL) && exists(SYS32 "wbx_redir.txt"), "Revert(NULL): redirected again");

    DeleteFileA(WOW64 "wbx_redir.txt");
    DeleteFileA(NATIVE "wbx_native.txt");
    printf("%d failure(s)\n", failures);
    return failures;
}
