/* A guest TZ read without the C library (whose tzset works on wowbox's own,
 * process-wide TZ): a POSIX TZ string maps onto Windows' zone description
 * almost field for field (offsets west of UTC are Windows' biases, an
 * Mm.w.d rule is Windows' "w-th weekday d of month m"); a zone file name
 * reads the POSIX string at the end of its TZif file, the rule in force
 * from its last transition on. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscalls/kernel32/calendar.h"
#include "syscalls/kernel32/timezone.h"

#define ZONEINFO "/usr/share/zoneinfo/"
#define FOOTER_MAX 256
#define DEFAULT_RULE_TIME (2 * 3600) /* 02:00 when a rule gives no time */

/* std, dst: "EST", "<+0330>" */
static const char *parse_name(const char *p)
{
    if (*p == '<') {
        const char *q = strchr(p, '>');
        return q && q > p + 1 ? q + 1 : NULL;
    }
    const char *q = p;
    while (isalpha((unsigned char)*q))
        q++;
    return q - p >= 3 ? q : NULL;
}

/* [+-]hh[:mm[:ss]] in seconds; hours up to max_hours */
static const char *parse_time(const char *p, long max_hours, long *secs)
{
    long sign = 1, part[3] = { 0, 0, 0 };
    if (*p == '+' || *p == '-')
        sign = *p++ == '-' ? -1 : 1;
    for (int i = 0; i < 3; i++) {
        if (i && *p != ':')
            break;
        p += i > 0;
        if (!isdigit((unsigned char)*p))
            return NULL;
        char *end;
        part[i] = strtol(p, &end, 10);
        if (end - p > 3 || (i == 0 && part[0] > max_hours) || (i && part[i] > 59))
            return NULL;
        p = end;
    }
    *secs = sign * (part[0] * 3600 + part[1] * 60 + part[2]);
    return p;
}

/* ",Mm.w.d[/time]", ",Jn[/time]" or ",n[/time]" as a Windows rule: the
 * recurring form, or for day-of-year rules that date of now's year. A time
 * outside 0-24 h (TZif v3's extension) is clamped: Windows cannot say it. */
static const char *parse_rule(const char *p, unsigned year, SYSTEMTIME32 *r)
{
    long m = 0, w = 0, d = 0, t = DEFAULT_RULE_TIME;
    char *end;
    memset(r, 0, sizeof *r);
    if (*p == 'M') {
        m = strtol(p + 1, &end, 10);
        if (*end != '.' || m < 1 || m > 12)
            return NULL;
        w = strtol(end + 1, &end, 10);
        if (*end != '.' || w < 1 || w > 5)
            return NULL;
        d = strtol(end + 1, &end, 10);
        if (d < 0 || d > 6)
            return NULL;
        *r = (SYSTEMTIME32){ .wMonth = (uint16_t)m, .wDayOfWeek = (uint16_t)d, .wDay = (uint16_t)w };
    } else {
        bool julian = *p == 'J';
        long n = strtol(p + julian, &end, 10);
        if (end == p + julian || n < julian || n > 365)
            return NULL;
        /* Jn counts 1-365 and never Feb 29; n counts 0-365 with it */
        bool leap = calendar_month_days(year, 2) == 29;
        long doy = julian ? n - 1 + (leap && n > 59) : n;
        unsigned month = 1;
        while (month < 12 && doy >= (long)calendar_month_days(year, month))
            doy -= calendar_month_days(year, month++);
        *r = (SYSTEMTIME32){ .wYear = (uint16_t)year, .wMonth = (uint16_t)month, .wDay = (uint16_t)(doy + 1) };
    }
    p = end;
    if (*p == '/' && !(p = parse_time(p + 1, 167, &t)))
        return NULL;
    if (t < 0)
        t = 0;
    if (t >= 86400)
        t = 86399;
    r->wHour = (uint16_t)(t / 3600);
    r->wMinute = (uint16_t)(t / 60 % 60);
    r->wSecond = (uint16_t)(t % 60);
    return p;
}

bool tz_from_posix(const char *posix, const char *iana, time_t now, DYNAMIC_TIME_ZONE_INFORMATION32 *out)
{
    memset(out, 0, sizeof *out);
    TIME_ZONE_INFORMATION32 *z = &out->tzi;
    struct tm tm;
    unsigned year = gmtime_r(&now, &tm) ? (unsigned)tm.tm_year + 1900 : 2000;
    long std_west, dst_west;
    const char *p = parse_name(posix);
    if (!p || !(p = parse_time(p, 24, &std_west)))
        return false;
    dst_west = std_west;
    if (*p) {
        if (!(p = parse_name(p)))
            return false;
        dst_west = std_west - 3600;
        if (*p && *p != ',' && !(p = parse_time(p, 24, &dst_west)))
            return false;
        /* no rules: the US rules the C libraries assume */
        const char *rules = *p ? p : ",M3.2.0,M11.1.0";
        if (*rules != ',' || !(rules = parse_rule(rules + 1, year, &z->DaylightDate)) || *rules != ',' ||
            !(rules = parse_rule(rules + 1, year, &z->StandardDate)) || *rules)
            return false;
    }
    z->Bias = (int32_t)(std_west / 60);
    z->DaylightBias = (int32_t)((dst_west - std_west) / 60);
    tz_set_names(out, iana, -std_west, -dst_west);
    return true;
}

/* The POSIX string a TZif (version 2 or later) file ends with. */
static bool read_footer(const char *path, char *out, size_t size)
{
    FILE *f = fopen(path, "rb");
    char head[5], buf[FOOTER_MAX + 1];
    bool ok = false;
    if (!f)
        return false;
    if (fread(head, 1, 5, f) == 5 && !memcmp(head, "TZif", 4) && head[4] >= '2' &&
        fseek(f, 0, SEEK_END) == 0) {
        long len = ftell(f), n = len < FOOTER_MAX ? len : FOOTER_MAX;
        if (n > 2 && fseek(f, len - n, SEEK_SET) == 0 && fread(buf, 1, (size_t)n, f) == (size_t)n &&
            buf[n - 1] == '\n') {
            buf[n - 1] = 0;
            long start = n - 2; /* the newline before the footer; binary data (NULs too) before it */
            while (start >= 0 && buf[start] != '\n')
                start--;
            if (start >= 0 && strlen(buf + start + 1) < size) {
                strcpy(out, buf + start + 1);
                ok = *out != 0;
            }
        }
    }
    fclose(f);
    return ok;
}

bool tz_from_tz(const char *tz, time_t now, DYNAMIC_TIME_ZONE_INFORMATION32 *out)
{
    const char *name = tz + (tz[0] == ':');
    char path[512], rule[FOOTER_MAX];
    if (!strstr(name, "..") &&
        snprintf(path, sizeof path, "%s%s", name[0] == '/' ? "" : ZONEINFO, name) < (int)sizeof path &&
        read_footer(path, rule, sizeof rule)) {
        const char *iana = name[0] == '/' && strstr(name, "zoneinfo/") ? strstr(name, "zoneinfo/") + 9 : name;
        return tz_from_posix(rule, iana, now, out);
    }
    return tz_from_posix(name, NULL, now, out);
}
