/* msvcrt's qsort, bsearch, _lfind and _lsearch as guest code: the
 * comparator is a plain call. The algorithms are msvcrt's (the comparator
 * sees the same calls in the same order as with the host version they
 * replace); a bad array pointer faults here, as in Windows' msvcrt. */
#include "syscalls/guest/wg.h"

#define CRT_EINVAL 22
#define CUTOFF 8

WG_IMPORT(msvcrt, _errno, int *, CDECL, (void));

typedef int(CDECL *compare_fn)(const void *, const void *);
typedef int(CDECL *compare_s_fn)(void *, const void *, const void *);

/* A comparator: (a, b), or (context, a, b) for the _s forms. */
struct comparator {
    void *fn, *context;
    int with_context;
};

static int compare(const struct comparator *k, uint32_t a, uint32_t b)
{
    if (k->with_context)
        return ((compare_s_fn)k->fn)(k->context, (const void *)a, (const void *)b);
    return ((compare_fn)k->fn)((const void *)a, (const void *)b);
}

static void swap(uint32_t a, uint32_t b, uint32_t width)
{
    if (a == b)
        return;
    uint8_t *x = (uint8_t *)a, *y = (uint8_t *)b;
    for (uint32_t i = 0; i < width; i++) {
        uint8_t t = x[i];
        x[i] = y[i];
        y[i] = t;
    }
}

static void set_errno(int e) { *wg_imp_msvcrt__errno() = e; }

/* Selection pass for short runs: the largest element goes last. */
static void shortsort(const struct comparator *k, uint32_t lo, uint32_t hi, uint32_t width)
{
    while (hi > lo) {
        uint32_t max = lo;
        for (uint32_t p = lo + width; p <= hi; p += width)
            if (compare(k, p, max) > 0)
                max = p;
        swap(max, hi, width);
        hi -= width;
    }
}

/* Median of three, partition around the middle element (which may move),
 * the larger side on an explicit stack, short runs by shortsort. */
static void quicksort(const struct comparator *k, uint32_t base, uint32_t num, uint32_t width)
{
    uint32_t lo_stack[40], hi_stack[40];
    int sp = 0;
    uint32_t lo = base, hi = base + width * (num - 1);
    for (;;) {
        uint32_t size = (hi - lo) / width + 1;
        if (size <= CUTOFF) {
            shortsort(k, lo, hi, width);
        } else {
            uint32_t mid = lo + (size / 2) * width;
            if (compare(k, lo, mid) > 0)
                swap(lo, mid, width);
            if (compare(k, lo, hi) > 0)
                swap(lo, hi, width);
            if (compare(k, mid, hi) > 0)
                swap(mid, hi, width);
            uint32_t loguy = lo, higuy = hi;
            for (;;) {
                if (mid > loguy) {
                    do {
                        loguy += width;
                    } while (loguy < mid && compare(k, loguy, mid) <= 0);
                }
                if (mid <= loguy) {
                    do {
                        loguy += width;
                    } while (loguy <= hi && compare(k, loguy, mid) <= 0);
                }
                do {
                    higuy -= width;
                } while (higuy > mid && compare(k, higuy, mid) > 0);
                if (higuy < loguy)
                    break;
                swap(loguy, higuy, width);
                if (mid == higuy)
                    mid = loguy;
            }
            higuy += width;
            if (mid < higuy) {
                do {
                    higuy -= width;
                } while (higuy > mid && compare(k, higuy, mid) == 0);
            }
            if (mid >= higuy) {
                do {
                    higuy -= width;
                } while (higuy > lo && compare(k, higuy, mid) == 0);
            }
            if (higuy - lo >= hi - loguy) {
                if (lo < higuy) {
                    lo_stack[sp] = lo;
                    hi_stack[sp++] = higuy;
                }
                if (loguy < hi) {
                    lo = loguy;
                    continue;
                }
            } else {
                if (loguy < hi) {
                    lo_stack[sp] = loguy;
                    hi_stack[sp++] = hi;
                }
                if (lo < higuy) {
                    hi = higuy;
                    continue;
                }
            }
        }
        if (--sp < 0)
            return;
        lo = lo_stack[sp];
        hi = hi_stack[sp];
    }
}

static void sort(void *base, uint32_t num, uint32_t width, const struct comparator *k)
{
    if ((!base && num) || !width || !k->fn) {
        set_errno(CRT_EINVAL);
        return;
    }
    if (num >= 2)
        quicksort(k, (uint32_t)base, num, width);
}

void CDECL msvcrt_qsort(void *base, uint32_t num, uint32_t width, void *fn)
{
    struct comparator k = { fn, 0, 0 };
    sort(base, num, width, &k);
}

void CDECL msvcrt_qsort_s(void *base, uint32_t num, uint32_t width, void *fn, void *context)
{
    struct comparator k = { fn, context, 1 };
    sort(base, num, width, &k);
}

/* Halves by element count, probing the lower middle of an even run; the
 * comparator is called as (key, element). */
static void *search(const void *key, const void *base_p, uint32_t num, uint32_t width,
                    const struct comparator *k)
{
    if ((!base_p && num) || !width || !k->fn) {
        set_errno(CRT_EINVAL);
        return 0;
    }
    uint32_t lo = (uint32_t)base_p, hi = lo + (num ? num - 1 : 0) * width;
    while (lo <= hi) {
        uint32_t half = num / 2;
        if (!half) {
            if (!num)
                break;
            return compare(k, (uint32_t)key, lo) ? 0 : (void *)lo;
        }
        uint32_t mid = lo + (num & 1 ? half : half - 1) * width;
        int r = compare(k, (uint32_t)key, mid);
        if (r == 0)
            return (void *)mid;
        if (r < 0) {
            hi = mid - width;
            num = num & 1 ? half : half - 1;
        } else {
            lo = mid + width;
            num = half;
        }
    }
    return 0;
}

void *CDECL msvcrt_bsearch(const void *key, const void *base, uint32_t num, uint32_t width, void *fn)
{
    struct comparator k = { fn, 0, 0 };
    return search(key, base, num, width, &k);
}

void *CDECL msvcrt_bsearch_s(const void *key, const void *base, uint32_t num, uint32_t width, void *fn,
                             void *context)
{
    struct comparator k = { fn, context, 1 };
    return search(key, base, num, width, &k);
}

/* Linear search; _lsearch appends the key when it is missing. */
static void *linear(const void *key, void *base, uint32_t *pnum, uint32_t width, void *fn, int append)
{
    struct comparator k = { fn, 0, 0 };
    if (!pnum || !key || !fn || (!base && *pnum)) {
        set_errno(CRT_EINVAL);
        return 0;
    }
    uint32_t num = *pnum;
    for (uint32_t i = 0; i < num; i++)
        if (compare(&k, (uint32_t)key, (uint32_t)base + i * width) == 0)
            return (uint8_t *)base + i * width;
    if (!append)
        return 0;
    uint8_t *slot = (uint8_t *)base + num * width;
    memcpy(slot, key, width);
    *pnum = num + 1;
    return slot;
}

void *CDECL msvcrt__lfind(const void *key, void *base, uint32_t *num, uint32_t width, void *fn)
{
    return linear(key, base, num, width, fn, 0);
}

void *CDECL msvcrt__lsearch(const void *key, void *base, uint32_t *num, uint32_t width, void *fn)
{
    return linear(key, base, num, width, fn, 1);
}
