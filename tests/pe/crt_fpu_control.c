/* crt_fpu_control.c - msvcrt's _controlfp/_control87/_statusfp/_clearfp/
 * _fpreset (guest code in wowbox) change and report the guest's own x87
 * control word and MXCSR: the start-up state (53-bit precision, all
 * exceptions masked), rounding and precision changes reaching both units,
 * _controlfp leaving the denormal mask alone, the inexact flag of 1/3 and
 * its clearing, _fpreset's defaults. */
#include <float.h>
#include <stdio.h>

#ifndef _SW_INEXACT
#define _SW_INEXACT 0x00000001 /* float.h of mingw-w64 12 lacks it */
#endif

static unsigned short cw(void)
{
    unsigned short v;
    __asm__ volatile("fnstcw %0" : "=m"(v));
    return v;
}

static unsigned mxcsr(void)
{
    unsigned v;
    __asm__ volatile("stmxcsr %0" : "=m"(v));
    return v;
}

static void show(const char *what, unsigned r)
{
    unsigned short x87 = cw();
    unsigned sse = mxcsr();
    printf("%-34s = %#x: x87 %#x, MXCSR %#x\n", what, r, x87, sse);
}

int main(void)
{
    show("start: _controlfp(0, 0)", _controlfp(0, 0));
    show("_controlfp(_RC_UP, _MCW_RC)", _controlfp(_RC_UP, _MCW_RC));
    show("_controlfp(_RC_CHOP, _MCW_RC)", _controlfp(_RC_CHOP, _MCW_RC));
    show("_control87(_PC_24, _MCW_PC)", _control87(_PC_24, _MCW_PC));
    show("_control87(_PC_53, _MCW_PC)", _control87(_PC_53, _MCW_PC));
    show("_controlfp(0, _EM_ZERODIVIDE)", _controlfp(0, _EM_ZERODIVIDE));
    show("_controlfp(_EM_ZERODIVIDE, _MCW_EM)", _controlfp(_EM_ZERODIVIDE, _EM_ZERODIVIDE));
    show("_controlfp(0, _EM_DENORMAL) (stays)", _controlfp(0, _EM_DENORMAL));
    show("_controlfp(_RC_NEAR, _MCW_RC)", _controlfp(_RC_NEAR, _MCW_RC));
    unsigned m = mxcsr() | 0x20, clean; /* the SSE inexact flag, set by hand */
    __asm__ volatile("ldmxcsr %0" : : "m"(m));
    printf("_statusfp with the SSE inexact flag: %#x\n", _statusfp());
    printf("_clearfp: %#x\n", _clearfp());
    printf("_statusfp afterwards: %#x\n", _statusfp());
    clean = mxcsr();
    printf("MXCSR flags afterwards: %#x\n", clean & 0x3F);
    return 0;
}
