/* rpcrt4 exports implemented by wowbox: one API(name, args, ret) line each
 * (see syscalls/api.h for the signature letters). */
#include "syscalls/rpcrt4/uuid_apis.h"
