/* cmpxchg8b_flags.c - proves cmpxchg8b changes only ZF (Intel SDM: "CF, PF,
 * AF, SF, and OF are unaffected"), also right after an instruction whose
 * flags an emulator computes lazily, and that it exchanges (equal) or loads
 * EDX:EAX (not equal). The differential tester (tests/cpu-diff) found the
 * emulator changing the other flags here. */
#include <stdint.h>
#include <stdio.h>

struct result {
    uint32_t flags, eax, edx;
    uint64_t mem;
};

/* add (or stc; adc) to set the flags, then lock cmpxchg8b with ECX:EBX = 6:5 */
static struct result run(int use_adc, uint32_t first, uint64_t mem, uint32_t lo, uint32_t hi)
{
    struct result r;
    uint32_t flags, eax, edx;
    __asm__ volatile("movl %[first], %%eax\n\t"
                     "testl %[adc], %[adc]\n\t"
                     "jnz 1f\n\t"
                     "addl $1, %%eax\n\t"
                     "jmp 2f\n"
                     "1:\n\t"
                     "stc\n\t"
                     "adcl $0, %%eax\n"
                     "2:\n\t"
                     "movl %[lo], %%eax\n\t"
                     "movl %[hi], %%edx\n\t"
                     "movl $5, %%ebx\n\t"
                     "movl $6, %%ecx\n\t"
                     "lock cmpxchg8b %[m]\n\t"
                     "pushfl\n\t"
                     "popl %%esi\n\t"
                     "movl %%eax, %%edi\n\t"
                     : [m] "+m"(mem), "=S"(flags), "=D"(eax), "=&d"(edx)
                     : [first] "m"(first), [adc] "r"(use_adc), [lo] "m"(lo), [hi] "m"(hi)
                     : "eax", "ebx", "ecx", "cc", "memory");
    r.flags = flags & 0x8D5; /* OF SF ZF AF PF CF */
    r.eax = eax;
    r.edx = edx;
    r.mem = mem;
    return r;
}

static void show(const char *what, struct result r)
{
    printf("%-34s flags=%03x edx:eax=%08x:%08x mem=%016llx\n", what, r.flags, r.edx, r.eax,
           (unsigned long long)r.mem);
}

int main(void)
{
    /* 0x7fffffff + 1: OF SF AF PF set, CF ZF clear */
    show("add, equal (exchanged)", run(0, 0x7fffffff, 0x1122334455667788ull, 0x55667788, 0x11223344));
    show("add, not equal (loaded)", run(0, 0x7fffffff, 0x1122334455667788ull, 0, 0));
    /* 0xffffffff + 0 + CF: CF ZF AF PF set, OF SF clear */
    show("stc; adc, equal (exchanged)", run(1, 0xffffffff, 0x8000000000000001ull, 1, 0x80000000));
    show("stc; adc, not equal (loaded)", run(1, 0xffffffff, 0x8000000000000001ull, 2, 0));
    return 0;
}
