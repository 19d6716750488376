/* msvcrt exports implemented by wowbox, one list per concern: one
 * API(name, args, ret) or DATA(name, size, init) line each. */
#include "syscalls/apis/msvcrt_startup.h"
#include "syscalls/apis/msvcrt_stdio.h"
#include "syscalls/apis/msvcrt_lowio.h"
#include "syscalls/apis/msvcrt_string.h"
#include "syscalls/apis/msvcrt_heap.h"
#include "syscalls/apis/msvcrt_math.h"
#include "syscalls/apis/msvcrt_misc.h"
#include "syscalls/apis/msvcrt_thread.h"
