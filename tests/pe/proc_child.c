/* proc_child.c - the program the process samples start (proc_parent,
 * proc_crt): what it does depends on its first argument. Run alone it
 * only says so. As "/c COMMAND" it plays a minimal command interpreter
 * (runs COMMAND, returns its exit code), so proc_crt can point ComSpec at
 * it to test system() and _popen(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

/* The command line after the program name and the first argument. */
static const char *tail_after_first_arg(void)
{
    const char *p = GetCommandLineA();
    for (int word = 0; word < 2; word++) {
        int quoted = 0;
        while (*p && (quoted || (*p != ' ' && *p != '\t'))) {
            if (*p == '"')
                quoted = !quoted;
            p++;
        }
        while (*p == ' ' || *p == '\t')
            p++;
    }
    return p;
}

/* Reads stdin to its end, echoes it on stdout, a line on stderr: 42. */
static int echo(void)
{
    char buf[256];
    size_t n = fread(buf, 1, sizeof buf - 1, stdin);
    buf[n] = 0;
    printf("child got [%s]\n", buf);
    fprintf(stderr, "child stderr line\n");
    return 42;
}

static int print_env(void)
{
    char cwd[MAX_PATH], var[64];
    GetCurrentDirectoryA(sizeof cwd, cwd);
    DWORD n = GetEnvironmentVariableA("PROC_TEST_VAR", var, sizeof var);
    printf("cwd=%s\n", cwd);
    printf("PROC_TEST_VAR=%s\n", n ? var : "(unset)");
    printf("PATH is %s\n", getenv("PATH") ? "set" : "unset");
    return 0;
}

/* Writes through a handle value the parent passed on the command line. */
static int write_handle(const char *value)
{
    HANDLE h = (HANDLE)(UINT_PTR)strtoul(value, NULL, 0);
    DWORD n, flags = 0;
    BOOL info = GetHandleInformation(h, &flags);
    if (!WriteFile(h, "via inherited handle", 20, &n, NULL)) {
        printf("write to %s failed: error %lu\n", value, GetLastError());
        return 4;
    }
    printf("inherit flag in child: %s\n", info && (flags & HANDLE_FLAG_INHERIT) ? "set" : "clear");
    return 3;
}

/* chain N: N more processes below this one; exit code N + the child's. */
static int chain(int n)
{
    if (n == 0) {
        printf("chain 0: last\n");
        return 0;
    }
    char cmd[MAX_PATH + 32], self[MAX_PATH];
    GetModuleFileNameA(NULL, self, sizeof self);
    snprintf(cmd, sizeof cmd, "\"%s\" chain %d", self, n - 1);
    STARTUPINFOA si = { sizeof si };
    PROCESS_INFORMATION pi;
    fflush(stdout);
    if (!CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
        printf("chain %d: CreateProcess failed: %lu\n", n, GetLastError());
        return 100;
    }
    WaitForSingleObject(pi.hProcess, INFINITE);
    DWORD code;
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    printf("chain %d: child (%s pid) exited with %lu\n", n, pi.dwProcessId != GetCurrentProcessId() ? "another" : "the same",
           code);
    return (int)code + 1;
}

/* A minimal "cmd.exe /c COMMAND": COMMAND runs with our handles. */
static int interpreter(void)
{
    char *cmd = _strdup(tail_after_first_arg());
    STARTUPINFOA si = { sizeof si };
    PROCESS_INFORMATION pi;
    if (!CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
        fprintf(stderr, "'%s' is not recognized as an internal or external command\n", cmd);
        return 1;
    }
    WaitForSingleObject(pi.hProcess, INFINITE);
    DWORD code;
    GetExitCodeProcess(pi.hProcess, &code);
    return (int)code;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        printf("proc_child: started without a task\n");
        return 0;
    }
    const char *task = argv[1];
    if (!strcmp(task, "echo"))
        return echo();
    if (!strcmp(task, "env"))
        return print_env();
    if (!strcmp(task, "handle") && argc > 2)
        return write_handle(argv[2]);
    if (!strcmp(task, "chain") && argc > 2)
        return chain(atoi(argv[2]));
    if (!strcmp(task, "/c"))
        return interpreter();
    if (!strcmp(task, "sleep")) {
        Sleep(INFINITE);
        return 0;
    }
    if (!strcmp(task, "code")) /* all 32 bits reach the parent */
        ExitProcess(argc > 2 ? strtoul(argv[2], NULL, 0) : 0xC0DE1234u);
    if (!strcmp(task, "args")) {
        printf("command line tail: [%s]\n", tail_after_first_arg());
        for (int i = 2; i < argc; i++)
            printf("argv[%d]=[%s]\n", i, argv[i]);
        fflush(stdout);
        return argc;
    }
    if (!strcmp(task, "var")) {
        printf("PROC_TEST_VAR=%s\n", getenv("PROC_TEST_VAR") ? getenv("PROC_TEST_VAR") : "(unset)");
        return 0;
    }
    if (!strcmp(task, "print")) {
        printf("%s\n", argc > 2 ? argv[2] : "");
        return 0;
    }
    printf("proc_child: unknown task %s\n", task);
    return 99;
}
