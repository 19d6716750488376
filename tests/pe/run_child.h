/* For the cross-process samples: run_child(arg) runs this same program
 * again with arg as its command line's argument, waits for it and returns
 * its exit code (1 when it cannot be started); run_child_inheriting also
 * passes CreateProcess's bInheritHandles. stdout is flushed first so the
 * parent's and the child's lines keep their order. */
#ifndef WOWBOX_SAMPLES_RUN_CHILD_H
#define WOWBOX_SAMPLES_RUN_CHILD_H

#include <windows.h>
#include <stdio.h>

static DWORD run_child_inheriting(const char *arg, BOOL inherit)
{
    char self[MAX_PATH], cmd[MAX_PATH + 128];
    GetModuleFileNameA(NULL, self, sizeof self);
    snprintf(cmd, sizeof cmd, "\"%s\" %s", self, arg);
    STARTUPINFOA si = { sizeof si };
    PROCESS_INFORMATION pi;
    fflush(stdout);
    if (!CreateProcessA(self, cmd, NULL, NULL, inherit, 0, NULL, NULL, &si, &pi)) {
        printf("CreateProcess failed: %lu\n", GetLastError());
        return 1;
    }
    WaitForSingleObject(pi.hProcess, INFINITE);
    DWORD code = 1;
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return code;
}

static inline DWORD run_child(const char *arg) { return run_child_inheriting(arg, FALSE); }

#endif
