/* ntdll exports implemented by wowbox: one API(name, args, ret) line each
 * (see syscalls/api.h for the signature letters). */
#include "syscalls/apis/ntdll_version.h"
#include "syscalls/apis/ntdll_memory.h"
#include "syscalls/apis/ntdll_exception.h"
