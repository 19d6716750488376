// build-flags: -lshell32 -lole32 -luuid
/* known_folders.c - SHGetKnownFolderPath: the prefix's folders by their
 * KNOWNFOLDERID (those that are CSIDL folders give the same paths as
 * SHGetFolderPath, the others their own), a missing folder reported or,
 * with KF_FLAG_CREATE, created, KF_FLAG_DONT_VERIFY, a virtual folder
 * (E_FAIL) and an unknown id (E_INVALIDARG) with the pointer set to NULL;
 * the path is freed with CoTaskMemFree. */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <shlobj.h>
#include <knownfolders.h>

/* The path with the user's name left out, as shell_basics does. */
static const wchar_t *tail(const wchar_t *path)
{
    const wchar_t *users = wcsstr(path, L"\\Users\\");
    if (!users || !wcsncmp(users, L"\\Users\\Public", 13))
        return path;
    const wchar_t *after = wcschr(users + 7, L'\\');
    return after ? after : L"(profile)";
}

static void known(const char *what, REFKNOWNFOLDERID id, DWORD flags)
{
    PWSTR path = (PWSTR)1;
    HRESULT hr = SHGetKnownFolderPath(id, flags, NULL, &path);
    printf("%s: %08lx %ls\n", what, (unsigned long)hr, path ? tail(path) : L"(NULL)");
    CoTaskMemFree(path);
}

/* The same folder through its CSIDL, for comparison. */
static void same_as_csidl(const char *what, REFKNOWNFOLDERID id, int csidl)
{
    PWSTR path = NULL;
    WCHAR old[MAX_PATH] = L"";
    HRESULT a = SHGetKnownFolderPath(id, 0, NULL, &path);
    HRESULT b = SHGetFolderPathW(NULL, csidl, NULL, SHGFP_TYPE_CURRENT, old);
    printf("%s equals its CSIDL folder: %d\n", what, a == S_OK && b == S_OK && !wcscmp(path, old));
    CoTaskMemFree(path);
}

int main(void)
{
    known("FOLDERID_RoamingAppData", &FOLDERID_RoamingAppData, 0);
    known("FOLDERID_LocalAppData", &FOLDERID_LocalAppData, 0);
    known("FOLDERID_ProgramData", &FOLDERID_ProgramData, 0);
    known("FOLDERID_Windows", &FOLDERID_Windows, 0);
    known("FOLDERID_System", &FOLDERID_System, 0);
    known("FOLDERID_ProgramFiles", &FOLDERID_ProgramFiles, 0);
    known("FOLDERID_Public", &FOLDERID_Public, 0);
    known("FOLDERID_Downloads (missing)", &FOLDERID_Downloads, 0);
    known("FOLDERID_Downloads (not verified)", &FOLDERID_Downloads, KF_FLAG_DONT_VERIFY);
    known("FOLDERID_Downloads (created)", &FOLDERID_Downloads, KF_FLAG_CREATE);
    known("FOLDERID_Downloads (now there)", &FOLDERID_Downloads, 0);
    known("FOLDERID_ComputerFolder (virtual)", &FOLDERID_ComputerFolder, 0);
    static const GUID unknown = { 0x12345678, 0x1234, 0x1234, { 1, 2, 3, 4, 5, 6, 7, 8 } };
    known("an unknown id", &unknown, 0);
    same_as_csidl("FOLDERID_Profile", &FOLDERID_Profile, CSIDL_PROFILE);
    same_as_csidl("FOLDERID_Documents", &FOLDERID_Documents, CSIDL_PERSONAL);
    same_as_csidl("FOLDERID_SystemX86", &FOLDERID_SystemX86, CSIDL_SYSTEMX86);
    return 0;
}
