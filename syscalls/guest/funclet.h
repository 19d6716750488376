/* Funclets of Visual C++ frames (SEH filters, __except and __finally
 * blocks, unwind actions, catch blocks): code of a function that addresses
 * the function's locals through ebp, called or jumped to from a handler. */
#ifndef WOWBOX_SYSCALLS_GUEST_FUNCLET_H
#define WOWBOX_SYSCALLS_GUEST_FUNCLET_H

#include <stdint.h>

/* Calls funclet fn with the frame pointer ebp; returns its eax. */
static inline uint32_t call_with_ebp(uint32_t fn, uint32_t ebp)
{
    uint32_t ret;
    __asm__ volatile("pushl %%ebp\n\t"
                     "movl %%ecx, %%ebp\n\t"
                     "call *%%eax\n\t"
                     "popl %%ebp"
                     : "=a"(ret), "+c"(ebp)
                     : "0"(fn)
                     : "ebx", "edx", "esi", "edi", "memory", "cc");
    return ret;
}

/* Jumps to an __except block, which restores esp from its own frame
 * ([ebp-18h]), abandoning everything below (the dispatcher, the handler). */
static inline __attribute__((noreturn)) void jump_with_ebp(uint32_t to, uint32_t ebp)
{
    __asm__ volatile("movl %%ecx, %%ebp\n\t"
                     "jmp *%%eax"
                     :
                     : "a"(to), "c"(ebp)
                     : "memory");
    __builtin_unreachable();
}

#endif
