/* kernel32!BaseThreadInitThunk as guest code: every thread's start routine,
 * the program's entry point included, is called from here, so the return
 * address a thread finds on its stack lies in kernel32's image as on
 * Windows (packers scan down from it for kernel32's MZ header). */
#include "syscalls/guest/wg.h"

WG_IMPORT(kernel32, ExitProcess, void, WINAPI, (uint32_t code));
WG_IMPORT(kernel32, ExitThread, void, WINAPI, (uint32_t code));

/* Windows' x86 convention: ecx = RunProcessInit (nonzero for the process's
 * first thread), edx = the start routine, [esp + 4] = its parameter. It
 * never returns: the start routine's result ends the thread, or the
 * process for its first thread (what the program's entry point returns is
 * the exit code, as mingw and MSVC start-up code both expect). Aligned to
 * 256 so that the low byte of the return address the start routine finds
 * is fixed (9): a program that hands it to ExitProcess, as ClamAV's clam.exe
 * does, exits with the same status however kernel32's guest code grows. */
__asm__(".text\n"
        ".p2align 8\n"
        ".globl _kernel32_BaseThreadInitThunk@4\n"
        "_kernel32_BaseThreadInitThunk@4:\n\t"
        "pushl %ebp\n\t"
        "movl %esp, %ebp\n\t"
        "pushl %ecx\n\t"
        "pushl 8(%ebp)\n\t"
        "call *%edx\n\t"           /* stdcall or cdecl: esp is not used after */
        "pushl %eax\n\t"
        "cmpl $0, -4(%ebp)\n\t"
        "je 1f\n\t"
        "call *_wg_imp_kernel32_ExitProcess\n"
        "1:\n\t"
        "call *_wg_imp_kernel32_ExitThread\n\t"
        "hlt\n");
