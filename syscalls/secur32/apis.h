/* secur32 exports implemented by wowbox: one API(name, args, ret) line each
 * (see syscalls/api.h for the signature letters). */
#include "syscalls/secur32/names_apis.h"
