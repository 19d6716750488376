/* The console's input buffer: key events read from the host terminal for
 * ReadConsoleInput, PeekConsoleInput, GetNumberOfConsoleInputEvents and
 * FlushConsoleInputBuffer, and events a program puts in with
 * WriteConsoleInput. While a program reads records the terminal is raw
 * (console.c); each key becomes a key-down and a key-up record, the
 * terminal's escape sequences (arrows, Home/End, Insert/Delete, Page
 * Up/Down, F1-F12, with xterm's modifier parameter) become their virtual
 * keys with ENHANCED_KEY where Windows sets it, and the virtual-key and scan
 * codes are those of a US keyboard; the A functions give characters in the
 * console's input code page. A terminal reports no key of its own
 * for Shift, Ctrl or Alt, so those never arrive as records of their own. */
#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/handles.h"
#include "core/process.h"
#include "core/sync.h"
#include "syscalls/api.h"
#include "syscalls/codepage.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/console.h"
#include "syscalls/kernel32/struct32.h"
#include "syscalls/win32_errors.h"

#define KEY_EVENT          0x0001u
#define RIGHT_ALT_PRESSED  0x0001u
#define LEFT_ALT_PRESSED   0x0002u
#define LEFT_CTRL_PRESSED  0x0008u
#define SHIFT_PRESSED      0x0010u
#define ENHANCED_KEY       0x0100u
#define QUEUE_MAX          1024u
#define ESC_WAIT_MS        50 /* a lone ESC: nothing followed within this */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static INPUT_RECORD32 queue[QUEUE_MAX]; /* uChar always UTF-16 here */
static unsigned qhead, qlen;
static uint8_t pending[64]; /* terminal bytes of a key not complete yet */
static unsigned npending;

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

/* ---- keys ------------------------------------------------------------------------- */

/* Set-1 scan codes of a US keyboard by virtual key (MapVirtualKey's
 * MAPVK_VK_TO_VSC): 0 for keys without one here. */
static uint16_t scan_code(uint16_t vk)
{
    static const char row_q[] = "QWERTYUIOP", row_a[] = "ASDFGHJKL", row_z[] = "ZXCVBNM";
    const char *p;
    if (vk >= 'A' && vk <= 'Z') {
        if ((p = strchr(row_q, vk)))
            return (uint16_t)(0x10 + (p - row_q));
        if ((p = strchr(row_a, vk)))
            return (uint16_t)(0x1E + (p - row_a));
        p = strchr(row_z, vk);
        return (uint16_t)(0x2C + (p - row_z));
    }
    if (vk >= '1' && vk <= '9')
        return (uint16_t)(0x02 + vk - '1');
    if (vk >= 0x70 && vk <= 0x79) /* F1-F10 */
        return (uint16_t)(0x3B + vk - 0x70);
    static const uint16_t pairs[][2] = {
        { '0', 0x0B }, { 0xBD, 0x0C }, { 0xBB, 0x0D }, { 0x08, 0x0E }, { 0x09, 0x0F }, { 0xDB, 0x1A },
        { 0xDD, 0x1B }, { 0x0D, 0x1C }, { 0xBA, 0x27 }, { 0xDE, 0x28 }, { 0xC0, 0x29 }, { 0xDC, 0x2B },
        { 0xBC, 0x33 }, { 0xBE, 0x34 }, { 0xBF, 0x35 }, { 0x20, 0x39 }, { 0x1B, 0x01 }, { 0x7A, 0x57 },
        { 0x7B, 0x58 }, { 0x24, 0x47 }, { 0x26, 0x48 }, { 0x21, 0x49 }, { 0x25, 0x4B }, { 0x27, 0x4D },
        { 0x23, 0x4F }, { 0x28, 0x50 }, { 0x22, 0x51 }, { 0x2D, 0x52 }, { 0x2E, 0x53 },
    };
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
        if (pairs[i][0] == vk)
            return pairs[i][1];
    return 0;
}

/* The virtual key and Shift state of a printable ASCII character on a US
 * keyboard. */
