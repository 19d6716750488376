/* crt_calls: the cost of the C library's strlen, memcpy and qsort as called
 * from a program: under wowbox msvcrt's functions are guest code in the
 * DLL's image, so their time against the i386 ELF's (glibc's, static) shows
 * what is left of the DLL boundary. stdout: one line that ends in a
 * checksum (the same for every flavour: tests/bench/run.py compares it);
 * stderr: CPU ms per function. With `own`, the same work is also done by
 * the program's own code (a byte-loop strlen, a dword-loop memcpy, a plain
 * quicksort calling the same comparator) and the ratios are printed.
 * usage: crt_calls [n [own]]  (rounds, default 200) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

#define TEXT_LEN 64
#define STRINGS 1024
#define BLOCK 4096
#define INTS 4096

static volatile size_t sink;
/* Called through pointers, so the compiler calls the CRT's export instead
 * of expanding its own strlen or memcpy. */
static size_t (*volatile crt_strlen)(const char *) = strlen;
static void *(*volatile crt_memcpy)(void *, const void *, size_t) = memcpy;
static void (*volatile crt_qsort)(void *, size_t, size_t, int (*)(const void *, const void *)) = qsort;

static size_t __attribute__((noinline)) own_strlen(const char *s)
{
    const char *p = s;
    while (*p)
        p++;
    return (size_t)(p - s);
}

static void *__attribute__((noinline)) own_memcpy(void *d, const void *s, size_t n)
{
    uint32_t *dw = d;
    const uint32_t *sw = s;
    for (size_t i = 0; i < n / 4; i++)
        dw[i] = sw[i];
    return d;
}

static int compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* A plain quicksort calling the same comparator: what a static CRT's
 * qsort would cost without any DLL. */
static void own_qsort(int *v, int lo, int hi)
{
    while (lo < hi) {
        int pivot = v[lo + (hi - lo) / 2], i = lo, j = hi;
        while (i <= j) {
            while (compare_ints(&v[i], &pivot) < 0)
                i++;
            while (compare_ints(&v[j], &pivot) > 0)
                j--;
            if (i <= j) {
                int t = v[i];
                v[i++] = v[j];
                v[j--] = t;
            }
        }
        if (j - lo < hi - i) {
            own_qsort(v, lo, j);
            lo = i;
        } else {
            own_qsort(v, i, hi);
            hi = j;
        }
    }
}

static char text[STRINGS][TEXT_LEN + 1];
static unsigned char src[BLOCK], dst[BLOCK];
static int data[INTS], work[INTS];

static double ms(clock_t a, clock_t b) { return 1000.0 * (double)(b - a) / CLOCKS_PER_SEC; }

static void report(const char *what, double crt, double own, int with_own)
{
    if (!with_own) {
        fprintf(stderr, "%-7s crt %8.1f ms\n", what, crt);
        return;
    }
    fprintf(stderr, "%-7s crt %8.1f ms  own code %8.1f ms  ratio %5.2f\n", what, crt, own,
            own > 0 ? crt / own : 0.0);
}

static void fill(void)
{
    uint32_t x = 12345;
    for (int i = 0; i < STRINGS; i++) {
        int len = 1 + (int)(bench_mix((uint32_t)i) % TEXT_LEN);
        for (int k = 0; k < len; k++)
            text[i][k] = (char)('a' + (x = bench_mix(x)) % 26);
        text[i][len] = 0;
    }
    for (int i = 0; i < BLOCK; i++)
        src[i] = (unsigned char)bench_mix((uint32_t)i);
    for (int i = 0; i < INTS; i++)
        data[i] = (int)bench_mix((uint32_t)i + 7);
}

static uint32_t checksum(const void *p, size_t n, uint32_t h)
{
    for (size_t i = 0; i < n; i++)
        h = bench_mix(h ^ ((const unsigned char *)p)[i]);
    return h;
}

int main(int argc, char **argv)
{
    uint32_t rounds = bench_arg(argc, argv, 1, 200);
    int with_own = argc > 2 && strcmp(argv[2], "own") == 0;
    fill();
    size_t total = 0, own_total = 0;
    clock_t t0 = clock();
    for (uint32_t r = 0; r < rounds; r++)
        for (int i = 0; i < STRINGS; i++)
            total += crt_strlen(text[i]);
    clock_t t1 = clock();
    for (uint32_t r = 0; with_own && r < rounds; r++)
        for (int i = 0; i < STRINGS; i++)
            own_total += own_strlen(text[i]);
    clock_t t2 = clock();
    report("strlen", ms(t0, t1), ms(t1, t2), with_own);

    t0 = clock();
    for (uint32_t r = 0; r < rounds * 16; r++)
        sink = (size_t)crt_memcpy(dst, src, BLOCK);
    t1 = clock();
    for (uint32_t r = 0; with_own && r < rounds * 16; r++)
        sink = (size_t)own_memcpy(dst, src, BLOCK);
    t2 = clock();
    report("memcpy", ms(t0, t1), ms(t1, t2), with_own);

    uint32_t sorts = rounds ? rounds / 20 + 1 : 0, unsorted = 0; /* 0: start-up only */
    double crt = 0, own = 0;
    for (uint32_t r = 0; r < sorts; r++) {
        memcpy(work, data, sizeof work);
        t0 = clock();
        crt_qsort(work, INTS, sizeof *work, compare_ints);
        t1 = clock();
        crt += ms(t0, t1);
        for (int i = 1; i < INTS; i++)
            unsorted += work[i - 1] > work[i];
        if (!with_own)
            continue;
        memcpy(work, data, sizeof work);
        t0 = clock();
        own_qsort(work, 0, INTS - 1);
        t1 = clock();
        own += ms(t0, t1);
        for (int i = 1; i < INTS; i++)
            unsorted += work[i - 1] > work[i];
    }
    report("qsort", crt, own, with_own);
    int ok = unsorted == 0 && (!rounds || memcmp(dst, src, BLOCK) == 0) && (!with_own || own_total == total);
    uint32_t sum = checksum(work, sizeof work, checksum(dst, BLOCK, (uint32_t)total));
    printf("crt_calls rounds=%u strlen_total=%u %s checksum=%08x\n", (unsigned)rounds, (unsigned)total,
           ok ? "ok" : "FAILED", (unsigned)sum);
    return !ok;
}
