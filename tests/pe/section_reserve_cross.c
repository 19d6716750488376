/* section_reserve_cross.c - proves that a named SEC_RESERVE section's
 * commits are the section's across processes (this program run again as a
 * child with a step name): the child that opens it by name (or creates it
 * again) sees the pages the parent committed as committed, with the
 * parent's data, and the others as reserved; a page the child commits is
 * committed in a view the parent maps afterwards, with the child's data. */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include "run_child.h"

#define NAME "wbsr_reserved"
#define PAGE 4096

static const char *state_of(const char *p)
{
    MEMORY_BASIC_INFORMATION mbi;
    if (!VirtualQuery(p, &mbi, sizeof mbi))
        return "?";
    return mbi.State == MEM_COMMIT ? "committed" : mbi.State == MEM_RESERVE ? "reserved" : "free";
}

static void show(const char *who, const char *v)
{
    for (int i = 0; i < 4; i++)
        printf("%s: page %d %s%s%s\n", who, i, state_of(v + i * PAGE),
               strcmp(state_of(v + i * PAGE), "committed") == 0 ? ": " : "",
               strcmp(state_of(v + i * PAGE), "committed") == 0 ? v + i * PAGE : "");
}

static int child(const char *step)
{
    HANDLE m = strcmp(step, "open") == 0
                   ? OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, NAME)
                   : CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE | SEC_COMMIT, 0, 4 * PAGE, NAME);
    char *v = m ? MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0) : NULL;
    if (!v) {
        printf("child %s: no view err=%lu\n", step, GetLastError());
        return 1;
    }
    show("child", v);
    if (strcmp(step, "open") == 0) {
        if (!VirtualAlloc(v + 2 * PAGE, PAGE, MEM_COMMIT, PAGE_READWRITE))
            printf("child: commit failed: %lu\n", GetLastError());
        else
            strcpy(v + 2 * PAGE, "child's page");
    }
    UnmapViewOfFile(v);
    CloseHandle(m);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return child(argv[1]);
    HANDLE m = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE | SEC_RESERVE, 0, 4 * PAGE, NAME);
    char *v = MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0);
    VirtualAlloc(v + PAGE, PAGE, MEM_COMMIT, PAGE_READWRITE);
    strcpy(v + PAGE, "parent's page");
    show("parent", v);
    printf("-- child opens it\n");
    printf("child exit: %lu\n", run_child("open"));
    printf("-- child creates it again (SEC_COMMIT asked)\n");
    printf("child exit: %lu\n", run_child("create"));
    char *w = MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0);
    show("parent's new view", w);
    UnmapViewOfFile(w);
    UnmapViewOfFile(v);
    CloseHandle(m);
    return 0;
}