static uint16_t ascii_key(uint8_t ch, uint32_t *state)
{
    static const char plain[] = ";=,-./`[\\]'", shifted[] = ":+<_>?~{|}\"", digits_shifted[] = ")!@#$%^&*(";
    static const uint16_t oem[] = { 0xBA, 0xBB, 0xBC, 0xBD, 0xBE, 0xBF, 0xC0, 0xDB, 0xDC, 0xDD, 0xDE };
    const char *p;
    if (ch >= 'a' && ch <= 'z')
        return (uint16_t)(ch - 32);
    if (ch >= 'A' && ch <= 'Z') {
        *state |= SHIFT_PRESSED;
        return ch;
    }
    if (ch >= '0' && ch <= '9')
        return ch;
    if (ch == ' ')
        return 0x20;
    if ((p = strchr(digits_shifted, ch)) && ch) {
        *state |= SHIFT_PRESSED;
        return (uint16_t)('0' + (p - digits_shifted));
    }
    if ((p = strchr(plain, ch)) && ch)
        return oem[p - plain];
    if ((p = strchr(shifted, ch)) && ch) {
        *state |= SHIFT_PRESSED;
        return oem[p - shifted];
    }
    return 0;
}

/* A key down and its key up, queued (the oldest dropped when full). */
static void push_key(uint16_t vk, uint16_t ch, uint32_t state)
{
    for (int down = 1; down >= 0; down--) {
        if (qlen == QUEUE_MAX) {
            qhead = (qhead + 1) % QUEUE_MAX;
            qlen--;
        }
        INPUT_RECORD32 *r = &queue[(qhead + qlen++) % QUEUE_MAX];
        memset(r, 0, sizeof *r);
        r->EventType = KEY_EVENT;
        r->Event.KeyEvent = (KEY_EVENT_RECORD32){ .bKeyDown = (uint32_t)down, .wRepeatCount = 1,
                                                  .wVirtualKeyCode = vk, .wVirtualScanCode = scan_code(vk),
                                                  .uChar = ch, .dwControlKeyState = state };
    }
}

/* One character the terminal sent as itself (UTF-16 unit ch). */
static void push_char(uint16_t ch, uint32_t state)
{
    uint16_t vk;
    if (ch == '\r' || ch == '\n') {
        vk = 0x0D; /* VK_RETURN; the terminal's ICRNL turned Enter's CR into LF */
        ch = '\r';
    } else if (ch == '\t') {
        vk = 0x09;
    } else if (ch == 0x7F || ch == 0x08) {
        vk = 0x08; /* VK_BACK */
        ch = 0x08;
    } else if (ch == 0x1B) {
        vk = 0x1B;
    } else if (ch == 0) {
        vk = 0x20; /* Ctrl-Space */
        state |= LEFT_CTRL_PRESSED;
    } else if (ch < 0x1B) {
        vk = (uint16_t)('A' + ch - 1); /* Ctrl-letter, the control code as its character */
        state |= LEFT_CTRL_PRESSED;
    } else if (ch < 0x20) {
        static const uint16_t vks[] = { 0xDC, 0xDD, '6', 0xBD }; /* Ctrl-\ ] ^ _ */
        vk = vks[ch - 0x1C];
        state |= LEFT_CTRL_PRESSED;
    } else if (ch < 0x80) {
        vk = ascii_key((uint8_t)ch, &state);
    } else {
        vk = 0; /* no key of a US keyboard */
    }
    push_key(vk, ch, state);
}

/* xterm's modifier parameter: 1 + Shift 1, Alt 2, Ctrl 4. */
static uint32_t modifier_state(unsigned m)
{
    if (m < 2)
        return 0;
    m--;
    return (m & 1 ? SHIFT_PRESSED : 0) | (m & 2 ? LEFT_ALT_PRESSED : 0) | (m & 4 ? LEFT_CTRL_PRESSED : 0);
}

/* The key of a CSI or SS3 sequence's final byte (and first parameter for
 * '~'), 0 for ones not known. */
