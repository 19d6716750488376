/* GetDateFormat and GetTimeFormat: a SYSTEMTIME (or the local time now)
 * written through a picture string ("dddd, MMMM d, yyyy", "h:mm:ss tt")
 * or the en-US locale's own, with Windows' flags and buffer rules. The
 * text is built as host UTF-8 and converted to the caller's encoding. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/process.h"
#include "core/unicode.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/calendar.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/locale.h"
#include "syscalls/kernel32/struct32.h"
#include "syscalls/kernel32/timezone.h"
#include "syscalls/win32_errors.h"

#define DATE_SHORTDATE 0x1u
#define DATE_LONGDATE 0x2u
#define DATE_YEARMONTH 0x8u
#define DATE_MONTHDAY 0x80u
#define DATE_FORMATS (DATE_SHORTDATE | DATE_LONGDATE | DATE_YEARMONTH | DATE_MONTHDAY)
#define TIME_NOMINUTESORSECONDS 0x1u
#define TIME_NOSECONDS 0x2u
#define TIME_NOTIMEMARKER 0x4u
#define TIME_FORCE24HOURFORMAT 0x8u
#define LOCALE_NOUSEROVERRIDE 0x80000000u
#define LOCALE_USE_CP_ACP 0x40000000u
/* LCTYPEs of the locale's pictures and names */
#define LOCALE_SSHORTDATE 0x1Fu
#define LOCALE_SLONGDATE 0x20u
#define LOCALE_S1159 0x28u
#define LOCALE_S2359 0x29u
#define LOCALE_SDAYNAME1 0x2Au
#define LOCALE_SABBREVDAYNAME1 0x31u
#define LOCALE_SMONTHNAME1 0x38u
#define LOCALE_SABBREVMONTHNAME1 0x44u
#define LOCALE_SYEARMONTH 0x1006u
#define LOCALE_SMONTHDAY 0x78u
#define LOCALE_STIMEFORMAT 0x1003u

static int64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return -1;
}

/* A growing UTF-8 string; `ok` false once out of memory. */
struct text {
    char *s;
    size_t n, cap;
    bool ok;
};

static void add(struct text *t, const char *s, size_t n)
{
    if (!t->ok || t->n + n + 1 > t->cap) {
        size_t cap = (t->n + n + 1) * 2;
        char *p = t->ok ? realloc(t->s, cap) : NULL;
        if (!p) {
            t->ok = false;
            return;
        }
        t->s = p;
        t->cap = cap;
    }
    memcpy(t->s + t->n, s, n);
    t->n += n;
    t->s[t->n] = 0;
}

static void add_number(struct text *t, unsigned v, unsigned digits)
{
    char b[16];
    add(t, b, (size_t)snprintf(b, sizeof b, "%0*u", (int)digits, v));
}

/* A day name, month name or time marker of the locale (Monday is
 * LOCALE_SDAYNAME1, so Sunday, day 0 of wDayOfWeek, is the seventh). */
static void add_name(struct text *t, uint32_t lctype)
{
    const char *s = k32_locale_string(lctype);
    add(t, s, strlen(s));
}

/* The run of one picture letter at p: its length. */
static size_t run_of(const char *p)
{
    size_t n = 1;
    while (p[n] == p[0])
        n++;
    return n;
}

/* A quoted literal at p ('' inside it is one quote): appended, and the
 * characters it took returned. */
static size_t add_quoted(struct text *t, const char *p)
{
    size_t i = 1;
    for (;;) {
        if (!p[i])
            return i;
        if (p[i] == '\'' && p[i + 1] == '\'') {
            add(t, "'", 1);
            i += 2;
        } else if (p[i] == '\'') {
            return i + 1;
        } else {
            add(t, p + i, 1);
            i++;
        }
    }
}

static size_t skip_quoted(const char *p)
{
    struct text none = { .ok = false };
    return add_quoted(&none, p);
}

static void date_field(struct text *t, char c, size_t n, const SYSTEMTIME32 *st)
{
    switch (c) {
    case 'd':
        if (n <= 2)
            add_number(t, st->wDay, (unsigned)n);
        else
            add_name(t, (n == 3 ? LOCALE_SABBREVDAYNAME1 : LOCALE_SDAYNAME1) + (st->wDayOfWeek + 6u) % 7u);
        break;
    case 'M':
        if (n <= 2)
            add_number(t, st->wMonth, (unsigned)n);
        else
            add_name(t, (n == 3 ? LOCALE_SABBREVMONTHNAME1 : LOCALE_SMONTHNAME1) + st->wMonth - 1u);
        break;
    case 'y':
        if (n <= 2)
            add_number(t, st->wYear % 100u, (unsigned)n);
        else
            add_number(t, st->wYear, 1);
        break;
    default: /* 'g': the Gregorian era */
        add(t, "A.D.", 4);
        break;
    }
}

