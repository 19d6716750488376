/* section_share.c - proves a named page-file section shared between a
 * process and its child (this program run again with an argument): the
 * child opens it by name and sees the parent's bytes, creating it again
 * gives ERROR_ALREADY_EXISTS, the parent sees what the child wrote, and
 * once every handle and view is gone the name is gone for a new child. */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include "run_child.h"

#define NAME "wowbox_cross_process"

static int child(void)
{
    HANDLE m = OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, NAME);
    if (!m) {
        printf("child: no section err=%lu\n", GetLastError());
        return 0;
    }
    char *v = MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0);
    printf("child sees: %s\n", v);
    SetLastError(0);
    HANDLE again = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x1000, NAME);
    printf("child creates it again: %s err=%lu\n", again ? "handle" : "NULL", GetLastError());
    strcpy(v + 0x100, "from the child");
    UnmapViewOfFile(v);
    CloseHandle(again);
    CloseHandle(m);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return child();
    HANDLE m = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x1000, NAME);
    char *v = MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0);
    strcpy(v, "from the parent");
    printf("child exit: %lu\n", run_child("child"));
    printf("parent sees: %s\n", v + 0x100);
    UnmapViewOfFile(v);
    CloseHandle(m);
    printf("child exit: %lu\n", run_child("gone"));
    return 0;
}
