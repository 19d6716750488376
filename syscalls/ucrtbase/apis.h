/* ucrtbase exports with a Universal-CRT-only or UCRT-specific implementation,
 * one API(name, args, ret) line each. Every other export that msvcrt
 * implements under the same name is served by msvcrt's handler (the
 * builtin DLL's `shares`, syscalls/builtin_dlls.c): one C runtime. */
#include "syscalls/ucrtbase/startup_apis.h"
#include "syscalls/ucrtbase/stdio_apis.h"
#include "syscalls/ucrtbase/misc_apis.h"
#include "syscalls/ucrtbase/wctype_apis.h"
#include "syscalls/ucrtbase/terminate_apis.h"
#include "syscalls/ucrtbase/abort_apis.h"
#include "syscalls/ucrtbase/time_apis.h"
#include "syscalls/ucrtbase/seh4_apis.h"