static void format_date(struct text *t, const char *pic, const SYSTEMTIME32 *st)
{
    for (const char *p = pic; *p;) {
        if (*p == '\'') {
            p += add_quoted(t, p);
        } else if (strchr("dMyg", *p)) {
            size_t n = run_of(p);
            date_field(t, *p, n, st);
            p += n;
        } else {
            add(t, p++, 1);
        }
    }
}

/* A field left out by the flags takes along the literal text before it
 * and the delimiters after it up to a space or the next field ("h:mm:ss
 * tt" without seconds is "h:mm tt", "h.@:m.@:s.@:tt" is "h.@:mtt"). */
static bool time_field_skipped(char c, uint32_t flags)
{
    return ((c == 'm' || c == 's') && (flags & TIME_NOMINUTESORSECONDS)) ||
           (c == 's' && (flags & TIME_NOSECONDS)) || (c == 't' && (flags & TIME_NOTIMEMARKER));
}

static void time_field(struct text *t, char c, size_t n, const SYSTEMTIME32 *st, uint32_t flags)
{
    unsigned hour12 = st->wHour % 12u ? st->wHour % 12u : 12u;
    if (c == 'h' && (flags & TIME_FORCE24HOURFORMAT))
        c = 'H';
    switch (c) {
    case 'h': add_number(t, hour12, n >= 2 ? 2 : 1); break;
    case 'H': add_number(t, st->wHour, n >= 2 ? 2 : 1); break;
    case 'm': add_number(t, st->wMinute, n >= 2 ? 2 : 1); break;
    case 's': add_number(t, st->wSecond, n >= 2 ? 2 : 1); break;
    default: { /* 't': the marker, its first letter alone for "t" */
        const char *m = k32_locale_string(st->wHour < 12 ? LOCALE_S1159 : LOCALE_S2359);
        add(t, m, n == 1 && *m ? 1 : strlen(m));
    }
    }
}

static void format_time(struct text *t, const char *pic, const SYSTEMTIME32 *st, uint32_t flags)
{
    size_t field_end = 0; /* where the text after the last field written starts */
    for (const char *p = pic; *p;) {
        if (*p == '\'') {
            p += add_quoted(t, p);
        } else if (strchr("hHmst", *p)) {
            size_t n = run_of(p);
            if (time_field_skipped(*p, flags)) {
                if (t->ok)
                    t->s[t->n = field_end] = 0;
                p += n;
                while (*p && *p != ' ' && !strchr("hHmst", *p))
                    p += *p == '\'' ? skip_quoted(p) : 1;
                continue;
            }
            time_field(t, *p, n, st, flags);
            field_end = t->n;
            p += n;
        } else {
            add(t, p++, 1);
        }
    }
}

/* The caller's date (its day of the week recomputed, as Windows ignores
 * the one given) or today's; false for a date that does not exist. */
static bool read_date(gaddr p, SYSTEMTIME32 *st)
{
    if (!p) {
        tz_local_now(st);
        return true;
    }
    SYSTEMTIME32 d;
    uint64_t ft;
    if (!gm_read(p, &d, sizeof d))
        return false;
    SYSTEMTIME32 day = { .wYear = d.wYear, .wMonth = d.wMonth, .wDay = d.wDay };
    if (!calendar_st_to_filetime(&day, &ft) || !calendar_filetime_to_st(ft, &day))
        return false;
    d.wDayOfWeek = day.wDayOfWeek;
    *st = d;
    return true;
}

static bool read_time(gaddr p, SYSTEMTIME32 *st)
{
    if (!p) {
        tz_local_now(st);
        return true;
    }
    return gm_read(p, st, sizeof *st) && st->wHour < 24 && st->wMinute < 60 && st->wSecond < 60 &&
           st->wMilliseconds < 1000;
}

/* The picture: the caller's (UTF-8, malloc'd) or the locale's. */
static char *picture(gaddr format, bool wide, uint32_t lctype)
{
    if (!format)
        return strdup(k32_locale_string(lctype));
    uint32_t err;
    return k32_path_arg(format, wide, &err);
}

/* Writes the text with the Win32 rules: cch 0 asks for the size. */
static int64_t put_result(const struct text *t, gaddr buf, int32_t cch, bool wide)
{
    if (!t->ok)
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    if (cch == 0) {
        size_t n = 0;
        if (wide) {
            free(utf8_to_utf16(t->s, &n));
        } else {
            char *a = utf8_to_ansi(t->s);
            n = a ? strlen(a) : 0;
            free(a);
        }
        return (int64_t)n + 1;
    }
    uint32_t r = k32_put_string(t->s, buf, (uint32_t)cch, wide);
    if (r == 0 && *t->s)
        return -1; /* ERROR_NOACCESS is set */
    if (r >= (uint32_t)cch)
        return fail(ERROR_INSUFFICIENT_BUFFER);
    return (int64_t)r + 1;
}

static uint64_t result(int64_t r) { return r < 0 ? 0 : (uint64_t)r; }

