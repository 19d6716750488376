// build-flags: -fno-builtin
/* crt_fault.c - proves the CRT's memory and string functions raise an
 * access violation inside the CRT for a bad pointer, as Windows' msvcrt and
 * ucrtbase do (they run in user mode): a frame-based SEH handler installed
 * by hand at fs:[0] sees code 0xC0000005 with the read/write flag and the
 * address, at an instruction inside the CRT's image, unwinds and carries
 * on; the functions work again afterwards. */
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

#include "seh_catch.h"

#define BAD ((void *)0x10)

static void *volatile bad = BAD; /* volatile: gcc cannot see the address */

static char *ro; /* a read-only page */
static void *crt; /* the CRT's image: where the program's strlen import points */
extern void *imp_strlen __asm__("__imp__strlen");

static const char *where(DWORD a)
{
    static char buf[32];
    if (a == (DWORD)BAD)
        return "0x10";
    if (a >= (DWORD)ro && a < (DWORD)ro + 4096)
        snprintf(buf, sizeof buf, "ro+%lu", a - (DWORD)ro);
    else
        snprintf(buf, sizeof buf, "0x%08lx", a);
    return buf;
}

static int in_crt(void *at)
{
    MEMORY_BASIC_INFORMATION mbi;
    return VirtualQuery(at, &mbi, sizeof mbi) && mbi.AllocationBase == crt;
}

enum op { STRLEN, WCSLEN, STRCPY_TO_RO, STRNCPY_FROM_BAD, MEMCPY_FROM_BAD, MEMCPY_TO_RO, MEMSET_BAD,
          STRCMP_BAD, STRCHR_BAD, MEMMOVE_TO_RO };
static const char *const names[] = { "strlen(bad)", "wcslen(bad)", "strcpy(ro, s)", "strncpy(buf, bad, 4)",
                                     "memcpy(buf, bad, 8)", "memcpy(ro, s, 3)", "memset(bad, 0, 4)",
                                     "strcmp(bad, s)", "strchr(bad, 'a')", "memmove(ro, s, 64)" };

static volatile size_t sink;

static void __attribute__((noinline)) run(enum op op)
{
    char buf[64] = { 0 };
    switch (op) {
    case STRLEN: sink = strlen(bad); break;
    case WCSLEN: sink = wcslen(bad); break;
    case STRCPY_TO_RO: sink = (size_t)strcpy(ro, "x"); break;
    case STRNCPY_FROM_BAD: sink = (size_t)strncpy(buf, bad, 4); break;
    case MEMCPY_FROM_BAD: sink = (size_t)memcpy(buf, bad, 8); break;
    case MEMCPY_TO_RO: sink = (size_t)memcpy(ro + 8, "abc", 3); break;
    case MEMSET_BAD: sink = (size_t)memset(bad, 0, 4); break;
    case STRCMP_BAD: sink = (size_t)strcmp(bad, "x"); break;
    case STRCHR_BAD: sink = (size_t)strchr(bad, 'a'); break;
    case MEMMOVE_TO_RO: sink = (size_t)memmove(ro, buf, 64); break;
    }
}

static void __attribute__((noinline)) guarded(enum op op)
{
    struct fault_frame f = { 0 };
    f.handler = fault_frame_handler;
    f.next = seh_chain_head();
    seh_set_chain_head(&f);
    if (__builtin_setjmp(f.jb)) {
        seh_set_chain_head(f.next);
        printf("%-22s exception 0x%08lx %s %s, in the CRT: %s\n", names[op], f.code,
               f.write == 1 ? "write to" : f.write == 0 ? "read from" : "?", where(f.addr),
               in_crt(f.at) ? "yes" : "no");
        return;
    }
    run(op);
    seh_set_chain_head(f.next);
    printf("%-22s returned without a fault\n", names[op]);
}

int main(void)
{
    struct fault_frame *before = seh_chain_head();
    MEMORY_BASIC_INFORMATION mbi;
    crt = VirtualQuery(imp_strlen, &mbi, sizeof mbi) ? mbi.AllocationBase : NULL;
    ro = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    strcpy(ro, "read-only");
    DWORD old;
    VirtualProtect(ro, 4096, PAGE_READONLY, &old);
    for (enum op op = STRLEN; op <= MEMMOVE_TO_RO; op++)
        guarded(op);
    printf("SEH chain restored: %s\n", seh_chain_head() == before ? "yes" : "no");

    char buf[32];
    strcpy(buf, ro);
    strcat(buf, "!");
    printf("afterwards: strlen(\"%s\") = %u, memcmp = %d\n", buf, (unsigned)strlen(buf),
           memcmp(buf, "read-only!", 11));
    return 0;
}
