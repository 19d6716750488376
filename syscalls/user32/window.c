/* Creating windows and dialogs without a display. Windows checks a
 * window's class and its parent before it makes the window; wowbox makes
 * the same checks (so a misspelt class still gets
 * ERROR_CANNOT_FIND_WND_CLASS) and then fails where Windows would make the
 * window, as it does for a process whose desktop it may not create windows
 * on: NULL (DialogBox*: -1) with ERROR_ACCESS_DENIED, and user32's one
 * line saying that the program needs a window. */
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/resource.h"
#include "syscalls/user32/api_args.h"
#include "syscalls/user32/class.h"
#include "syscalls/user32/nodisplay.h"
#include "syscalls/win32_errors.h"

#define ERROR_INVALID_WINDOW_HANDLE 1400u
#define ERROR_TLW_WITH_WSCHILD      1406u
#define ERROR_CANNOT_FIND_WND_CLASS 1407u
#define WS_CHILD                    0x40000000u
#define HWND_MESSAGE                0xFFFFFFFDu /* (HWND)-3: message-only windows' parent */
#define RT_DIALOG                   5u
#define DIALOG_FAILED               0xFFFFFFFFu /* DialogBox*'s -1 */

static uint64_t fail(uint64_t value, uint32_t err)
{
    teb_set_last_error(err);
    return value;
}

/* The parent must be a window, and none is (HWND_MESSAGE is no window but
 * the message-only windows' marker). */
static bool parent_invalid(uint32_t parent)
{
    return parent && parent != HWND_MESSAGE;
}

static uint64_t create_window(struct thunk_call *c, gaddr cls, bool wide, uint32_t style, uint32_t parent,
                              gaddr instance)
{
    if (!user32_class_known(cls, wide, instance))
        return fail(0, ERROR_CANNOT_FIND_WND_CLASS);
    if ((style & WS_CHILD) && !parent)
        return fail(0, ERROR_TLW_WITH_WSCHILD);
    if (parent_invalid(parent))
        return fail(0, ERROR_INVALID_WINDOW_HANDLE);
    user32_needs_window(c);
    return fail(0, ERROR_ACCESS_DENIED);
}

uint64_t user32_CreateWindowExA(struct thunk_call *c)
{
    API_ARGS(user32, CreateWindowExA, a);
    return create_window(c, a.lpClassName, false, a.dwStyle, a.hWndParent, a.hInstance);
}
uint64_t user32_CreateWindowExW(struct thunk_call *c)
{
    API_ARGS(user32, CreateWindowExW, a);
    return create_window(c, a.lpClassName, true, a.dwStyle, a.hWndParent, a.hInstance);
}

/* A dialog: an invalid parent first (DialogBox* documents 0 for that and
 * -1 for any other failure), then the template: a resource of the module
 * that must exist, or a pointer that must not be NULL. `failed` is what
 * any other failure returns. */
static uint64_t dialog(struct thunk_call *c, gaddr instance, gaddr tmpl, bool by_name, bool wide,
                       uint32_t parent, uint64_t failed)
{
    if (parent_invalid(parent))
        return fail(0, ERROR_INVALID_WINDOW_HANDLE);
    if (!tmpl)
        return fail(failed, by_name ? ERROR_RESOURCE_NAME_NOT_FOUND : ERROR_INVALID_PARAMETER);
    if (by_name) {
        struct res_name type = res_id(RT_DIALOG), name;
        uint32_t err = 0;
        if (!res_name_read(tmpl, wide, &name, &err))
            return fail(failed, err);
        gaddr found = resource_find(instance, &type, &name, RES_ANY_LANGUAGE, &err);
        res_name_free(&name);
        if (!found)
            return fail(failed, err);
    }
    user32_needs_window(c);
    return fail(failed, ERROR_ACCESS_DENIED);
}

uint64_t user32_DialogBoxParamA(struct thunk_call *c)
{
    API_ARGS(user32, DialogBoxParamA, a);
    return dialog(c, a.hInstance, a.lpTemplateName, true, false, a.hWndParent, DIALOG_FAILED);
}
uint64_t user32_DialogBoxParamW(struct thunk_call *c)
{
    API_ARGS(user32, DialogBoxParamW, a);
    return dialog(c, a.hInstance, a.lpTemplateName, true, true, a.hWndParent, DIALOG_FAILED);
}
uint64_t user32_DialogBoxIndirectParamA(struct thunk_call *c)
{
    API_ARGS(user32, DialogBoxIndirectParamA, a);
    return dialog(c, a.hInstance, a.hDialogTemplate, false, false, a.hWndParent, DIALOG_FAILED);
}
uint64_t user32_DialogBoxIndirectParamW(struct thunk_call *c)
{
    API_ARGS(user32, DialogBoxIndirectParamW, a);
    return dialog(c, a.hInstance, a.hDialogTemplate, false, true, a.hWndParent, DIALOG_FAILED);
}
uint64_t user32_CreateDialogParamA(struct thunk_call *c)
{
    API_ARGS(user32, CreateDialogParamA, a);
    return dialog(c, a.hInstance, a.lpTemplateName, true, false, a.hWndParent, 0);
}
uint64_t user32_CreateDialogParamW(struct thunk_call *c)
{
    API_ARGS(user32, CreateDialogParamW, a);
    return dialog(c, a.hInstance, a.lpTemplateName, true, true, a.hWndParent, 0);
}
uint64_t user32_CreateDialogIndirectParamA(struct thunk_call *c)
{
    API_ARGS(user32, CreateDialogIndirectParamA, a);
    return dialog(c, a.hInstance, a.lpTemplate, false, false, a.hWndParent, 0);
}
uint64_t user32_CreateDialogIndirectParamW(struct thunk_call *c)
{
    API_ARGS(user32, CreateDialogIndirectParamW, a);
    return dialog(c, a.hInstance, a.lpTemplate, false, true, a.hWndParent, 0);
}
