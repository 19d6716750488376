/* proc_crt.c - msvcrt's process functions over CreateProcess: with no
 * command interpreter (the prefix has no cmd.exe) system(NULL) is 0 and
 * system()/_popen() fail with ENOENT; _spawnl/_spawnv/_spawnle/_spawnlp
 * with P_WAIT and P_NOWAIT + _cwait (arguments joined unquoted, as msvcrt
 * does); with ComSpec pointing at proc_child.exe (which plays "cmd /c")
 * system() returns the command's exit code and _popen reads and writes
 * through a pipe; _execl ends this process at once with 0 (the program's
 * own code, 3, goes nowhere: proc_exec shows the program running on). */
#include <errno.h>
#include <process.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static char child[MAX_PATH];

static void no_interpreter(void)
{
    printf("system(NULL) without cmd.exe: %d\n", system(NULL));
    errno = 0;
    int r = system("proc_child print x");
    printf("system(command): %d, errno %d\n", r, errno);
    errno = 0;
    FILE *p = _popen("proc_child print x", "r");
    printf("_popen: %s, errno %d\n", p ? "stream" : "NULL", errno);
}

static void spawns(void)
{
    fflush(stdout);
    intptr_t r = _spawnl(_P_WAIT, child, "proc_child", "print", "spawned-and-waited", NULL);
    printf("_spawnl P_WAIT: %d\n", (int)r);
    r = _spawnl(_P_WAIT, child, "proc_child", "code", "7", NULL);
    printf("_spawnl exit code: %d\n", (int)r);
    intptr_t h = _spawnl(_P_NOWAIT, child, "proc_child", "code", "9", NULL);
    int status = -1;
    intptr_t w = _cwait(&status, h, _WAIT_CHILD);
    printf("_spawnl P_NOWAIT + _cwait: same handle %d, status %d\n", w == h, status);
    const char *argv[] = { "proc_child", "args", "a b", "c", NULL };
    fflush(stdout);
    r = _spawnv(_P_WAIT, child, argv);
    printf("_spawnv (unquoted \"a b\"): %d\n", (int)r);
    const char *envp[] = { "PROC_TEST_VAR=from-spawnle", NULL };
    fflush(stdout);
    r = _spawnle(_P_WAIT, child, "proc_child", "var", NULL, envp);
    printf("_spawnle: %d\n", (int)r);
    char dir[MAX_PATH];
    strcpy(dir, child);
    *strrchr(dir, '\\') = 0;
    SetEnvironmentVariableA("PATH", dir);
    fflush(stdout);
    r = _spawnlp(_P_WAIT, "proc_child", "proc_child", "print", "found-on-PATH", NULL);
    printf("_spawnlp: %d\n", (int)r);
    errno = 0;
    r = _spawnl(_P_WAIT, "no_such_program.exe", "x", NULL);
    printf("missing program: %d, errno %d\n", (int)r, errno);
    errno = 0;
    r = _spawnl(99, child, "proc_child", NULL);
    printf("bad mode: %d, errno %d\n", (int)r, errno);
}

static void with_interpreter(void)
{
    char shell[MAX_PATH + 16], line[128];
    GetCurrentDirectoryA(MAX_PATH, shell);
    strcat(shell, "\\mycmd.exe");
    CopyFileA(child, shell, FALSE);
    SetEnvironmentVariableA("ComSpec", shell);
    printf("system(NULL) with an interpreter: %d\n", system(NULL));
    printf("system(\"proc_child code 5\"): %d\n", system("proc_child code 5"));
    FILE *p = _popen("proc_child print from-popen", "r");
    printf("_popen(r): %s\n", p ? "stream" : "NULL");
    while (p && fgets(line, sizeof line, p))
        printf("read: %s", line);
    printf("_pclose: %d\n", p ? _pclose(p) : -2);
    fflush(stdout);
    p = _popen("proc_child echo", "w");
    printf("_popen(w): %s\n", p ? "stream" : "NULL");
    fflush(stdout);
    if (p)
        fputs("to the child", p);
    printf("_pclose: %d\n", p ? _pclose(p) : -2);
}

int main(void)
{
    GetModuleFileNameA(NULL, child, sizeof child);
    strcpy(strrchr(child, '\\') + 1, "proc_child.exe");
    no_interpreter();
    spawns();
    with_interpreter();
    fflush(stdout);
    _execl(child, "proc_child", "code", "3", NULL);
    printf("_execl returned: %d\n", errno);
    return 1;
}
