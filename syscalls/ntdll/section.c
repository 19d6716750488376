/* ntdll's section exports: decode the 32-bit arguments (OBJECT_ATTRIBUTES
 * names in the object namespace, LARGE_INTEGER sizes and offsets, in/out
 * base and size) and call the host-side services in nt_section.c. */
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "syscalls/api.h"
#include "syscalls/ntdll/api_args.h"
#include "syscalls/ntdll/nt_section.h"
#include "syscalls/ntdll/path.h"
#include "syscalls/ntdll/status.h"
#include "syscalls/ntdll/struct32.h"

#define SESSION_PREFIX "\\Sessions\\"
#define GLOBAL_DIR "\\BaseNamedObjects\\"

/* An object name as the namespace keys it (kernel32's form): a session's
 * "\Sessions\N\BaseNamedObjects\X" is "X", the global "\BaseNamedObjects\X"
 * is "Global\X". No other object directory exists. */
static char *namespace_key(const char *nt, NTSTATUS *st)
{
    const char *rest = NULL;
    bool global = false;
    if (strncmp(nt, GLOBAL_DIR, strlen(GLOBAL_DIR)) == 0) {
        rest = nt + strlen(GLOBAL_DIR);
        global = true;
    } else if (strncmp(nt, SESSION_PREFIX, strlen(SESSION_PREFIX)) == 0) {
        const char *p = nt + strlen(SESSION_PREFIX);
        while (*p >= '0' && *p <= '9')
            p++;
        if (p > nt + strlen(SESSION_PREFIX) && strncmp(p, GLOBAL_DIR, strlen(GLOBAL_DIR)) == 0)
            rest = p + strlen(GLOBAL_DIR);
    }
    if (!rest || !*rest || strchr(rest, '\\')) {
        *st = STATUS_OBJECT_PATH_NOT_FOUND;
        return NULL;
    }
    char *key = malloc(strlen(rest) + 8);
    if (!key) {
        *st = STATUS_NO_MEMORY;
        return NULL;
    }
    strcpy(key, global ? "Global\\" : "");
    strcat(key, rest);
    return key;
}

/* The namespace key of an OBJECT_ATTRIBUTES (NULL and no error: no name). */
static char *object_key(gaddr oa_addr, NTSTATUS *st)
{
    OBJECT_ATTRIBUTES32 oa;
    *st = STATUS_SUCCESS;
    if (!oa_addr)
        return NULL;
    if (!gm_read(oa_addr, &oa, sizeof oa)) {
        *st = STATUS_ACCESS_VIOLATION;
        return NULL;
    }
    if (!oa.ObjectName)
        return NULL;
    char *nt = nt_read_unicode_string(oa.ObjectName, st);
    if (!nt)
        return NULL;
    if (oa.RootDirectory) { /* no object directories to be relative to */
        free(nt);
        *st = STATUS_INVALID_HANDLE;
        return NULL;
    }
    char *key = *nt ? namespace_key(nt, st) : NULL;
    free(nt);
    return key;
}

static uint64_t put_handle(gaddr out, NTSTATUS st, uint32_t h)
{
    if (NT_SUCCESS(st) && !gm_write_u32(out, h))
        return STATUS_ACCESS_VIOLATION;
    return st;
}

static uint64_t create(gaddr out, uint32_t access, gaddr oa, gaddr max_size, uint32_t prot, uint32_t attrs,
                       uint32_t file)
{
    NTSTATUS st;
    int64_t size = 0;
    if (!gm_writable(out, 4) || (max_size && !gm_read(max_size, &size, sizeof size)))
        return STATUS_ACCESS_VIOLATION;
    char *name = object_key(oa, &st);
    if (st != STATUS_SUCCESS)
        return st;
    if (size < 0) {
        free(name);
        return STATUS_INVALID_PARAMETER_4;
    }
    struct nt_section_create req = { name, access, (uint64_t)size, prot, attrs, file };
    uint32_t h = 0;
    st = nt_create_section(&req, &h);
    free(name);
    if (NT_SUCCESS(st))
        nt_handle_inherit_from_oa(h, oa);
    return put_handle(out, st, h);
}

