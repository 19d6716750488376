/* Calls on a window: wowbox creates none (syscalls/user32/window.c), so
 * every handle, NULL included, is invalid, and each call fails as Windows
 * fails it for a handle that names no window: its failure value with
 * ERROR_INVALID_WINDOW_HANDLE (IsWindow and its kin just answer FALSE,
 * setting no error, as on Windows). */
#include "syscalls/api.h"
#include "syscalls/user32/api_args.h"
#include "core/process.h"

#define ERROR_INVALID_WINDOW_HANDLE 1400u

static uint64_t no_window(void)
{
    teb_set_last_error(ERROR_INVALID_WINDOW_HANDLE);
    return 0;
}

/* Each handler names its arguments only to have API_ARGS check the
 * declaration against the export's size. */
#define NO_WINDOW(name)                                \
    uint64_t user32_##name(struct thunk_call *c)       \
    {                                                  \
        API_ARGS(user32, name, a);                     \
        (void)a;                                       \
        return no_window();                            \
    }
NO_WINDOW(ShowWindow)
NO_WINDOW(UpdateWindow)
NO_WINDOW(DestroyWindow)
NO_WINDOW(EnableWindow)
NO_WINDOW(SetWindowTextA)
NO_WINDOW(SetWindowTextW)
NO_WINDOW(GetWindowTextA)
NO_WINDOW(GetWindowTextW)
NO_WINDOW(GetWindowTextLengthA)
NO_WINDOW(GetWindowTextLengthW)
NO_WINDOW(GetDlgItem)
NO_WINDOW(SetDlgItemTextA)
NO_WINDOW(SetDlgItemTextW)
NO_WINDOW(GetClientRect)
NO_WINDOW(GetWindowRect)
NO_WINDOW(EndDialog)

uint64_t user32_IsWindow(struct thunk_call *c)
{
    (void)c;
    return 0;
}
uint64_t user32_IsWindowVisible(struct thunk_call *c)
{
    (void)c;
    return 0;
}
uint64_t user32_IsWindowEnabled(struct thunk_call *c)
{
    (void)c;
    return 0;
}
