/* proc_exec.c - msvcrt's _exec family replaces the caller as Windows' CRT
 * does: the new program starts and the caller ends at once with exit code
 * 0, so whoever waits for the caller sees 0, not the program's own code,
 * while the program runs on. Three roles of this one program: "top" (no
 * argument) runs "middle" with _spawnl(P_WAIT); middle tries a missing
 * program (-1, ENOENT, still running), then _execve's "leaf" with an
 * environment; leaf waits until top has seen middle end (a "go" file),
 * then writes what it saw to a marker file and exits with 7. */
#include <errno.h>
#include <process.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#define GO_FILE     "proc_exec.go"
#define MARKER_FILE "proc_exec.marker"

static char self[MAX_PATH];

static int leaf(void)
{
    int waited = 0;
    while (GetFileAttributesA(GO_FILE) == INVALID_FILE_ATTRIBUTES && waited < 300) {
        Sleep(100); /* top only makes the file once middle has ended */
        waited++;
    }
    FILE *f = fopen(MARKER_FILE ".tmp", "w");
    if (!f)
        return 1;
    const char *v = getenv("PROC_EXEC_VAR");
    fprintf(f, "leaf ran after middle ended: %s, PROC_EXEC_VAR=%s\n", waited < 300 ? "yes" : "no (timed out)",
            v ? v : "(unset)");
    fclose(f);
    MoveFileA(MARKER_FILE ".tmp", MARKER_FILE);
    return 7;
}

static int middle(void)
{
    errno = 0;
    intptr_t r = _execl("no_such_program.exe", "no_such_program", NULL);
    printf("middle: _execl of a missing program: %d, errno %d\n", (int)r, errno);
    const char *argv[] = { "proc_exec", "leaf", NULL };
    const char *envp[] = { "PROC_EXEC_VAR=from-execve", NULL };
    printf("middle: _execve leaf\n");
    fflush(stdout);
    r = _execve(self, argv, envp);
    printf("middle: _execve returned %d, errno %d\n", (int)r, errno);
    return 1;
}

static int top(void)
{
    DeleteFileA(GO_FILE);
    DeleteFileA(MARKER_FILE);
    fflush(stdout);
    intptr_t r = _spawnl(_P_WAIT, self, "proc_exec", "middle", NULL);
    printf("top: middle's exit code: %d\n", (int)r);
    CloseHandle(CreateFileA(GO_FILE, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL));
    char line[200] = "(no marker)\n";
    for (int i = 0; i < 300 && GetFileAttributesA(MARKER_FILE) == INVALID_FILE_ATTRIBUTES; i++)
        Sleep(100);
    FILE *f = fopen(MARKER_FILE, "r");
    if (f) {
        if (!fgets(line, sizeof line, f))
            strcpy(line, "(empty marker)\n");
        fclose(f);
    }
    printf("top: %s", line);
    DeleteFileA(GO_FILE);
    DeleteFileA(MARKER_FILE);
    return 0;
}

int main(int argc, char **argv)
{
    GetModuleFileNameA(NULL, self, sizeof self);
    if (argc > 1 && !strcmp(argv[1], "middle"))
        return middle();
    if (argc > 1 && !strcmp(argv[1], "leaf"))
        return leaf();
    return top();
}
