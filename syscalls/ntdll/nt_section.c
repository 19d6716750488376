/* NT sections and their views: a section is a kernel object (the names it
 * shares with events and mutexes) over a host descriptor, the file's own or
 * a memfd; a view maps that descriptor into a VM_TYPE_MAPPED reservation of
 * the address-space map, so views, ReadFile and WriteFile see one copy of
 * each page. Status codes and checks follow the Windows kernel's. */
#define _GNU_SOURCE
#include "syscalls/ntdll/nt_section.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/handles.h"
#include "core/sync.h"
#include "core/trace.h"
#include "loader/pe.h"
#include "loader/pe_load.h"
#include "syscalls/ntdll/nt_file.h"
#include "syscalls/ntdll/nt_memory.h"
#include "syscalls/ntdll/nt_section_shared.h"
#include "syscalls/ntdll/struct32.h"

#define SECTION_BASIC_INFORMATION 0u
#define SECTION_IMAGE_INFORMATION 1u
#define STATUS_IMAGE_NOT_AT_BASE 0x40000003u
#define MAX_IMAGE_FILE (256u << 20)

/* What a section object holds (kobj.ext). */
struct section {
    int fd;
    uint64_t size;
    uint32_t prot;   /* SectionPageProtection */
    uint32_t attrs;  /* SEC_* as NtQuerySection reports them */
    bool file_backed;
    dev_t dev;       /* the file, for nt_file_has_views */
    ino_t ino;
    unsigned views;
    char *shared_path; /* a named page-file section other processes see */
    /* SEC_RESERVE: a byte per page of the section, set once committed. A
     * commit belongs to the section (its prototype PTEs on Windows), so a
     * page committed through one view is committed in every view. */
    uint8_t *committed;
    bool commits_shared; /* committed is the named section's shared map (munmap) */
    bool existed;      /* that section was another process's already */
    /* SEC_IMAGE: the file's bytes and the parsed image over them */
    uint8_t *image_data;
    struct pe_image image;
};

/* What a section handle holds (handle_obj.data): the object and the access
 * this handle was granted. */
struct section_handle {
    struct kobj *obj;
    uint32_t access;
};

struct view {
    gaddr base;
    uint32_t size;
    uint64_t offset; /* in the section */
    uint32_t prot;
    struct kobj *obj;
    struct view *next;
};
static struct view *views;

static struct section *section_of(struct kobj *o)
{
    return o->ext;
}

static uint64_t round_page(uint64_t v);

static size_t commit_bytes(const struct section *s)
{
    return (size_t)(round_page(s->size) / VM_PAGE_SIZE);
}

/* A named page-file section another process made SEC_RESERVE: its shared
 * commits, and the kind with them. */
static void find_shared_commits(struct section *s)
{
    s->committed = s->shared_path ? nt_shared_section_commits(s->shared_path, commit_bytes(s), false) : NULL;
    s->commits_shared = s->committed != NULL;
    if (s->committed)
        s->attrs = SEC_RESERVE;
}

static void section_free(struct kobj *o)
{
    struct section *s = o->ext;
    if (s) {
        if (s->shared_path)
            nt_shared_section_release(s->fd, s->shared_path);
        close(s->fd);
        if (s->image_data)
            pe_free(&s->image);
        free(s->image_data);
        if (s->commits_shared)
            munmap(s->committed, commit_bytes(s));
        else
            free(s->committed);
    }
    free(s);
    o->ext = NULL;
}

static void handle_destroy(struct handle_obj *h)
{
    struct section_handle *sh = h->data;
    kobj_unref(sh->obj);
    free(sh);
    h->data = NULL;
}

static uint64_t round_page(uint64_t v)
{
    return (v + VM_PAGE_SIZE - 1) & ~(uint64_t)(VM_PAGE_SIZE - 1);
}

/* ---- protections and access ----------------------------------------------- */

static bool prot_writes(uint32_t prot)
{
    prot &= 0xFFu;
    return prot == PAGE_READWRITE || prot == PAGE_EXECUTE_READWRITE;
}

static bool prot_copies(uint32_t prot)
{
    prot &= 0xFFu;
    return prot == PAGE_WRITECOPY || prot == PAGE_EXECUTE_WRITECOPY;
}

static bool prot_executes(uint32_t prot)
{
    prot &= 0xFFu;
    return prot == PAGE_EXECUTE || prot == PAGE_EXECUTE_READ || prot == PAGE_EXECUTE_READWRITE ||
           prot == PAGE_EXECUTE_WRITECOPY;
}

