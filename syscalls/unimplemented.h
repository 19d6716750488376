/* Exports nobody implemented: the failure each one returns (from its return
 * type, one table) and the coverage listing of --list-unimplemented. */
#ifndef WOWBOX_SYSCALLS_UNIMPLEMENTED_H
#define WOWBOX_SYSCALLS_UNIMPLEMENTED_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "syscalls/api.h"

struct api_failure {
    uint64_t value;       /* edx:eax */
    bool nan;             /* floating result: st0 = NaN */
    uint32_t last_error;  /* GetLastError()/WSAGetLastError() afterwards */
    int crt_errno;        /* msvcrt errno afterwards; 0 = untouched */
    char ret;             /* trace letter of the value (syscalls/api.h) */
    const char *says;     /* the value for people: "STATUS_NOT_IMPLEMENTED" */
};

/* Sets msvcrt's errno for the calling thread (msvcrt sits above this layer:
 * process_hooks_start hands it in). */
extern void (*unimplemented_set_crt_errno)(int e);
/* The row for a failure class; NULL for API_FAIL_DATA and out of range. */
const struct api_failure *api_failure_of(enum api_fail fail);
/* Fails the call as its export's class says: sets the last error, errno and
 * st0 as the row asks and returns edx:eax. */
uint64_t unimplemented_fail(struct thunk_call *c);
/* Prints, per DLL of dlls (or only dll: "kernel32" or "kernel32.dll"), the
 * exports without an implementation; returns false for an unknown dll. */
bool list_unimplemented(FILE *out, const struct builtin_dll *const *dlls, size_t count, const char *dll);

#endif
