/* setupapi exports implemented by wowbox, one list per concern: one
 * API(name, args, ret) line each (see syscalls/api.h for the letters). */
#include "syscalls/setupapi/compression_apis.h"
#include "syscalls/setupapi/cabinet_apis.h"
