/* netapi32 exports implemented by wowbox: one API(name, args, ret) line each
 * (see syscalls/api.h for the signature letters). */
#include "syscalls/netapi32/buffer_apis.h"
#include "syscalls/netapi32/info_apis.h"
