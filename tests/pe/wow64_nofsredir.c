/* --no-fs-redirect (wow64_nofsredir.opts): C:\Windows\System32 is the real
 * System32 on every thread, whatever Wow64Disable/Revert/Enable say, and a
 * child started with CreateProcess inherits it; the trace shows the path
 * used (wow64_nofsredir.trace), the files land in the real System32
 * (wow64_nofsredir.files, checked through Sysnative). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#define SYS32 "C:\\Windows\\System32\\"
#define WOW64 "C:\\Windows\\SysWOW64\\"

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

static int create(const char *path, const char *text)
{
    HANDLE h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    DWORD n = 0;
    if (h == INVALID_HANDLE_VALUE)
        return 0;
    WriteFile(h, text, (DWORD)strlen(text), &n, NULL);
    CloseHandle(h);
    return n == strlen(text);
}

/* Silent (its stdout is the parent's): the exit code says it all. */
static int run_child(void)
{
    if (!create(SYS32 "wbx_nf_child.txt", "child"))
        return 1;
    return exists(WOW64 "wbx_nf_child.txt") ? 2 : 0;
}

static DWORD WINAPI other_thread(LPVOID arg)
{
    (void)arg;
    check(!exists(WOW64 "wbx_nf_parent.txt") && exists(SYS32 "wbx_nf_parent.txt"),
          "other thread: not redirected either");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "child") == 0)
        return run_child();

    check(create(SYS32 "wbx_nf_parent.txt", "parent"), "create through System32");
    check(!exists(WOW64 "wbx_nf_parent.txt"), "not redirected to SysWOW64");

    HANDLE t = CreateThread(NULL, 0, other_thread, NULL, 0, NULL);
    check(t && WaitForSingleObject(t, 10000) == WAIT_OBJECT_0, "other thread ran");
    CloseHandle(t);

    PVOID old = (PVOID)0x55;
    check(Wow64DisableWow64FsRedirection(&old) && old == NULL, "Disable still answers as on Windows");
    check(Wow64RevertWow64FsRedirection(old) && exists(SYS32 "wbx_nf_parent.txt"),
          "after Revert: still not redirected");
    check(Wow64EnableWow64FsRedirection(TRUE) && exists(SYS32 "wbx_nf_parent.txt"),
          "Enable(TRUE): still not redirected");

    char exe[MAX_PATH], cmd[MAX_PATH + 16];
    GetModuleFileNameA(NULL, exe, sizeof exe);
    snprintf(cmd, sizeof cmd, "\"%s\" child", exe);
    STARTUPINFOA si = { sizeof si };
    PROCESS_INFORMATION pi;
    DWORD code = 99;
    check(CreateProcessA(exe, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi), "CreateProcess");
    WaitForSingleObject(pi.hProcess, 30000);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    check(code == 0, "the child inherited --no-fs-redirect");
    check(exists(SYS32 "wbx_nf_child.txt") && !exists(WOW64 "wbx_nf_child.txt"), "the child's file is in System32");
    printf("%d failure(s)\n", failures);
    return failures;
}