static uint16_t sequence_key(uint8_t final, unsigned p1, uint32_t *state)
{
    static const struct { uint8_t final; uint16_t vk; bool enhanced; } letters[] = {
        { 'A', 0x26, true }, { 'B', 0x28, true }, { 'C', 0x27, true }, { 'D', 0x25, true }, { 'H', 0x24, true },
        { 'F', 0x23, true }, { 'P', 0x70, false }, { 'Q', 0x71, false }, { 'R', 0x72, false },
        { 'S', 0x73, false },
    };
    /* ESC [ n ~ : Home Insert Delete End PgUp PgDn Home End, then F1-F12 */
    static const uint16_t tilde[25] = { 0,    0x24, 0x2D, 0x2E, 0x23, 0x21, 0x22, 0x24, 0x23, 0,    0,    0x70, 0x71,
                                        0x72, 0x73, 0x74, 0,    0x75, 0x76, 0x77, 0x78, 0x79, 0,    0x7A, 0x7B };
    if (final == '~') {
        uint16_t vk = p1 < 25 ? tilde[p1] : 0;
        if (vk && vk < 0x70)
            *state |= ENHANCED_KEY;
        return vk;
    }
    if (final == 'Z') { /* Shift-Tab */
        *state |= SHIFT_PRESSED;
        return 0x09;
    }
    for (size_t i = 0; i < sizeof letters / sizeof *letters; i++)
        if (letters[i].final == final) {
            if (letters[i].enhanced)
                *state |= ENHANCED_KEY;
            return letters[i].vk;
        }
    return 0;
}

/* Parses an escape sequence at p (n bytes, p[0] ESC): bytes used, 0 when
 * more may follow (incomplete), queuing its key. */
static unsigned parse_escape(const uint8_t *p, unsigned n, bool final_chance)
{
    if (n == 1) {
        if (!final_chance)
            return 0;
        push_char(0x1B, 0); /* a lone Esc */
        return 1;
    }
    if (p[1] != '[' && p[1] != 'O') {
        if (p[1] == 0x1B || p[1] >= 0x80) {
            push_char(0x1B, 0);
            return 1;
        }
        push_char(p[1], LEFT_ALT_PRESSED); /* Alt+key arrives as ESC key */
        return 2;
    }
    unsigned params[4] = { 0 }, np = 0, i = 2;
    for (; i < n && ((p[i] >= '0' && p[i] <= '9') || p[i] == ';'); i++) {
        if (p[i] == ';')
            np = np < 3 ? np + 1 : np;
        else
            params[np] = params[np] * 10 + (p[i] - '0');
    }
    if (i == n) {
        if (!final_chance)
            return 0;
        push_char(0x1B, 0); /* a cut sequence: its ESC as a key, the rest as typed */
        return 1;
    }
    uint32_t state = modifier_state(np ? params[1] : 0);
    uint16_t vk = sequence_key(p[i], params[0], &state);
    if (vk)
        push_key(vk, 0, state);
    return i + 1; /* sequences not known are dropped */
}

/* One UTF-8 character at p: bytes used, 0 when incomplete. */
static unsigned parse_utf8(const uint8_t *p, unsigned n)
{
    unsigned len = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC0 ? 2 : 1;
    if (len == 1) {
        push_char(p[0] >= 0x80 ? 0xFFFD : p[0], 0);
        return 1;
    }
    if (n < len)
        return 0;
    uint32_t cp = p[0] & (0x7F >> len);
    for (unsigned i = 1; i < len; i++)
        cp = cp << 6 | (p[i] & 0x3F);
    if (cp >= 0x10000) { /* two records, one per surrogate, as the console gives them */
        push_char((uint16_t)(0xD800 + ((cp - 0x10000) >> 10)), 0);
        push_char((uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF)), 0);
    } else {
        push_char((uint16_t)cp, 0);
    }
    return len;
}

/* Turns the pending terminal bytes into records; final_chance: nothing more
 * is coming soon, so an incomplete sequence counts as what it is. */
