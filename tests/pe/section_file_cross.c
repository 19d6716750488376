/* section_file_cross.c - proves that a named file-backed section is
 * visible to another process of the prefix (this program run again as a
 * child with a step name): the child's OpenFileMapping finds it by name,
 * its view shows the file's pages the parent wrote through its view and
 * the parent sees what the child writes (in its view and in the file);
 * the child's CreateFileMapping of that name, on a page file or on another
 * file, returns the existing section with ERROR_ALREADY_EXISTS; once the
 * parent closes its last handle the name is gone, and the file stays. */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include "run_child.h"

#define FILE1 "wbfc_one.tmp"
#define FILE2 "wbfc_two.tmp"
#define NAME "wbfc_filemap"

static void show_view(const char *what, HANDLE m, const char *write)
{
    char *v = m ? MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0) : NULL;
    if (!v) {
        printf("child: %s: no view err=%lu\n", what, GetLastError());
        return;
    }
    printf("child: %s view: %s\n", what, v);
    if (write)
        strcpy(v, write);
    UnmapViewOfFile(v);
}

static int child(const char *step)
{
    if (strcmp(step, "open") == 0) {
        SetLastError(0);
        HANDLE m = OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, NAME);
        printf("child: OpenFileMapping: %s err=%lu\n", m ? "found" : "not found", GetLastError());
        show_view("opened", m, "child wrote");
        if (m)
            CloseHandle(m);
        SetLastError(0);
        m = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x1000, NAME);
        printf("child: CreateFileMapping on the page file: %s err=%lu\n", m ? "handle" : "none", GetLastError());
        show_view("page-file create", m, NULL);
        if (m)
            CloseHandle(m);
        HANDLE f = CreateFileA(FILE2, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
        DWORD w;
        WriteFile(f, "other file", 11, &w, NULL);
        SetLastError(0);
        m = CreateFileMappingA(f, NULL, PAGE_READWRITE, 0, 0, NAME);
        printf("child: CreateFileMapping on another file: %s err=%lu\n", m ? "handle" : "none", GetLastError());
        show_view("other-file create", m, NULL);
        if (m)
            CloseHandle(m);
        CloseHandle(f);
        DeleteFileA(FILE2);
        return 0;
    }
    if (strcmp(step, "gone") == 0) {
        HANDLE m = OpenFileMappingA(FILE_MAP_READ, FALSE, NAME);
        printf("child: after the parent closed it: %s err=%lu\n", m ? "found" : "not found", GetLastError());
        return 0;
    }
    return 99;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return child(argv[1]);
    HANDLE f = CreateFileA(FILE1, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                           CREATE_ALWAYS, 0, NULL);
    DWORD w;
    WriteFile(f, "file bytes..", 13, &w, NULL);
    HANDLE m = CreateFileMappingA(f, NULL, PAGE_READWRITE, 0, 0, NAME);
    printf("CreateFileMapping: %s err=%lu\n", m ? "handle" : "none", GetLastError());
    char *v = MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0);
    strcpy(v, "parent wrote");
    printf("child exit: %lu\n", run_child("open"));
    printf("parent's view: %s\n", v);
    char back[16] = { 0 };
    DWORD got = 0;
    SetFilePointer(f, 0, NULL, FILE_BEGIN);
    ReadFile(f, back, 13, &got, NULL);
    printf("the file: %s\n", back);
    UnmapViewOfFile(v);
    CloseHandle(m);
    printf("child exit: %lu\n", run_child("gone"));
    CloseHandle(f);
    printf("file kept: %s\n", GetFileAttributesA(FILE1) != INVALID_FILE_ATTRIBUTES ? "yes" : "no");
    DeleteFileA(FILE1);
    return 0;
}
