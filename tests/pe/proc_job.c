/* proc_job.c - job objects as containers: membership (IsProcessInJob for
 * a given job and for any), TerminateJobObject ending a member child with
 * its code, JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE ending a member when the
 * job's last handle closes, and a limit wowbox does not enforce refused
 * with ERROR_NOT_SUPPORTED. The children are proc_child.exe. */
#include <stdio.h>
#include <windows.h>

static PROCESS_INFORMATION sleeper(void)
{
    STARTUPINFOA si = { sizeof si };
    PROCESS_INFORMATION pi = { 0 };
    char cmd[] = "proc_child sleep";
    if (!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi))
        printf("CreateProcess failed: %lu\n", GetLastError());
    return pi;
}

int main(void)
{
    HANDLE job = CreateJobObjectA(NULL, NULL), job2 = CreateJobObjectA(NULL, NULL);
    printf("CreateJobObject: %s\n", job && job2 ? "handles" : "NULL");
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION li;
    ZeroMemory(&li, sizeof li);
    li.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    printf("kill on close: %d\n", SetInformationJobObject(job, JobObjectExtendedLimitInformation, &li, sizeof li));
    li.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_ACTIVE_PROCESS;
    SetLastError(0);
    BOOL ok = SetInformationJobObject(job2, JobObjectExtendedLimitInformation, &li, sizeof li);
    printf("active process limit: %d, error %lu\n", ok, GetLastError());

    PROCESS_INFORMATION a = sleeper(), b = sleeper();
    printf("assign: %d %d\n", AssignProcessToJobObject(job, a.hProcess), AssignProcessToJobObject(job2, b.hProcess));
    BOOL in_job = -1, in_other = -1, in_any = -1, self = -1;
    IsProcessInJob(a.hProcess, job, &in_job);
    IsProcessInJob(a.hProcess, job2, &in_other);
    IsProcessInJob(b.hProcess, NULL, &in_any);
    IsProcessInJob(GetCurrentProcess(), NULL, &self);
    printf("in its job %d, in the other %d, in any %d, this process in any %d\n", in_job, in_other, in_any, self);

    printf("TerminateJobObject: %d\n", TerminateJobObject(job2, 5));
    DWORD code = 0;
    WaitForSingleObject(b.hProcess, 20000);
    GetExitCodeProcess(b.hProcess, &code);
    printf("member of the terminated job: exit code %lu\n", code);

    GetExitCodeProcess(a.hProcess, &code);
    printf("before closing the kill-on-close job: %s\n", code == STILL_ACTIVE ? "running" : "ended");
    CloseHandle(job);
    printf("after closing it: wait %#lx\n", WaitForSingleObject(a.hProcess, 20000));
    CloseHandle(job2);
    return 0;
}
