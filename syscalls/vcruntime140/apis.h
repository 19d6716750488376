/* vcruntime140 exports implemented by wowbox, one line each. Its string
 * and memory functions (memcpy, strchr, wcsstr...) are msvcrt's: the
 * builtin DLL's `shares` (syscalls/builtin_dlls.c) serves every export
 * msvcrt implements under the same name. */
#include "syscalls/vcruntime140/eh_apis.h"
#include "syscalls/vcruntime140/runtime_apis.h"
