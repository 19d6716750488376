/* env.c - proves environment handling: msvcrt _putenv/getenv (the CRT's own
 * copy, which _putenv also pushes to the OS block), kernel32
 * Set/GetEnvironmentVariableA (which the CRT copy does NOT see), removal. */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

static void show_getenv(const char *name)
{
    const char *v = getenv(name);
    printf("getenv(%s) = %s\n", name, v ? v : "(unset)");
}

static void show_k32(const char *name)
{
    char buf[64];
    DWORD n;

    SetLastError(0);
    n = GetEnvironmentVariableA(name, buf, sizeof buf);
    if (n == 0)
        printf("GetEnvironmentVariableA(%s) = 0, error %lu\n", name, GetLastError());
    else
        printf("GetEnvironmentVariableA(%s) = %lu [%s]\n", name, n, buf);
}

int main(void)
{
    char small[2];
    DWORD n;

    show_getenv("WOWBOX_SURELY_NOT_SET");
    show_k32("WOWBOX_SURELY_NOT_SET");

    printf("_putenv: %d\n", _putenv("WOWBOX_CRT=hello"));
    show_getenv("WOWBOX_CRT");
    show_k32("WOWBOX_CRT");           /* _putenv updates the OS environment too */

    printf("SetEnvironmentVariableA: %d\n", SetEnvironmentVariableA("WOWBOX_K32", "world") != 0);
    show_k32("WOWBOX_K32");
    show_getenv("WOWBOX_K32");        /* CRT copy is not updated: (unset) */

    /* buffer too small: returns the size needed including the terminator */
    n = GetEnvironmentVariableA("WOWBOX_K32", small, sizeof small);
    printf("GetEnvironmentVariableA with 2-byte buffer = %lu\n", n);

    /* names are case-insensitive on Windows */
    show_k32("wowbox_k32");

    /* removal */
    printf("_putenv remove: %d\n", _putenv("WOWBOX_CRT="));
    show_getenv("WOWBOX_CRT");
    printf("SetEnvironmentVariableA(NULL): %d\n", SetEnvironmentVariableA("WOWBOX_K32", NULL) != 0);
    show_k32("WOWBOX_K32");
    return 0;
}
