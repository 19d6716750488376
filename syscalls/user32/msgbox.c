/* user32 message boxes: printed to stderr as "[MessageBox] title: text"
 * and answered with the default button, since there is no display. */
#include <stdio.h>
#include <stdlib.h>

#include "core/unicode.h"
#include "syscalls/api.h"
#include "syscalls/user32/api_args.h"

#define MB_TYPEMASK 0xFu
#define IDOK 1
#define IDYES 6
#define IDABORT 3
#define IDRETRY 4
#define IDCANCEL 2

/* The default (first) button of each MB_ type, as pressing Enter gives. */
static int default_button(uint32_t type)
{
    switch (type & MB_TYPEMASK) {
    case 2: return IDABORT;          /* MB_ABORTRETRYIGNORE */
    case 3: case 4: return IDYES;    /* MB_YESNOCANCEL, MB_YESNO */
    case 5: return IDRETRY;          /* MB_RETRYCANCEL */
    case 6: return IDCANCEL;         /* MB_CANCELTRYCONTINUE */
    default: return IDOK;
    }
}

static uint64_t show(const char *text, const char *caption, uint32_t type)
{
    fprintf(stderr, "[MessageBox] %s: %s\n", caption ? caption : "Error", text ? text : "");
    fflush(stderr);
    return (uint64_t)default_button(type);
}

static uint64_t message_box_a(gaddr lpText, gaddr lpCaption, uint32_t uType)
{
    char *text = lpText ? gm_strdup(lpText) : NULL;
    char *cap = lpCaption ? gm_strdup(lpCaption) : NULL;
    char *t8 = text ? ansi_to_utf8(text) : NULL, *c8 = cap ? ansi_to_utf8(cap) : NULL;
    uint64_t r = show(t8, c8, uType);
    free(text), free(cap), free(t8), free(c8);
    return r;
}

static uint64_t message_box_w(gaddr lpText, gaddr lpCaption, uint32_t uType)
{
    char *text = lpText ? gm_wcs_to_utf8(lpText) : NULL;
    char *cap = lpCaption ? gm_wcs_to_utf8(lpCaption) : NULL;
    uint64_t r = show(text, cap, uType);
    free(text), free(cap);
    return r;
}

uint64_t user32_MessageBoxA(struct thunk_call *c)
{
    API_ARGS(user32, MessageBoxA, a);
    return message_box_a(a.lpText, a.lpCaption, a.uType);
}
uint64_t user32_MessageBoxW(struct thunk_call *c)
{
    API_ARGS(user32, MessageBoxW, a);
    return message_box_w(a.lpText, a.lpCaption, a.uType);
}
uint64_t user32_MessageBoxExA(struct thunk_call *c)
{
    API_ARGS(user32, MessageBoxExA, a);
    return message_box_a(a.lpText, a.lpCaption, a.uType);
}
uint64_t user32_MessageBoxExW(struct thunk_call *c)
{
    API_ARGS(user32, MessageBoxExW, a);
    return message_box_w(a.lpText, a.lpCaption, a.uType);
}