/* The protections a section may be created with. */
static bool section_prot_valid(uint32_t prot)
{
    switch (prot) {
    case PAGE_READONLY: case PAGE_READWRITE: case PAGE_WRITECOPY:
    case PAGE_EXECUTE_READ: case PAGE_EXECUTE_READWRITE: case PAGE_EXECUTE_WRITECOPY:
        return true;
    default:
        return false;
    }
}

/* Generic rights as a section understands them. */
static uint32_t section_access(uint32_t access)
{
    if (access & (GENERIC_ALL | MAXIMUM_ALLOWED))
        return SECTION_ALL_ACCESS;
    if (access & GENERIC_READ)
        access |= SECTION_MAP_READ | SECTION_QUERY;
    if (access & GENERIC_WRITE)
        access |= SECTION_MAP_WRITE;
    if (access & GENERIC_EXECUTE)
        access |= SECTION_MAP_EXECUTE;
    return access & SECTION_ALL_ACCESS;
}

/* May a view (or pages of one) of section s take prot? */
static NTSTATUS view_prot_fits(const struct section *s, uint32_t prot, bool copy_view)
{
    if (prot_writes(prot) && (!prot_writes(s->prot) || copy_view))
        return STATUS_SECTION_PROTECTION;
    if (prot_executes(prot) && !prot_executes(s->prot))
        return STATUS_SECTION_PROTECTION;
    return STATUS_SUCCESS;
}

/* The handle access a view protection needs. */
static uint32_t access_for(uint32_t prot)
{
    uint32_t need = (prot & 0xFFu) == PAGE_EXECUTE ? 0 : SECTION_MAP_READ;
    if (prot_writes(prot))
        need |= SECTION_MAP_WRITE;
    if (prot_executes(prot))
        need |= SECTION_MAP_EXECUTE;
    return need;
}

/* ---- handles -------------------------------------------------------------- */

/* A handle object for section o with that access (NULL: no memory). */
static struct handle_obj *handle_object(struct kobj *o, uint32_t access)
{
    struct handle_obj *h = calloc(1, sizeof *h);
    struct section_handle *sh = calloc(1, sizeof *sh);
    if (!h || !sh) {
        free(h);
        free(sh);
        return NULL;
    }
    kobj_ref(o);
    sh->obj = o;
    sh->access = section_access(access);
    h->type = HANDLE_MAPPING;
    h->fd = -1;
    h->data = sh;
    h->destroy = handle_destroy;
    return h;
}

static NTSTATUS new_handle(struct kobj *o, uint32_t access, uint32_t *out)
{
    struct handle_obj *h = handle_object(o, access);
    if (!h)
        return STATUS_NO_MEMORY;
    *out = handle_new(h);
    if (*out)
        return STATUS_SUCCESS;
    handle_destroy(h);
    free(h);
    return STATUS_INSUFFICIENT_RESOURCES;
}

static struct section_handle *handle_of(uint32_t h, NTSTATUS *st)
{
    *st = STATUS_INVALID_HANDLE;
    struct handle_obj *o = handle_get(h, HANDLE_FREE);
    if (!o) {
        *st = STATUS_INVALID_HANDLE;
        return NULL;
    }
    if (o->type != HANDLE_MAPPING) {
        *st = STATUS_OBJECT_TYPE_MISMATCH;
        return NULL;
    }
    return o->data;
}

/* ---- NtCreateSection ------------------------------------------------------ */

/* An image section: the file read and parsed as the loader parses a PE;
 * its size is the image's, its views are laid out as images. */
