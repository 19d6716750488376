/* protect_recheck.c - a protection change holds for pages the program
 * touched before, and a page the program tried to run stays as protected
 * as it was: reading a read-only page and then making it no-access; a call
 * into a no-access page (and into a reserved one) followed by reads and
 * writes of it; a no-access page made read-only after such a call;
 * FlushInstructionCache over a no-access page; code that ran, then made
 * no-access (the call faults: nothing runs the old translation), then
 * executable again. Each access the protection
 * forbids raises an access violation with the read/write flag and the
 * address (under Unicorn these once went through to the host's PROT_NONE
 * page and ended wowbox with SIGSEGV). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "seh_catch.h"

enum op { READ, WRITE, CALL };
static volatile int sink, ret;
static char *base;

static void __attribute__((noinline)) touch(volatile char *p, enum op op)
{
    if (op == CALL)
        ret = ((int (*)(void))p)();
    else if (op == WRITE)
        *p = 5;
    else
        sink = *p;
}

static void __attribute__((noinline)) try_op(const char *what, volatile char *p, enum op op)
{
    struct fault_frame f = { 0 };
    f.handler = fault_frame_handler;
    f.next = seh_chain_head();
    seh_set_chain_head(&f);
    if (__builtin_setjmp(f.jb)) {
        seh_set_chain_head(f.next);
        if (op == CALL)
            printf("  %-34s exception 0x%08lx at the page: %s\n", what, f.code, f.at == (void *)p ? "yes" : "no");
        else
            printf("  %-34s exception 0x%08lx %s +0x%lx\n", what, f.code, f.write ? "write" : "read",
                   f.addr - (DWORD)base);
        return;
    }
    touch(p, op);
    seh_set_chain_head(f.next);
    if (op == READ)
        printf("  %-34s read %d\n", what, sink);
    else if (op == CALL)
        printf("  %-34s returned %d\n", what, ret);
    else
        printf("  %-34s no exception\n", what);
}

int main(void)
{
    DWORD old;
    base = VirtualAlloc(NULL, 0x10000, MEM_RESERVE, PAGE_NOACCESS);
    char *ro = VirtualAlloc(base, 0x1000, MEM_COMMIT, PAGE_READWRITE);
    char *na = VirtualAlloc(base + 0x2000, 0x1000, MEM_COMMIT, PAGE_NOACCESS);
    char *na2 = VirtualAlloc(base + 0x4000, 0x1000, MEM_COMMIT, PAGE_NOACCESS);
    char *na3 = VirtualAlloc(base + 0x6000, 0x1000, MEM_COMMIT, PAGE_NOACCESS);
    char *code = VirtualAlloc(base + 0xA000, 0x1000, MEM_COMMIT, PAGE_EXECUTE_READWRITE);
    char *reserved = base + 0x8000;

    printf("read-only, then no-access:\n");
    ro[0x10] = 42;
    VirtualProtect(ro, 0x1000, PAGE_READONLY, &old);
    try_op("read", ro + 0x10, READ);
    try_op("write", ro + 0x10, WRITE);
    VirtualProtect(ro, 0x1000, PAGE_NOACCESS, &old);
    try_op("read after PAGE_NOACCESS", ro + 0x10, READ);
    try_op("write after PAGE_NOACCESS", ro + 0x10, WRITE);

    printf("a call into a no-access page:\n");
    try_op("call", na, CALL);
    try_op("read", na + 0x20, READ);
    try_op("write", na + 0x20, WRITE);
    try_op("call again", na, CALL);

    printf("a call into a reserved page:\n");
    try_op("call", reserved, CALL);
    try_op("read", reserved + 0x30, READ);
    try_op("write", reserved + 0x30, WRITE);

    printf("a no-access page made read-only after a call into it:\n");
    try_op("call", na2, CALL);
    VirtualProtect(na2, 0x1000, PAGE_READONLY, &old);
    try_op("read", na2 + 0x40, READ);
    try_op("write", na2 + 0x40, WRITE);

    printf("FlushInstructionCache over a no-access page:\n");
    printf("  flushed: %d\n", FlushInstructionCache(GetCurrentProcess(), na3, 0x1000));
    try_op("read", na3 + 0x50, READ);
    try_op("write", na3 + 0x50, WRITE);

    printf("code that ran, made no-access, then executable again:\n");
    static const unsigned char mov_eax_7_ret[] = { 0xB8, 7, 0, 0, 0, 0xC3 };
    memcpy(code, mov_eax_7_ret, sizeof mov_eax_7_ret);
    try_op("call", code, CALL);
    try_op("call again", code, CALL);
    VirtualProtect(code, 0x1000, PAGE_NOACCESS, &old);
    try_op("call after PAGE_NOACCESS", code, CALL);
    VirtualProtect(code, 0x1000, PAGE_EXECUTE_READ, &old);
    try_op("call after PAGE_EXECUTE_READ", code, CALL);
    return 0;
}
