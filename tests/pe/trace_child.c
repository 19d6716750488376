/* trace_child.c - a parent and its child in one trace: run alone it starts
 * itself again as "trace_child.exe child" (CreateProcess), waits for it and
 * prints its exit code; the child writes and deletes a file and exits 7.
 * tests/trace_formats.py runs it under every --trace-format and checks that
 * the child's events are in the parent's trace, in the parent's format,
 * with the child's pid and tids (and its Process Start's ParentId). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

static int child(void)
{
    HANDLE f = CreateFileA("trace_child.tmp", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (f == INVALID_HANDLE_VALUE)
        return 1;
    DWORD n;
    WriteFile(f, "child\n", 6, &n, NULL);
    CloseHandle(f);
    DeleteFileA("trace_child.tmp");
    return 7;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "child"))
        return child();
    char self[MAX_PATH], cmd[MAX_PATH + 16];
    GetModuleFileNameA(NULL, self, sizeof self);
    snprintf(cmd, sizeof cmd, "\"%s\" child", self);
    STARTUPINFOA si = { sizeof si };
    PROCESS_INFORMATION pi;
    if (!CreateProcessA(self, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
        printf("CreateProcessA failed: %lu\n", GetLastError());
        return 1;
    }
    WaitForSingleObject(pi.hProcess, INFINITE);
    DWORD code = 0;
    GetExitCodeProcess(pi.hProcess, &code);
    printf("child exited with %lu\n", code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return 0;
}
