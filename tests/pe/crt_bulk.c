// build-flags: -fno-builtin
/* crt_bulk.c - large memcpy/memmove/memset/strcpy (msvcrt's, ntdll's and
 * the Rtl ones), which wowbox hands to the host once their guest code has
 * touched every page: the results are exact (odd sizes, misaligned ends,
 * overlapping moves both ways, the bytes beside the range untouched), and
 * a bad page inside a range still raises the access violation in the DLL's
 * code, at the address a plain copy faults on first (the first byte of the
 * bad page), for a read and for a write; the functions work afterwards. */
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

#include "seh_catch.h"

#define PAGE 4096
#define PAGES 256
#define BIG (80 * PAGE + 3) /* an odd size above both backends' thresholds */

static unsigned char *region; /* PAGES pages of read-write memory (1 MiB) */
static void *crt, *ntdll;     /* images: where a fault must come from */
extern void *imp_memcpy __asm__("__imp__memcpy"); /* the program's import: msvcrt or ucrtbase */

typedef void(WINAPI *rtl_move_fn)(void *, const void *, SIZE_T);
typedef void(WINAPI *rtl_fill_fn)(void *, SIZE_T, BYTE);
typedef void(WINAPI *rtl_zero_fn)(void *, SIZE_T);
typedef void *(__cdecl *mem_move_fn)(void *, const void *, size_t);
typedef void *(__cdecl *mem_set_fn)(void *, int, size_t);
static rtl_move_fn rtl_move;
static rtl_fill_fn rtl_fill;
static rtl_zero_fn rtl_zero;
static mem_move_fn nt_memcpy;
static mem_set_fn nt_memset;

static void *image_of(void *p)
{
    MEMORY_BASIC_INFORMATION mbi;
    return VirtualQuery(p, &mbi, sizeof mbi) ? mbi.AllocationBase : NULL;
}

static void pattern(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)((i * 7 + seed) ^ (i >> 9));
}

static int is_pattern(const unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != (unsigned char)((i * 7 + seed) ^ (i >> 9)))
            return 0;
    return 1;
}

static int all(const unsigned char *p, size_t n, unsigned char v)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != v)
            return 0;
    return 1;
}

static void result(const char *what, int ok) { printf("%-34s %s\n", what, ok ? "ok" : "WRONG"); }

/* Copies between two halves of the region, misaligned by 1 and 3 bytes,
 * with a sentinel byte after the destination. */
static void copies(void)
{
    unsigned char *src = region + 1, *dst = region + 128 * PAGE + 3;
    pattern(src, BIG, 11);
    dst[BIG] = 0x5A;
    memcpy(dst, src, BIG);
    result("memcpy 320 KiB + 3", is_pattern(dst, BIG, 11) && dst[BIG] == 0x5A);
    memset(dst, 0, BIG);
    nt_memcpy(dst, src, BIG);
    result("ntdll memcpy", is_pattern(dst, BIG, 11) && dst[BIG] == 0x5A);
    memset(dst, 0, BIG);
    rtl_move(dst, src, BIG);
    result("RtlMoveMemory", is_pattern(dst, BIG, 11) && dst[BIG] == 0x5A);

    memset(dst - 1, 0x11, BIG + 1);
    memset(dst, 0xA5, BIG);
    result("memset 0xA5", all(dst, BIG, 0xA5) && dst[-1] == 0x11 && dst[BIG] == 0x5A);
    nt_memset(dst, 0x3C, BIG);
    result("ntdll memset", all(dst, BIG, 0x3C) && dst[-1] == 0x11 && dst[BIG] == 0x5A);
    rtl_fill(dst, BIG, 0x77);
    result("RtlFillMemory", all(dst, BIG, 0x77) && dst[-1] == 0x11 && dst[BIG] == 0x5A);
    rtl_zero(dst, BIG);
    result("RtlZeroMemory", all(dst, BIG, 0) && dst[-1] == 0x11 && dst[BIG] == 0x5A);
}

/* memmove within one range: up by one byte and by a page and one, down by
 * the same (the overlapping copy must read each byte before it is
 * overwritten). */
static void moves(void)
{
    static const size_t shifts[] = { 1, PAGE + 1 };
    for (int k = 0; k < 2; k++) {
        size_t sh = shifts[k];
        char what[40];
        pattern(region, BIG, 5);
        memmove(region + sh, region, BIG);
        snprintf(what, sizeof what, "memmove up by %u", (unsigned)sh);
        result(what, is_pattern(region + sh, BIG, 5));
        pattern(region + sh, BIG, 9);
        memmove(region, region + sh, BIG);
        snprintf(what, sizeof what, "memmove down by %u", (unsigned)sh);
        result(what, is_pattern(region, BIG, 9));
    }
}

