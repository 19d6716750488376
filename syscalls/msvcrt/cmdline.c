/* Command-line splitting as msvcrt.dll's parse_cmdline does it: the
 * program name ends at the next quote if quoted, else at a blank; for
 * arguments 2n backslashes + quote give n backslashes and toggle quoting,
 * 2n+1 give n backslashes and a literal quote, and inside quotes a doubled
 * quote gives a literal quote and ends the quoted part (the pre-2008 rule
 * msvcrt.dll keeps). */
#include "syscalls/msvcrt/cmdline.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool blank(char c) { return c == ' ' || c == '\t'; }

/* One pass that either counts (out == NULL) or writes; returns argc and
 * the bytes needed (with terminators) in *chars. */
static int parse(const char *p, char **argv, char *out, size_t *chars)
{
    int argc = 0;
    size_t o = 0;
    /* program name */
    if (argv)
        argv[argc] = out + o;
    if (*p == '"') {
        for (p++; *p && *p != '"'; p++)
            if (out) out[o++] = *p; else o++;
        if (*p == '"')
            p++;
    } else {
        for (; *p && !blank(*p); p++)
            if (out) out[o++] = *p; else o++;
    }
    if (out) out[o] = 0;
    o++;
    argc++;
    for (;;) {
        while (blank(*p))
            p++;
        if (!*p)
            break;
        if (argv)
            argv[argc] = out + o;
        bool inquote = false;
        for (;;) {
            size_t slashes = 0;
            while (*p == '\\') {
                p++;
                slashes++;
            }
            bool copy = true;
            if (*p == '"') {
                if (slashes % 2 == 0) {
                    if (inquote && p[1] == '"')
                        p++;
                    else
                        copy = false;
                    inquote = !inquote;
                }
                slashes /= 2;
            }
            for (; slashes; slashes--)
                if (out) out[o++] = '\\'; else o++;
            if (!*p || (!inquote && blank(*p)))
                break;
            if (copy) {
                if (out) out[o++] = *p; else o++;
            }
            p++;
        }
        if (out) out[o] = 0;
        o++;
        argc++;
    }
    *chars = o;
    return argc;
}

char **crt_split_cmdline(const char *cmdline, int *argc)
{
    size_t chars;
    int n = parse(cmdline, NULL, NULL, &chars);
    char **argv = malloc((size_t)(n + 1) * sizeof *argv + chars + 1);
    if (!argv)
        return NULL;
    char *text = (char *)(argv + n + 1);
    parse(cmdline, argv, text, &chars);
    argv[n] = NULL;
    *argc = n;
    return argv;
}
