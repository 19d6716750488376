/* _splitpath/_makepath and the wide forms (msvcrt, shared by ucrtbase):
 * drive, directory, name and extension of the forms programs pass. */
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

static void split(const char *path)
{
    char drive[_MAX_DRIVE], dir[_MAX_DIR], fname[_MAX_FNAME], ext[_MAX_EXT];
    _splitpath(path, drive, dir, fname, ext);
    printf("[%s] -> [%s] [%s] [%s] [%s]\n", path, drive, dir, fname, ext);
}

static void make(const char *drive, const char *dir, const char *fname, const char *ext)
{
    char path[_MAX_PATH];
    _makepath(path, drive, dir, fname, ext);
    printf("make -> [%s]\n", path);
}

int main(void)
{
    split("C:\\Windows\\System32\\kernel32.dll");
    split("c:/dir.d/file");
    split("relative\\name.tar.gz");
    split("C:file.txt");
    split("\\\\server\\share\\x.y");
    split(".profile");
    split("dir\\");
    split("");
    char only_ext[_MAX_EXT];
    _splitpath("a\\b.c", NULL, NULL, NULL, only_ext);
    printf("extension alone: [%s]\n", only_ext);

    make("C", "\\dir", "file", "txt");
    make("D:", "sub/", "name", ".ext");
    make(NULL, NULL, "bare", NULL);
    make("", "", "", "");

    wchar_t drive[_MAX_DRIVE], dir[_MAX_DIR], fname[_MAX_FNAME], ext[_MAX_EXT], path[_MAX_PATH];
    _wsplitpath(L"Z:\\tmp\\wide.exe", drive, dir, fname, ext);
    printf("wide -> [%ls] [%ls] [%ls] [%ls]\n", drive, dir, fname, ext);
    _wmakepath(path, drive, dir, L"other", L"dll");
    printf("wide make -> [%ls]\n", path);
    return 0;
}
