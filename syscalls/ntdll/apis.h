/* ntdll exports implemented by wowbox: one API(name, args, ret) line each
 * (see syscalls/api.h for the signature letters). */
#include "syscalls/ntdll/version_apis.h"
#include "syscalls/ntdll/memory_apis.h"
#include "syscalls/ntdll/exception_apis.h"
#include "syscalls/ntdll/registry_apis.h"
#include "syscalls/ntdll/file_apis.h"
#include "syscalls/ntdll/rtl_apis.h"
#include "syscalls/ntdll/slist_apis.h"
#include "syscalls/ntdll/wow64_fs_apis.h"
#include "syscalls/ntdll/pointer_apis.h"
#include "syscalls/ntdll/crt_apis.h"
#include "syscalls/ntdll/sysinfo_apis.h"
#include "syscalls/ntdll/bulk_copy_apis.h"
