/* The common dialogs without a display. Each is a modal (or, for Find and
 * Replace, modeless) window, and wowbox has none, so each fails as Windows
 * documents a dialog that cannot be created: FALSE (NULL for the modeless
 * ones) with CommDlgExtendedError CDERR_DIALOGFAILURE, after the checks
 * Windows makes first (the structure's size, the Find/Replace buffer) and
 * user32's one "needs a window" line. Not "cancelled" (FALSE with 0): no
 * user chose anything, and a program that asked for a file should learn
 * that it got no dialog. Asking only for the default printer needs no
 * window: there is no printer, so PDERR_NODEFAULTPRN. */
#include <stdint.h>

#include "syscalls/api.h"
#include "syscalls/comdlg32/api_args.h"
#include "syscalls/user32/nodisplay.h"

#define CDERR_STRUCTSIZE       0x0001u
#define CDERR_INITIALIZATION   0x0002u
#define CDERR_DIALOGFAILURE    0xFFFFu
#define PDERR_RETDEFFAILURE    0x1009u
#define PDERR_NODEFAULTPRN     0x1008u
#define FRERR_BUFFERLENGTHZERO 0x4001u
#define PD_RETURNDEFAULT       0x00000400u /* PSD_RETURNDEFAULT has the same value */
#define E_INVALIDARG           0x80070057u
#define E_HANDLE               0x80070006u

/* The 32-bit structures' sizes and the few fields looked at (offsets as in
 * commdlg.h for i686; PRINTDLG is packed to 1 there). */
#define OPENFILENAME_SIZE      88u
#define OPENFILENAME_SIZE_400  76u /* OPENFILENAME_SIZE_VERSION_400: no pvReserved.. FlagsEx */
#define CHOOSECOLOR_SIZE       36u
#define CHOOSEFONT_SIZE        60u
#define PRINTDLG_SIZE          66u
#define PRINTDLG_FLAGS         20u
#define PRINTDLG_DEVMODE       8u
#define PRINTDLG_DEVNAMES      12u
#define PAGESETUPDLG_SIZE      84u
#define PAGESETUPDLG_FLAGS     16u
#define PRINTDLGEX_SIZE        84u
#define FINDREPLACE_SIZE       40u
#define FINDREPLACE_FINDWHAT   16u
#define FINDREPLACE_FINDLEN    24u

/* CommDlgExtendedError's value belongs to the calling thread, as on
 * Windows (each guest thread is a host thread of its own). */
static _Thread_local uint32_t ext_error;

uint64_t comdlg32_CommDlgExtendedError(struct thunk_call *c)
{
    (void)c;
    return ext_error;
}

static uint64_t fail(uint32_t err)
{
    ext_error = err;
    return 0;
}

/* The structure's first DWORD (lStructSize) is one of the sizes Windows
 * takes; CDERR_STRUCTSIZE otherwise, and for a NULL pointer (Windows
 * reads the size first). */
static bool size_ok(gaddr p, uint32_t size, uint32_t alt)
{
    uint32_t got;
    return p && gm_read_u32(p, &got) && (got == size || (alt && got == alt));
}

/* The dialog itself: no window can be made. */
static uint64_t no_dialog(struct thunk_call *c)
{
    user32_needs_window(c);
    return fail(CDERR_DIALOGFAILURE);
}

static uint64_t file_dialog(struct thunk_call *c, gaddr ofn)
{
    if (!size_ok(ofn, OPENFILENAME_SIZE, OPENFILENAME_SIZE_400))
        return fail(CDERR_STRUCTSIZE);
    return no_dialog(c);
}

uint64_t comdlg32_GetOpenFileNameA(struct thunk_call *c)
{
    API_ARGS(comdlg32, GetOpenFileNameA, a);
    return file_dialog(c, a.lpofn);
}
uint64_t comdlg32_GetOpenFileNameW(struct thunk_call *c)
{
    API_ARGS(comdlg32, GetOpenFileNameW, a);
    return file_dialog(c, a.lpofn);
}
uint64_t comdlg32_GetSaveFileNameA(struct thunk_call *c)
{
    API_ARGS(comdlg32, GetSaveFileNameA, a);
    return file_dialog(c, a.lpofn);
}
uint64_t comdlg32_GetSaveFileNameW(struct thunk_call *c)
{
    API_ARGS(comdlg32, GetSaveFileNameW, a);
    return file_dialog(c, a.lpofn);
}

static uint64_t sized_dialog(struct thunk_call *c, gaddr p, uint32_t size)
{
    if (!size_ok(p, size, 0))
        return fail(CDERR_STRUCTSIZE);
    return no_dialog(c);
}