static NTSTATUS image_section(int fd, const struct stat *sb, struct section *s)
{
    char mz[2];
    if (pread(fd, mz, 2, 0) != 2 || mz[0] != 'M' || mz[1] != 'Z')
        return STATUS_INVALID_IMAGE_NOT_MZ;
    if ((uint64_t)sb->st_size > MAX_IMAGE_FILE)
        return STATUS_INVALID_IMAGE_FORMAT;
    s->image_data = malloc((size_t)sb->st_size);
    if (!s->image_data)
        return STATUS_NO_MEMORY;
    size_t got = 0;
    while (got < (size_t)sb->st_size) {
        ssize_t n = pread(fd, s->image_data + got, (size_t)sb->st_size - got, (off_t)got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    if (got != (size_t)sb->st_size || pe_parse(&s->image, s->image_data, got) != NULL) {
        free(s->image_data);
        s->image_data = NULL;
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    s->size = ((uint64_t)s->image.size_of_image + VM_PAGE_SIZE - 1) & ~(uint64_t)(VM_PAGE_SIZE - 1);
    s->attrs = SEC_FILE | SEC_IMAGE;
    return STATUS_SUCCESS;
}

/* The file behind a file-backed section: its descriptor (dup'd) and size. */
static NTSTATUS file_section(const struct nt_section_create *r, struct section *s)
{
    NTSTATUS st;
    struct handle_obj *o = nt_file_object(r->file, &st);
    if (!o)
        return st;
    struct stat sb;
    if (o->type != HANDLE_FILE || fstat(o->fd, &sb) != 0 || !S_ISREG(sb.st_mode))
        return STATUS_INVALID_FILE_FOR_SECTION;
    int mode = fcntl(o->fd, F_GETFL) & O_ACCMODE;
    if (mode == O_WRONLY || (prot_writes(r->prot) && mode != O_RDWR))
        return STATUS_ACCESS_DENIED;
    if (r->attrs & SEC_IMAGE)
        st = image_section(o->fd, &sb, s);
    if (st != STATUS_SUCCESS)
        return st;
    uint64_t size = s->image_data ? s->size : r->size ? r->size : (uint64_t)sb.st_size;
    if (size == 0)
        return STATUS_MAPPED_FILE_SIZE_ZERO;
    if (!s->image_data && size > (uint64_t)sb.st_size) {
        /* a writable section makes the file as large as itself */
        if (!prot_writes(r->prot))
            return STATUS_SECTION_TOO_BIG;
        if (ftruncate(o->fd, (off_t)size) != 0)
            return errno == EFBIG || errno == ENOSPC ? STATUS_DISK_FULL : STATUS_ACCESS_DENIED;
    }
    s->fd = fcntl(o->fd, F_DUPFD_CLOEXEC, 0);
    if (s->fd < 0)
        return STATUS_TOO_MANY_OPENED_FILES;
    s->size = size;
    s->file_backed = true;
    s->dev = sb.st_dev;
    s->ino = sb.st_ino;
    if (!s->image_data)
        s->attrs = SEC_FILE; /* as Windows reports a data file section */
    return STATUS_SUCCESS;
}

/* A page-file section: zero-filled pages of its own, a memfd, or for a
 * named one a file other wowbox processes of the prefix find by its name
 * (nt_section_shared.c; an existing one keeps its size). */
static NTSTATUS pagefile_section(const struct nt_section_create *r, struct section *s)
{
    if (r->attrs & SEC_IMAGE)
        return STATUS_INVALID_FILE_FOR_SECTION;
    if (r->size > UINT32_MAX)
        return STATUS_SECTION_TOO_BIG; /* more than a 32-bit process can commit */
    s->size = r->size;
    s->attrs = r->attrs & SEC_RESERVE ? SEC_RESERVE : SEC_COMMIT;
    s->fd = r->name ? nt_shared_section_open(r->name, r->size != 0, &s->size, &s->existed, &s->shared_path) : -1;
    if (s->fd < 0 && r->size == 0)
        return STATUS_INVALID_PARAMETER_4;
    if (s->existed) { /* another process's section: its kind and commits, whatever this call asked */
        s->attrs = SEC_COMMIT;
        find_shared_commits(s);
    } else if (s->attrs & SEC_RESERVE) { /* commits every process holding the name shares, or this one's */
        s->committed = s->shared_path ? nt_shared_section_commits(s->shared_path, commit_bytes(s), true) : NULL;
        s->commits_shared = s->committed != NULL;
        if (!s->committed)
            s->committed = calloc(commit_bytes(s), 1);
        if (!s->committed) {
            if (s->fd >= 0)
                nt_shared_section_release(s->fd, s->shared_path);
            return STATUS_NO_MEMORY;
        }
    }
    if (s->fd >= 0)
        return STATUS_SUCCESS;
    s->fd = memfd_create("wowbox-section", MFD_CLOEXEC);
    if (s->fd < 0 || ftruncate(s->fd, (off_t)r->size) != 0) {
        if (s->fd >= 0)
            close(s->fd);
        free(s->committed);
        return s->fd < 0 ? STATUS_INSUFFICIENT_RESOURCES : STATUS_NO_MEMORY;
    }
    return STATUS_SUCCESS;
}

/* A named file section is visible to the other processes of the prefix
 * through a link to its file; when none can be made it stays this
 * process's, as before. */
static void share_file_section(const char *name, struct section *s)
{
    char *path = NULL;
    int held = nt_shared_section_link(name, s->fd, &path);
    if (held < 0)
        return;
    close(s->fd);
    s->fd = held;
    s->shared_path = path;
}

/* A named section another process of the prefix holds, opened here. */
static NTSTATUS open_shared(const char *name, uint32_t access, uint32_t *handle);

static NTSTATUS create_section(const struct nt_section_create *r, uint32_t *handle)
{
    uint32_t kinds = r->attrs & (SEC_IMAGE | SEC_RESERVE | SEC_COMMIT);
    if (r->attrs & ~(SEC_FILE | SEC_IMAGE | SEC_RESERVE | SEC_COMMIT | SEC_NOCACHE | SEC_LARGE_PAGES) ||
        (kinds & (kinds - 1)))
        return STATUS_INVALID_PARAMETER;
    if (!section_prot_valid(r->prot))
        return STATUS_INVALID_PAGE_PROTECTION;
    if (r->name) {
        struct kobj *old = kobj_find_named(r->name);
        if (old && old->type != KOBJ_SECTION)
            return STATUS_OBJECT_TYPE_MISMATCH;
        if (old) { /* the existing section, whatever this call asked for */
            NTSTATUS st = new_handle(old, r->access, handle);
            return st == STATUS_SUCCESS ? STATUS_OBJECT_NAME_EXISTS : st;
        }
        /* another process's section of that name (a page-file one is
         * found by pagefile_section itself) */
        if (r->file && open_shared(r->name, r->access, handle) == STATUS_SUCCESS)
            return STATUS_OBJECT_NAME_EXISTS;
    }
    struct section *s = calloc(1, sizeof *s);
    if (!s)
        return STATUS_NO_MEMORY;
    s->prot = r->prot;
    NTSTATUS st = r->file ? file_section(r, s) : pagefile_section(r, s);
    if (st != STATUS_SUCCESS) {
        if (s->image_data)
            pe_free(&s->image);
        free(s->image_data);
        free(s);
        return st;
    }
    if (r->name && s->file_backed && !s->image_data)
        share_file_section(r->name, s);
    struct kobj *o = kobj_create(KOBJ_SECTION);
    if (!o) {
        if (s->shared_path)
            nt_shared_section_release(s->fd, s->shared_path);
        close(s->fd);
        free(s);
        return STATUS_NO_MEMORY;
    }
    o->ext = s;
    o->ext_free = section_free;
    bool existed = s->existed;
    st = r->name && !kobj_set_name(o, r->name) ? STATUS_NO_MEMORY : new_handle(o, r->access, handle);
    kobj_unref(o); /* the handle holds its own reference */
    return st == STATUS_SUCCESS && existed ? STATUS_OBJECT_NAME_EXISTS : st;
}

/* A named section another process of the prefix holds, opened here. */
static NTSTATUS open_shared(const char *name, uint32_t access, uint32_t *handle)
{
    struct section *s = calloc(1, sizeof *s);
    struct kobj *o = s ? kobj_create(KOBJ_SECTION) : NULL;
    if (s)
        s->fd = nt_shared_section_open(name, false, &s->size, &s->existed, &s->shared_path);
    if (!o || s->fd < 0) {
        if (o)
            kobj_unref(o);
        free(s);
        return o ? STATUS_OBJECT_NAME_NOT_FOUND : STATUS_NO_MEMORY;
    }
    /* its creator's protection is not known here: the widest a page-file
     * section can have, so views are limited by the handle's access alone;
     * a name that is a link to a file (more than one name) is a file's
     * section (nt_shared_section_link) */
    struct stat sb;
    s->prot = PAGE_EXECUTE_READWRITE;
    s->attrs = SEC_COMMIT;
    find_shared_commits(s);
    if (fstat(s->fd, &sb) == 0 && sb.st_nlink > 1) {
        s->attrs = SEC_FILE;
        s->file_backed = true;
        s->dev = sb.st_dev;
        s->ino = sb.st_ino;
        if ((fcntl(s->fd, F_GETFL) & O_ACCMODE) != O_RDWR)
            s->prot = PAGE_READONLY;
    }
    o->ext = s;
    o->ext_free = section_free;
    NTSTATUS st = !kobj_set_name(o, name) ? STATUS_NO_MEMORY : new_handle(o, access, handle);
    kobj_unref(o);
    return st;
}

NTSTATUS nt_create_section(const struct nt_section_create *r, uint32_t *handle)
{
    int tr = TRACE_NT_BEGIN("NtCreateSection",
                            "x DesiredAccess, S ObjectName, l MaximumSize, x SectionPageProtection, "
                            "x AllocationAttributes, h FileHandle",
                            r->access, r->name, r->size, r->prot, r->attrs, r->file);
    *handle = 0;
    NTSTATUS st = create_section(r, handle);
    TRACE_NT_END(tr, st, "h SectionHandle", *handle);
    return st;
}

NTSTATUS nt_open_section(const char *name, uint32_t access, uint32_t *handle)
{
    int tr = TRACE_NT_BEGIN("NtOpenSection", "x DesiredAccess, S ObjectName", access, name);
    *handle = 0;
    struct kobj *o = name ? kobj_find_named(name) : NULL;
    NTSTATUS st = !name ? STATUS_OBJECT_NAME_INVALID
                : !o ? open_shared(name, access, handle)
                : o->type != KOBJ_SECTION ? STATUS_OBJECT_TYPE_MISMATCH
                : new_handle(o, access, handle);
    TRACE_NT_END(tr, st, "h SectionHandle", *handle);
    return st;
}

/* ---- views ---------------------------------------------------------------- */

static struct view *view_at(gaddr addr)
{
    for (struct view *v = views; v; v = v->next)
        if (addr - v->base < v->size)
            return v;
    return NULL;
}

/* Checks a view request against the handle and the section; *size 0
 * becomes the rest of the section. */
static NTSTATUS check_view(const struct section_handle *sh, uint64_t offset, uint32_t *size, gaddr base,
                           uint32_t prot)
{
    const struct section *s = section_of(sh->obj);
    if (!vm_prot_valid(prot))
        return STATUS_INVALID_PAGE_PROTECTION;
    if ((sh->access & access_for(prot)) != access_for(prot))
        return STATUS_ACCESS_DENIED;
    /* an image view takes its sections' protections */
    NTSTATUS st = s->image_data ? STATUS_SUCCESS : view_prot_fits(s, prot, false);
    if (st != STATUS_SUCCESS)
        return st;
    if ((offset & (VM_GRANULARITY - 1)) || (base & (VM_GRANULARITY - 1)))
        return STATUS_MAPPED_ALIGNMENT;
    if (offset >= s->size)
        return STATUS_INVALID_PARAMETER;
    if (*size == 0) {
        if (s->size - offset > g_vm->user_limit)
            return STATUS_NO_MEMORY;
        *size = (uint32_t)(s->size - offset);
    }
    if (offset + *size > s->size)
        return STATUS_INVALID_VIEW_SIZE;
    return STATUS_SUCCESS;
}

/* The pages of [at, at + len) of a view whose section pages from offset are
 * committed (SEC_RESERVE), committed here too with the view's protection. */
static NTSTATUS commit_known(const struct section *s, gaddr at, uint32_t len, uint64_t offset, uint32_t prot)
{
    uint32_t pages = (uint32_t)(round_page(len) / VM_PAGE_SIZE);
    uint64_t first = offset / VM_PAGE_SIZE;
    for (uint32_t i = 0; i < pages;) {
        uint32_t n = 0;
        while (i + n < pages && s->committed[first + i + n])
            n++;
        if (n) {
            NTSTATUS st = vm_commit(g_vm, at + i * VM_PAGE_SIZE, n * VM_PAGE_SIZE, prot);
            if (st != STATUS_SUCCESS)
                return st;
        }
        i += n ? n : 1;
    }
    return STATUS_SUCCESS;
}

/* A data view's pages: the section's descriptor at offset, committed
 * unless the section is SEC_RESERVE (then a VirtualAlloc commits them, and
 * those another view committed already are committed in this one). */
static NTSTATUS map_pages(const struct section *s, gaddr at, uint32_t len, uint64_t offset, uint32_t prot)
{
    NTSTATUS st = vm_map_file(g_vm, at, len, s->fd, offset, prot_copies(prot));
    if (st == STATUS_SUCCESS)
        st = s->committed ? commit_known(s, at, len, offset, prot) : vm_commit(g_vm, at, len, prot);
    return st;
}

static NTSTATUS map_view(uint32_t section, uint32_t process, gaddr *base, uint64_t offset, uint32_t *size,
                         uint32_t alloc_type, uint32_t prot)
{
    NTSTATUS st;
    struct section_handle *sh = handle_of(section, &st);
    if (!sh)
        return st;
    if (process != CURRENT_PROCESS_HANDLE)
        return STATUS_INVALID_HANDLE;
    if (alloc_type & ~(MEM_TOP_DOWN | MEM_RESERVE))
        return STATUS_INVALID_PARAMETER;
    uint32_t len = *size;
    st = check_view(sh, offset, &len, *base, prot);
    if (st != STATUS_SUCCESS)
        return st;
    struct section *s = section_of(sh->obj);
    struct view *v = calloc(1, sizeof *v);
    if (!v)
        return STATUS_NO_MEMORY;
    gaddr at = *base;
    bool moved = false;
    if (s->image_data) {
        char err[200];
        st = offset ? STATUS_INVALID_PARAMETER : pe_map_view(&s->image, &at, &len, &moved, err, sizeof err);
        if (st != STATUS_SUCCESS) {
            free(v);
            return st;
        }
    } else {
        st = vm_reserve(g_vm, &at, len, alloc_type & MEM_TOP_DOWN, prot, VM_TYPE_MAPPED);
        if (st != STATUS_SUCCESS) {
            free(v);
            return st;
        }
        st = map_pages(s, at, len, offset, prot);
    }
    if (st != STATUS_SUCCESS) {
        vm_release(g_vm, at);
        free(v);
        return st;
    }
    kobj_ref(sh->obj);
    s->views++;
    v->base = at;
    v->size = (uint32_t)round_page(len);
    v->offset = offset;
    v->prot = prot;
    v->obj = sh->obj;
    v->next = views;
    views = v;
    *base = at;
    *size = v->size;
    return moved ? STATUS_IMAGE_NOT_AT_BASE : STATUS_SUCCESS;
}

NTSTATUS nt_map_view(uint32_t section, uint32_t process, gaddr *base, uint64_t offset, uint32_t *size,
                     uint32_t alloc_type, uint32_t prot)
{
    int tr = TRACE_NT_BEGIN("NtMapViewOfSection",
                            "h SectionHandle, h ProcessHandle, x BaseAddress, l SectionOffset, x ViewSize, "
                            "x AllocationType, x Win32Protect",
                            section, process, *base, offset, *size, alloc_type, prot);
    NTSTATUS st = map_view(section, process, base, offset, size, alloc_type, prot);
    TRACE_NT_END(tr, st, "x BaseAddress, x ViewSize", *base, *size);
    return st;
}

static NTSTATUS unmap_view(uint32_t process, gaddr addr)
{
    if (process != CURRENT_PROCESS_HANDLE)
        return STATUS_INVALID_HANDLE;
    struct view **pv = &views;
    while (*pv && addr - (*pv)->base >= (*pv)->size)
        pv = &(*pv)->next;
    struct view *v = *pv;
    if (!v)
        return STATUS_NOT_MAPPED_VIEW;
    *pv = v->next;
    vm_release(g_vm, v->base);
    section_of(v->obj)->views--;
    kobj_unref(v->obj);
    free(v);
    return STATUS_SUCCESS;
}

NTSTATUS nt_unmap_view(uint32_t process, gaddr addr)
{
    int tr = TRACE_NT_BEGIN("NtUnmapViewOfSection", "h ProcessHandle, x BaseAddress", process, addr);
    NTSTATUS st = unmap_view(process, addr);
    TRACE_NT_END(tr, st, "");
    return st;
}

static NTSTATUS flush_view(uint32_t process, gaddr *base, uint32_t *size)
{
    if (process != CURRENT_PROCESS_HANDLE)
        return STATUS_INVALID_HANDLE;
    struct view *v = view_at(*base);
    if (!v)
        return STATUS_NOT_MAPPED_VIEW;
    gaddr start = *base & ~(VM_PAGE_SIZE - 1);
    uint64_t end = *size ? round_page((uint64_t)*base + *size) : (uint64_t)v->base + v->size;
    if (end > (uint64_t)v->base + v->size)
        end = (uint64_t)v->base + v->size;
    NTSTATUS st = vm_sync(g_vm, start, (uint32_t)(end - start));
    if (st == STATUS_SUCCESS) {
        *base = start;
        *size = (uint32_t)(end - start);
    }
    return st;
}

NTSTATUS nt_flush_view(uint32_t process, gaddr *base, uint32_t *size)
{
    int tr = TRACE_NT_BEGIN("NtFlushVirtualMemory", "h ProcessHandle, x BaseAddress, x RegionSize", process,
                            *base, *size);
    NTSTATUS st = flush_view(process, base, size);
    TRACE_NT_END(tr, st, "x BaseAddress, x RegionSize", *base, *size);
    return st;
}

/* ---- NtExtendSection, NtQuerySection -------------------------------------- */

static NTSTATUS extend_section(uint32_t section, uint64_t *size)
{
    NTSTATUS st;
    struct section_handle *sh = handle_of(section, &st);
    if (!sh)
        return st;
    if (!(sh->access & SECTION_EXTEND_SIZE))
        return STATUS_ACCESS_DENIED;
    struct section *s = section_of(sh->obj);
    if (!s->file_backed)
        return STATUS_SECTION_NOT_EXTENDED;
    if (*size > s->size) {
        struct stat sb;
        if (!prot_writes(s->prot))
            return STATUS_SECTION_NOT_EXTENDED;
        if (fstat(s->fd, &sb) != 0)
            return STATUS_ACCESS_DENIED;
        if ((uint64_t)sb.st_size < *size && ftruncate(s->fd, (off_t)*size) != 0)
            return errno == EFBIG || errno == ENOSPC ? STATUS_DISK_FULL : STATUS_ACCESS_DENIED;
        s->size = *size;
    }
    *size = s->size;
    return STATUS_SUCCESS;
}

NTSTATUS nt_extend_section(uint32_t section, uint64_t *size)
{
    int tr = TRACE_NT_BEGIN("NtExtendSection", "h SectionHandle, l NewSectionSize", section, *size);
    NTSTATUS st = extend_section(section, size);
    TRACE_NT_END(tr, st, "l NewSectionSize", *size);
    return st;
}

static NTSTATUS query_image(const struct section *s, void *buf, uint32_t len, uint32_t *written)
{
    SECTION_IMAGE_INFORMATION32 info;
    if (len < sizeof info)
        return STATUS_INFO_LENGTH_MISMATCH;
    if (!s->image_data)
        return STATUS_SECTION_NOT_IMAGE;
    const struct pe_image *p = &s->image;
    memset(&info, 0, sizeof info);
    info.TransferAddress = p->entry_rva ? p->image_base + p->entry_rva : 0;
    info.MaximumStackSize = p->stack_reserve;
    info.CommittedStackSize = p->stack_commit;
    info.SubSystemType = p->subsystem;
    info.SubSystemMinorVersion = p->minor_subsystem;
    info.SubSystemMajorVersion = p->major_subsystem;
    info.MajorOperatingSystemVersion = p->major_os;
    info.MinorOperatingSystemVersion = p->minor_os;
    info.ImageCharacteristics = p->characteristics;
    info.DllCharacteristics = p->dll_characteristics;
    info.Machine = p->machine;
    for (uint32_t i = 0; i < p->nsections; i++)
        if (p->sections[i].characteristics & IMAGE_SCN_CNT_CODE)
            info.ImageContainsCode = 1;
    info.ImageFileSize = (uint32_t)p->size;
    info.CheckSum = p->checksum;
    memcpy(buf, &info, sizeof info);
    *written = sizeof info;
    return STATUS_SUCCESS;
}

static NTSTATUS query_section(uint32_t section, uint32_t cls, void *buf, uint32_t len, uint32_t *written)
{
    NTSTATUS st;
    struct section_handle *sh = handle_of(section, &st);
    if (!sh)
        return st;
    if (!(sh->access & SECTION_QUERY))
        return STATUS_ACCESS_DENIED;
    const struct section *s = section_of(sh->obj);
    if (cls == SECTION_IMAGE_INFORMATION)
        return query_image(s, buf, len, written);
    if (cls != SECTION_BASIC_INFORMATION)
        return STATUS_INVALID_INFO_CLASS;
    SECTION_BASIC_INFORMATION32 info = { s->image_data ? s->image.image_base : 0, s->attrs, (int64_t)s->size };
    if (len < sizeof info)
        return STATUS_INFO_LENGTH_MISMATCH;
    memcpy(buf, &info, sizeof info);
    *written = sizeof info;
    return STATUS_SUCCESS;
}

NTSTATUS nt_query_section(uint32_t section, uint32_t cls, void *buf, uint32_t len, uint32_t *written)
{
    int tr = TRACE_NT_BEGIN("NtQuerySection", "h SectionHandle, u SectionInformationClass, u Length", section,
                            cls, len);
    *written = 0;
    NTSTATUS st = query_section(section, cls, buf, len, written);
    TRACE_NT_END(tr, st, "u ResultLength", *written);
    return st;
}

/* ---- for the other services ----------------------------------------------- */

NTSTATUS nt_view_protect_allowed(gaddr addr, uint32_t prot)
{
    struct view *v = view_at(addr);
    if (!v || section_of(v->obj)->image_data) /* image pages are copied on write, as a loaded image's */
        return STATUS_SUCCESS;
    return view_prot_fits(section_of(v->obj), prot, prot_copies(v->prot));
}

void nt_view_committed(gaddr addr, uint32_t size)
{
    struct view *v = view_at(addr);
    struct section *s = v ? section_of(v->obj) : NULL;
    if (!s || !s->committed || size == 0)
        return;
    uint64_t lo = v->offset + (addr - v->base), hi = lo + size;
    if (hi > v->offset + v->size)
        hi = v->offset + v->size;
    memset(s->committed + lo / VM_PAGE_SIZE, 1, (size_t)((hi - lo) / VM_PAGE_SIZE));
    for (struct view *w = views; w; w = w->next) {
        uint64_t a = lo > w->offset ? lo : w->offset;
        uint64_t b = hi < w->offset + w->size ? hi : w->offset + w->size;
        if (w != v && w->obj == v->obj && a < b)
            commit_known(s, w->base + (gaddr)(a - w->offset), (uint32_t)(b - a), a, w->prot);
    }
}

bool nt_file_has_views(int fd)
{
    struct stat sb;
    if (fstat(fd, &sb) != 0)
        return false;
    for (struct view *v = views; v; v = v->next) {
        const struct section *s = section_of(v->obj);
        if (s->file_backed && s->dev == sb.st_dev && s->ino == sb.st_ino)
            return true;
    }
    return false;
}

/* ---- handle inheritance --------------------------------------------------- */

bool nt_section_export(uint32_t h, struct nt_section_export *out)
{
    NTSTATUS st;
    struct section_handle *sh = handle_of(h, &st);
    if (!sh || section_of(sh->obj)->image_data)
        return false;
    const struct section *s = section_of(sh->obj);
    /* the child does not know which pages of a SEC_RESERVE section are
     * committed: its views are wholly committed, as an opener's are */
    *out = (struct nt_section_export){ s->fd, s->size, s->prot, s->committed ? SEC_COMMIT : s->attrs, sh->access,
                                       s->file_backed, sh->obj->name };
    return true;
}

bool nt_section_adopt(uint32_t value, const struct nt_section_export *in)
{
    struct section *s = calloc(1, sizeof *s);
    struct kobj *o = s ? kobj_create(KOBJ_SECTION) : NULL;
    if (!o) {
        free(s);
        close(in->fd);
        return false;
    }
    uint64_t size = 0;
    s->fd = in->name && !in->file_backed ? nt_shared_section_open(in->name, false, &size, &s->existed,
                                                                  &s->shared_path)
                                         : -1;
    if (s->fd >= 0)
        close(in->fd);
    else
        s->fd = in->fd;
    s->size = in->size;
    s->prot = in->prot;
    s->attrs = in->attrs;
    s->file_backed = in->file_backed;
    if (s->shared_path)
        find_shared_commits(s); /* a named SEC_RESERVE section's commits, shared with the parent */
    struct stat sb;
    if (in->file_backed && fstat(s->fd, &sb) == 0) {
        s->dev = sb.st_dev;
        s->ino = sb.st_ino;
    }
    o->ext = s;
    o->ext_free = section_free;
    if (in->name && !kobj_find_named(in->name))
        kobj_set_name(o, in->name);
    struct handle_obj *h = handle_object(o, in->access);
    kobj_unref(o); /* the handle holds its own reference */
    if (h && handle_new_at(value, h))
        return true;
    if (h) {
        handle_destroy(h);
        free(h);
    }
    return false;
}
