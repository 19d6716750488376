/* kernel32 console functions over the host terminal. A console handle is a
 * handle whose descriptor is a terminal (HANDLE_CONSOLE); a redirected
 * standard handle (file, pipe, /dev/null) is not one, and every console
 * function fails on it with ERROR_INVALID_HANDLE, as on Windows. The modes
 * are the console's (one input mode, one output mode): ENABLE_LINE_INPUT,
 * ENABLE_ECHO_INPUT and ENABLE_PROCESSED_INPUT set the terminal's ICANON,
 * ECHO and ISIG (restored at exit; console_input.c makes the terminal raw
 * while input records are read); text attributes become ANSI colour
 * sequences; the screen buffer is the terminal's size (the cursor position
 * is not known: it reads as the top left). */
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "core/handles.h"
#include "core/host_crash.h"
#include "core/process.h"
#include "core/unicode.h"
#include "syscalls/api.h"
#include "syscalls/codepage.h"
#include "syscalls/console_text.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/console.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/struct32.h"
#include "syscalls/ntdll/nt_file.h"
#include "syscalls/ntdll/status.h"
#include "syscalls/win32_errors.h"

#define ENABLE_PROCESSED_INPUT 0x0001u
#define ENABLE_LINE_INPUT      0x0002u
#define ENABLE_ECHO_INPUT      0x0004u
#define INPUT_MODE_BITS        0x03FFu /* up to ENABLE_VIRTUAL_TERMINAL_INPUT */
#define OUTPUT_MODE_BITS       0x001Fu /* up to ENABLE_LVB_GRID_WORLDWIDE */
#define DEFAULT_ATTRIBUTES     0x0007u /* light grey on black */

static uint32_t input_mode = 0x1F7u, output_mode = 0x3u;
static uint16_t attributes = DEFAULT_ATTRIBUTES;
static uint32_t input_cp; /* 0: the OEM code page (the output one: console_text.c) */
static char *title;
static struct termios saved_termios;
static bool termios_saved, termios_records;
static bool pending_lf; /* ReadConsole: the LF of a CR LF that did not fit */

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

static struct handle_obj *console(uint32_t h)
{
    return handle_get(h, HANDLE_CONSOLE);
}

/* Input or output side: what a console handle was opened for. */
static bool is_input(const struct handle_obj *o)
{
    return o->fd == 0 || (o->host_path && strstr(o->host_path, "CONIN$"));
}

void console_restore_terminal(void)
{
    if (termios_saved)
        tcsetattr(0, TCSANOW, &saved_termios); /* async-signal-safe */
}

/* A signal that ends wowbox while the terminal is changed (no control
 * handler took it): the terminal as it was, then the default action. */
static void restore_and_reraise(int sig)
{
    console_restore_terminal();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void save_terminal(const struct termios *t)
{
    static const int sigs[] = { SIGINT, SIGQUIT, SIGTERM, SIGHUP };
    saved_termios = *t;
    termios_saved = true;
    atexit(console_restore_terminal);
    host_crash_cleanup = console_restore_terminal;
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        struct sigaction old;
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
            signal(sigs[i], restore_and_reraise);
    }
}

/* The terminal for line reads (the modes' ICANON, ECHO, ISIG) or for input
 * records (raw: each key as it comes, nothing echoed; ISIG still follows
 * ENABLE_PROCESSED_INPUT, so Ctrl-C stays a signal as Windows keeps it out
 * of the buffer). */
static void apply_input_mode(int fd, uint32_t mode, bool records)
{
    struct termios t;
    if (tcgetattr(fd, &t) != 0)
        return;
    if (!termios_saved)
        save_terminal(&t);
    tcflag_t want = (t.c_lflag & ~(tcflag_t)(ICANON | ECHO | ISIG)) | (mode & ENABLE_PROCESSED_INPUT ? ISIG : 0);
    if (!records)
        want |= (mode & ENABLE_LINE_INPUT ? ICANON : 0) | (mode & ENABLE_ECHO_INPUT ? ECHO : 0);
    if (records) {
        t.c_cc[VMIN] = 1;
        t.c_cc[VTIME] = 0;
    }
    if (want == t.c_lflag && termios_records == records)
        return;
    t.c_lflag = want;
    termios_records = records;
    tcsetattr(fd, TCSANOW, &t);
}