uint64_t comdlg32_ChooseColorA(struct thunk_call *c)
{
    API_ARGS(comdlg32, ChooseColorA, a);
    return sized_dialog(c, a.lpcc, CHOOSECOLOR_SIZE);
}
uint64_t comdlg32_ChooseColorW(struct thunk_call *c)
{
    API_ARGS(comdlg32, ChooseColorW, a);
    return sized_dialog(c, a.lpcc, CHOOSECOLOR_SIZE);
}
uint64_t comdlg32_ChooseFontA(struct thunk_call *c)
{
    API_ARGS(comdlg32, ChooseFontA, a);
    return sized_dialog(c, a.lpcf, CHOOSEFONT_SIZE);
}
uint64_t comdlg32_ChooseFontW(struct thunk_call *c)
{
    API_ARGS(comdlg32, ChooseFontW, a);
    return sized_dialog(c, a.lpcf, CHOOSEFONT_SIZE);
}

/* PrintDlg and PageSetupDlg: with *_RETURNDEFAULT they show nothing and
 * hand back the default printer, of which there is none. */
static uint64_t printer_dialog(struct thunk_call *c, gaddr p, uint32_t size, uint32_t flags_at)
{
    uint32_t flags = 0;
    if (!size_ok(p, size, 0))
        return fail(CDERR_STRUCTSIZE);
    gm_read_u32(p + flags_at, &flags);
    if (!(flags & PD_RETURNDEFAULT))
        return no_dialog(c);
    if (flags_at == PRINTDLG_FLAGS) { /* PrintDlg wants no device handles in */
        uint32_t devmode = 0, devnames = 0;
        gm_read_u32(p + PRINTDLG_DEVMODE, &devmode);
        gm_read_u32(p + PRINTDLG_DEVNAMES, &devnames);
        if (devmode || devnames)
            return fail(PDERR_RETDEFFAILURE);
    }
    return fail(PDERR_NODEFAULTPRN);
}

uint64_t comdlg32_PrintDlgA(struct thunk_call *c)
{
    API_ARGS(comdlg32, PrintDlgA, a);
    return printer_dialog(c, a.lppd, PRINTDLG_SIZE, PRINTDLG_FLAGS);
}
uint64_t comdlg32_PrintDlgW(struct thunk_call *c)
{
    API_ARGS(comdlg32, PrintDlgW, a);
    return printer_dialog(c, a.lppd, PRINTDLG_SIZE, PRINTDLG_FLAGS);
}
uint64_t comdlg32_PageSetupDlgA(struct thunk_call *c)
{
    API_ARGS(comdlg32, PageSetupDlgA, a);
    return printer_dialog(c, a.lppsd, PAGESETUPDLG_SIZE, PAGESETUPDLG_FLAGS);
}
uint64_t comdlg32_PageSetupDlgW(struct thunk_call *c)
{
    API_ARGS(comdlg32, PageSetupDlgW, a);
    return printer_dialog(c, a.lppsd, PAGESETUPDLG_SIZE, PAGESETUPDLG_FLAGS);
}

/* PrintDlgEx reports in its HRESULT: its hwndOwner must be a valid window
 * (it may not be NULL) and no window is, so E_HANDLE. */
static uint64_t print_dialog_ex(struct thunk_call *c, gaddr p)
{
    if (!size_ok(p, PRINTDLGEX_SIZE, 0))
        return E_INVALIDARG;
    user32_needs_window(c);
    return E_HANDLE;
}

uint64_t comdlg32_PrintDlgExA(struct thunk_call *c)
{
    API_ARGS(comdlg32, PrintDlgExA, a);
    return print_dialog_ex(c, a.lppd);
}
uint64_t comdlg32_PrintDlgExW(struct thunk_call *c)
{
    API_ARGS(comdlg32, PrintDlgExW, a);
    return print_dialog_ex(c, a.lppd);
}

/* Find and Replace are modeless: NULL instead of the dialog's window; an
 * empty search buffer is refused before anything is shown. */
static uint64_t find_dialog(struct thunk_call *c, gaddr fr)
{
    uint32_t what = 0;
    uint16_t len = 0;
    if (!size_ok(fr, FINDREPLACE_SIZE, 0))
        return fail(CDERR_STRUCTSIZE);
    gm_read_u32(fr + FINDREPLACE_FINDWHAT, &what);
    gm_read(fr + FINDREPLACE_FINDLEN, &len, sizeof len);
    if (!what)
        return fail(CDERR_INITIALIZATION);
    if (!len)
        return fail(FRERR_BUFFERLENGTHZERO);
    return no_dialog(c);
}

uint64_t comdlg32_FindTextA(struct thunk_call *c)
{
    API_ARGS(comdlg32, FindTextA, a);
    return find_dialog(c, a.lpfr);
}
uint64_t comdlg32_FindTextW(struct thunk_call *c)
{
    API_ARGS(comdlg32, FindTextW, a);
    return find_dialog(c, a.lpfr);
}
uint64_t comdlg32_ReplaceTextA(struct thunk_call *c)
{
    API_ARGS(comdlg32, ReplaceTextA, a);
    return find_dialog(c, a.lpfr);
}
uint64_t comdlg32_ReplaceTextW(struct thunk_call *c)
{
    API_ARGS(comdlg32, ReplaceTextW, a);
    return find_dialog(c, a.lpfr);
}
