/* msvcrt exports implemented by wowbox, one list per concern: one
 * API(name, args, ret) or DATA(name, size, init) line each. */
#include "syscalls/apis/msvcrt_startup.h"
#include "syscalls/apis/msvcrt_stdio.h"
