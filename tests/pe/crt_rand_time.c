/* crt_rand_time.c - proves msvcrt's rand generator (exact sequence for the
 * default seed and after srand) and the time functions on fixed inputs:
 * gmtime, _gmtime64, _mkgmtime normalisation, asctime (two-digit day),
 * strftime conversions in the "C" locale, difftime. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void show_tm(const char *what, const struct tm *tm)
{
    if (!tm) {
        printf("%s: NULL\n", what);
        return;
    }
    printf("%s: %04d-%02d-%02d %02d:%02d:%02d wday %d yday %d isdst %d\n", what,
           tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday, tm->tm_hour, tm->tm_min,
           tm->tm_sec, tm->tm_wday, tm->tm_yday, tm->tm_isdst);
}

int main(void)
{
    int i;
    time_t t;
    __time64_t t64;
    struct tm tm, *p;
    char buf[128];
    size_t n;

    printf("rand (default seed):");
    for (i = 0; i < 10; i++)
        printf(" %d", rand());
    printf("\n");
    srand(1);
    printf("rand after srand(1):");
    for (i = 0; i < 5; i++)
        printf(" %d", rand());
    printf("\n");
    srand(12345);
    printf("rand after srand(12345):");
    for (i = 0; i < 5; i++)
        printf(" %d", rand());
    printf("\n");

    t = 0;
    show_tm("gmtime(0)", gmtime(&t));
    t = 1234567890;
    p = gmtime(&t);
    show_tm("gmtime(1234567890)", p);
    printf("asctime: %s", asctime(p));
    t = 951782400; /* 2000-02-29 */
    show_tm("gmtime(951782400)", gmtime(&t));
    t = -1;
    show_tm("gmtime(-1)", gmtime(&t));
    t64 = 4102444800LL; /* 2100-01-01, beyond 32 bits */
    show_tm("_gmtime64(4102444800)", _gmtime64(&t64));

    /* out-of-range fields are normalised */
    memset(&tm, 0, sizeof tm);
    tm.tm_year = 99;
    tm.tm_mon = 11;
    tm.tm_mday = 32;     /* Dec 32 -> Jan 1 */
    tm.tm_hour = 25;     /* +1 day, 01:00 */
    tm.tm_min = -30;     /* 00:30 */
    t = _mkgmtime(&tm);
    printf("_mkgmtime: %ld\n", (long)t);
    show_tm("normalised", &tm);

    t = 1234567890;
    p = gmtime(&t);
    n = strftime(buf, sizeof buf, "%a %A %b %B %d %H %I %j %m %M %p %S %U %w %W %y %Y %%", p);
    printf("strftime (%u): [%s]\n", (unsigned)n, buf);
    n = strftime(buf, sizeof buf, "%c | %x | %X", p);
    printf("strftime c/x/X (%u): [%s]\n", (unsigned)n, buf);
    n = strftime(buf, sizeof buf, "%#d %#m %#H %#j", p);
    printf("strftime #-flag (%u): [%s]\n", (unsigned)n, buf);
    n = strftime(buf, 5, "%Y-%m", p);
    printf("strftime too small: %u\n", (unsigned)n);

    t = 0;
    printf("asctime(gmtime(0)): %s", asctime(gmtime(&t)));
    tm = *gmtime(&t);
    tm.tm_mon = 1;
    tm.tm_mday = 30;
    printf("asctime(Feb 30): %s\n", asctime(&tm) ? "accepted" : "NULL");
    printf("difftime: %.1f\n", difftime((time_t)1000, (time_t)250));
    return 0;
}
