// build-flags: -lversion
/* version_info.c - version.dll over this program's own VS_VERSIONINFO
 * resource (version_info.rc): the size GetFileVersionInfoSize reports,
 * VerQueryValue of the fixed part, the translations and strings (ANSI and
 * UTF-16, keys in any case), a missing value, a missing file, a file that
 * is no PE image. */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

int main(void)
{
    char self[MAX_PATH];
    WCHAR wself[MAX_PATH];
    DWORD handle = 123, size;
    GetModuleFileNameA(NULL, self, sizeof self);
    GetModuleFileNameW(NULL, wself, MAX_PATH);
    size = GetFileVersionInfoSizeA(self, &handle);
    printf("size: more than the block %d, twice it plus 4 %d, handle %lu\n", size > 100, size % 2 == 0, handle);
    printf("W size the same: %d\n", GetFileVersionInfoSizeW(wself, NULL) == size);
    BYTE *data = malloc(size);
    printf("GetFileVersionInfoA: %d\n", GetFileVersionInfoA(self, 0, size, data));

    VS_FIXEDFILEINFO *ffi = NULL;
    UINT len = 0;
    BOOL ok = VerQueryValueA(data, "\\", (void **)&ffi, &len);
    printf("root: %d len %u signature %lx file %u.%u.%u.%u product %u.%u\n", ok, len, ffi->dwSignature,
           HIWORD(ffi->dwFileVersionMS), LOWORD(ffi->dwFileVersionMS), HIWORD(ffi->dwFileVersionLS),
           LOWORD(ffi->dwFileVersionLS), HIWORD(ffi->dwProductVersionMS), LOWORD(ffi->dwProductVersionMS));
    DWORD *tr = NULL;
    ok = VerQueryValueA(data, "\\VarFileInfo\\Translation", (void **)&tr, &len);
    printf("translation: %d len %u language %04lx code page %lu\n", ok, len, *tr & 0xFFFF, *tr >> 16);
    char *s = NULL;
    ok = VerQueryValueA(data, "\\StringFileInfo\\040904B0\\productname", (void **)&s, &len);
    printf("ProductName (A): %d len %u \"%s\"\n", ok, len, s);
    WCHAR *w = NULL;
    ok = VerQueryValueW(data, L"\\StringFileInfo\\040904b0\\FileDescription", (void **)&w, &len);
    printf("FileDescription (W): %d len %u \"%ls\"\n", ok, len, w);
    SetLastError(0);
    ok = VerQueryValueA(data, "\\StringFileInfo\\040904b0\\NoSuchValue", (void **)&s, &len);
    printf("missing value: %d\n", ok);
    free(data);

    SetLastError(0);
    size = GetFileVersionInfoSizeA("C:\\no\\such\\file.dll", &handle);
    printf("missing file: %lu error %lu\n", size, GetLastError());
    char text[MAX_PATH];
    GetTempPathA(sizeof text, text);
    strcat(text, "wowbox_version.txt");
    HANDLE h = CreateFileA(text, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD n;
    WriteFile(h, "not a program", 13, &n, NULL);
    CloseHandle(h);
    SetLastError(0);
    size = GetFileVersionInfoSizeA(text, &handle);
    printf("not a PE image: %lu error %lu\n", size, GetLastError());
    DeleteFileA(text);
    return 0;
}
