/* proc_parent.c - CreateProcess end to end: a child (proc_child.exe, found
 * next to this program) with pipes on stdin/stdout/stderr, its output and
 * 32-bit exit code; a running child's STILL_ACTIVE, TerminateProcess,
 * OpenProcess/GetProcessId/GetProcessTimes; CREATE_SUSPENDED + ResumeThread;
 * environment blocks (ANSI, Unicode, inherited) and the current directory;
 * inherited and non-inherited handles; the search rules (no .exe, quoted and
 * unquoted paths with spaces, lpApplicationName, PATH); children that are
 * missing, an ELF, a 64-bit PE, a DLL, a text file, a batch file, cmd.exe;
 * a chain of three processes sharing this one's stdout. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

static char app_dir[MAX_PATH];

/* Bytes as text, CR shown as \r, so the child's text-mode output is visible. */
static void show(const char *label, const char *buf, DWORD n)
{
    printf("%s: [", label);
    for (DWORD i = 0; i < n; i++)
        if (buf[i] == '\r')
            printf("\\r");
        else if (buf[i] == '\n')
            printf("\\n");
        else
            putchar(buf[i]);
    printf("]\n");
}

static DWORD read_all(HANDLE h, char *buf, DWORD size)
{
    DWORD total = 0, n;
    while (total < size - 1 && ReadFile(h, buf + total, size - 1 - total, &n, NULL) && n)
        total += n;
    buf[total] = 0;
    return total;
}

static DWORD wait_code(HANDLE process)
{
    DWORD code = 12345;
    if (WaitForSingleObject(process, 20000) != WAIT_OBJECT_0)
        printf("wait failed\n");
    GetExitCodeProcess(process, &code);
    return code;
}

static BOOL run(const char *app, const char *cmdline, BOOL inherit, DWORD flags, void *env, const char *cwd,
                STARTUPINFOA *si, PROCESS_INFORMATION *pi)
{
    char cl[1024];
    STARTUPINFOA plain = { sizeof plain };
    snprintf(cl, sizeof cl, "%s", cmdline ? cmdline : "");
    fflush(stdout); /* the child may share our stdout */
    return CreateProcessA(app, cmdline ? cl : NULL, NULL, NULL, inherit, flags, env, cwd, si ? si : &plain, pi);
}

static void close_pi(PROCESS_INFORMATION *pi)
{
    CloseHandle(pi->hProcess);
    CloseHandle(pi->hThread);
}

