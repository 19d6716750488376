/* Thread stacks: reserve, top commit, guard page; growth by guard-page
 * hits, STATUS_STACK_OVERFLOW when the guard would reach the last page of
 * the reservation (which is never committed, so running past it is an
 * access violation), as Windows' memory manager does. */
#include "core/stack.h"

#include <stdio.h>

#include "core/guest_mem.h"
#include "core/process.h"
#include "core/vmmap.h"
#include "core/teb.h"

bool stack_create(struct guest_thread *t, uint32_t reserve, uint32_t commit)
{
    reserve = reserve < 0x10000 ? 0x100000 : (reserve + 0xFFFF) & ~0xFFFFu;
    commit = (commit + VM_PAGE_SIZE - 1) & ~(VM_PAGE_SIZE - 1);
    if (commit < VM_PAGE_SIZE)
        commit = VM_PAGE_SIZE;
    if (commit + 2 * VM_PAGE_SIZE > reserve)
        commit = reserve - 2 * VM_PAGE_SIZE;
    gaddr base = 0;
    if (vm_reserve(&proc->vm, &base, reserve, 0, PAGE_READWRITE, false) != STATUS_SUCCESS)
        return false;
    char tag[48];
    if (t == &proc->main_thread)
        snprintf(tag, sizeof tag, "stack of the main thread");
    else
        snprintf(tag, sizeof tag, "stack of thread %u", t->tid);
    vmmap_tag(base, tag);
    t->stack_alloc = base;
    t->stack_base = base + reserve;
    t->stack_limit = t->stack_base - commit;
    vm_commit(&proc->vm, t->stack_limit, commit, PAGE_READWRITE);
    vm_commit(&proc->vm, t->stack_limit - VM_PAGE_SIZE, VM_PAGE_SIZE, PAGE_READWRITE | PAGE_GUARD);
    return true;
}

enum stack_guard stack_guard_hit(struct guest_thread *t, gaddr addr)
{
    gaddr page = addr & ~(VM_PAGE_SIZE - 1);
    if (page < t->stack_alloc || page >= t->stack_base)
        return STACK_NOT_OURS;
    t->stack_limit = page;
    if (t->teb)
        gm_write_u32(t->teb + TEB_STACK_LIMIT, page);
    if (page - VM_PAGE_SIZE <= t->stack_alloc)
        return STACK_OVERFLOW; /* only the last page is left: never committed */
    vm_commit(&proc->vm, page - VM_PAGE_SIZE, VM_PAGE_SIZE, PAGE_READWRITE | PAGE_GUARD);
    return STACK_GROWN;
}

/* The kernel writes exception frames below the faulting esp: when that
 * reaches into the guard page, the stack grows first, as a guest push
 * would make it. */
bool stack_make_room(struct guest_thread *t, gaddr low)
{
    gaddr page = low & ~(VM_PAGE_SIZE - 1);
    if (page < t->stack_alloc || page >= t->stack_limit)
        return true; /* committed already, or not this stack */
    if (page - VM_PAGE_SIZE <= t->stack_alloc)
        return false;
    vm_commit(&proc->vm, page, t->stack_limit - page, PAGE_READWRITE);
    vm_commit(&proc->vm, page - VM_PAGE_SIZE, VM_PAGE_SIZE, PAGE_READWRITE | PAGE_GUARD);
    t->stack_limit = page;
    if (t->teb)
        gm_write_u32(t->teb + TEB_STACK_LIMIT, page);
    return true;
}
