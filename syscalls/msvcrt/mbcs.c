/* msvcrt's multibyte code page: _setmbcp/_getmbcp and the _mbctype flags
 * (lead bytes _M1, trail bytes _M2, ASCII letters _SBUP/_SBLOW). It starts
 * as the ANSI code page, as msvcrt's start-up sets it. The guest code of
 * the _mbs* functions (guest/mbstring.c) reads a copy of the state in each
 * builtin DLL blob that carries it (msvcrt, ucrtbase, vcruntime140):
 * rewritten here whenever it changes. */
#include <stddef.h>
#include <string.h>

#include "core/guest_mem.h"
#include "loader/module.h"
#include "syscalls/api.h"
#include "syscalls/builtin_image.h"
#include "syscalls/codepage.h"
#include "syscalls/msvcrt/api_args.h"
#include "syscalls/msvcrt/mbcs_state.h"
#include "syscalls/msvcrt/state.h"
#include "syscalls/msvcrt/struct32.h"

_Static_assert(offsetof(CRT_THREAD_DATA32, mbstok_next) == CRT_THREAD_MBSTOK_OFFSET,
               "guest/mbstring.c finds _mbstok's position there");

#define MB_CP_SBCS 0
#define MB_CP_OEM (-2)
#define MB_CP_ANSI (-3)
#define MB_CP_LOCALE (-4)
#define CRT_EINVAL 22

static struct mbcs_state state;
static gaddr mbctype_export; /* msvcrt's _mbctype */
static bool started;

/* The trail bytes of the double-byte pages (lead bytes: codepage.c). */
static const struct { uint32_t cp; uint8_t ranges[6]; } trails[] = {
    { 932, { 0x40, 0x7E, 0x80, 0xFC } },
    { 936, { 0x40, 0x7E, 0x80, 0xFE } },
    { 949, { 0x41, 0x5A, 0x61, 0x7A, 0x81, 0xFE } },
    { 950, { 0x40, 0x7E, 0xA1, 0xFE } },
};

static bool is_trail(uint32_t cp, unsigned b)
{
    for (size_t i = 0; i < sizeof trails / sizeof *trails; i++)
        if (trails[i].cp == cp)
            for (int r = 0; r < 6 && trails[i].ranges[r]; r += 2)
                if (b >= trails[i].ranges[r] && b <= trails[i].ranges[r + 1])
                    return true;
    return false;
}

/* cp's flags into state; a single-byte page (or UTF-8) has no lead bytes
 * and _getmbcp reports 0 for it. */
static void fill(uint32_t cp)
{
    bool dbcs = cp_is_dbcs(cp);
    memset(&state, 0, sizeof state);
    state.codepage = dbcs ? cp : 0;
    state.casemap = cp == 932;
    for (unsigned c = 0; c < 256; c++) {
        uint8_t f = 0;
        if (c >= 'A' && c <= 'Z')
            f |= MBCS_SBUP;
        if (c >= 'a' && c <= 'z')
            f |= MBCS_SBLOW;
        if (dbcs && cp_lead_byte(cp, (uint8_t)c))
            f |= MBCS_LEAD;
        if (dbcs && is_trail(cp, c))
            f |= MBCS_TRAIL;
        state.ctype[c + 1] = f;
    }
}

static void publish(void)
{
    for (struct module *m = module_list; m; m = m->next) {
        gaddr at = builtin_guest_symbol(m, MBCS_STATE_SYMBOL);
        if (at)
            gm_write_force(at, &state, sizeof state);
    }
    if (mbctype_export)
        gm_write_force(mbctype_export, state.ctype, sizeof state.ctype);
}

void msvcrt_mbcs_start(void)
{
    started = true;
    fill(cp_ansi);
    publish();
}

void msvcrt_init_mbctype(gaddr a, uint32_t sz)
{
    (void)sz;
    mbctype_export = a;
    if (!started) /* the page comes at start (msvcrt_mbcs_start), after the images */
        fill(cp_ansi);
    gm_write_force(a, state.ctype, sizeof state.ctype);
}

uint64_t msvcrt__setmbcp(struct thunk_call *c)
{
    API_ARGS(msvcrt, _setmbcp, a);
    int32_t want = a.codepage;
    uint32_t cp = want == MB_CP_ANSI || want == MB_CP_LOCALE ? cp_ansi
                  : want == MB_CP_OEM                       ? cp_oem
                                                            : (uint32_t)want;
    if (want == MB_CP_SBCS) {
        fill(1252); /* no lead bytes: every byte a character */
    } else if ((want < 0 && want != MB_CP_ANSI && want != MB_CP_LOCALE && want != MB_CP_OEM) || cp < 4 ||
               cp == CP_UTF7 || !cp_valid(cp)) {
        msvcrt_set_errno(CRT_EINVAL);
        return (uint64_t)(uint32_t)-1;
    } else {
        fill(cp);
    }
    publish();
    return 0;
}

uint64_t msvcrt__getmbcp(struct thunk_call *c) { (void)c; return state.codepage; }

/* msvcrt's _mbctype; in a process without msvcrt.dll (ucrtbase alone), the
 * flags in ucrtbase's blob (read-only there, as a program only reads them). */
uint64_t msvcrt___p__mbctype(struct thunk_call *c)
{
    (void)c;
    for (struct module *m = module_list; m && !mbctype_export; m = m->next) {
        gaddr at = builtin_guest_symbol(m, MBCS_STATE_SYMBOL);
        if (at)
            return at + offsetof(struct mbcs_state, ctype);
    }
    return mbctype_export;
}
