// build-flags: -ldbghelp
/* dbghelp_undname.c - UnDecorateSymbolName(W) end to end: a member
 * function, a template and a constructor undecorated in full and with
 * UNDNAME_NAME_ONLY, a name that is not decorated copied as it is, the
 * result cut to the buffer with the count of what was written, and a
 * malformed name failing with 0. (The demangler's rules are unit-tested in
 * tests/unit/test_undname.c.) */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <stdio.h>
#include <windows.h>
#include <dbghelp.h>

static void show(const char *name, DWORD flags)
{
    char out[256];
    DWORD n = UnDecorateSymbolName(name, out, sizeof out, flags);
    printf("%s %s: %lu \"%s\"\n", name, flags == UNDNAME_NAME_ONLY ? "name only" : "complete", n, n ? out : "");
}

int main(void)
{
    show("?h@C@@IBEHXZ", UNDNAME_COMPLETE);
    show("?h@C@@IBEHXZ", UNDNAME_NAME_ONLY);
    show("??$max@H@@YAHHH@Z", UNDNAME_COMPLETE);
    show("??$max@H@@YAHHH@Z", UNDNAME_NAME_ONLY);
    show("??0?$vec@H@@QAE@XZ", UNDNAME_COMPLETE);
    show("?f@@YAXPBDABVC@@@Z", UNDNAME_COMPLETE);
    show("_WinMain@16", UNDNAME_COMPLETE);
    char small[8];
    DWORD n = UnDecorateSymbolName("?func@@YAHH@Z", small, sizeof small, UNDNAME_COMPLETE);
    printf("into 8 characters: %lu \"%s\"\n", n, small);
    SetLastError(0);
    n = UnDecorateSymbolName("?f@@YAHH", small, sizeof small, UNDNAME_COMPLETE);
    printf("malformed: %lu, error set %d\n", n, GetLastError() != 0);
    WCHAR w[64];
    n = UnDecorateSymbolNameW(L"?f@N@@YAXPAD@Z", w, 64, UNDNAME_COMPLETE);
    printf("W: %lu \"%ls\"\n", n, w);
    return 0;
}
