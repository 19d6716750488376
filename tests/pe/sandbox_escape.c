/* The escapes a confined program tries (run by tests/sandbox_escape.py, not
 * by the sample runner: it needs a prefix with planted symlinks and a host
 * current directory outside the prefix). argv[1] is the host directory the
 * program must not reach, spelt as a Windows path on the host-root Z:.
 * Each line says "blocked" or "REACHED"; with "child" as argv[2] the
 * program is its own CreateProcess child and tries the same again. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

static int reached;

static void try_read(const char *path)
{
    char buf[64] = "";
    DWORD n = 0;
    HANDLE h = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    BOOL ok = h != INVALID_HANDLE_VALUE && ReadFile(h, buf, sizeof buf - 1, &n, NULL) && n > 0;
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    reached += ok;
    printf("read %s: %s\n", path, ok ? "REACHED" : "blocked");
}

static void try_write(const char *path)
{
    DWORD n = 0;
    HANDLE h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    BOOL ok = h != INVALID_HANDLE_VALUE && WriteFile(h, "pwned", 5, &n, NULL);
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    reached += ok;
    printf("write %s: %s\n", path, ok ? "REACHED" : "blocked");
}

/* The current directory is inside the prefix (the host's is not on a
 * drive): the file may be written, and tests/sandbox_escape.py checks it
 * did not land in the host's current directory. */
static void write_relative(const char *name)
{
    char full[MAX_PATH];
    HANDLE h = CreateFileA(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    GetFullPathNameA(name, sizeof full, full, NULL);
    printf("write %s: %s, %s\n", name, h != INVALID_HANDLE_VALUE ? "written" : "refused", full);
    DeleteFileA(name);
}

static void try_mkdir(const char *path)
{
    BOOL ok = CreateDirectoryA(path, NULL);
    reached += ok;
    printf("mkdir %s: %s\n", path, ok ? "REACHED" : "blocked");
}

static void try_list(const char *pattern)
{
    WIN32_FIND_DATAA fd;
    HANDLE h = FindFirstFileA(pattern, &fd);
    BOOL ok = FALSE;
    if (h != INVALID_HANDLE_VALUE) {
        do
            ok |= strcmp(fd.cFileName, "secret") == 0;
        while (FindNextFileA(h, &fd));
        FindClose(h);
    }
    reached += ok;
    printf("list %s: %s\n", pattern, ok ? "REACHED" : "blocked");
}

static void with(char *buf, size_t size, const char *dir, const char *name)
{
    snprintf(buf, size, "%s\\%s", dir, name);
}

static void escapes(const char *outside)
{
    char p[1024];
    with(p, sizeof p, outside, "secret");
    try_read(p);
    with(p, sizeof p, outside, "pwn.txt");
    try_write(p);
    with(p, sizeof p, outside, "*");
    try_list(p);
    snprintf(p, sizeof p, "\\\\?\\%s\\secret", outside);
    try_read(p);
    snprintf(p, sizeof p, "\\\\.\\%s\\pwn2.txt", outside);
    try_write(p);
    try_read("C:\\linkout\\secret");
    try_write("C:\\linkout\\pwn3.txt");
    try_list("C:\\linkout\\*");
    try_read("C:\\filelink");
    try_write("C:\\dangling");
    try_read("C:\\Users\\..\\..\\..\\..\\linkout\\secret");
    try_read("\\\\?\\GLOBALROOT\\??\\C:\\linkout\\secret");
    try_read("\\\\localhost\\C$\\linkout\\secret");
    try_read("secret");          /* relative: the host cwd is the outside dir */
    write_relative("pwn4.txt");
    try_read("D:\\up\\secret");  /* a symlink planted in the mapped drive */
    try_mkdir("D:\\up\\newdir");
}

static int run_child(const char *self, const char *outside)
{
    char cmd[2048];
    STARTUPINFOA si = { sizeof si };
    PROCESS_INFORMATION pi;
    snprintf(cmd, sizeof cmd, "\"%s\" \"%s\" child", self, outside);
    fflush(stdout);
    if (!CreateProcessA(self, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
        printf("CreateProcess failed: %lu\n", GetLastError());
        return 1;
    }
    WaitForSingleObject(pi.hProcess, INFINITE);
    DWORD code = 1;
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    return (int)code;
}

int main(int argc, char **argv)
{
    char self[MAX_PATH];
    if (argc < 2) {
        printf("usage: sandbox_escape Z:\\OUTSIDE [child]\n");
        return 2;
    }
    int child = argc > 2 && strcmp(argv[2], "child") == 0;
    printf("%s\n", child ? "-- child" : "-- parent");
    escapes(argv[1]);
    GetModuleFileNameA(NULL, self, sizeof self);
    int child_reached = child ? 0 : run_child(self, argv[1]);
    printf("%s reached %d\n", child ? "child" : "parent", reached);
    return reached + child_reached;
}
