/* The runner's own test program: each argument is a step, so one image
 * gives every outcome `wowbox test` must tell apart (tests/runner/run_tests.py).
 *   print:TEXT      prints TEXT and a newline
 *   sleep:MS        Sleep(MS)
 *   write:PATH:TEXT writes TEXT to the Windows path PATH
 *   count:PATH      adds one to the number in PATH; exits with it modulo 2
 *   cat:PATH        prints the file at PATH
 *   env:NAME        prints the variable NAME
 *   reg:KEY:NAME:TEXT  sets the REG_SZ value NAME of HKEY_CURRENT_USER\KEY
 *   exit:N          ExitProcess(N)
 *   crash           writes through a null pointer (an unhandled exception)
 *   missing         calls an export wowbox does not implement */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static int count(const char *path)
{
    int n = 0;
    FILE *f = fopen(path, "r");
    if (f) {
        if (fscanf(f, "%d", &n) != 1)
            n = 0;
        fclose(f);
    }
    f = fopen(path, "w");
    if (!f)
        return 3;
    fprintf(f, "%d\n", ++n);
    fclose(f);
    return n % 2;
}

static void write_text(char *arg)
{
    char *sep = strchr(arg + 3, ':'); /* after the drive's colon */
    if (!sep)
        return;
    *sep = 0;
    FILE *f = fopen(arg, "wb");
    if (!f)
        return;
    fputs(sep + 1, f);
    fclose(f);
}

static void set_reg(char *arg)
{
    char *name = strchr(arg, ':'), *text = name ? strchr(name + 1, ':') : NULL;
    if (!text)
        return;
    *name++ = 0;
    *text++ = 0;
    HKEY k;
    if (RegCreateKeyExA(HKEY_CURRENT_USER, arg, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL) != ERROR_SUCCESS)
        return;
    RegSetValueExA(k, name, 0, REG_SZ, (const BYTE *)text, (DWORD)strlen(text) + 1);
    RegCloseKey(k);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (!strncmp(a, "print:", 6))
            printf("%s\n", a + 6);
        else if (!strncmp(a, "cat:", 4)) {
            FILE *f = fopen(a + 4, "r");
            int ch;
            while (f && (ch = fgetc(f)) != EOF)
                putchar(ch);
            if (f)
                fclose(f);
        } else if (!strncmp(a, "env:", 4)) {
            const char *v = getenv(a + 4);
            printf("%s=%s\n", a + 4, v ? v : "(unset)");
        } else if (!strncmp(a, "sleep:", 6))
            Sleep((DWORD)atoi(a + 6));
        else if (!strncmp(a, "write:", 6))
            write_text(a + 6);
        else if (!strncmp(a, "reg:", 4))
            set_reg(a + 4);
        else if (!strncmp(a, "count:", 6)) {
            fflush(stdout);
            return count(a + 6);
        } else if (!strncmp(a, "exit:", 5)) {
            fflush(stdout);
            ExitProcess((UINT)strtoul(a + 5, NULL, 0));
        } else if (!strcmp(a, "crash")) {
            fflush(stdout);
            *(volatile int *)0 = 1;
        } else if (!strcmp(a, "missing")) {
            /* the export tests/pe/unimplemented proves unimplemented */
            typedef BOOL(WINAPI * numa_fn)(PULONG);
            numa_fn fn = (numa_fn)GetProcAddress(GetModuleHandleA("kernel32.dll"), "GetNumaHighestNodeNumber");
            ULONG node;
            if (fn)
                fn(&node);
        }
        fflush(stdout);
    }
    return 0;
}
