// build-flags: -specs=ucrt.specs -D_UCRT -Wno-format
/* ucrt_runtime.c - proves the Universal CRT's own runtime pieces (built
 * against ucrtbase only): onexit tables run last-in first-out and empty
 * themselves, _initterm_e stops at the first failure, printf speaks C99
 * (two-digit exponents, %a, inf/-nan(ind), %zu, %lld), snprintf measures
 * and truncates, sprintf_s overflow calls the invalid-parameter handler,
 * strtof/strtod take C99 input, timespec_get works, and quick_exit runs the
 * at_quick_exit functions but no atexit ones. */
#include <stdio.h>
#include <stdlib.h>
#include <corecrt_startup.h>
#include <string.h>
#include <time.h>

/* ucrtbase exports it; mingw-w64 declares only _initterm. */
int __cdecl _initterm_e(_PIFV *first, _PIFV *last);

static void first(void) { printf("onexit: first registered, run last\n"); }
static void second(void) { printf("onexit: second registered, run first\n"); }
static int init_ok(void) { printf("initterm_e: first\n"); return 0; }
static int init_fail(void) { printf("initterm_e: second fails\n"); return 7; }
static int init_never(void) { printf("initterm_e: never\n"); return 0; }
static void never_atexit(void) { printf("atexit ran (wrong)\n"); }
static void on_quick_exit(void) { printf("at_quick_exit ran\n"); fflush(stdout); }

static int handler_calls;
static void handler(const wchar_t *e, const wchar_t *f, const wchar_t *file, unsigned line, uintptr_t r)
{
    handler_calls++;
}

int main(void)
{
    _onexit_table_t table;
    printf("initialize: %d\n", _initialize_onexit_table(&table));
    _register_onexit_function(&table, (_onexit_t)first);
    _register_onexit_function(&table, (_onexit_t)second);
    printf("execute: %d\n", _execute_onexit_table(&table));
    printf("execute again (empty): %d\n", _execute_onexit_table(&table));

    _PIFV inits[] = { init_ok, NULL, init_fail, init_never };
    printf("initterm_e returned %d\n", _initterm_e(inits, inits + 4));

    volatile double zero = 0.0;
    printf("%e %g %a %f %f\n", 12345.678, 1e-5, 1.0, 1.0 / zero, zero / zero);
    printf("%zu %lld %.3f\n", sizeof(void *), -9000000000LL, 2.0005);

    char buf[8];
    printf("snprintf measures %d\n", snprintf(NULL, 0, "%s", "abcdefghij"));
    int n = snprintf(buf, sizeof buf, "%s", "abcdefghij");
    printf("snprintf truncates: %d [%s]\n", n, buf);

    _set_invalid_parameter_handler(handler);
    n = sprintf_s(buf, sizeof buf, "%s", "too long for it");
    printf("sprintf_s overflow: %d, handler calls %d, buffer [%s]\n", n, handler_calls, buf);

    char *end;
    float f = strtof("2.5e1xyz", &end);
    printf("strtof %.1f rest [%s], strtod hex %g, inf %f\n", f, end, strtod("0x1.8p1", NULL), strtod("-INF", NULL));

    struct timespec ts;
    printf("timespec_get: %d, plausible: %s\n", timespec_get(&ts, TIME_UTC),
           ts.tv_sec > 1500000000 && ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000 ? "yes" : "no");
    printf("stdout is __acrt_iob_func(1): %s\n", stdout == __acrt_iob_func(1) ? "yes" : "no");

    atexit(never_atexit);
    at_quick_exit(on_quick_exit);
    fflush(stdout);
    quick_exit(5);
}
