/* stack_growth.c - the main thread starts with a small committed stack and
 * grows it through the guard page, as Windows does: a 600 KB local array
 * (probed page by page by __chkstk) and deep recursion both work, and the
 * TEB's StackLimit follows the growth. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

static unsigned char *stack_limit(void)
{
    unsigned char *teb;
    __asm__("movl %%fs:0x18, %0" : "=r"(teb));
    return *(unsigned char **)(teb + 8);
}

static unsigned big_frame(void)
{
    volatile unsigned char buf[600 * 1024];
    for (unsigned i = 0; i < sizeof buf; i += 4096)
        buf[i] = (unsigned char)(i >> 12);
    unsigned sum = 0;
    for (unsigned i = 0; i < sizeof buf; i += 4096)
        sum += buf[i];
    return sum;
}

static unsigned recurse(unsigned n)
{
    volatile char pad[200];
    pad[0] = (char)n;
    return n ? recurse(n - 1) + (unsigned)pad[0] % 2 : 0;
}

int main(void)
{
    unsigned char *before = stack_limit();
    MEMORY_BASIC_INFORMATION m;
    VirtualQuery(before - 1, &m, sizeof m);
    printf("page below the stack limit is a guard page: %s\n", (m.Protect & PAGE_GUARD) ? "yes" : "no");
    printf("big frame sum: %u\n", big_frame());
    printf("recursion: %u\n", recurse(2000));
    unsigned char *after = stack_limit();
    printf("StackLimit moved down by at least 512 KB: %s\n", before - after >= 512 * 1024 ? "yes" : "no");
    VirtualQuery(after - 1, &m, sizeof m);
    printf("new guard page below it: %s\n", (m.Protect & PAGE_GUARD) ? "yes" : "no");
    return 0;
}
