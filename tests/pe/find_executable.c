/* shell32 FindExecutable (a program or batch file is its own executable;
 * other files would need an association) and SHGetFileInfo's
 * SHGFI_EXETYPE, which command interpreters use to decide whether to wait
 * for a program. */
#include <windows.h>
#include <shellapi.h>
#include <stdio.h>
#include <string.h>

static void make_file(const char *name, const char *text)
{
    HANDLE h = CreateFileA(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD n;
    WriteFile(h, text, (DWORD)strlen(text), &n, NULL);
    CloseHandle(h);
}

static void find(const char *what, const char *file, const char *dir)
{
    char result[MAX_PATH] = "unchanged";
    INT_PTR r = (INT_PTR)FindExecutableA(file, dir, result);
    char self[MAX_PATH];
    GetModuleFileNameA(NULL, self, MAX_PATH);
    printf("%s: %s", what, r > 32 ? "found" : "not found");
    if (r <= 32)
        printf(" (%d, error %lu)", (int)r, GetLastError());
    printf(", result %s\n", !result[0] ? "empty" : !lstrcmpiA(result, self) ? "this program" : result);
}

int main(void)
{
    /* the files made here go to the current directory, the run's own (the
     * program's directory is shared with its UCRT twin running alongside) */
    char self[MAX_PATH], dir[MAX_PATH], cwd[MAX_PATH], *slash;
    GetModuleFileNameA(NULL, self, MAX_PATH);
    strcpy(dir, self);
    slash = strrchr(dir, '\\');
    *slash = 0;
    GetCurrentDirectoryA(MAX_PATH, cwd);
    make_file("fe_script.bat", "@echo off\r\n");
    make_file("fe_notes.txt", "text\r\n");
    make_file("fe_old.com", "\xC3");

    find("this program by path", self, NULL);
    find("this program by name and directory", slash + 1, dir);
    find("missing program", "fe_nosuch.exe", cwd);
    find("a document", "fe_notes.txt", cwd);

    INT_PTR bad = (INT_PTR)FindExecutableA(self, NULL, (char *)16);
    printf("unwritable result buffer: %d (error %lu)\n", (int)bad, GetLastError());

    char result[MAX_PATH];
    INT_PTR r = (INT_PTR)FindExecutableA("fe_script.bat", cwd, result);
    printf("batch file: %s, result ends with %s\n", r > 32 ? "found" : "not found",
           strrchr(result, '\\') ? strrchr(result, '\\') + 1 : result);

    printf("exe type of this console program: %#lx\n",
           (unsigned long)SHGetFileInfoA(self, 0, NULL, 0, SHGFI_EXETYPE));
    printf("exe type of a batch file: %#lx\n",
           (unsigned long)SHGetFileInfoA("fe_script.bat", 0, NULL, 0, SHGFI_EXETYPE));
    printf("exe type of a .com file: %#lx\n", (unsigned long)SHGetFileInfoA("fe_old.com", 0, NULL, 0, SHGFI_EXETYPE));
    printf("exe type of a text file: %#lx\n", (unsigned long)SHGetFileInfoA("fe_notes.txt", 0, NULL, 0, SHGFI_EXETYPE));
    printf("exe type of a missing file: %#lx\n", (unsigned long)SHGetFileInfoW(L"fe_nosuch.exe", 0, NULL, 0, SHGFI_EXETYPE));
    DeleteFileA("fe_script.bat");
    DeleteFileA("fe_notes.txt");
    DeleteFileA("fe_old.com");
    return 0;
}
