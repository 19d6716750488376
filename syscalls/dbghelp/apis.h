/* dbghelp exports implemented by wowbox: one API(name, args, ret) line each
 * (see syscalls/api.h for the signature letters). */
#include "syscalls/dbghelp/symbols_apis.h"
#include "syscalls/dbghelp/walk_apis.h"
#include "syscalls/dbghelp/image_apis.h"
#include "syscalls/dbghelp/undname_apis.h"