static uint64_t open_section(gaddr out, uint32_t access, gaddr oa)
{
    NTSTATUS st;
    if (!gm_writable(out, 4))
        return STATUS_ACCESS_VIOLATION;
    char *name = object_key(oa, &st);
    if (st != STATUS_SUCCESS)
        return st;
    uint32_t h = 0;
    st = nt_open_section(name, access, &h);
    free(name);
    if (NT_SUCCESS(st))
        nt_handle_inherit_from_oa(h, oa);
    return put_handle(out, st, h);
}

static uint64_t map_view(uint32_t section, uint32_t process, gaddr base_ptr, gaddr offset_ptr, gaddr size_ptr,
                         uint32_t alloc_type, uint32_t prot)
{
    uint32_t base, size;
    int64_t offset = 0;
    if (!gm_read_u32(base_ptr, &base) || !gm_read_u32(size_ptr, &size) ||
        (offset_ptr && !gm_read(offset_ptr, &offset, sizeof offset)))
        return STATUS_ACCESS_VIOLATION;
    if (offset < 0)
        return STATUS_INVALID_PARAMETER;
    NTSTATUS st = nt_map_view(section, process, &base, (uint64_t)offset, &size, alloc_type, prot);
    if (NT_SUCCESS(st) && (!gm_write_u32(base_ptr, base) || !gm_write_u32(size_ptr, size)))
        return STATUS_ACCESS_VIOLATION;
    return st;
}

/* MEM_EXTENDED_PARAMETER (16 bytes on x86): the type in the low 8 bits,
 * then the value. Only the NUMA node is understood, and there is one node;
 * the rest (address requirements, attribute flags, signing levels,
 * partitions) are refused as not supported rather than ignored. */
#define MEM_EXTENDED_PARAMETER_SIZE 16u
#define MEM_PARAMETER_NUMA_NODE 2u
#define MEM_SECTION_PARAMETER_NUMA_NODE 2u
#define MEM_UNMAP_WITH_TRANSIENT_BOOST 0x1u
#define MEM_PRESERVE_PLACEHOLDER 0x2u

static NTSTATUS check_extended(gaddr params, uint32_t count, uint32_t numa_type)
{
    if (count && !params)
        return STATUS_INVALID_PARAMETER;
    if (count > 64)
        return STATUS_INVALID_PARAMETER;
    for (uint32_t i = 0; i < count; i++) {
        uint64_t head, value;
        gaddr at = params + i * MEM_EXTENDED_PARAMETER_SIZE;
        if (!gm_read(at, &head, sizeof head) || !gm_read(at + 8, &value, sizeof value))
            return STATUS_ACCESS_VIOLATION;
        uint32_t type = (uint32_t)(head & 0xFFu);
        if (type == 0 || type >= 0xFF) /* MemExtendedParameterInvalidType, MemExtendedParameterMax */
            return STATUS_INVALID_PARAMETER;
        if (type != numa_type)
            return STATUS_NOT_SUPPORTED;
        if ((uint32_t)value != 0) /* the one node this machine has */
            return STATUS_INVALID_PARAMETER;
    }
    return STATUS_SUCCESS;
}

static uint64_t create_ex(gaddr out, uint32_t access, gaddr oa, gaddr max_size, uint32_t prot, uint32_t attrs,
                          uint32_t file, gaddr params, uint32_t count)
{
    NTSTATUS st = check_extended(params, count, MEM_SECTION_PARAMETER_NUMA_NODE);
    return st != STATUS_SUCCESS ? st : create(out, access, oa, max_size, prot, attrs, file);
}

static uint64_t map_view_ex(uint32_t section, uint32_t process, gaddr base_ptr, gaddr offset_ptr, gaddr size_ptr,
                            uint32_t alloc_type, uint32_t prot, gaddr params, uint32_t count)
{
    NTSTATUS st = check_extended(params, count, MEM_PARAMETER_NUMA_NODE);
    return st != STATUS_SUCCESS ? st : map_view(section, process, base_ptr, offset_ptr, size_ptr, alloc_type, prot);
}

/* NtUnmapViewOfSectionEx: the boost is a scheduling hint; there are no
 * placeholders to keep. */
