/* loopcc_flags.c - proves loopz/loopnz (also on CX with the 0x67 prefix)
 * decrement the count, jump on it and ZF, and leave the flags as they were,
 * also when the count runs out. The differential tester (tests/cpu-diff)
 * found the emulator's flags wrong after a loopz/loopnz that ran out. */
#include <stdio.h>

#define FLAGS 0x8D5u /* OF SF ZF AF PF CF */

/* cmp a, b; then loopz (z) or loopnz over `taken = 0`; the flags after it */
static void run(const char *what, int z, int cx, unsigned a, unsigned b, unsigned count)
{
    unsigned flags, ecx = count, taken = 1;
    if (z && !cx)
        __asm__ volatile("cmpl %[b], %[a]\n\tloopz 1f\n\tmovl $0, %[t]\n1:\n\tpushfl\n\tpopl %[f]"
                         : [f] "=r"(flags), "+c"(ecx), [t] "+r"(taken) : [a] "r"(a), [b] "r"(b) : "cc");
    else if (!cx)
        __asm__ volatile("cmpl %[b], %[a]\n\tloopnz 1f\n\tmovl $0, %[t]\n1:\n\tpushfl\n\tpopl %[f]"
                         : [f] "=r"(flags), "+c"(ecx), [t] "+r"(taken) : [a] "r"(a), [b] "r"(b) : "cc");
    else if (z)
        __asm__ volatile("cmpl %[b], %[a]\n\t.byte 0x67\n\tloopz 1f\n\tmovl $0, %[t]\n1:\n\tpushfl\n\tpopl %[f]"
                         : [f] "=r"(flags), "+c"(ecx), [t] "+r"(taken) : [a] "r"(a), [b] "r"(b) : "cc");
    else
        __asm__ volatile("cmpl %[b], %[a]\n\t.byte 0x67\n\tloopnz 1f\n\tmovl $0, %[t]\n1:\n\tpushfl\n\tpopl %[f]"
                         : [f] "=r"(flags), "+c"(ecx), [t] "+r"(taken) : [a] "r"(a), [b] "r"(b) : "cc");
    printf("%-34s flags %03x ecx %08x %s\n", what, flags & FLAGS, ecx, taken ? "jumped" : "fell through");
}

int main(void)
{
    run("loopz, 1-2, count 1 (runs out)", 1, 0, 1, 2, 1);
    run("loopz, 1-2, count 5 (ZF clear)", 1, 0, 1, 2, 5);
    run("loopz, 7-7, count 5 (ZF set)", 1, 0, 7, 7, 5);
    run("loopz, 7-7, count 1 (runs out)", 1, 0, 7, 7, 1);
    run("loopnz, 0x80000000-1, count 1", 0, 0, 0x80000000u, 1, 1);
    run("loopnz, 0x80000000-1, count 3", 0, 0, 0x80000000u, 1, 3);
    run("loopnz, 3-3, count 3 (ZF set)", 0, 0, 3, 3, 3);
    run("loopnz, 1-2, count 0 (wraps)", 0, 0, 1, 2, 0);
    run("loopz cx, 1-2, count 0x10001", 1, 1, 1, 2, 0x10001u);
    run("loopnz cx, 5-9, count 0xabcd0000", 0, 1, 5, 9, 0xABCD0000u);
    return 0;
}