static void parse_pending(bool final_chance)
{
    unsigned at = 0;
    while (at < npending) {
        const uint8_t *p = pending + at;
        unsigned used = p[0] == 0x1B ? parse_escape(p, npending - at, final_chance) : parse_utf8(p, npending - at);
        if (!used) {
            if (!final_chance)
                break;
            used = 1; /* a cut UTF-8 character */
            push_char(0xFFFD, 0);
        }
        at += used;
    }
    memmove(pending, pending + at, npending - at);
    npending -= at;
}

/* Reads what the terminal has now (wait_ms for the first byte) into
 * pending; false at its end or on an error. */
static bool read_terminal(int fd, int wait_ms)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    if (poll(&pfd, 1, wait_ms) <= 0 || !(pfd.revents & POLLIN))
        return false;
    ssize_t r = read(fd, pending + npending, sizeof pending - npending);
    if (r <= 0)
        return false;
    npending += (unsigned)r;
    return true;
}

/* Collects the keys typed so far; an escape sequence cut in the middle
 * gets ESC_WAIT_MS to complete. Called with the lock held. */
static void collect(int fd)
{
    console_term_records(fd);
    while (npending < sizeof pending && read_terminal(fd, 0))
        parse_pending(false);
    while (npending && npending < sizeof pending && read_terminal(fd, ESC_WAIT_MS))
        parse_pending(false);
    parse_pending(true);
}

/* ---- the records functions -------------------------------------------------------- */

/* A character as a CHAR of the console's input code page ('?' when the
 * page lacks it or needs two bytes for it; UTF-8 keeps ASCII only). */
static uint16_t ansi_char(uint16_t ch)
{
    if (ch < 0x80)
        return ch;
    size_t len = 0;
    bool used = false;
    uint32_t cp = console_input_code_page();
    char *b = cp == CP_UTF8 ? NULL : cp_from_utf16(cp, &ch, 1, &len, NULL, true, &used);
    uint16_t r = b && len == 1 ? (uint8_t)b[0] : '?';
    free(b);
    return r;
}

/* Copies up to n queued records to the guest (uChar as a byte in the
 * console's input code page for the A functions); removes them when take. */
static bool copy_out(gaddr buf, uint32_t n, bool wide, bool take, uint32_t *copied)
{
    *copied = 0;
    for (uint32_t i = 0; i < n && i < qlen; i++) {
        INPUT_RECORD32 r = queue[(qhead + i) % QUEUE_MAX];
        if (!wide && r.EventType == KEY_EVENT)
            r.Event.KeyEvent.uChar = ansi_char(r.Event.KeyEvent.uChar);
        if (!gm_write(buf + (gaddr)i * sizeof r, &r, sizeof r))
            return false;
        (*copied)++;
    }
    if (take) {
        qhead = (qhead + *copied) % QUEUE_MAX;
        qlen -= *copied;
    }
    return true;
}

/* Waits until the terminal has input; false when the thread is being ended. */
static bool wait_input(struct thunk_call *c, int fd)
{
    struct kobj *o = kobj_create(KOBJ_EVENT);
    if (!o)
        return true; /* the read below blocks instead */
    o->host_fd = fd;
    o->host_events = POLLIN;
    bool terminated;
    kobj_wait(&o, 1, false, WAIT_INFINITE, false, &terminated);
    o->host_fd = -1;
    kobj_unref(o);
    if (terminated)
        c->no_return = true;
    return !terminated;
}