static uint64_t unmap_view_ex(uint32_t process, gaddr base, uint32_t flags)
{
    if (flags & ~(MEM_UNMAP_WITH_TRANSIENT_BOOST | MEM_PRESERVE_PLACEHOLDER))
        return STATUS_INVALID_PARAMETER;
    if (flags & MEM_PRESERVE_PLACEHOLDER)
        return STATUS_NOT_SUPPORTED;
    return nt_unmap_view(process, base);
}

static uint64_t extend(uint32_t section, gaddr size_ptr)
{
    int64_t size;
    if (!gm_read(size_ptr, &size, sizeof size))
        return STATUS_ACCESS_VIOLATION;
    uint64_t v = size < 0 ? 0 : (uint64_t)size;
    NTSTATUS st = nt_extend_section(section, &v);
    size = (int64_t)v;
    if (NT_SUCCESS(st) && !gm_write(size_ptr, &size, sizeof size))
        return STATUS_ACCESS_VIOLATION;
    return st;
}

static uint64_t query(uint32_t section, uint32_t cls, gaddr buf, uint32_t len, gaddr ret_len)
{
    union {
        SECTION_BASIC_INFORMATION32 basic;
        SECTION_IMAGE_INFORMATION32 image;
    } info;
    uint32_t n = 0;
    NTSTATUS st = nt_query_section(section, cls, &info, len, &n); /* writes at most sizeof info */
    if (NT_SUCCESS(st) && !gm_write(buf, &info, n))
        return STATUS_ACCESS_VIOLATION;
    if (NT_SUCCESS(st) && ret_len && !gm_write_u32(ret_len, n))
        return STATUS_ACCESS_VIOLATION;
    return st;
}

static uint64_t flush(uint32_t process, gaddr base_ptr, gaddr size_ptr, gaddr iosb)
{
    uint32_t base, size;
    if (!gm_read_u32(base_ptr, &base) || !gm_read_u32(size_ptr, &size))
        return STATUS_ACCESS_VIOLATION;
    NTSTATUS st = nt_flush_view(process, &base, &size);
    if (!NT_SUCCESS(st))
        return st;
    IO_STATUS_BLOCK32 io = { st, 0 };
    if (!gm_write_u32(base_ptr, base) || !gm_write_u32(size_ptr, size) || (iosb && !gm_write(iosb, &io, sizeof io)))
        return STATUS_ACCESS_VIOLATION;
    return st;
}

