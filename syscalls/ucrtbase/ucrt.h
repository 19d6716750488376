/* What ucrtbase's handler files share. */
#ifndef WOWBOX_SYSCALLS_UCRTBASE_UCRT_H
#define WOWBOX_SYSCALLS_UCRTBASE_UCRT_H

#include <stdbool.h>

struct thunk_call;

/* The invalid-parameter protocol: the handler set by
 * _set_invalid_parameter_handler runs and true comes back (the CRT function
 * then returns its error); with none, the process ends (false: the caller
 * must return at once). */
bool ucrt_invalid_parameter(struct thunk_call *c);

#endif
