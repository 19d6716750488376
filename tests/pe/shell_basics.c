// build-flags: -lshell32
/* shell_basics.c - shell32 without a shell: special folders of the prefix
 * (SHGetFolderPath with and without CSIDL_FLAG_CREATE, a virtual folder,
 * SHGetSpecialFolderPath), CommandLineToArgvW's splitting rules, and
 * ShellExecute(Ex) of a program (this one, run again as a child), of a
 * missing file and of a document without an association. Where Wine 8
 * differs it follows a 32-bit Windows (system32, Program Files); wowbox
 * answers as WoW64 does (SysWOW64, Program Files (x86)). */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <shlobj.h>
#include <shellapi.h>

/* The path with the user's name left out: "...\Users\<name>\rest" as "\rest". */
static const char *tail(const char *path)
{
    const char *users = strstr(path, "\\Users\\");
    if (!users)
        users = strstr(path, "\\users\\");
    if (!users)
        return path;
    const char *after = strchr(users + 7, '\\');
    return after ? after : "(profile)";
}

static void folder(const char *what, int csidl)
{
    char path[MAX_PATH] = "x";
    HRESULT hr = SHGetFolderPathA(NULL, csidl, NULL, SHGFP_TYPE_CURRENT, path);
    printf("%s: %08lx %s\n", what, (unsigned long)hr, tail(path));
}

static void split(const WCHAR *line)
{
    int n = -1;
    WCHAR **argv = CommandLineToArgvW(line, &n);
    printf("[%ls] ->", line);
    for (int i = 1; argv && i < n; i++) /* argv[0] of an empty line is this program's path */
        printf(" <%ls>", argv[i]);
    printf(" (%d)\n", n);
    LocalFree(argv);
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        printf("child: started with %s\n", argv[1]);
        return 7;
    }
    folder("CSIDL_APPDATA", CSIDL_APPDATA);
    folder("CSIDL_LOCAL_APPDATA", CSIDL_LOCAL_APPDATA);
    folder("CSIDL_PERSONAL", CSIDL_PERSONAL);
    folder("CSIDL_COMMON_APPDATA", CSIDL_COMMON_APPDATA);
    folder("CSIDL_WINDOWS", CSIDL_WINDOWS);
    folder("CSIDL_SYSTEM", CSIDL_SYSTEM);
    folder("CSIDL_PROGRAM_FILES", CSIDL_PROGRAM_FILES);
    folder("CSIDL_DRIVES (virtual)", CSIDL_DRIVES);
    char path[MAX_PATH];
    HRESULT hr = SHGetFolderPathA(NULL, CSIDL_MYVIDEO | CSIDL_FLAG_CREATE, NULL, 0, path);
    printf("CSIDL_MYVIDEO created: %08lx %s exists %d\n", (unsigned long)hr, tail(path),
           GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES);
    BOOL ok = SHGetSpecialFolderPathA(NULL, path, CSIDL_COMMON_DOCUMENTS, TRUE);
    printf("SHGetSpecialFolderPath(CSIDL_COMMON_DOCUMENTS): %d %s\n", ok, path);

    split(L"prog.exe a b");
    split(L"\"C:\\Program Files\\x.exe\" \"quoted arg\" plain");
    split(L"p a\\\\\\\"b c\\\\\"d e\"");
    split(L"p \"a\"\"b\" c");
    split(L"p   spaced\t tabs  ");
    split(L"p back\\slash\\ end\\");
    int n = 0;
    WCHAR **empty = CommandLineToArgvW(L"", &n);
    WCHAR self[MAX_PATH];
    GetModuleFileNameW(NULL, self, MAX_PATH);
    printf("empty line: %d argument, the program's path %d\n", n, empty && !lstrcmpiW(empty[0], self));
    LocalFree(empty);

    char exe[MAX_PATH];
    GetModuleFileNameA(NULL, exe, sizeof exe);
    fflush(stdout);
    SHELLEXECUTEINFOA sei = { sizeof sei };
    sei.fMask = SEE_MASK_NOCLOSEPROCESS;
    sei.lpVerb = "open";
    sei.lpFile = exe;
    sei.lpParameters = "again";
    sei.nShow = SW_SHOWNORMAL;
    ok = ShellExecuteExA(&sei);
    DWORD code = 0;
    if (ok) {
        WaitForSingleObject(sei.hProcess, 10000);
        GetExitCodeProcess(sei.hProcess, &code);
        CloseHandle(sei.hProcess);
    }
    printf("ShellExecuteEx: %d above 32 %d, the child's exit code %lu\n", ok, (INT_PTR)sei.hInstApp > 32, code);
    char doc[MAX_PATH];
    GetTempPathA(sizeof doc, doc);
    strcat(doc, "no_such_program.exe");
    SetLastError(0);
    HINSTANCE r = ShellExecuteA(NULL, "open", doc, NULL, NULL, SW_SHOW);
    printf("missing program: %d error %lu\n", (int)(INT_PTR)r, GetLastError());
    GetTempPathA(sizeof doc, doc);
    strcat(doc, "wowbox_doc.wowboxdoc");
    HANDLE h = CreateFileA(doc, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    CloseHandle(h);
    r = ShellExecuteA(NULL, NULL, doc, NULL, NULL, SW_SHOW);
    printf("document without an association: %d\n", (int)(INT_PTR)r);
    DeleteFileA(doc);
    return 0;
}
