/* msvcrt's register-argument math helpers as guest code: the _CI*
 * intrinsics take their operands on the x87 stack (st0, and st1 for the
 * two-operand ones, which compute f(st1, st0)), pop them and leave the
 * result in st0; _ftol truncates st0 to a 64-bit integer in edx:eax. A
 * handler cannot read the x87 stack, so each _CI* entry stores its operands
 * as doubles and calls msvcrt's export of the plain name (sqrt, pow...)
 * through its import slot: the result, errno and _matherr are that
 * function's. */
#include "syscalls/guest/wg.h"

WG_IMPORT(msvcrt, acos, double, CDECL, (double));
WG_IMPORT(msvcrt, asin, double, CDECL, (double));
WG_IMPORT(msvcrt, atan, double, CDECL, (double));
WG_IMPORT(msvcrt, atan2, double, CDECL, (double, double));
WG_IMPORT(msvcrt, cos, double, CDECL, (double));
WG_IMPORT(msvcrt, cosh, double, CDECL, (double));
WG_IMPORT(msvcrt, exp, double, CDECL, (double));
WG_IMPORT(msvcrt, fmod, double, CDECL, (double, double));
WG_IMPORT(msvcrt, log, double, CDECL, (double));
WG_IMPORT(msvcrt, log10, double, CDECL, (double));
WG_IMPORT(msvcrt, pow, double, CDECL, (double, double));
WG_IMPORT(msvcrt, sin, double, CDECL, (double));
WG_IMPORT(msvcrt, sinh, double, CDECL, (double));
WG_IMPORT(msvcrt, sqrt, double, CDECL, (double));
WG_IMPORT(msvcrt, tan, double, CDECL, (double));
WG_IMPORT(msvcrt, tanh, double, CDECL, (double));

/* st0 popped into the argument slot, then the plain function. */
#define CI_UNARY(name)                           \
    ".globl _msvcrt__CI" #name "\n"              \
    "_msvcrt__CI" #name ":\n\t"                  \
    "subl $8, %esp\n\t"                          \
    "fstpl (%esp)\n\t"                           \
    "call *_wg_imp_msvcrt_" #name "\n\t"         \
    "addl $8, %esp\n\t"                          \
    "ret\n"

/* f(st1, st0): st0 is the second argument. */
#define CI_BINARY(name)                          \
    ".globl _msvcrt__CI" #name "\n"              \
    "_msvcrt__CI" #name ":\n\t"                  \
    "subl $16, %esp\n\t"                         \
    "fstpl 8(%esp)\n\t"                          \
    "fstpl (%esp)\n\t"                           \
    "call *_wg_imp_msvcrt_" #name "\n\t"         \
    "addl $16, %esp\n\t"                         \
    "ret\n"

__asm__(".text\n" CI_UNARY(acos) CI_UNARY(asin) CI_UNARY(atan) CI_BINARY(atan2) CI_UNARY(cos)
            CI_UNARY(cosh) CI_UNARY(exp) CI_BINARY(fmod) CI_UNARY(log) CI_UNARY(log10) CI_BINARY(pow)
                CI_UNARY(sin) CI_UNARY(sinh) CI_UNARY(sqrt) CI_UNARY(tan) CI_UNARY(tanh)
        /* _ftol: st0 rounded toward zero whatever the control word says */
        ".globl _msvcrt__ftol\n"
        "_msvcrt__ftol:\n\t"
        "subl $12, %esp\n\t"
        "fnstcw 8(%esp)\n\t"
        "movw 8(%esp), %ax\n\t"
        "orw $0x0C00, %ax\n\t"
        "movw %ax, 10(%esp)\n\t"
        "fldcw 10(%esp)\n\t"
        "fistpll (%esp)\n\t"
        "fldcw 8(%esp)\n\t"
        "movl (%esp), %eax\n\t"
        "movl 4(%esp), %edx\n\t"
        "addl $12, %esp\n\t"
        "ret\n");
