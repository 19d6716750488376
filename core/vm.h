/* The guest address-space map: the single source of truth for what is
 * reserved, committed and with which protection. CPU backends mirror it. */
#ifndef WOWBOX_CORE_VM_H
#define WOWBOX_CORE_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ntstatus.h"

typedef uint32_t gaddr; /* a 32-bit guest virtual address */

#define VM_PAGE_SIZE   0x1000u
#define VM_GRANULARITY 0x10000u /* allocation granularity, as on Windows */
#define VM_PAGES       (1u << 20)

/* Windows PAGE_* and MEM_* values, used as-is inside the map. */
#define PAGE_NOACCESS          0x01u
#define PAGE_READONLY          0x02u
#define PAGE_READWRITE         0x04u
#define PAGE_WRITECOPY         0x08u
#define PAGE_EXECUTE           0x10u
#define PAGE_EXECUTE_READ      0x20u
#define PAGE_EXECUTE_READWRITE 0x40u
#define PAGE_EXECUTE_WRITECOPY 0x80u
#define PAGE_GUARD             0x100u
#define PAGE_NOCACHE           0x200u
#define PAGE_WRITECOMBINE      0x400u

#define MEM_COMMIT   0x1000u
#define MEM_RESERVE  0x2000u
#define MEM_DECOMMIT 0x4000u
#define MEM_RELEASE  0x8000u
#define MEM_FREE     0x10000u
#define MEM_PRIVATE  0x20000u
#define MEM_MAPPED   0x40000u
#define MEM_RESET    0x80000u
#define MEM_TOP_DOWN 0x100000u
#define MEM_IMAGE    0x1000000u

enum vm_state { VM_FREE = 0, VM_RESERVED = 1, VM_COMMITTED = 2 };
/* What an allocation holds (MEMORY_BASIC_INFORMATION.Type). */
enum vm_type { VM_TYPE_PRIVATE = 0, VM_TYPE_IMAGE = 1, VM_TYPE_MAPPED = 2 };

/* Backends keep their own view (host mprotect for native, uc_mem_* for
 * unicorn) in step with the map through these callbacks. */
struct vm_mirror {
    void *ctx;
    void (*map)(void *ctx, gaddr base, uint32_t size);     /* new reservation */
    void (*unmap)(void *ctx, gaddr base, uint32_t size);   /* released */
    void (*protect)(void *ctx, gaddr base, uint32_t size, uint32_t prot); /* 0 = decommitted */
};

struct vm_region_info { /* MEMORY_BASIC_INFORMATION, host side */
    gaddr base;
    gaddr alloc_base;
    uint32_t alloc_prot;
    uint32_t size;
    uint32_t state;   /* MEM_COMMIT / MEM_RESERVE / MEM_FREE */
    uint32_t prot;
    uint32_t type;    /* MEM_IMAGE / MEM_MAPPED / MEM_PRIVATE / 0 for free */
};

struct vm {
    uint8_t *host_base;      /* host address of guest address 0 (NULL in identity mode) */
    /* The host's page size (vm_host_page_size()): 4 KB on x86-64, 4, 16 or
     * 64 KB on aarch64. A larger host page holds several guest pages and
     * gets the union of their protections: guest_mem's accessors and the
     * Unicorn engine check the map page by page, never the host. */
    uint32_t host_page;
    bool identity;           /* guest address == host address (native backend) */
    gaddr user_limit;        /* highest user address + 1 */
    bool large_address_aware;
    /* DEP off (image without NX_COMPAT, as Windows' OptIn policy runs it):
     * readable pages are executable too. */
    bool execute_readable;
    uint8_t *state;          /* per page: enum vm_state */
    uint16_t *prot;          /* per page: PAGE_* */
    uint16_t *alloc_granule; /* per page: allocation base >> 16 */
    uint16_t *alloc_prot;    /* per page: protection given at reservation */
    uint8_t *type;           /* per page: enum vm_type */
    struct vm_mirror mirror;
};

/* The process's map; accessors in core/guest_mem use it. */
extern struct vm *g_vm;

/* The host's page size; no host page is larger than VM_GRANULARITY, so one
 * never spans two allocations (vm_init refuses a host where it would). */
uint32_t vm_host_page_size(void);
NTSTATUS vm_init(struct vm *vm, bool large_address_aware);
/* Identity mode for the native backend: guest g is host g, in a reservation
 * of the low 4 GB made once by vm_identity_reserve (false + reason when
 * something already sits there). */
bool vm_identity_reserve(char *why, size_t whysz);
NTSTATUS vm_init_identity(struct vm *vm, bool large_address_aware);
void vm_destroy(struct vm *vm);
void vm_set_mirror(struct vm *vm, const struct vm_mirror *m);

/* *addr == 0 lets the map choose (bottom-up, or top-down with MEM_TOP_DOWN). */
NTSTATUS vm_reserve(struct vm *vm, gaddr *addr, uint32_t size, uint32_t flags, uint32_t prot, enum vm_type type);
/* A view of a section: the host pages of a reservation made with
 * VM_TYPE_MAPPED become the file's (fd at offset, a multiple of
 * VM_GRANULARITY): shared with every other mapping of it, or private
 * copies on write (copy). Both backends then see the file's pages at the
 * view's guest addresses; vm_commit gives them their protection and
 * vm_release drops them. */
NTSTATUS vm_map_file(struct vm *vm, gaddr base, uint32_t size, int fd, uint64_t offset, bool copy);
/* Writes the pages of [addr, addr + size) of a view back to its file (msync). */
NTSTATUS vm_sync(struct vm *vm, gaddr addr, uint32_t size);
/* The whole pages covering [addr, addr + size): *start and *bytes. False
 * when they would pass the top of the 32-bit space. Every page range built
 * from a guest address and size goes through here, so none can wrap. */
bool vm_page_span(gaddr addr, uint32_t size, gaddr *start, uint32_t *bytes);
NTSTATUS vm_commit(struct vm *vm, gaddr addr, uint32_t size, uint32_t prot);
NTSTATUS vm_decommit(struct vm *vm, gaddr addr, uint32_t size);
NTSTATUS vm_release(struct vm *vm, gaddr alloc_base);
NTSTATUS vm_protect(struct vm *vm, gaddr addr, uint32_t size, uint32_t prot, uint32_t *old_prot);
NTSTATUS vm_query(const struct vm *vm, gaddr addr, struct vm_region_info *out);

/* Reserve + commit in one step (VirtualAlloc(MEM_RESERVE|MEM_COMMIT)). */
NTSTATUS vm_alloc(struct vm *vm, gaddr *addr, uint32_t size, uint32_t prot, uint32_t flags);

bool vm_prot_valid(uint32_t prot);
/* Bytes from an allocation base to the end of that allocation. */
uint32_t vm_allocation_size(const struct vm *vm, gaddr base);
static inline void *vm_host(const struct vm *vm, gaddr g) { return vm->host_base + g; }

#endif
