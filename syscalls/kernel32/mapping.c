/* kernel32 file mappings: CreateFileMapping, OpenFileMapping, MapViewOfFile
 * and friends as thin layers over ntdll's section services, as kernelbase
 * does it (protections to section access, FILE_MAP_* to view protections,
 * NTSTATUS to the Win32 error). */
#include <stdlib.h>

#include "core/handles.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/objects.h"
#include "syscalls/ntdll/nt_section.h"
#include "syscalls/ntdll/status.h"
#include "syscalls/win32_errors.h"

#define FILE_MAP_COPY    0x01u
#define FILE_MAP_WRITE   0x02u
#define FILE_MAP_READ    0x04u
#define FILE_MAP_EXECUTE 0x20u

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

/* The section access a mapping handle gets for its page protection. */
static uint32_t access_for_protection(uint32_t prot)
{
    uint32_t access = SECTION_QUERY | SECTION_MAP_READ;
    switch (prot & 0xFFu) {
    case PAGE_READWRITE: return access | SECTION_MAP_WRITE | SECTION_EXTEND_SIZE;
    case PAGE_EXECUTE_READ: case PAGE_EXECUTE_WRITECOPY: return access | SECTION_MAP_EXECUTE;
    case PAGE_EXECUTE_READWRITE: return access | SECTION_MAP_WRITE | SECTION_MAP_EXECUTE | SECTION_EXTEND_SIZE;
    default: return access;
    }
}

static uint64_t create_mapping(uint32_t file, gaddr sa, uint32_t protect, uint64_t size, gaddr name_ptr, bool wide)
{
    bool inherit;
    if (file == 0)
        return fail(ERROR_INVALID_HANDLE);
    if (!k32_sa_inherit(sa, &inherit))
        return fail(ERROR_NOACCESS);
    uint32_t err;
    char *name = kobj_name_key(name_ptr, wide, &err);
    if (err)
        return fail(err);
    uint32_t attrs = protect & ~0xFFu;
    if (!(attrs & (SEC_IMAGE | SEC_RESERVE | SEC_COMMIT)))
        attrs |= SEC_COMMIT;
    struct nt_section_create req = {
        .name = name, .access = access_for_protection(protect), .size = size, .prot = protect & 0xFFu,
        .attrs = attrs, .file = file == INVALID_HANDLE_VALUE ? 0 : file,
    };
    uint32_t h = 0;
    NTSTATUS st = nt_create_section(&req, &h);
    free(name);
    if (!NT_SUCCESS(st))
        return fail(ntstatus_to_win32(st));
    teb_set_last_error(st == STATUS_OBJECT_NAME_EXISTS ? ERROR_ALREADY_EXISTS : ERROR_SUCCESS);
    return k32_handle_inherit(h, inherit);
}

static uint64_t open_mapping(uint32_t access, bool inherit, gaddr name_ptr, bool wide)
{
    uint32_t err;
    char *name = kobj_name_key(name_ptr, wide, &err);
    if (err)
        return fail(err);
    if (!name)
        return fail(ERROR_INVALID_PARAMETER);
    uint32_t h = 0;
    /* FILE_MAP_ALL_ACCESS is SECTION_ALL_ACCESS; FILE_MAP_COPY asks to read */
    if (access & FILE_MAP_COPY)
        access |= SECTION_MAP_READ;
    NTSTATUS st = nt_open_section(name, access, &h);
    free(name);
    return NT_SUCCESS(st) ? k32_handle_inherit(h, inherit) : fail(ntstatus_to_win32(st));
}

/* FILE_MAP_* to the view's page protection. */
static uint32_t view_protection(uint32_t access)
{
    uint32_t prot = access & FILE_MAP_WRITE ? PAGE_READWRITE
                  : access & FILE_MAP_READ ? PAGE_READONLY
                  : access & FILE_MAP_COPY ? PAGE_WRITECOPY
                  : PAGE_NOACCESS;
    if ((access & FILE_MAP_EXECUTE) && prot != PAGE_NOACCESS)
        prot <<= 4; /* PAGE_EXECUTE_READ, _READWRITE, _WRITECOPY */
    return prot;
}

static uint64_t map_view(uint32_t mapping, uint32_t access, uint64_t offset, uint32_t bytes, gaddr base)
{
    uint32_t size = bytes;
    NTSTATUS st = nt_map_view(mapping, CURRENT_PROCESS_HANDLE, &base, offset, &size, 0, view_protection(access));
    return NT_SUCCESS(st) ? base : fail(ntstatus_to_win32(st));
}

