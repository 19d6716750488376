/* SEH3, the __try frames of programs built by Visual C++ before 2005
 * (_except_handler3): the frame and its scope table, declared once for the
 * guest code (syscalls/msvcrt/guest/seh3.c). SEH4 (vcruntime140/struct32.h)
 * is the same frame with the scope table XORed with the security cookie. */
#ifndef WOWBOX_SYSCALLS_MSVCRT_SEH3_STRUCT32_H
#define WOWBOX_SYSCALLS_MSVCRT_SEH3_STRUCT32_H

#include <stddef.h>
#include <stdint.h>

#include "syscalls/struct32_pin.h"

#define EH3_TOPMOST_LEVEL 0xFFFFFFFFu /* TRYLEVEL_NONE: outside every __try */

typedef struct {
    uint32_t previousTryLevel; /* the enclosing __try, or EH3_TOPMOST_LEVEL */
    uint32_t lpfnFilter;       /* 0: a __finally block */
    uint32_t lpfnHandler;      /* __except block or __finally funclet */
} EH3_SCOPETABLE_ENTRY32;
PIN(EH3_SCOPETABLE_ENTRY32, lpfnFilter, 4);
PIN(EH3_SCOPETABLE_ENTRY32, lpfnHandler, 8);
PIN_SIZE(EH3_SCOPETABLE_ENTRY32, 12);

/* The frame below the function's ebp: EstablisherFrame points at `next`. */
typedef struct {
    uint32_t savedEsp;          /* [ebp-18h], restored by the __except block */
    uint32_t exceptionPointers; /* [ebp-14h], EXCEPTION_POINTERS * for GetExceptionInformation */
    uint32_t next;              /* [ebp-10h], EXCEPTION_REGISTRATION_RECORD */
    uint32_t handler;           /* [ebp-0Ch], _except_handler3 */
    uint32_t scopeTable;        /* [ebp-08h], EH3_SCOPETABLE_ENTRY32[] */
    uint32_t tryLevel;          /* [ebp-04h] */
} EH3_FRAME32;
PIN(EH3_FRAME32, exceptionPointers, 4);
PIN(EH3_FRAME32, next, 8);
PIN(EH3_FRAME32, handler, 12);
PIN(EH3_FRAME32, scopeTable, 16);
PIN(EH3_FRAME32, tryLevel, 20);
PIN_SIZE(EH3_FRAME32, 24);
#define EH3_FRAME_FROM_REGISTRATION(rn) ((rn) - 8u)
#define EH3_FRAME_EBP(rn) ((rn) + 16u)

#endif