uint64_t ntdll_NtCreateSection(struct thunk_call *c)
{
    API_ARGS(ntdll, NtCreateSection, a);
    return create(a.SectionHandle, a.DesiredAccess, a.ObjectAttributes, a.MaximumSize, a.SectionPageProtection,
                  a.AllocationAttributes, a.FileHandle);
}
uint64_t ntdll_ZwCreateSection(struct thunk_call *c)
{
    API_ARGS(ntdll, ZwCreateSection, a);
    return create(a.SectionHandle, a.DesiredAccess, a.ObjectAttributes, a.MaximumSize, a.SectionPageProtection,
                  a.AllocationAttributes, a.FileHandle);
}
uint64_t ntdll_NtOpenSection(struct thunk_call *c)
{
    API_ARGS(ntdll, NtOpenSection, a);
    return open_section(a.SectionHandle, a.DesiredAccess, a.ObjectAttributes);
}
uint64_t ntdll_ZwOpenSection(struct thunk_call *c)
{
    API_ARGS(ntdll, ZwOpenSection, a);
    return open_section(a.SectionHandle, a.DesiredAccess, a.ObjectAttributes);
}
uint64_t ntdll_NtMapViewOfSection(struct thunk_call *c)
{
    API_ARGS(ntdll, NtMapViewOfSection, a);
    return map_view(a.SectionHandle, a.ProcessHandle, a.BaseAddress, a.SectionOffset, a.ViewSize, a.AllocationType,
                    a.Win32Protect);
}
uint64_t ntdll_ZwMapViewOfSection(struct thunk_call *c)
{
    API_ARGS(ntdll, ZwMapViewOfSection, a);
    return map_view(a.SectionHandle, a.ProcessHandle, a.BaseAddress, a.SectionOffset, a.ViewSize, a.AllocationType,
                    a.Win32Protect);
}
uint64_t ntdll_NtUnmapViewOfSection(struct thunk_call *c)
{
    API_ARGS(ntdll, NtUnmapViewOfSection, a);
    return nt_unmap_view(a.ProcessHandle, a.BaseAddress);
}
uint64_t ntdll_ZwUnmapViewOfSection(struct thunk_call *c)
{
    API_ARGS(ntdll, ZwUnmapViewOfSection, a);
    return nt_unmap_view(a.ProcessHandle, a.BaseAddress);
}
uint64_t ntdll_NtExtendSection(struct thunk_call *c)
{
    API_ARGS(ntdll, NtExtendSection, a);
    return extend(a.SectionHandle, a.NewSectionSize);
}
uint64_t ntdll_ZwExtendSection(struct thunk_call *c)
{
    API_ARGS(ntdll, ZwExtendSection, a);
    return extend(a.SectionHandle, a.NewSectionSize);
}
uint64_t ntdll_NtQuerySection(struct thunk_call *c)
{
    API_ARGS(ntdll, NtQuerySection, a);
    return query(a.SectionHandle, a.SectionInformationClass, a.SectionInformation, a.Length, a.ResultLength);
}
uint64_t ntdll_ZwQuerySection(struct thunk_call *c)
{
    API_ARGS(ntdll, ZwQuerySection, a);
    return query(a.SectionHandle, a.SectionInformationClass, a.SectionInformation, a.Length, a.ResultLength);
}
uint64_t ntdll_NtFlushVirtualMemory(struct thunk_call *c)
{
    API_ARGS(ntdll, NtFlushVirtualMemory, a);
    return flush(a.ProcessHandle, a.BaseAddress, a.RegionSize, a.IoStatusBlock);
}
uint64_t ntdll_ZwFlushVirtualMemory(struct thunk_call *c)
{
    API_ARGS(ntdll, ZwFlushVirtualMemory, a);
    return flush(a.ProcessHandle, a.BaseAddress, a.RegionSize, a.IoStatusBlock);
}
uint64_t ntdll_NtCreateSectionEx(struct thunk_call *c)
{
    API_ARGS(ntdll, NtCreateSectionEx, a);
    return create_ex(a.SectionHandle, a.DesiredAccess, a.ObjectAttributes, a.MaximumSize, a.SectionPageProtection,
                     a.AllocationAttributes, a.FileHandle, a.ExtendedParameters, a.ExtendedParameterCount);
}
uint64_t ntdll_ZwCreateSectionEx(struct thunk_call *c)
{
    API_ARGS(ntdll, ZwCreateSectionEx, a);
    return create_ex(a.SectionHandle, a.DesiredAccess, a.ObjectAttributes, a.MaximumSize, a.SectionPageProtection,
                     a.AllocationAttributes, a.FileHandle, a.ExtendedParameters, a.ExtendedParameterCount);
}
uint64_t ntdll_NtMapViewOfSectionEx(struct thunk_call *c)
{
    API_ARGS(ntdll, NtMapViewOfSectionEx, a);
    return map_view_ex(a.SectionHandle, a.ProcessHandle, a.BaseAddress, a.SectionOffset, a.ViewSize,
                       a.AllocationType, a.PageProtection, a.ExtendedParameters, a.ExtendedParameterCount);
}
uint64_t ntdll_ZwMapViewOfSectionEx(struct thunk_call *c)
{
    API_ARGS(ntdll, ZwMapViewOfSectionEx, a);
    return map_view_ex(a.SectionHandle, a.ProcessHandle, a.BaseAddress, a.SectionOffset, a.ViewSize,
                       a.AllocationType, a.PageProtection, a.ExtendedParameters, a.ExtendedParameterCount);
}
uint64_t ntdll_NtUnmapViewOfSectionEx(struct thunk_call *c)
{
    API_ARGS(ntdll, NtUnmapViewOfSectionEx, a);
    return unmap_view_ex(a.ProcessHandle, a.BaseAddress, a.Flags);
}
uint64_t ntdll_ZwUnmapViewOfSectionEx(struct thunk_call *c)
{
    API_ARGS(ntdll, ZwUnmapViewOfSectionEx, a);
    return unmap_view_ex(a.ProcessHandle, a.BaseAddress, a.Flags);
}