void console_term_records(int fd) { apply_input_mode(fd, input_mode, true); }

struct handle_obj *console_input_handle(uint32_t h)
{
    struct handle_obj *o = console(h);
    return o && is_input(o) ? o : NULL;
}

uint32_t console_input_code_page(void) { return input_cp ? input_cp : cp_oem; }

uint64_t kernel32_GetConsoleMode(struct thunk_call *c)
{
    API_ARGS(kernel32, GetConsoleMode, a);
    struct handle_obj *o = console(a.hConsoleHandle);
    if (!o) /* redirected handles are not consoles: callers rely on this */
        return fail(ERROR_INVALID_HANDLE);
    return gm_write_u32(a.lpMode, is_input(o) ? input_mode : output_mode) ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_SetConsoleMode(struct thunk_call *c)
{
    API_ARGS(kernel32, SetConsoleMode, a);
    struct handle_obj *o = console(a.hConsoleHandle);
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    if (!is_input(o)) {
        if (a.dwMode & ~OUTPUT_MODE_BITS)
            return fail(ERROR_INVALID_PARAMETER);
        output_mode = a.dwMode;
        return 1;
    }
    /* echo without line input is refused, as Windows refuses it */
    if ((a.dwMode & ~INPUT_MODE_BITS) || ((a.dwMode & ENABLE_ECHO_INPUT) && !(a.dwMode & ENABLE_LINE_INPUT)))
        return fail(ERROR_INVALID_PARAMETER);
    input_mode = a.dwMode;
    apply_input_mode(o->fd, a.dwMode, false);
    return 1;
}

static void terminal_size(int fd, int16_t *cols, int16_t *rows)
{
    struct winsize ws;
    bool ok = ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col && ws.ws_row;
    *cols = ok ? (int16_t)(ws.ws_col > 32767 ? 32767 : ws.ws_col) : 80;
    *rows = ok ? (int16_t)(ws.ws_row > 32767 ? 32767 : ws.ws_row) : 25;
}

uint64_t kernel32_GetConsoleScreenBufferInfo(struct thunk_call *c)
{
    API_ARGS(kernel32, GetConsoleScreenBufferInfo, a);
    struct handle_obj *o = console(a.hConsoleOutput);
    if (!o || is_input(o))
        return fail(ERROR_INVALID_HANDLE);
    int16_t cols, rows;
    terminal_size(o->fd, &cols, &rows);
    CONSOLE_SCREEN_BUFFER_INFO32 info = { .dwSize = { cols, rows },
                                          .wAttributes = attributes,
                                          .srWindow = { 0, 0, (int16_t)(cols - 1), (int16_t)(rows - 1) },
                                          .dwMaximumWindowSize = { cols, rows } };
    return gm_write(a.lpConsoleScreenBufferInfo, &info, sizeof info) ? 1 : fail(ERROR_NOACCESS);
}

/* Windows' colour index is BGR-ordered bits, ANSI's RGB. */
static unsigned ansi_colour(unsigned bgr)
{
    return (bgr & 4 ? 1 : 0) | (bgr & 2 ? 2 : 0) | (bgr & 1 ? 4 : 0);
}

uint64_t kernel32_SetConsoleTextAttribute(struct thunk_call *c)
{
    API_ARGS(kernel32, SetConsoleTextAttribute, a);
    struct handle_obj *o = console(a.hConsoleOutput);
    if (!o || is_input(o))
        return fail(ERROR_INVALID_HANDLE);
    attributes = (uint16_t)a.wAttributes;
    char seq[32];
    unsigned fg = a.wAttributes & 0xF, bg = a.wAttributes >> 4 & 0xF;
    if ((a.wAttributes & 0xFF) == DEFAULT_ATTRIBUTES)
        strcpy(seq, "\033[0m"); /* the terminal's own colours */
    else
        snprintf(seq, sizeof seq, "\033[0;%u;%um", (fg & 8 ? 90 : 30) + ansi_colour(fg & 7),
                 (bg & 8 ? 100 : 40) + ansi_colour(bg & 7));
    uint32_t done;
    return nt_write_file(a.hConsoleOutput, seq, (uint32_t)strlen(seq), NULL, &done) == STATUS_SUCCESS
               ? 1 : fail(ERROR_INVALID_HANDLE);
}

/* ---- code pages ------------------------------------------------------------- */

/* A page the conversions know (an alias like CP_ACP is not one). */
static bool known_code_page(uint32_t cp)
{
    return cp > CP_THREAD_ACP && cp_valid(cp);
}

uint64_t kernel32_GetConsoleCP(struct thunk_call *c) { (void)c; return input_cp ? input_cp : cp_oem; }
uint64_t kernel32_GetConsoleOutputCP(struct thunk_call *c) { (void)c; return console_output_cp(); }

uint64_t kernel32_SetConsoleCP(struct thunk_call *c)
{
    API_ARGS(kernel32, SetConsoleCP, a);
    if (!known_code_page(a.wCodePageID))
        return fail(ERROR_INVALID_PARAMETER);
    input_cp = a.wCodePageID;
    return 1;
}

uint64_t kernel32_SetConsoleOutputCP(struct thunk_call *c)
{
    API_ARGS(kernel32, SetConsoleOutputCP, a);
    if (!known_code_page(a.wCodePageID))
        return fail(ERROR_INVALID_PARAMETER);
    console_set_output_cp(a.wCodePageID);
    return 1;
}

/* ---- title ------------------------------------------------------------------------ */

static uint64_t set_title(gaddr p, bool wide)
{
    char *t = wide ? gm_wcs_to_utf8(p) : gm_strdup(p), *u = t && !wide ? ansi_to_utf8(t) : NULL;
    if (!wide) {
        free(t);
        t = u;
    }
    if (!t)
        return fail(ERROR_NOACCESS);
    free(title);
    title = t;
    if (isatty(1)) { /* the terminal's window title (OSC 0) */
        char *seq = malloc(strlen(t) + 8);
        if (seq) {
            sprintf(seq, "\033]0;%s\a", t);
            ssize_t r = write(1, seq, strlen(seq));
            (void)r;
            free(seq);
        }
    }
    return 1;
}

uint64_t kernel32_SetConsoleTitleA(struct thunk_call *c)
{
    API_ARGS(kernel32, SetConsoleTitleA, a);
    return set_title(a.lpConsoleTitle, false);
}
uint64_t kernel32_SetConsoleTitleW(struct thunk_call *c)
{
    API_ARGS(kernel32, SetConsoleTitleW, a);
    return set_title(a.lpConsoleTitle, true);
}

/* The length copied (without the NUL), the text cut to fit, as Windows. */
static uint64_t get_title(gaddr buf, uint32_t size, bool wide)
{
    const char *t = title ? title : proc->image_path_win;
    size_t n;
    uint16_t *w = utf8_to_utf16(t, &n);
    char *a = !wide && w ? utf8_to_ansi(t) : NULL;
    if (!w || (!wide && !a)) {
        free(w);
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    if (!wide)
        n = strlen(a);
    if (size == 0) {
        free(w);
        free(a);
        return fail(ERROR_INSUFFICIENT_BUFFER);
    }
    size_t copy = n < size ? n : size - 1;
    bool ok = wide ? gm_write(buf, w, copy * 2) && gm_write_u16(buf + (gaddr)copy * 2, 0)
                   : gm_write(buf, a, copy) && gm_write_u8(buf + (gaddr)copy, 0);
    free(w);
    free(a);
    return ok ? copy : fail(ERROR_NOACCESS);
}

uint64_t kernel32_GetConsoleTitleA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetConsoleTitleA, a);
    return get_title(a.lpConsoleTitle, a.nSize, false);
}
uint64_t kernel32_GetConsoleTitleW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetConsoleTitleW, a);
    return get_title(a.lpConsoleTitle, a.nSize, true);
}

