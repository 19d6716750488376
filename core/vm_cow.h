/* Copy-on-write pages of views as Windows reports them: a PAGE_WRITECOPY
 * page that has been written is a private page, PAGE_READWRITE (and
 * PAGE_EXECUTE_WRITECOPY becomes PAGE_EXECUTE_READWRITE). The host kernel
 * makes the copy itself; this asks it which pages it copied. */
#ifndef WOWBOX_CORE_VM_COW_H
#define WOWBOX_CORE_VM_COW_H

#include <stdint.h>

#include "core/vm.h"

/* Pagemap entries read ahead for a run of pages (one vm_query). */
struct vm_cow_cache {
    uintptr_t first; /* host page index of e[0] */
    uint32_t n;
    uint64_t e[64];
};

/* The protection page p (a page index) shows: its map protection, or the
 * read-write one when it is a copy-on-write page of a view that the host
 * has copied. c: zeroed by the caller before its first use. */
uint32_t vm_cow_prot(const struct vm *vm, struct vm_cow_cache *c, uint32_t p);

#endif
