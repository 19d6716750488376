/* Start and exit work of the syscalls layer for one process. */
#include "syscalls/process_hooks.h"

#include <stdio.h>

#include "core/process.h"
#include "syscalls/codepage.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/process_create.h"
#include "syscalls/msvcrt/state.h"
#include "syscalls/ntdll/process_list.h"
#include "syscalls/unimplemented.h"

bool process_hooks_start(char *err, size_t errsz)
{
    if (!kernel32_std_handles_init()) {
        snprintf(err, errsz, "cannot create the standard handles");
        return false;
    }
    if (!cp_install(proc->opt.acp ? proc->opt.acp : 1252, proc->opt.oemcp ? proc->opt.oemcp : 437)) {
        snprintf(err, errsz, "the code pages %u,%u have no conversion tables (the host's iconv)",
                 proc->opt.acp ? proc->opt.acp : 1252, proc->opt.oemcp ? proc->opt.oemcp : 437);
        return false;
    }
    unimplemented_set_crt_errno = msvcrt_set_errno;
    nt_process_list_hook = k32_process_list_fill;
    return msvcrt_process_start(err, errsz);
}

void process_hooks_exit(void)
{
    msvcrt_flush_all();
}
