/* kernel32 exports implemented by wowbox, one list per concern: one
 * API(name, args, ret) line each (see syscalls/api.h for the letters). */
#include "syscalls/apis/kernel32_process.h"
#include "syscalls/apis/kernel32_leaf.h"
#include "syscalls/apis/kernel32_module.h"
#include "syscalls/apis/kernel32_memory.h"
#include "syscalls/apis/kernel32_sync.h"
#include "syscalls/apis/kernel32_file.h"
#include "syscalls/apis/kernel32_fs.h"
#include "syscalls/apis/kernel32_string.h"
#include "syscalls/apis/kernel32_env.h"
#include "syscalls/apis/kernel32_time.h"
#include "syscalls/apis/kernel32_sysinfo.h"
#include "syscalls/apis/kernel32_debug.h"
