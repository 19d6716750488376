/* wsock32 exports implemented by wowbox itself; every other export that
 * ws2_32 has under the same name is a forwarder to it (builtin_dlls.c),
 * as on Windows. */
#include "syscalls/wsock32/options_apis.h"
