/* errno → NTSTATUS and NTSTATUS → CRT errno, as tables (see status.h). */
#include "syscalls/ntdll/status.h"

#include <errno.h>
#include <stddef.h>

static const struct { int host; NTSTATUS status; } from_errno[] = {
    { ENOENT, STATUS_OBJECT_NAME_NOT_FOUND },
    { ENOTDIR, STATUS_OBJECT_PATH_NOT_FOUND },
    { ELOOP, STATUS_OBJECT_PATH_NOT_FOUND },
    { EACCES, STATUS_ACCESS_DENIED },
    { EPERM, STATUS_ACCESS_DENIED },
    { EROFS, STATUS_ACCESS_DENIED },
    { ETXTBSY, STATUS_SHARING_VIOLATION },
    { EISDIR, STATUS_FILE_IS_A_DIRECTORY },
    { EEXIST, STATUS_OBJECT_NAME_COLLISION },
    { EBADF, STATUS_INVALID_HANDLE },
    { ENOMEM, STATUS_NO_MEMORY },
    { ENOSPC, STATUS_DISK_FULL },
    { EFBIG, STATUS_DISK_FULL },
    { EDQUOT, STATUS_DISK_FULL },
    { EMFILE, STATUS_TOO_MANY_OPENED_FILES },
    { ENFILE, STATUS_TOO_MANY_OPENED_FILES },
    { EPIPE, STATUS_PIPE_BROKEN },
    { ENOTEMPTY, STATUS_DIRECTORY_NOT_EMPTY },
    { EINVAL, STATUS_INVALID_PARAMETER },
    { ESPIPE, STATUS_INVALID_PARAMETER },
    { ENAMETOOLONG, STATUS_NAME_TOO_LONG },
    { EXDEV, STATUS_NOT_SAME_DEVICE },
    { EBUSY, STATUS_DEVICE_BUSY },
    { ENXIO, STATUS_NO_SUCH_DEVICE },
    { ENODEV, STATUS_NO_SUCH_DEVICE },
};

NTSTATUS nt_status_from_errno(int host_errno)
{
    for (size_t i = 0; i < sizeof from_errno / sizeof from_errno[0]; i++)
        if (from_errno[i].host == host_errno)
            return from_errno[i].status;
    return STATUS_INVALID_DEVICE_REQUEST; /* ERROR_INVALID_FUNCTION above */
}

/* msvcrt's errno numbers (errno.h of the Microsoft CRT). */
enum { CRT_ENOENT = 2, CRT_EBADF = 9, CRT_ENOMEM = 12, CRT_EACCES = 13, CRT_EEXIST = 17,
       CRT_EXDEV = 18, CRT_EINVAL = 22, CRT_EMFILE = 24, CRT_ENOSPC = 28, CRT_EPIPE = 32,
       CRT_ENAMETOOLONG = 38, CRT_ENOTEMPTY = 41 };

static const struct { NTSTATUS status; int crt; } to_crt[] = {
    { STATUS_OBJECT_NAME_NOT_FOUND, CRT_ENOENT },
    { STATUS_OBJECT_PATH_NOT_FOUND, CRT_ENOENT },
    { STATUS_NO_SUCH_FILE, CRT_ENOENT },
    { STATUS_NO_MORE_FILES, CRT_ENOENT },
    { STATUS_OBJECT_NAME_INVALID, CRT_ENOENT },
    { STATUS_OBJECT_PATH_SYNTAX_BAD, CRT_ENOENT },
    { STATUS_ACCESS_DENIED, CRT_EACCES },
    { STATUS_FILE_IS_A_DIRECTORY, CRT_EACCES },
    { STATUS_CANNOT_DELETE, CRT_EACCES },
    { STATUS_DELETE_PENDING, CRT_EACCES },
    { STATUS_SHARING_VIOLATION, CRT_EACCES },
    { STATUS_FILE_LOCK_CONFLICT, CRT_EACCES },
    { STATUS_LOCK_NOT_GRANTED, CRT_EACCES },
    { STATUS_MEDIA_WRITE_PROTECTED, CRT_EACCES },
    { STATUS_OBJECT_NAME_COLLISION, CRT_EEXIST },
    { STATUS_INVALID_HANDLE, CRT_EBADF },
    { STATUS_OBJECT_TYPE_MISMATCH, CRT_EBADF },
    { STATUS_NO_MEMORY, CRT_ENOMEM },
    { STATUS_NOT_SAME_DEVICE, CRT_EXDEV },
    { STATUS_INVALID_PARAMETER, CRT_EINVAL },
    { STATUS_TOO_MANY_OPENED_FILES, CRT_EMFILE },
    { STATUS_DISK_FULL, CRT_ENOSPC },
    { STATUS_PIPE_BROKEN, CRT_EPIPE },
    { STATUS_NAME_TOO_LONG, CRT_ENOENT },
    { STATUS_DIRECTORY_NOT_EMPTY, CRT_ENOTEMPTY },
    { STATUS_NOT_A_DIRECTORY, CRT_EINVAL },
};

int nt_status_to_crt_errno(NTSTATUS status)
{
    if (NT_SUCCESS(status))
        return 0;
    for (size_t i = 0; i < sizeof to_crt / sizeof to_crt[0]; i++)
        if (to_crt[i].status == status)
            return to_crt[i].crt;
    return CRT_EINVAL; /* msvcrt's default for unmapped errors */
}