static void pipes_on_std(void)
{
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
    HANDLE in_r, in_w, out_r, out_w, err_r, err_w;
    CreatePipe(&in_r, &in_w, &sa, 0);
    CreatePipe(&out_r, &out_w, &sa, 0);
    CreatePipe(&err_r, &err_w, &sa, 0);
    /* our ends stay here, or the child would hold its own stdin open */
    SetHandleInformation(in_w, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(out_r, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(err_r, HANDLE_FLAG_INHERIT, 0);
    STARTUPINFOA si = { sizeof si };
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = in_r;
    si.hStdOutput = out_w;
    si.hStdError = err_w;
    PROCESS_INFORMATION pi;
    BOOL ok = run(NULL, "proc_child echo", TRUE, 0, NULL, NULL, &si, &pi);
    printf("create with std pipes: %d\n", ok);
    CloseHandle(in_r);
    CloseHandle(out_w);
    CloseHandle(err_w);
    DWORD n;
    WriteFile(in_w, "hello child", 11, &n, NULL);
    CloseHandle(in_w);
    char buf[512];
    n = read_all(out_r, buf, sizeof buf);
    show("child stdout", buf, n);
    n = read_all(err_r, buf, sizeof buf);
    show("child stderr", buf, n);
    printf("exit code: %lu\n", wait_code(pi.hProcess));
    printf("ids: pid %s, tid %s\n", pi.dwProcessId && pi.dwProcessId != GetCurrentProcessId() ? "new" : "wrong",
           pi.dwThreadId && pi.dwThreadId != GetCurrentThreadId() ? "new" : "wrong");
    close_pi(&pi);
    CloseHandle(out_r);
    CloseHandle(err_r);
}

static void exit_codes_and_termination(void)
{
    PROCESS_INFORMATION pi;
    run(NULL, "proc_child code", FALSE, 0, NULL, NULL, NULL, &pi);
    printf("ExitProcess(0xC0DE1234) reaches the parent: %#lx\n", wait_code(pi.hProcess));
    close_pi(&pi);

    run(NULL, "proc_child sleep", FALSE, 0, NULL, NULL, NULL, &pi);
    DWORD code = 0;
    GetExitCodeProcess(pi.hProcess, &code);
    printf("running: exit code %lu (STILL_ACTIVE %d)\n", code, code == STILL_ACTIVE);
    printf("wait 0 on process: %#lx, on thread: %#lx\n", WaitForSingleObject(pi.hProcess, 0),
           WaitForSingleObject(pi.hThread, 0));
    printf("GetProcessId matches: %d\n", GetProcessId(pi.hProcess) == pi.dwProcessId);
    HANDLE again = OpenProcess(PROCESS_QUERY_INFORMATION | SYNCHRONIZE, FALSE, pi.dwProcessId);
    printf("OpenProcess(child): %s\n", again ? "handle" : "NULL");
    SetLastError(0);
    HANDLE none = OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, 0);
    printf("OpenProcess(0): %p, error %lu\n", none, GetLastError());
    printf("TerminateProcess: %d\n", TerminateProcess(pi.hProcess, 77));
    printf("exit code after TerminateProcess: %lu\n", wait_code(pi.hProcess));
    code = 0;
    GetExitCodeProcess(again, &code);
    printf("through OpenProcess's handle: %lu, wait %#lx\n", code, WaitForSingleObject(again, 0));
    GetExitCodeThread(pi.hThread, &code);
    printf("thread exit code: %lu, thread wait %#lx\n", code, WaitForSingleObject(pi.hThread, 0));
    SetLastError(0);
    BOOL again_ok = TerminateProcess(pi.hProcess, 1);
    printf("TerminateProcess again: %d, error %lu\n", again_ok, GetLastError());
    FILETIME t[4];
    BOOL ok = GetProcessTimes(pi.hProcess, &t[0], &t[1], &t[2], &t[3]);
    ULONGLONG created = (ULONGLONG)t[0].dwHighDateTime << 32 | t[0].dwLowDateTime;
    ULONGLONG exited = (ULONGLONG)t[1].dwHighDateTime << 32 | t[1].dwLowDateTime;
    printf("GetProcessTimes: %d, created %s, exit after creation %d\n", ok, created ? "set" : "zero",
           exited >= created);
    CloseHandle(again);
    close_pi(&pi);
    ok = GetProcessTimes(GetCurrentProcess(), &t[0], &t[1], &t[2], &t[3]);
    printf("own GetProcessTimes: %d, created %s\n", ok, t[0].dwHighDateTime ? "set" : "zero");
}

static void suspended(void)
{
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
    HANDLE r, w;
    CreatePipe(&r, &w, &sa, 0);
    SetHandleInformation(r, HANDLE_FLAG_INHERIT, 0);
    STARTUPINFOA si = { sizeof si };
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = w;
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    PROCESS_INFORMATION pi;
    BOOL ok = run(NULL, "proc_child print resumed", TRUE, CREATE_SUSPENDED, NULL, NULL, &si, &pi);
    CloseHandle(w);
    Sleep(300);
    DWORD avail = 99;
    PeekNamedPipe(r, NULL, 0, NULL, &avail, NULL);
    printf("suspended: created %d, output so far %lu, wait %#lx\n", ok, avail, WaitForSingleObject(pi.hProcess, 0));
    printf("ResumeThread: %lu\n", ResumeThread(pi.hThread));
    char buf[128];
    DWORD n = read_all(r, buf, sizeof buf);
    show("after resume", buf, n);
    printf("exit code: %lu, ResumeThread again: %lu\n", wait_code(pi.hProcess), ResumeThread(pi.hThread));
    close_pi(&pi);
    CloseHandle(r);
}

/* Runs "proc_child env" with stdout captured; returns what it printed. */
static void env_run(const char *label, void *env, DWORD flags, const char *cwd)
{
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
    HANDLE r, w;
    CreatePipe(&r, &w, &sa, 0);
    SetHandleInformation(r, HANDLE_FLAG_INHERIT, 0);
    STARTUPINFOA si = { sizeof si };
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdOutput = w;
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    PROCESS_INFORMATION pi;
    BOOL ok = run(NULL, "proc_child env", TRUE, flags, env, cwd, &si, &pi);
    CloseHandle(w);
    if (!ok) {
        printf("%s: CreateProcess failed, error %lu\n", label, GetLastError());
        CloseHandle(r);
        return;
    }
    char buf[1024], here[MAX_PATH];
    DWORD n = read_all(r, buf, sizeof buf);
    wait_code(pi.hProcess);
    close_pi(&pi);
    CloseHandle(r);
    GetCurrentDirectoryA(sizeof here, here);
    /* our own directory is a scratch one: say so instead of its name */
    char mine[MAX_PATH + 8], shown[1100];
    snprintf(mine, sizeof mine, "cwd=%s\r\n", here);
    if (strncmp(buf, mine, strlen(mine)) == 0) {
        snprintf(shown, sizeof shown, "cwd=<parent's cwd>\r\n%s", buf + strlen(mine));
        strcpy(buf, shown);
        n = (DWORD)strlen(buf);
    }
    show(label, buf, n);
}

static void environment_and_cwd(void)
{
    static char ansi[] = "PROC_TEST_VAR=ansi value\0OTHER=1\0";
    static WCHAR wide[] = L"PROC_TEST_VAR=wide value\0";
    env_run("ANSI block, cwd C:\\Windows", ansi, 0, "C:\\Windows");
    env_run("Unicode block", wide, CREATE_UNICODE_ENVIRONMENT, NULL);
    SetEnvironmentVariableA("PROC_TEST_VAR", "inherited");
    env_run("inherited block", NULL, 0, NULL);
    env_run("missing directory", NULL, 0, "C:\\no\\such\\dir");
}

static void handle_inheritance(void)
{
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
    HANDLE r, w;
    char cmd[64], buf[128];
    PROCESS_INFORMATION pi;
    CreatePipe(&r, &w, &sa, 0);
    SetHandleInformation(r, HANDLE_FLAG_INHERIT, 0);
    snprintf(cmd, sizeof cmd, "proc_child handle %#lx", (unsigned long)(UINT_PTR)w);
    run(NULL, cmd, TRUE, 0, NULL, NULL, NULL, &pi);
    printf("inheritable pipe: exit code %lu\n", wait_code(pi.hProcess));
    close_pi(&pi);
    CloseHandle(w);
    DWORD n = read_all(r, buf, sizeof buf);
    show("read from the child", buf, n);
    CloseHandle(r);

    CreatePipe(&r, &w, NULL, 0); /* not inheritable */
    snprintf(cmd, sizeof cmd, "proc_child handle %#lx", (unsigned long)(UINT_PTR)w);
    run(NULL, cmd, TRUE, 0, NULL, NULL, NULL, &pi);
    printf("non-inheritable pipe: exit code %lu\n", wait_code(pi.hProcess));
    close_pi(&pi);
    SetHandleInformation(w, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
    snprintf(cmd, sizeof cmd, "proc_child handle %#lx", (unsigned long)(UINT_PTR)w);
    run(NULL, cmd, FALSE, 0, NULL, NULL, NULL, &pi);
    printf("bInheritHandles FALSE: exit code %lu\n", wait_code(pi.hProcess));
    close_pi(&pi);
    CloseHandle(r);
    CloseHandle(w);
}

static void expect_failure(const char *label, const char *app, const char *cmdline, DWORD flags)
{
    PROCESS_INFORMATION pi;
    SetLastError(0);
    BOOL ok = run(app, cmdline, FALSE, flags, NULL, NULL, NULL, &pi);
    printf("%s: %d, error %lu\n", label, ok, GetLastError());
    if (ok)
        close_pi(&pi);
}

static void expect_run(const char *label, const char *app, const char *cmdline)
{
    PROCESS_INFORMATION pi;
    if (!run(app, cmdline, FALSE, 0, NULL, NULL, NULL, &pi)) {
        printf("%s: failed, error %lu\n", label, GetLastError());
        return;
    }
    printf("%s: exit code %lu\n", label, wait_code(pi.hProcess));
    close_pi(&pi);
}

static void search_rules(void)
{
    char src[MAX_PATH], path[MAX_PATH + 64];
    snprintf(src, sizeof src, "%s\\proc_child.exe", app_dir);
    CreateDirectoryA("dir with space", NULL);
    CopyFileA(src, "dir with space\\my child.exe", FALSE);
    expect_run("no .exe, program's directory", NULL, "proc_child print found-next-to-parent");
    expect_run("quoted path with spaces", NULL, "\"dir with space\\my child.exe\" args a \"b c\"");
    /* found by trying "dir", "dir with", ...; the program's own argv
     * splits the unquoted name, so its first argument is "with" */
    /* found by trying "dir", "dir with", ...; the program's own argv
     * splits the unquoted name, so its first argument is "with" */
    expect_run("unquoted path with spaces", NULL, "dir with space\\my child print unquoted");
    expect_run("lpApplicationName", "dir with space\\my child.exe", "anything print via-appname");
    expect_failure("lpApplicationName without .exe", "dir with space\\my child", "x print no", 0);
    GetCurrentDirectoryA(MAX_PATH, path);
    strcat(path, "\\dir with space");
    SetEnvironmentVariableA("PATH", path);
    expect_run("PATH search", NULL, "\"my child\" print via-path");
}

static void bad_children(void)
{
    char src[MAX_PATH];
    DWORD n;
    expect_failure("missing program", NULL, "no_such_program arg", 0);
    expect_failure("missing directory", NULL, "no_such_dir\\prog.exe", 0);
    printf("copy ELF: %d\n", CopyFileA("Z:\\bin\\true", "elf.exe", FALSE));
    expect_failure("ELF", NULL, "elf.exe", 0);
    snprintf(src, sizeof src, "%s\\pe64.dat", app_dir);
    printf("copy 64-bit PE: %d\n", CopyFileA(src, "pe64.exe", FALSE));
    expect_failure("64-bit PE", NULL, "pe64", 0);
    snprintf(src, sizeof src, "%s\\thread_late.dll", app_dir);
    printf("copy DLL: %d\n", CopyFileA(src, "dll.exe", FALSE));
    expect_failure("DLL", NULL, "dll.exe", 0);
    HANDLE f = CreateFileA("text.exe", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    WriteFile(f, "just text\r\n", 11, &n, NULL);
    CloseHandle(f);
    expect_failure("text file", NULL, "text.exe", 0);
    f = CreateFileA("script.bat", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    WriteFile(f, "@echo hi\r\n", 10, &n, NULL);
    CloseHandle(f);
    expect_failure("batch file", NULL, "script.bat", 0);
    expect_failure("cmd.exe", NULL, "cmd.exe /c echo hi", 0);
    expect_failure("DEBUG_PROCESS", NULL, "proc_child", DEBUG_PROCESS);
    expect_failure("no names", NULL, NULL, 0);
    STARTUPINFOA si = { sizeof si };
    PROCESS_INFORMATION pi;
    char cl[] = "proc_child";
    SetLastError(0);
    BOOL ok = CreateProcessAsUserA(NULL, NULL, cl, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi);
    printf("CreateProcessAsUserA: %d, error %lu\n", ok, GetLastError());
}

int main(void)
{
    GetModuleFileNameA(NULL, app_dir, sizeof app_dir);
    *strrchr(app_dir, '\\') = 0;
    pipes_on_std();
    exit_codes_and_termination();
    suspended();
    environment_and_cwd();
    handle_inheritance();
    search_rules();
    bad_children();
    PROCESS_INFORMATION pi;
    run(NULL, "proc_child chain 2", TRUE, 0, NULL, NULL, NULL, &pi);
    printf("chain of three: exit code %lu\n", wait_code(pi.hProcess));
    close_pi(&pi);
    return 0;
}
