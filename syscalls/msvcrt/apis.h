/* msvcrt exports implemented by wowbox, one list per concern: one
 * API(name, args, ret) or DATA(name, size, init) line each. */
#include "syscalls/msvcrt/startup_apis.h"
#include "syscalls/msvcrt/stdio_apis.h"
#include "syscalls/msvcrt/lowio_apis.h"
#include "syscalls/msvcrt/string_apis.h"
#include "syscalls/msvcrt/heap_apis.h"
#include "syscalls/msvcrt/math_apis.h"
#include "syscalls/msvcrt/misc_apis.h"
#include "syscalls/msvcrt/thread_apis.h"
#include "syscalls/msvcrt/errmsg_apis.h"
#include "syscalls/msvcrt/process_apis.h"
#include "syscalls/msvcrt/sort_apis.h"
#include "syscalls/msvcrt/mbstate_apis.h"
