/* ntdll version queries: the real Windows 10 numbers from the PEB, which
 * the compatibility shim behind kernel32!GetVersionEx does not touch. */
#include "core/ntstatus.h"
#include "core/process.h"
#include "loader/peb.h"
#include "syscalls/api.h"
#include "syscalls/ntdll/api_args.h"
#include "syscalls/ntdll/struct32_system.h"

#define VER_SUITE_SINGLEUSERTS 0x0100u
#define VER_NT_WORKSTATION 1u

static uint32_t peb_u32(uint32_t off)
{
    uint32_t v = 0;
    gm_read_u32(proc->peb + off, &v);
    return v;
}

static uint32_t peb_build(void)
{
    uint16_t b = 0;
    gm_read_u16(proc->peb + PEB_OS_BUILD, &b);
    return b;
}

/* RTL_OSVERSIONINFOW or RTL_OSVERSIONINFOEXW, as dwOSVersionInfoSize says. */
uint64_t ntdll_RtlGetVersion(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlGetVersion, a);
    uint32_t size;
    if (!gm_read_u32(a.lpVersionInformation, &size)) /* dwOSVersionInfoSize */
        return STATUS_ACCESS_VIOLATION;
    OSVERSIONINFOEXW32 v = {
        .dwOSVersionInfoSize = size, .dwMajorVersion = peb_u32(PEB_OS_MAJOR),
        .dwMinorVersion = peb_u32(PEB_OS_MINOR), .dwBuildNumber = peb_build(),
        .dwPlatformId = peb_u32(PEB_OS_PLATFORM),
        .wSuiteMask = VER_SUITE_SINGLEUSERTS, .wProductType = VER_NT_WORKSTATION,
    };
    if (size != OSVERSIONINFOW32_SIZE && size != sizeof v)
        return STATUS_INVALID_PARAMETER;
    return gm_write(a.lpVersionInformation, &v, size) ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
}

/* Undocumented but widely used: the build comes with 0xF0000000 set, the
 * mark of a free (retail) build. Each pointer is optional. */
uint64_t ntdll_RtlGetNtVersionNumbers(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlGetNtVersionNumbers, a);
    if (a.MajorVersion)
        gm_write_u32(a.MajorVersion, peb_u32(PEB_OS_MAJOR));
    if (a.MinorVersion)
        gm_write_u32(a.MinorVersion, peb_u32(PEB_OS_MINOR));
    if (a.BuildNumber)
        gm_write_u32(a.BuildNumber, 0xF0000000u | peb_build());
    return 0;
}
