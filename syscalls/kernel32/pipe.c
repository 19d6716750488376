/* kernel32 anonymous pipes: CreatePipe (SECURITY_ATTRIBUTES' bInheritHandle
 * recorded on both handles for child processes) and PeekNamedPipe, over the
 * NT layer's pipe objects. ReadFile, WriteFile, GetFileType, CloseHandle,
 * DuplicateHandle and the waits treat a pipe end as any other handle. */
#include "core/handles.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/struct32.h"
#include "syscalls/ntdll/pipe.h"
#include "syscalls/win32_errors.h"

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

uint64_t kernel32_CreatePipe(struct thunk_call *c)
{
    API_ARGS(kernel32, CreatePipe, a);
    gaddr out_r = a.hReadPipe, out_w = a.hWritePipe, sa_ptr = a.lpPipeAttributes;
    SECURITY_ATTRIBUTES32 sa = { 0 };
    if (sa_ptr && !gm_read(sa_ptr, &sa, sizeof sa))
        return fail(ERROR_NOACCESS);
    if (!gm_writable(out_r, 4) || !gm_writable(out_w, 4))
        return fail(ERROR_NOACCESS);
    uint32_t r, w;
    NTSTATUS st = nt_pipe_create(a.nSize, sa.bInheritHandle != 0, &r, &w);
    if (st != STATUS_SUCCESS)
        return fail(ntstatus_to_win32(st));
    gm_write_u32(out_r, r);
    gm_write_u32(out_w, w);
    return 1;
}

static bool put_optional(gaddr p, uint32_t v)
{
    return !p || gm_write_u32(p, v);
}

uint64_t kernel32_PeekNamedPipe(struct thunk_call *c)
{
    API_ARGS(kernel32, PeekNamedPipe, a);
    struct handle_obj *o = kernel32_io_handle(a.hNamedPipe);
    gaddr buf = a.lpBuffer, out_read = a.lpBytesRead, out_avail = a.lpTotalBytesAvail,
          out_left = a.lpBytesLeftThisMessage;
    uint32_t size = buf ? a.nBufferSize : 0;
    if (!o)
        return fail(ERROR_INVALID_HANDLE);
    if (size && !gm_writable(buf, size))
        return fail(ERROR_NOACCESS);
    uint32_t copied, avail;
    NTSTATUS st = nt_pipe_peek(o, buf, size, &copied, &avail);
    if (st != STATUS_SUCCESS)
        return fail(ntstatus_to_win32(st));
    /* byte-mode pipes have no messages: nothing is left of one */
    if (!put_optional(out_read, copied) || !put_optional(out_avail, avail) || !put_optional(out_left, 0))
        return fail(ERROR_NOACCESS);
    return 1;
}