/* ---- input ------------------------------------------------------------------------ */

/* Reads what the terminal gives (a line in line mode) into the guest buffer
 * as bytes; a line's LF becomes CR LF as the console reports it (the LF
 * waits for the next read when there is no room). */
static uint32_t read_bytes(uint32_t h, gaddr buf, uint32_t n, uint32_t *got)
{
    *got = 0;
    if (n == 0)
        return 0;
    if (pending_lf) {
        pending_lf = false;
        *got = 1;
        return gm_write_u8(buf, '\n') ? 0 : ERROR_NOACCESS;
    }
    NTSTATUS st = nt_read_file_guest(h, buf, n, NULL, got);
    if (st != STATUS_SUCCESS && st != STATUS_END_OF_FILE)
        return ntstatus_to_win32(st);
    uint8_t last = 0;
    if (!(input_mode & ENABLE_LINE_INPUT) || *got == 0 || !gm_read(buf + *got - 1, &last, 1) || last != '\n')
        return 0;
    gm_write_u8(buf + *got - 1, '\r');
    if (*got < n) {
        gm_write_u8(buf + *got, '\n');
        (*got)++;
    } else {
        pending_lf = true;
    }
    return 0;
}

/* The terminal's UTF-8 in the guest buffer as the console's input code
 * page (never longer: a non-ASCII character takes two or more bytes in
 * UTF-8, at most two in any page); the new length. */
