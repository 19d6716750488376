/* wowbox has no display: the one line a program that needs a window gets
 * (user32's window and dialog creation, comdlg32's dialogs). */
#ifndef WOWBOX_SYSCALLS_USER32_NODISPLAY_H
#define WOWBOX_SYSCALLS_USER32_NODISPLAY_H

struct thunk_call;

/* Says once per process, on stderr, that the program needs a window (the
 * call c, its caller) and that wowbox has no display; the caller then fails
 * the call as Windows does when it cannot create the window. */
void user32_needs_window(const struct thunk_call *c);

#endif