static void strings(void)
{
    char *s = (char *)region, *d = (char *)region + 128 * PAGE;
    for (int i = 0; i < BIG - 1; i++)
        s[i] = (char)('a' + i % 26);
    s[BIG - 1] = 0;
    strcpy(d, s);
    result("strcpy 320 KiB", strlen(d) == BIG - 1 && memcmp(d, s, BIG) == 0);
    d[10] = 0;
    strcat(d, s);
    result("strcat 320 KiB", strlen(d) == BIG + 9 && memcmp(d + 10, s, BIG) == 0);
    wchar_t *ws = (wchar_t *)region, *wd = (wchar_t *)(region + 128 * PAGE);
    for (int i = 0; i < BIG / 2 - 1; i++)
        ws[i] = (wchar_t)(0x400 + i % 64);
    ws[BIG / 2 - 1] = 0;
    wcscpy(wd, ws);
    result("wcscpy 160 Ki characters", wcslen(wd) == BIG / 2 - 1 && memcmp(wd, ws, BIG - 1) == 0);
}

enum op { READ_HOLE, WRITE_HOLE, WRITE_RO, SET_HOLE, NT_COPY_RO, MOVE_UP_RO, OPS };
static const char *const names[] = { "memcpy from a range with a hole", "memcpy into a range with a hole",
                                     "memcpy into a read-only page", "memset over a hole",
                                     "ntdll memcpy into a read-only page", "memmove up into a read-only page" };

#define HOLE (100 * PAGE) /* a PAGE_NOACCESS page */
#define RO (200 * PAGE)   /* a PAGE_READONLY page */

static void run(enum op op)
{
    unsigned char *low = region + 1, *mid = region + 40 * PAGE + 1, *high = region + 150 * PAGE;
    switch (op) {
    case READ_HOLE: memcpy(low, mid, BIG); break;      /* source: pages 40..120 */
    case WRITE_HOLE: memcpy(mid, high, BIG); break;    /* destination: pages 40..120 */
    case WRITE_RO: memcpy(high, low, BIG); break;      /* destination: pages 150..230 */
    case SET_HOLE: memset(region + 60 * PAGE, 0, BIG); break;
    case NT_COPY_RO: nt_memcpy(high, low, BIG); break;
    case MOVE_UP_RO: memmove(high + 8, high, BIG); break; /* copied downwards from the top */
    case OPS: break;
    }
}

static const char *where(DWORD a)
{
    static char buf[40];
    DWORD off = a - (DWORD)region;
    if (off >= HOLE && off < HOLE + PAGE)
        snprintf(buf, sizeof buf, "the hole%s", off == HOLE ? " (its first byte)" : "");
    else if (off >= RO && off < RO + PAGE)
        snprintf(buf, sizeof buf, "the read-only page%s", off == RO ? " (its first byte)" : "");
    else
        snprintf(buf, sizeof buf, "region+0x%lx", off);
    return buf;
}

static void guarded(enum op op)
{
    struct fault_frame f = { 0 };
    f.handler = fault_frame_handler;
    f.next = seh_chain_head();
    seh_set_chain_head(&f);
    if (__builtin_setjmp(f.jb)) {
        seh_set_chain_head(f.next);
        void *img = image_of(f.at);
        printf("%-36s 0x%08lx %s %s, in %s\n", names[op], f.code,
               f.write == 1 ? "write to" : f.write == 0 ? "read from" : "?", where(f.addr),
               img == crt ? "the CRT" : img == ntdll ? "ntdll" : "another module");
        return;
    }
    run(op);
    seh_set_chain_head(f.next);
    printf("%-36s returned without a fault\n", names[op]);
}

int main(void)
{
    struct fault_frame *before = seh_chain_head();
    HMODULE nt = GetModuleHandleA("ntdll.dll");
    ntdll = nt;
    crt = image_of(imp_memcpy);
    rtl_move = (rtl_move_fn)GetProcAddress(nt, "RtlMoveMemory");
    rtl_fill = (rtl_fill_fn)GetProcAddress(nt, "RtlFillMemory");
    rtl_zero = (rtl_zero_fn)GetProcAddress(nt, "RtlZeroMemory");
    nt_memcpy = (mem_move_fn)GetProcAddress(nt, "memcpy");
    nt_memset = (mem_set_fn)GetProcAddress(nt, "memset");
    region = VirtualAlloc(NULL, PAGES * PAGE, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    if (!region || !rtl_move || !rtl_fill || !rtl_zero || !nt_memcpy || !nt_memset) {
        printf("set-up failed\n");
        return 1;
    }
    copies();
    moves();
    strings();

    DWORD old;
    VirtualProtect(region + HOLE, PAGE, PAGE_NOACCESS, &old);
    VirtualProtect(region + RO, PAGE, PAGE_READONLY, &old);
    for (enum op op = READ_HOLE; op < OPS; op++)
        guarded(op);
    printf("SEH chain restored: %s\n", seh_chain_head() == before ? "yes" : "no");
    VirtualProtect(region + HOLE, PAGE, PAGE_READWRITE, &old);
    VirtualProtect(region + RO, PAGE, PAGE_READWRITE, &old);
    copies();
    return 0;
}
