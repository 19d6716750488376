/* callback_stack_end.c - a host-called callback (qsort's comparator) when
 * the guest's ESP sits at the very bottom of committed memory: pushing the
 * callback's arguments faults in the guest, an access violation as on
 * Windows, where qsort is guest code. Under Unicorn the arguments were once
 * copied below ESP unchecked, a host crash. */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

void call_on_stack(void *top, void *fn, void *arr, void *cmp);
__asm__(".globl _call_on_stack\n"
        "_call_on_stack:\n"
        "    push %ebp\n"
        "    mov %esp, %ebp\n"
        "    push %esi\n"
        "    mov %esp, %esi\n"
        "    mov 8(%ebp), %esp\n"  /* the new stack top */
        "    push 20(%ebp)\n"      /* comparator */
        "    push $4\n"
        "    push $2\n"
        "    push 16(%ebp)\n"      /* array */
        "    call *12(%ebp)\n"     /* qsort */
        "    mov %esi, %esp\n"
        "    pop %esi\n"
        "    pop %ebp\n"
        "    ret\n");

static int cmp(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

int main(void)
{
    char *r = VirtualAlloc(NULL, 0x10000, MEM_RESERVE, PAGE_READWRITE);
    char *page = VirtualAlloc(r + 0x8000, 0x1000, MEM_COMMIT, PAGE_READWRITE);
    static int arr[2] = { 2, 1 };
    printf("calling qsort with 4 bytes of stack left\n");
    fflush(stdout);
    /* 4 arguments + the return address leave ESP at page + 4 inside qsort */
    call_on_stack(page + 24, (void *)qsort, arr, (void *)cmp);
    printf("not reached: %d %d\n", arr[0], arr[1]);
    return 0;
}
