/* profile_ini.c - initialization files: GetPrivateProfileString (values,
 * quotes, defaults, truncation, section and key lists), GetPrivateProfileInt,
 * sections, writing and deleting keys and sections, structures with their
 * checksum, a file name without a directory (the Windows directory), a
 * missing file, the W functions and win.ini's GetProfile* pair. */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <stdio.h>
#include <string.h>
#include <windows.h>

static char ini[MAX_PATH];

/* "a\0b\0\0" as "a|b|" */
static void show_list(const char *what, DWORD n, const char *buf)
{
    printf("%s: %lu \"", what, n);
    for (DWORD i = 0; i < n; i++)
        putchar(buf[i] ? buf[i] : '|');
    printf("\" ends with two NULs %d\n", buf[n] == 0 && (n == 0 || buf[n - 1] == 0));
}

int main(void)
{
    char buf[256];
    DWORD n;
    GetTempPathA(sizeof ini, ini);
    strcat(ini, "wowbox_profile.ini");
    static const char text[] = "orphan=1\r\n[Sec1]\r\nkey1 = value1 \r\nKey2=\"quoted\"\r\nnovalue\r\n\r\n"
                               "[sec2]\r\nnum=42abc\r\nneg=-7\r\n";
    HANDLE h = CreateFileA(ini, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    WriteFile(h, text, sizeof text - 1, &n, NULL);
    CloseHandle(h);

    n = GetPrivateProfileStringA("sec1", "KEY1", "def", buf, sizeof buf, ini);
    printf("sec1/KEY1: %lu \"%s\"\n", n, buf);
    n = GetPrivateProfileStringA("Sec1", "key2", "def", buf, sizeof buf, ini);
    printf("Sec1/key2: %lu \"%s\"\n", n, buf);
    n = GetPrivateProfileStringA("Sec1", "missing", "def  ", buf, sizeof buf, ini);
    printf("missing key: %lu \"%s\"\n", n, buf);
    n = GetPrivateProfileStringA("nosec", "key1", NULL, buf, sizeof buf, ini);
    printf("missing section, NULL default: %lu \"%s\"\n", n, buf);
    n = GetPrivateProfileStringA("Sec1", "key1", "def", buf, 4, ini);
    printf("into 4 chars: %lu \"%s\"\n", n, buf);
    n = GetPrivateProfileStringA(NULL, NULL, NULL, buf, sizeof buf, ini);
    show_list("section names", n, buf);
    n = GetPrivateProfileStringA("Sec1", NULL, NULL, buf, sizeof buf, ini);
    show_list("keys of Sec1", n, buf);
    n = GetPrivateProfileStringA(NULL, NULL, NULL, buf, 6, ini);
    show_list("section names into 6", n, buf);
    n = GetPrivateProfileSectionNamesA(buf, sizeof buf, ini);
    show_list("GetPrivateProfileSectionNames", n, buf);
    n = GetPrivateProfileSectionA("SEC2", buf, sizeof buf, ini);
    show_list("section sec2", n, buf);
    printf("ints: num %d neg %d missing %d\n", (int)GetPrivateProfileIntA("sec2", "num", 5, ini),
           (int)GetPrivateProfileIntA("sec2", "neg", 5, ini), (int)GetPrivateProfileIntA("sec2", "none", 5, ini));

    printf("write sec2/new: %d", WritePrivateProfileStringA("sec2", "new", "hello world", ini));
    GetPrivateProfileStringA("sec2", "new", "", buf, sizeof buf, ini);
    printf(" -> \"%s\"\n", buf);
    printf("replace sec2/num: %d", WritePrivateProfileStringA("sec2", "num", "7", ini));
    printf(" -> %d\n", (int)GetPrivateProfileIntA("sec2", "num", 5, ini));
    printf("delete sec2/new: %d", WritePrivateProfileStringA("sec2", "new", NULL, ini));
    GetPrivateProfileStringA("sec2", "new", "gone", buf, sizeof buf, ini);
    printf(" -> \"%s\"\n", buf);
    printf("write to a new section: %d\n", WritePrivateProfileStringA("sec3", "k", "v", ini));
    printf("delete sec2: %d", WritePrivateProfileStringA("sec2", NULL, NULL, ini));
    n = GetPrivateProfileSectionNamesA(buf, sizeof buf, ini);
    show_list(", names", n, buf);
    printf("replace sec3's keys: %d", WritePrivateProfileSectionA("sec3", "a=1\0b = 2\0\0", ini));
    n = GetPrivateProfileSectionA("sec3", buf, sizeof buf, ini);
    show_list(", sec3", n, buf);
    printf("flush: %d\n", WritePrivateProfileStringA(NULL, NULL, NULL, ini));

    BYTE data[4] = { 1, 2, 3, 0xF0 }, back[4] = { 0 };
    printf("struct written: %d", WritePrivateProfileStructA("bin", "data", data, sizeof data, ini));
    GetPrivateProfileStringA("bin", "data", "", buf, sizeof buf, ini);
    printf(" as \"%s\"", buf);
    BOOL ok = GetPrivateProfileStructA("bin", "data", back, sizeof back, ini);
    printf(", read back %d same %d", ok, !memcmp(data, back, sizeof data));
    SetLastError(0);
    ok = GetPrivateProfileStructA("bin", "data", back, 3, ini);
    printf(", other size %d\n", ok);
    WritePrivateProfileStringA("bin", "data", "0102030400", ini);
    ok = GetPrivateProfileStructA("bin", "data", back, sizeof back, ini);
    printf("bad checksum: %d\n", ok);

    WCHAR wbuf[64], wini[MAX_PATH];
    MultiByteToWideChar(CP_ACP, 0, ini, -1, wini, MAX_PATH);
    n = GetPrivateProfileStringW(L"sec3", L"b", L"", wbuf, 64, wini);
    printf("W: %lu \"%ls\"\n", n, wbuf);

    SetLastError(0);
    n = GetPrivateProfileStringA("a", "b", "fallback", buf, sizeof buf, "C:\\no\\such\\dir\\x.ini");
    printf("missing file: %lu \"%s\" error %lu\n", n, buf, GetLastError());

    char windir[MAX_PATH];
    GetWindowsDirectoryA(windir, sizeof windir);
    strcat(windir, "\\wowbox_bare.ini");
    printf("bare name written: %d", WritePrivateProfileStringA("s", "k", "v", "wowbox_bare.ini"));
    printf(", in the Windows directory %d\n", GetFileAttributesA(windir) != INVALID_FILE_ATTRIBUTES);
    DeleteFileA(windir);

    printf("win.ini written: %d", WriteProfileStringA("wowbox_test", "answer", "42"));
    n = GetProfileStringA("wowbox_test", "answer", "", buf, sizeof buf);
    printf(", read %lu \"%s\", as int %u", n, buf, GetProfileIntA("wowbox_test", "answer", 0));
    WriteProfileStringA("wowbox_test", NULL, NULL);
    printf(", section gone %d\n", GetProfileIntA("wowbox_test", "answer", -1) == (UINT)-1);
    DeleteFileA(ini);
    return 0;
}