static int64_t date_format(uint32_t flags, gaddr date, gaddr format, gaddr out, int32_t cch, bool wide)
{
    uint32_t kind = flags & DATE_FORMATS;
    if (cch < 0 || (cch && !out))
        return fail(ERROR_INVALID_PARAMETER);
    if ((format && (kind || (flags & LOCALE_NOUSEROVERRIDE))) || (kind & (kind - 1)))
        return fail(ERROR_INVALID_FLAGS);
    SYSTEMTIME32 st;
    if (date && !gm_readable(date, sizeof st))
        return fail(ERROR_NOACCESS);
    if (!read_date(date, &st))
        return fail(ERROR_INVALID_PARAMETER);
    uint32_t lctype = kind == DATE_LONGDATE ? LOCALE_SLONGDATE : kind == DATE_YEARMONTH ? LOCALE_SYEARMONTH
                      : kind == DATE_MONTHDAY ? LOCALE_SMONTHDAY : LOCALE_SSHORTDATE;
    char *pic = picture(format, wide, lctype);
    if (!pic)
        return fail(format ? ERROR_NOACCESS : ERROR_NOT_ENOUGH_MEMORY);
    struct text t = { .ok = true };
    add(&t, "", 0);
    format_date(&t, pic, &st);
    free(pic);
    int64_t r = put_result(&t, out, cch, wide);
    free(t.s);
    return r;
}

static int64_t time_format(uint32_t flags, gaddr time, gaddr format, gaddr out, int32_t cch, bool wide)
{
    if (cch < 0 || (cch && !out))
        return fail(ERROR_INVALID_PARAMETER);
    if ((flags & ~(TIME_NOMINUTESORSECONDS | TIME_NOSECONDS | TIME_NOTIMEMARKER | TIME_FORCE24HOURFORMAT |
                   LOCALE_NOUSEROVERRIDE | LOCALE_USE_CP_ACP)) ||
        (format && (flags & LOCALE_NOUSEROVERRIDE)))
        return fail(ERROR_INVALID_FLAGS);
    SYSTEMTIME32 st;
    if (time && !gm_readable(time, sizeof st))
        return fail(ERROR_NOACCESS);
    if (!read_time(time, &st))
        return fail(ERROR_INVALID_PARAMETER);
    char *pic = picture(format, wide, LOCALE_STIMEFORMAT);
    if (!pic)
        return fail(format ? ERROR_NOACCESS : ERROR_NOT_ENOUGH_MEMORY);
    struct text t = { .ok = true };
    add(&t, "", 0);
    format_time(&t, pic, &st, flags);
    free(pic);
    int64_t r = put_result(&t, out, cch, wide);
    free(t.s);
    return r;
}

uint64_t kernel32_GetDateFormatA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetDateFormatA, a);
    if (!k32_locale_is_en_us(a.Locale))
        return result(fail(ERROR_INVALID_PARAMETER));
    return result(date_format(a.dwFlags, a.lpDate, a.lpFormat, a.lpDateStr, a.cchDate, false));
}

uint64_t kernel32_GetDateFormatW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetDateFormatW, a);
    if (!k32_locale_is_en_us(a.Locale))
        return result(fail(ERROR_INVALID_PARAMETER));
    return result(date_format(a.dwFlags, a.lpDate, a.lpFormat, a.lpDateStr, a.cchDate, true));
}

uint64_t kernel32_GetDateFormatEx(struct thunk_call *c)
{
    API_ARGS(kernel32, GetDateFormatEx, a);
    if (!k32_locale_name_is_en_us(a.lpLocaleName) || a.lpCalendar)
        return result(fail(ERROR_INVALID_PARAMETER));
    return result(date_format(a.dwFlags, a.lpDate, a.lpFormat, a.lpDateStr, a.cchDate, true));
}

uint64_t kernel32_GetTimeFormatA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetTimeFormatA, a);
    if (!k32_locale_is_en_us(a.Locale))
        return result(fail(ERROR_INVALID_PARAMETER));
    return result(time_format(a.dwFlags, a.lpTime, a.lpFormat, a.lpTimeStr, a.cchTime, false));
}

uint64_t kernel32_GetTimeFormatW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetTimeFormatW, a);
    if (!k32_locale_is_en_us(a.Locale))
        return result(fail(ERROR_INVALID_PARAMETER));
    return result(time_format(a.dwFlags, a.lpTime, a.lpFormat, a.lpTimeStr, a.cchTime, true));
}

uint64_t kernel32_GetTimeFormatEx(struct thunk_call *c)
{
    API_ARGS(kernel32, GetTimeFormatEx, a);
    if (!k32_locale_name_is_en_us(a.lpLocaleName))
        return result(fail(ERROR_INVALID_PARAMETER));
    return result(time_format(a.dwFlags, a.lpTime, a.lpFormat, a.lpTimeStr, a.cchTime, true));
}
