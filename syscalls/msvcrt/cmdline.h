/* The MS C runtime's command-line splitting (msvcrt.dll's rules). */
#ifndef WOWBOX_SYSCALLS_MSVCRT_CMDLINE_H
#define WOWBOX_SYSCALLS_MSVCRT_CMDLINE_H

/* Splits cmdline into a malloc'd NULL-terminated argv (one allocation);
 * NULL when out of memory. */
char **crt_split_cmdline(const char *cmdline, int *argc);

#endif
