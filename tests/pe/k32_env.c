/* k32_env.c - kernel32 environment block: Get/SetEnvironmentVariableA/W
 * size rules, case-insensitive names, sorted insertion, deletion, empty
 * values, GetEnvironmentStrings copies and ExpandEnvironmentStrings. */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

static void get_a(const char *name)
{
    char buf[64];
    DWORD n;

    SetLastError(0xdead);
    n = GetEnvironmentVariableA(name, buf, sizeof buf);
    if (n == 0)
        printf("GetEnvironmentVariableA(%s) = 0, error %lu\n", name, GetLastError());
    else
        printf("GetEnvironmentVariableA(%s) = %lu [%s]\n", name, n, buf);
}

static int name_len(const WCHAR *e)
{
    const WCHAR *eq = wcschr(e + 1, L'=');
    return eq ? (int)(eq - e) : lstrlenW(e);
}

/* Prints the WBX_* entries of a GetEnvironmentStringsW copy, in order, and
 * checks that the names are sorted (case-insensitively). */
static void show_block(void)
{
    WCHAR *env = GetEnvironmentStringsW(), *p, *prev = NULL;
    int sorted = 1;

    printf("block:");
    for (p = env; *p; p += lstrlenW(p) + 1) {
        if (CompareStringOrdinal(p, 4, L"WBX_", 4, TRUE) == CSTR_EQUAL)
            printf(" %ls", p);
        if (prev && prev[0] != L'=' &&
            CompareStringOrdinal(prev, name_len(prev), p, name_len(p), TRUE) != CSTR_LESS_THAN)
            sorted = 0;
        prev = p;
    }
    printf("\nblock sorted: %d\n", sorted);
    printf("FreeEnvironmentStringsW: %d\n", FreeEnvironmentStringsW(env));
}

int main(void)
{
    char buf[256], small[4];
    WCHAR wbuf[64];
    DWORD n;
    char *envA, *p;
    int count = 0, has_os = 0;

    get_a("OS");
    get_a("os");
    get_a("SystemRoot");
    n = GetEnvironmentVariableA("OS", small, sizeof small);
    printf("too small: %lu, untouched: %d\n", n, small[0] != 'W');
    printf("size query: %lu\n", GetEnvironmentVariableA("OS", NULL, 0));
    n = GetEnvironmentVariableW(L"windir", wbuf, 64);
    printf("GetEnvironmentVariableW(windir) = %lu [%ls]\n", n, wbuf);
    printf("W too small: %lu\n", GetEnvironmentVariableW(L"windir", wbuf, 10));
    get_a("WBX_NOT_SET");
    get_a("");

    /* insertion keeps the block sorted case-insensitively */
    printf("set WBX_B: %d\n", SetEnvironmentVariableA("WBX_B", "2"));
    printf("set wbx_c: %d\n", SetEnvironmentVariableW(L"wbx_c", L"3"));
    printf("set WBX_A: %d\n", SetEnvironmentVariableA("WBX_A", "1"));
    show_block();
    printf("replace: %d\n", SetEnvironmentVariableA("wbx_c", "three"));
    get_a("wbx_C");
    printf("delete: %d\n", SetEnvironmentVariableA("wbx_b", NULL));
    get_a("WBX_B");
    printf("delete unset: %d\n", SetEnvironmentVariableA("WBX_NEVER", NULL));
    show_block();

    /* empty values exist but read back as 0 */
    printf("set empty: %d\n", SetEnvironmentVariableA("WBX_EMPTY", ""));
    SetLastError(0);
    strcpy(buf, "xx");
    n = GetEnvironmentVariableA("WBX_EMPTY", buf, sizeof buf);
    printf("empty: %lu, error %lu, buf \"%s\"\n", n, GetLastError(), buf);


    /* GetEnvironmentStringsA is a copy in the ANSI code page */
    envA = GetEnvironmentStringsA();
    for (p = envA; *p; p += strlen(p) + 1) {
        count++;
        if (strcmp(p, "OS=Windows_NT") == 0)
            has_os = 1;
    }
    printf("GetEnvironmentStringsA: more than 10 entries: %d, OS entry: %d\n", count > 10, has_os);
    printf("FreeEnvironmentStringsA: %d\n", FreeEnvironmentStringsA(envA));

    /* expansion */
    SetEnvironmentVariableA("WBX_V", "value");
    n = ExpandEnvironmentStringsA("a%WBX_V%b %wbx_v% %NOPE_WBX% 100% %% %WBX_V", buf, sizeof buf);
    printf("expand: %lu [%s]\n", n, buf);
    printf("expand size query: %lu\n", ExpandEnvironmentStringsW(L"<%WBX_V%>", NULL, 0));
    n = ExpandEnvironmentStringsW(L"<%WBX_V%>", wbuf, 3);
    printf("expand too small: %lu\n", n);
    n = ExpandEnvironmentStringsW(L"%SystemRoot%\\system32", wbuf, 64);
    printf("expand W: %lu [%ls]\n", n, wbuf);
    n = ExpandEnvironmentStringsA(NULL, buf, sizeof buf);
    printf("expand NULL: %lu [%s]\n", n, buf);
    return 0;
}