static uint32_t to_input_code_page(gaddr buf, uint32_t got)
{
    uint32_t cp = console_input_code_page();
    char *bytes = cp == CP_UTF8 || !got ? NULL : malloc(got + 1);
    if (!bytes || !gm_read(buf, bytes, got)) {
        free(bytes);
        return got;
    }
    bytes[got] = 0;
    bool ascii = true;
    for (uint32_t i = 0; i < got; i++)
        ascii &= (uint8_t)bytes[i] < 0x80;
    size_t n = 0, len = 0;
    bool used = false;
    uint16_t *w = ascii ? NULL : utf8_to_utf16(bytes, &n);
    char *out = w ? cp_from_utf16(cp, w, n, &len, NULL, true, &used) : NULL;
    if (out && len <= got && gm_write(buf, out, len))
        got = (uint32_t)len;
    free(out);
    free(w);
    free(bytes);
    return got;
}

static uint64_t read_console(uint32_t h, gaddr buf, uint32_t chars, gaddr out, bool wide, struct thunk_call *c)
{
    struct handle_obj *o = console(h);
    if (!o || !is_input(o))
        return fail(ERROR_INVALID_HANDLE);
    if (chars && !gm_writable(buf, wide ? chars * 2 : chars))
        return fail(ERROR_NOACCESS);
    apply_input_mode(o->fd, input_mode, false); /* back from raw records mode */
    uint32_t got, err;
    if (!wide) {
        err = read_bytes(h, buf, chars, &got);
        if (!err)
            got = to_input_code_page(buf, got);
    } else {
        /* the bytes land in the buffer's upper half, then widen */
        gaddr tmp = buf + chars;
        err = read_bytes(h, tmp, chars, &got);
        char *bytes = err ? NULL : malloc(got + 1);
        if (bytes && gm_read(tmp, bytes, got)) {
            bytes[got] = 0;
            size_t n = 0;
            uint16_t *w = utf8_to_utf16(bytes, &n);
            if (w && n <= chars)
                gm_write(buf, w, n * 2);
            got = w && n <= chars ? (uint32_t)n : 0;
            free(w);
        }
        free(bytes);
    }
    if (c->no_return)
        return 0;
    if (err)
        return fail(err);
    if (out)
        gm_write_u32(out, got);
    return 1;
}

uint64_t kernel32_ReadConsoleA(struct thunk_call *c)
{
    API_ARGS(kernel32, ReadConsoleA, a);
    return read_console(a.hConsoleInput, a.lpBuffer, a.nNumberOfCharsToRead, a.lpNumberOfCharsRead, false, c);
}
uint64_t kernel32_ReadConsoleW(struct thunk_call *c)
{
    API_ARGS(kernel32, ReadConsoleW, a);
    return read_console(a.hConsoleInput, a.lpBuffer, a.nNumberOfCharsToRead, a.lpNumberOfCharsRead, true, c);
}
