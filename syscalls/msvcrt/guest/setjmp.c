/* msvcrt's _setjmp, _setjmp3 and longjmp as guest code: the registers are
 * the guest's own, so saving and restoring them needs no thunk. The buffer
 * is msvcrt's _JUMP_BUFFER (syscalls/msvcrt/struct32.h): the caller's
 * callee-saved registers, its esp and eip as they are once the call has
 * returned, the SEH frame current then and, for an _except_handler3 frame,
 * its try level. longjmp cuts the SEH chain back to that frame without
 * running the unwind handlers of the frames in between (mingw's C code
 * registers none), as the host version did. */
#include "syscalls/guest/wg.h"

#include "syscalls/msvcrt/struct32.h"

#define JMP_COOKIE 0x56433230u /* "VC20" */
#define NO_FRAME 0xFFFFFFFFu

PIN(JUMP_BUFFER32, Ebp, 0);
PIN(JUMP_BUFFER32, Ebx, 4);
PIN(JUMP_BUFFER32, Edi, 8);
PIN(JUMP_BUFFER32, Esi, 12);
PIN(EH3_REGISTRATION32, TryLevel, 12);

/* The try level of an _except_handler3 frame, or NO_FRAME without one. */
uint32_t CDECL msvcrt_setjmp_try_level(uint32_t registration)
{
    return registration == NO_FRAME ? NO_FRAME : (uint32_t)((const EH3_REGISTRATION32 *)registration)->TryLevel;
}

/* _setjmp3's variadic tail: [unwind function, try level, unwind data...],
 * `count` of them. Entered by a jump from _setjmp3 with its stack. */
uint32_t CDECL msvcrt_setjmp3_tail(JUMP_BUFFER32 *jb, uint32_t count, uint32_t unwind_func, uint32_t try_level,
                                   uint32_t d0, uint32_t d1, uint32_t d2, uint32_t d3, uint32_t d4, uint32_t d5)
{
    const uint32_t data[6] = { d0, d1, d2, d3, d4, d5 };
    jb->Cookie = JMP_COOKIE;
    jb->UnwindFunc = count > 0 ? unwind_func : 0;
    if (count > 1 && jb->Registration != NO_FRAME)
        jb->TryLevel = try_level;
    for (uint32_t i = 0; i + 2 < count && i < 6; i++)
        jb->UnwindData[i] = data[i];
    return 0;
}

/* The register part, shared by both: edx = the buffer, [esp] = the return
 * address, [esp + 4] = the buffer argument. */
#define SAVE_REGISTERS                               \
    "movl 4(%esp), %edx\n\t"                         \
    "movl %ebp, 0(%edx)\n\t"                         \
    "movl %ebx, 4(%edx)\n\t"                         \
    "movl %edi, 8(%edx)\n\t"                         \
    "movl %esi, 12(%edx)\n\t"                        \
    "leal 4(%esp), %ecx\n\t"                         \
    "movl %ecx, 16(%edx)\n\t"                        \
    "movl (%esp), %ecx\n\t"                          \
    "movl %ecx, 20(%edx)\n\t"                        \
    "movl %fs:0, %ecx\n\t"                           \
    "movl %ecx, 24(%edx)\n\t"                        \
    "pushl %edx\n\t"                                 \
    "pushl %ecx\n\t"                                 \
    "call _msvcrt_setjmp_try_level\n\t"              \
    "addl $4, %esp\n\t"                              \
    "popl %edx\n\t"                                  \
    "movl %eax, 28(%edx)\n\t"

__asm__(".text\n"
        ".globl _msvcrt__setjmp\n"
        "_msvcrt__setjmp:\n\t" SAVE_REGISTERS
        "xorl %eax, %eax\n\t"
        "ret\n"
        ".globl _msvcrt__setjmp3\n"
        "_msvcrt__setjmp3:\n\t" SAVE_REGISTERS
        "jmp _msvcrt_setjmp3_tail\n"
        /* longjmp(buf, value): the saved registers, the SEH chain as it was,
         * and a return from the setjmp call with value (1 for 0) */
        ".globl _msvcrt_longjmp\n"
        "_msvcrt_longjmp:\n\t"
        "movl 4(%esp), %edx\n\t"
        "movl 8(%esp), %eax\n\t"
        "testl %eax, %eax\n\t"
        "jnz 1f\n\t"
        "incl %eax\n"
        "1:\n\t"
        "movl 24(%edx), %ecx\n\t"
        "movl %ecx, %fs:0\n\t"
        "movl 0(%edx), %ebp\n\t"
        "movl 4(%edx), %ebx\n\t"
        "movl 8(%edx), %edi\n\t"
        "movl 12(%edx), %esi\n\t"
        "movl 16(%edx), %esp\n\t"
        "jmp *20(%edx)\n");
