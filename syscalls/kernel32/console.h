/* What kernel32's console files share: console.c owns the modes and the
 * host terminal's state, console_input.c the input records. */
#ifndef WOWBOX_SYSCALLS_KERNEL32_CONSOLE_H
#define WOWBOX_SYSCALLS_KERNEL32_CONSOLE_H

#include <stdint.h>

struct handle_obj;

/* The console input handle h stands for, else NULL (a redirected handle,
 * an output handle, not a handle). */
struct handle_obj *console_input_handle(uint32_t h);
/* The terminal in raw mode for reading input records (restored at exit,
 * on a fatal signal and when a line read comes). */
void console_term_records(int fd);
/* The terminal as wowbox found it; async-signal-safe. */
void console_restore_terminal(void);
uint32_t console_input_code_page(void);

#endif
