/* msvcrt scanf-family engine: parses guest input like 32-bit msvcrt.dll's scanf and stores
 * results through guest pointers taken from the call's varargs. */
#ifndef WOWBOX_SYSCALLS_MSVCRT_SCAN_H
#define WOWBOX_SYSCALLS_MSVCRT_SCAN_H

#include "syscalls/format.h"     /* struct crt_args */

struct crt_input {                 /* character source for scanf */
    void *ctx;
    int (*get)(void *ctx);         /* next byte or -1 at end */
    void (*unget)(void *ctx, int c);    /* push back the byte get() just returned */
};

/* scanf: returns number of assigned fields, or -1 (EOF) if input ended before the first
 * conversion or match, as msvcrt does. Also -1 if storing a result into guest memory fails
 * (real msvcrt would fault there). */
int crt_scan(struct crt_input *in, const char *fmt, struct crt_args *args);

#endif
