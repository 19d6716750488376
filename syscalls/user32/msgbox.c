/* user32 message boxes: printed to stderr as "[MessageBox] title: text"
 * and answered with the default button, since there is no display. */
#include <stdio.h>
#include <stdlib.h>

#include "core/unicode.h"
#include "syscalls/api.h"

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

static uint64_t message_box_a(struct thunk_call *c)
{
    char *text = arg(c, 1) ? gm_strdup(arg(c, 1)) : NULL;
    char *cap = arg(c, 2) ? gm_strdup(arg(c, 2)) : NULL;
    char *t8 = text ? ansi_to_utf8(text) : NULL, *c8 = cap ? ansi_to_utf8(cap) : NULL;
    uint64_t r = show(t8, c8, arg(c, 3));
    free(text), free(cap), free(t8), free(c8);
    return r;
}

static uint64_t message_box_w(struct thunk_call *c)
{
    char *text = arg(c, 1) ? gm_wcs_to_utf8(arg(c, 1)) : NULL;
    char *cap = arg(c, 2) ? gm_wcs_to_utf8(arg(c, 2)) : NULL;
    uint64_t r = show(text, cap, arg(c, 3));
    free(text), free(cap);
    return r;
}

uint64_t user32_MessageBoxA(struct thunk_call *c) { return message_box_a(c); }
uint64_t user32_MessageBoxW(struct thunk_call *c) { return message_box_w(c); }
uint64_t user32_MessageBoxExA(struct thunk_call *c) { return message_box_a(c); }
uint64_t user32_MessageBoxExW(struct thunk_call *c) { return message_box_w(c); }
