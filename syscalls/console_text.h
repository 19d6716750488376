/* The console's output code page and what bytes written to a console look
 * like on the host terminal: Windows' console renders the bytes a program
 * writes (WriteConsoleA, WriteFile, msvcrt's _write) in the output code
 * page, the terminal reads UTF-8. */
#ifndef WOWBOX_SYSCALLS_CONSOLE_TEXT_H
#define WOWBOX_SYSCALLS_CONSOLE_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* GetConsoleOutputCP: what SetConsoleOutputCP set, else the OEM page. */
uint32_t console_output_cp(void);
void console_set_output_cp(uint32_t cp);

/* n bytes written to the console as the terminal's UTF-8 (malloc'd, *len
 * bytes, NULs kept). A double-byte page's lead byte at the end waits for
 * the next write, as the console keeps it. NULL: out of memory. */
char *console_output_to_utf8(const uint8_t *b, size_t n, size_t *len);

#endif
