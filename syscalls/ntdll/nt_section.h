/* The NT section services (NtCreateSection, NtOpenSection, NtMapViewOfSection
 * & co.) as host functions returning NTSTATUS: ntdll exports them and
 * kernel32's file-mapping functions sit on top, as on Windows. A section
 * is backed by a host descriptor (the file's, or a memfd for page-file
 * sections), so every view of it, ReadFile and WriteFile share its pages. */
#ifndef WOWBOX_SYSCALLS_NTDLL_NT_SECTION_H
#define WOWBOX_SYSCALLS_NTDLL_NT_SECTION_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ntstatus.h"
#include "core/vm.h"

/* Section access rights (FILE_MAP_* are the same bits). */
#define SECTION_QUERY        0x0001u
#define SECTION_MAP_WRITE    0x0002u
#define SECTION_MAP_READ     0x0004u
#define SECTION_MAP_EXECUTE  0x0008u
#define SECTION_EXTEND_SIZE  0x0010u
#define SECTION_ALL_ACCESS   0x000F001Fu

/* AllocationAttributes */
#define SEC_FILE     0x00800000u
#define SEC_IMAGE    0x01000000u
#define SEC_RESERVE  0x04000000u
#define SEC_COMMIT   0x08000000u
#define SEC_NOCACHE  0x10000000u
#define SEC_LARGE_PAGES 0x80000000u

#define STATUS_SECTION_NOT_IMAGE          0xC0000049u
#define STATUS_SECTION_PROTECTION         0xC000004Eu
#define STATUS_MAPPED_FILE_SIZE_ZERO      0xC000011Eu
#define STATUS_MAPPED_ALIGNMENT           0xC0000220u
#define STATUS_SECTION_TOO_BIG            0xC0000040u
#define STATUS_INVALID_VIEW_SIZE          0xC000001Fu
#define STATUS_UNABLE_TO_DELETE_SECTION   0xC000001Bu
#define STATUS_USER_MAPPED_FILE           0xC0000243u
#define STATUS_SECTION_NOT_EXTENDED       0xC0000087u
#define STATUS_INVALID_FILE_FOR_SECTION   0xC0000020u
#define STATUS_INVALID_IMAGE_NOT_MZ       0xC000012Fu
#define STATUS_INSUFFICIENT_RESOURCES     0xC000009Au
#ifndef STATUS_INVALID_PARAMETER_4
#define STATUS_INVALID_PARAMETER_4        0xC00000F2u
#endif

struct nt_section_create {
    const char *name;   /* the namespace key (kernel32's object names), NULL: anonymous */
    uint32_t access;
    uint64_t size;      /* 0: the file's size */
    uint32_t prot;      /* SectionPageProtection: PAGE_* */
    uint32_t attrs;     /* SEC_* */
    uint32_t file;      /* file handle, 0 for a page-file section */
};

/* NtCreateSection. An existing section of that name: a new handle to it and
 * STATUS_OBJECT_NAME_EXISTS (a success, core/ntstatus.h); another object's name:
 * STATUS_OBJECT_TYPE_MISMATCH. */
NTSTATUS nt_create_section(const struct nt_section_create *req, uint32_t *handle);
/* NtOpenSection by namespace key. */
NTSTATUS nt_open_section(const char *name, uint32_t access, uint32_t *handle);
/* NtMapViewOfSection into the current process: *base 0 lets the map
 * choose (MEM_TOP_DOWN in alloc_type: from the top), else a multiple of
 * 64 KB; *size 0 maps to the section's end. Both come back rounded. An
 * image section's view is laid out as the loader lays out a PE (MEM_IMAGE,
 * its sections' protections, relocated when it is not at its preferred
 * base: STATUS_IMAGE_NOT_AT_BASE, a success). */
NTSTATUS nt_map_view(uint32_t section, uint32_t process, gaddr *base, uint64_t offset, uint32_t *size,
                     uint32_t alloc_type, uint32_t prot);
/* NtUnmapViewOfSection: any address inside the view. */
NTSTATUS nt_unmap_view(uint32_t process, gaddr addr);
/* NtExtendSection: grows a file section (and its file) to *size at least;
 * *size comes back as the section's size. */
NTSTATUS nt_extend_section(uint32_t section, uint64_t *size);
/* NtQuerySection: SectionBasicInformation, SectionImageInformation (buf:
 * room for a SECTION_IMAGE_INFORMATION32, len: the caller's buffer size). */
NTSTATUS nt_query_section(uint32_t section, uint32_t cls, void *buf, uint32_t len, uint32_t *written);
/* NtFlushVirtualMemory on a view: *base and *size come back as the pages. */
NTSTATUS nt_flush_view(uint32_t process, gaddr *base, uint32_t *size);

/* For the other NT services: whether [addr, addr + size) lies in a view and
 * may take `prot` (NtProtectVirtualMemory, a commit in a SEC_RESERVE view);
 * whether a host file has a view (its size may not shrink). */
NTSTATUS nt_view_protect_allowed(gaddr addr, uint32_t prot);
bool nt_file_has_views(int fd);

/* After a commit of [addr, addr + size) (whole pages) in a view of a
 * SEC_RESERVE section: the section's pages are committed, so every other
 * view of it in this process shows them committed too. */
void nt_view_committed(gaddr addr, uint32_t size);

/* Handle inheritance (CreateProcess): what a section handle carries to a
 * child, and the child's section object made from it at the same value. */
struct nt_section_export {
    int fd;            /* the section's pages (the parent keeps it; the child owns its copy) */
    uint64_t size;
    uint32_t prot, attrs, access;
    bool file_backed;
    const char *name;  /* a named page-file section's key, NULL otherwise */
};
/* False: h is no section handle, or an image section's (not inherited). */
bool nt_section_export(uint32_t h, struct nt_section_export *out);
/* The child's side, owning in->fd on every path; false when the value
 * cannot be taken. A named page-file section is found by its name first,
 * so this process holds it as its own; else the section is the inherited
 * descriptor's. */
bool nt_section_adopt(uint32_t value, const struct nt_section_export *in);

#endif