static uint64_t read_records(struct thunk_call *c, uint32_t h, gaddr buf, uint32_t n, gaddr out, bool wide,
                             bool take)
{
    struct handle_obj *o = console_input_handle(h);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    if (n && !gm_writable(buf, (size_t)n * sizeof(INPUT_RECORD32)))
        return fail(ERROR_NOACCESS);
    pthread_mutex_lock(&lock);
    collect(o->fd);
    /* ReadConsoleInput returns at least one record: it waits for a key */
    while (take && n && qlen == 0) {
        pthread_mutex_unlock(&lock);
        if (!wait_input(c, o->fd))
            return 0;
        pthread_mutex_lock(&lock);
        collect(o->fd);
    }
    uint32_t copied;
    bool ok = copy_out(buf, n, wide, take, &copied);
    pthread_mutex_unlock(&lock);
    if (!ok)
        return fail(ERROR_NOACCESS);
    return !out || gm_write_u32(out, copied) ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_ReadConsoleInputA(struct thunk_call *c)
{
    API_ARGS(kernel32, ReadConsoleInputA, a);
    return read_records(c, a.hConsoleInput, a.lpBuffer, a.nLength, a.lpNumberOfEventsRead, false, true);
}
uint64_t kernel32_ReadConsoleInputW(struct thunk_call *c)
{
    API_ARGS(kernel32, ReadConsoleInputW, a);
    return read_records(c, a.hConsoleInput, a.lpBuffer, a.nLength, a.lpNumberOfEventsRead, true, true);
}
uint64_t kernel32_PeekConsoleInputA(struct thunk_call *c)
{
    API_ARGS(kernel32, PeekConsoleInputA, a);
    return read_records(c, a.hConsoleInput, a.lpBuffer, a.nLength, a.lpNumberOfEventsRead, false, false);
}
uint64_t kernel32_PeekConsoleInputW(struct thunk_call *c)
{
    API_ARGS(kernel32, PeekConsoleInputW, a);
    return read_records(c, a.hConsoleInput, a.lpBuffer, a.nLength, a.lpNumberOfEventsRead, true, false);
}

uint64_t kernel32_GetNumberOfConsoleInputEvents(struct thunk_call *c)
{
    API_ARGS(kernel32, GetNumberOfConsoleInputEvents, a);
    struct handle_obj *o = console_input_handle(a.hConsoleInput);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    pthread_mutex_lock(&lock);
    collect(o->fd);
    uint32_t n = qlen;
    pthread_mutex_unlock(&lock);
    return gm_write_u32(a.lpNumberOfEvents, n) ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_FlushConsoleInputBuffer(struct thunk_call *c)
{
    API_ARGS(kernel32, FlushConsoleInputBuffer, a);
    struct handle_obj *o = console_input_handle(a.hConsoleInput);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    pthread_mutex_lock(&lock);
    tcflush(o->fd, TCIFLUSH); /* typed but not read yet: gone too */
    qhead = qlen = npending = 0;
    pthread_mutex_unlock(&lock);
    return 1;
}

/* Records a program puts in the buffer, after the ones there. */
static uint64_t write_records(uint32_t h, gaddr buf, uint32_t n, gaddr out, bool wide)
{
    if (!console_input_handle(h))
        return fail(ERROR_INVALID_HANDLE);
    pthread_mutex_lock(&lock);
    uint32_t i = 0;
    for (; i < n && qlen < QUEUE_MAX; i++) {
        INPUT_RECORD32 r;
        if (!gm_read(buf + (gaddr)i * sizeof r, &r, sizeof r))
            break;
        if (!wide && r.EventType == KEY_EVENT) { /* a CHAR of the input code page */
            uint8_t b = (uint8_t)r.Event.KeyEvent.uChar;
            size_t n1 = 0;
            bool bad = false;
            uint32_t cp = console_input_code_page();
            uint16_t *w = b >= 0x80 && cp != CP_UTF8 ? cp_to_utf16(cp, &b, 1, &n1, false, &bad) : NULL;
            r.Event.KeyEvent.uChar = w && n1 == 1 ? w[0] : b < 0x80 ? b : '?';
            free(w);
        }
        queue[(qhead + qlen++) % QUEUE_MAX] = r;
    }
    pthread_mutex_unlock(&lock);
    if (i < n && qlen < QUEUE_MAX)
        return fail(ERROR_NOACCESS);
    return !out || gm_write_u32(out, i) ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_WriteConsoleInputA(struct thunk_call *c)
{
    API_ARGS(kernel32, WriteConsoleInputA, a);
    return write_records(a.hConsoleInput, a.lpBuffer, a.nLength, a.lpNumberOfEventsWritten, false);
}
uint64_t kernel32_WriteConsoleInputW(struct thunk_call *c)
{
    API_ARGS(kernel32, WriteConsoleInputW, a);
    return write_records(a.hConsoleInput, a.lpBuffer, a.nLength, a.lpNumberOfEventsWritten, true);
}
