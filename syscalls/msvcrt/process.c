/* msvcrt's system(): runs `%COMSPEC% /c command`. This Windows has no
 * command interpreter and no CreateProcess yet (the child-process issue
 * adds them), so system(NULL) truthfully answers "no command processor"
 * and a command fails the way msvcrt fails when COMSPEC cannot be run. */
#include "syscalls/api.h"
#include "syscalls/msvcrt/api_args.h"
#include "syscalls/msvcrt/lowio.h"
#include "syscalls/msvcrt/state.h"

static uint64_t run_command(gaddr command)
{
    if (!command)
        return 0; /* no command processor */
    msvcrt_set_errno(CRT_ENOENT);
    return (uint32_t)-1;
}

uint64_t msvcrt_system(struct thunk_call *c)
{
    API_ARGS(msvcrt, system, a);
    return run_command(a.command);
}

uint64_t msvcrt__wsystem(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wsystem, a);
    return run_command(a.command);
}