static uint64_t size_of(uint32_t high, uint32_t low)
{
    return (uint64_t)high << 32 | low;
}

uint64_t kernel32_CreateFileMappingA(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateFileMappingA, a);
    return create_mapping(a.hFile, a.lpFileMappingAttributes, a.flProtect,
                          size_of(a.dwMaximumSizeHigh, a.dwMaximumSizeLow), a.lpName, false);
}
uint64_t kernel32_CreateFileMappingW(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateFileMappingW, a);
    return create_mapping(a.hFile, a.lpFileMappingAttributes, a.flProtect,
                          size_of(a.dwMaximumSizeHigh, a.dwMaximumSizeLow), a.lpName, true);
}
uint64_t kernel32_CreateFileMappingNumaA(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateFileMappingNumaA, a);
    return create_mapping(a.hFile, a.lpFileMappingAttributes, a.flProtect,
                          size_of(a.dwMaximumSizeHigh, a.dwMaximumSizeLow), a.lpName, false);
}
uint64_t kernel32_CreateFileMappingNumaW(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateFileMappingNumaW, a);
    return create_mapping(a.hFile, a.lpFileMappingAttributes, a.flProtect,
                          size_of(a.dwMaximumSizeHigh, a.dwMaximumSizeLow), a.lpName, true);
}
uint64_t kernel32_CreateFileMappingFromApp(struct thunk_call *c)
{
    API_ARGS(kernel32, CreateFileMappingFromApp, a);
    return create_mapping(a.hFile, a.SecurityAttributes, a.PageProtection, a.MaximumSize, a.Name, true);
}
uint64_t kernel32_OpenFileMappingA(struct thunk_call *c)
{
    API_ARGS(kernel32, OpenFileMappingA, a);
    return open_mapping(a.dwDesiredAccess, a.bInheritHandle != 0, a.lpName, false);
}
uint64_t kernel32_OpenFileMappingW(struct thunk_call *c)
{
    API_ARGS(kernel32, OpenFileMappingW, a);
    return open_mapping(a.dwDesiredAccess, a.bInheritHandle != 0, a.lpName, true);
}
uint64_t kernel32_MapViewOfFile(struct thunk_call *c)
{
    API_ARGS(kernel32, MapViewOfFile, a);
    return map_view(a.hFileMappingObject, a.dwDesiredAccess, size_of(a.dwFileOffsetHigh, a.dwFileOffsetLow),
                    a.dwNumberOfBytesToMap, 0);
}
uint64_t kernel32_MapViewOfFileEx(struct thunk_call *c)
{
    API_ARGS(kernel32, MapViewOfFileEx, a);
    return map_view(a.hFileMappingObject, a.dwDesiredAccess, size_of(a.dwFileOffsetHigh, a.dwFileOffsetLow),
                    a.dwNumberOfBytesToMap, a.lpBaseAddress);
}
uint64_t kernel32_MapViewOfFileExNuma(struct thunk_call *c)
{
    API_ARGS(kernel32, MapViewOfFileExNuma, a);
    return map_view(a.hFileMappingObject, a.dwDesiredAccess, size_of(a.dwFileOffsetHigh, a.dwFileOffsetLow),
                    a.dwNumberOfBytesToMap, a.lpBaseAddress);
}
uint64_t kernel32_MapViewOfFileFromApp(struct thunk_call *c)
{
    API_ARGS(kernel32, MapViewOfFileFromApp, a);
    return map_view(a.hFileMappingObject, a.DesiredAccess, a.FileOffset, a.NumberOfBytesToMap, 0);
}
uint64_t kernel32_UnmapViewOfFile(struct thunk_call *c)
{
    API_ARGS(kernel32, UnmapViewOfFile, a);
    NTSTATUS st = nt_unmap_view(CURRENT_PROCESS_HANDLE, a.lpBaseAddress);
    return NT_SUCCESS(st) ? 1 : fail(ntstatus_to_win32(st));
}
uint64_t kernel32_FlushViewOfFile(struct thunk_call *c)
{
    API_ARGS(kernel32, FlushViewOfFile, a);
    gaddr base = a.lpBaseAddress;
    uint32_t size = a.dwNumberOfBytesToFlush;
    NTSTATUS st = nt_flush_view(CURRENT_PROCESS_HANDLE, &base, &size);
    return NT_SUCCESS(st) ? 1 : fail(ntstatus_to_win32(st));
}
