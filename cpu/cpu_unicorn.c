/* The Unicorn backend: emulates the 32-bit guest in-process. Guest memory is
 * the vm's host reservation mapped with uc_mem_map_ptr; thunks are served
 * inside a range-limited code hook without leaving the engine. Each guest
 * thread has an engine of its own, run by its own host thread (a handler
 * may block inside a hook, so engines cannot be shared): every engine maps
 * the same host memory, an allocation at a time when the thread first
 * touches it (a thread maps what it uses, not the whole map), and map
 * changes and code invalidation go to the engines holding the allocation.
 * Engines never run at the same time (the backend is serial: core's
 * process lock is held while guest code runs), because an engine makes
 * lock-prefixed instructions atomic only against itself. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#include "core/guest_mem.h"
#include "core/log.h"
#include "core/ntstatus.h"
#include "cpu/cpu.h"
#include "cpu/unicorn_api.h"
#include "cpu/unicorn_fault.h"
#include "cpu/unicorn_x87.h"
#include "cpu/x87_ext.h"

/* GDT in a host-only page above every user address: the guest never owns
 * this page in the address-space map. */
#define GDT_ADDR  0xFFFFF000u
#define SEL_CODE  0x23u   /* Windows' 32-bit user code selector */
#define SEL_DATA  0x2Bu
#define SEL_TEB   0x53u   /* FS under WoW64 */
#define SEL_STACK 0x10u   /* ring-0 stack: only until the switch to ring 3 */
/* The ring-0 → ring-3 switch runs from the GDT page's upper half. */
#define SWITCH_CODE  (GDT_ADDR + 0x800u)
#define SWITCH_STACK (GDT_ADDR + 0xFF0u)
/* uc_emu_start's "until" for runs that end only when stopped: Unicorn
 * stops without a word when EIP reaches it, so not 0 (a call through a
 * NULL pointer must fault) but a host-only address the guest never runs. */
#define RUN_FOREVER (GDT_ADDR + 0xE00u)
/* Where a hook sends a thread that must leave the engine after its
 * handler: a stop requested in the same hook as an EIP write is dropped by
 * the engine; one requested from this address's own code hook is not. */
#define PARK_ADDR (GDT_ADDR + 0xC00u)
/* Scratch page for probing the engine at init, before any guest mapping. */
#define PROBE_PAGE 0x10000u

struct cpu_thread {
    uc_engine *uc;
    uint8_t *gdt;              /* this engine's GDT page (host memory) */
    uc_context *scratch;       /* for ucf_reset_exception_state */
    gaddr teb;
    int depth;                 /* nested call() levels */
    bool user_mode;            /* the engine runs at CPL 3, as Windows user code */
    bool block_hooked;         /* hook_block is in its translations */
    bool stop_requested;
    atomic_bool interrupt;     /* interrupt() asked: call hooks.interrupted */
    bool exception_pending;
    bool from_intr;            /* the interrupt hook took it */
    bool data_fault;           /* a data access: EIP is the block start */
    bool forget_fault_page;    /* a memory fault: its page leaves the TLB */
    bool pc_written;           /* ESP/EIP set during the current thunk */
    bool ret_set;              /* return_from_thunk ran in the current thunk */
    uint32_t ret_esp, ret_eip; /* ...with these */
    uint32_t resume_eip;       /* where a parked thread goes on */
    uint32_t fault_kind, fault_addr;
    struct cpu_exception exc;
    struct ux87 *x87;          /* fprem/fprem1 done on the host */
    uc_context *fresh;         /* the CPU as its first thread started: a reused engine starts so */
    uint8_t *mapped;           /* one bit per allocation (its base granule) the engine maps */
    struct cpu_thread *next;   /* every engine */
    struct cpu_thread *next_idle; /* in `idle` */
};

static struct vm *vm;
static struct cpu_hooks hooks;
static gaddr return_trap;
/* Where in a stub the hooked instruction lies (unicorn_write_stub). */
#define STUB_TRAP 8u
static struct cpu_thread *engines; /* changed and walked under core's process lock */
static struct cpu_thread *spare;   /* opened at init, attached for the main thread */
/* Engines are closed only when the process ends; an ended thread's engine
 * (still in `engines`, following the map) serves the next new thread.
 * Unicorn 2.0.1's aarch64 code generator keeps the address translated code
 * jumps to when it leaves the engine (its epilogue) in one static variable,
 * which each engine's initialisation sets to its own code buffer, and every
 * block translated from then on, by any engine, jumps there: closing that
 * engine sent the others into unmapped memory (the arm64 build's
 * second-thread crash, docs/architecture.md). Reuse also saves a new
 * thread the engine's set-up. */
static struct cpu_thread *idle;
/* the engine this host thread runs: hooks find their thread here */
static _Thread_local struct cpu_thread *current;

struct stub_range {
    gaddr base;
    uint32_t count, first_index;
};
static struct stub_range ranges[CPU_STUB_RANGES_MAX];
static unsigned nranges;

static bool unicorn_available(char *why, size_t whysz)
{
    return unicorn_api_load(why, whysz);
}

static uint32_t win_to_uc_prot(uint32_t prot)
{
    if (prot == 0 || (prot & PAGE_GUARD))
        return UC_PROT_NONE;
    uint32_t x = vm->execute_readable ? UC_PROT_EXEC : 0;
    switch (prot & 0xFFu) {
    case PAGE_READONLY: return UC_PROT_READ | x;
    case PAGE_READWRITE: case PAGE_WRITECOPY: return UC_PROT_READ | UC_PROT_WRITE | x;
    case PAGE_EXECUTE: case PAGE_EXECUTE_READ: return UC_PROT_READ | UC_PROT_EXEC;
    case PAGE_EXECUTE_READWRITE: case PAGE_EXECUTE_WRITECOPY: return UC_PROT_ALL;
    default: return UC_PROT_NONE;
    }
}

static void map_with(uc_engine *uc, gaddr base, uint32_t size, uint32_t uc_prot)
{
    uc_err e = uc_mem_map_ptr(uc, base, size, uc_prot, vm->host_base + base);
    if (e != UC_ERR_OK)
        wb_bug("unicorn cannot map %#x+%#x: %s", base, size, uc_strerror(e));
}

/* The engine's TLB keeps what it allowed before (ucf_forget_pages). */
static void protect_one(uc_engine *uc, gaddr base, uint32_t size, uint32_t prot)
{
    uc_err e = uc_mem_protect(uc, base, size, win_to_uc_prot(prot));
    if (e != UC_ERR_OK)
        wb_bug("unicorn cannot protect %#x+%#x: %s", base, size, uc_strerror(e));
    ucf_forget_pages(uc, base, size);
}

#define GRANULES (1u << 16) /* 64 KB allocation granules in 4 GB */

/* Pages some engine may hold translations of: executable in an engine
 * since their translations were last dropped. Translated code runs
 * without looking at the page again, so a page that stops being
 * executable has its translations dropped (mirror_protect). */
static uint8_t may_hold_code[VM_PAGES / 8];

static void note_code_pages(uint32_t first, uint32_t count, uint32_t uc_prot)
{
    if (!(uc_prot & UC_PROT_EXEC))
        return;
    for (uint32_t p = first; p < first + count; p++)
        may_hold_code[p >> 3] |= (uint8_t)(1u << (p & 7));
}

static bool holds(const struct cpu_thread *t, uint32_t granule)
{
    return t->mapped[granule >> 3] & (1u << (granule & 7));
}

/* An allocation enters an engine the first time its thread touches it,
 * with the map as it is then: each run of pages with the same state and
 * protection as a region of its own, mapped with its protection at once
 * (mapping the reservation and then protecting its runs costs Unicorn a
 * region split and a flat-view rebuild per run; later changes may span
 * these regions, which Unicorn allows). false: no allocation there. */
static bool map_allocation(struct cpu_thread *t, uint32_t page)
{
    if (page >= VM_PAGES || vm->state[page] == VM_FREE)
        return false;
    uint16_t g = vm->alloc_granule[page];
    if (holds(t, g))
        return false; /* mapped already: the fault is the protection's */
    uint32_t first = (uint32_t)g << 4, p = first; /* 16 pages a granule */
    while (p < VM_PAGES && vm->state[p] != VM_FREE && vm->alloc_granule[p] == g) {
        uint32_t r = p;
        bool committed = vm->state[p] == VM_COMMITTED;
        while (r < VM_PAGES && vm->state[r] != VM_FREE && vm->alloc_granule[r] == g &&
               (vm->state[r] == VM_COMMITTED) == committed && (!committed || vm->prot[r] == vm->prot[p]))
            r++;
        uint32_t prot = committed ? win_to_uc_prot(vm->prot[p]) : UC_PROT_NONE;
        map_with(t->uc, p * VM_PAGE_SIZE, (r - p) * VM_PAGE_SIZE, prot);
        note_code_pages(p, r - p, prot);
        p = r;
    }
    t->mapped[g >> 3] |= (uint8_t)(1u << (g & 7));
    return true;
}

/* The mirror callbacks run in host code under the process lock, so no
 * engine runs meanwhile (the others wait inside hooks or outside). A new
 * reservation enters no engine until a thread touches it. */
static void mirror_map(void *ctx, gaddr base, uint32_t size)
{
    (void)ctx;
    (void)base;
    (void)size;
}

static void mirror_unmap(void *ctx, gaddr base, uint32_t size)
{
    (void)ctx;
    uint32_t g = base >> 16;
    for (struct cpu_thread *t = engines; t; t = t->next) {
        if (!holds(t, g))
            continue;
        uc_err e = uc_mem_unmap(t->uc, base, size);
        if (e != UC_ERR_OK)
            wb_bug("unicorn cannot unmap %#x+%#x: %s", base, size, uc_strerror(e));
        t->mapped[g >> 3] &= (uint8_t)~(1u << (g & 7));
    }
    for (uint32_t p = base / VM_PAGE_SIZE; p < (base + (uint64_t)size) / VM_PAGE_SIZE; p++)
        may_hold_code[p >> 3] &= (uint8_t)~(1u << (p & 7));
}

/* A page's translations in one engine, whatever its state now. */
static void drop_page(struct cpu_thread *t, uint32_t page)
{
    ucf_remove_cache(t->uc, page * VM_PAGE_SIZE, (uint64_t)(page + 1) * VM_PAGE_SIZE);
    ux87_forget(t->x87);
}

/* A change stays inside one allocation (vm_commit, vm_protect and
 * vm_decommit refuse ranges that straddle two). */
static void mirror_protect(void *ctx, gaddr base, uint32_t size, uint32_t prot)
{
    (void)ctx;
    uint32_t g = vm->alloc_granule[base / VM_PAGE_SIZE], first = base / VM_PAGE_SIZE;
    uint32_t uc_prot = win_to_uc_prot(prot);
    bool held = false;
    for (struct cpu_thread *t = engines; t; t = t->next)
        if (holds(t, g)) {
            protect_one(t->uc, base, size, prot);
            held = true;
        }
    if (!held)
        return;
    if (uc_prot & UC_PROT_EXEC) {
        note_code_pages(first, size / VM_PAGE_SIZE, uc_prot);
        return;
    }
    /* no longer executable (or decommitted): its code must fault */
    for (uint32_t p = first; p < first + size / VM_PAGE_SIZE; p++) {
        if (!(may_hold_code[p >> 3] & (1u << (p & 7))))
            continue;
        may_hold_code[p >> 3] &= (uint8_t)~(1u << (p & 7));
        for (struct cpu_thread *t = engines; t; t = t->next)
            if (holds(t, g))
                drop_page(t, p);
    }
}

static void hook_stub(uc_engine *u, uint64_t addr, uint32_t size, void *user)
{
    (void)size;
    const struct stub_range *r = user;
    uint32_t off = (uint32_t)addr - r->base;
    if (off % CPU_STUB_SIZE != STUB_TRAP)
        return; /* the push/ret before it, or a jump into the middle */
    struct cpu_thread *t = current;
    t->pc_written = t->ret_set = false;
    hooks.thunk(t, r->first_index + off / CPU_STUB_SIZE);
    if (!t->stop_requested && !atomic_load(&t->interrupt))
        return;
    /* leave the engine through the parking spot, remembering where the
     * thread goes on: where the handler moved it, or past the stub's ret */
    if (t->pc_written) {
        uc_reg_read(u, UC_X86_REG_EIP, &t->resume_eip);
    } else if (t->ret_set) {
        uc_reg_write(u, UC_X86_REG_ESP, &t->ret_esp);
        t->resume_eip = t->ret_eip;
    } else {
        t->resume_eip = (uint32_t)addr; /* a handler that never returns: it stops */
    }
    uint32_t park = PARK_ADDR;
    uc_reg_write(u, UC_X86_REG_EIP, &park);
}

/* Every block start: where a thread another thread interrupted (or wants
 * stopped) leaves the engine. A stop from outside would leave EIP stale
 * (the engine does not resynchronize it when a chain of blocks ends on a
 * stop request), so the thread leaves by itself, before the block's first
 * instruction, with EIP restored from the translated block. */
static void hook_block(uc_engine *u, uint64_t addr, uint32_t size, void *user)
{
    (void)addr;
    (void)size;
    (void)user;
    struct cpu_thread *t = current;
    if (t && (atomic_load(&t->interrupt) || t->stop_requested))
        ucf_leave_block(u); /* does not return when it can leave */
}

static void hook_park(uc_engine *u, uint64_t addr, uint32_t size, void *user)
{
    (void)addr;
    (void)size;
    (void)user;
    uc_emu_stop(u);
}

static void record_exception(struct cpu_thread *t, uint32_t code, uint32_t addr,
                             uint32_t nparams, uint32_t p0, uint32_t p1)
{
    t->exception_pending = true;
    t->exc.code = code;
    t->exc.address = addr;
    t->exc.nparams = nparams;
    t->exc.params[0] = p0;
    t->exc.params[1] = p1;
}

static uint32_t read_eip(struct cpu_thread *t)
{
    uint32_t eip = 0;
    uc_reg_read(t->uc, UC_X86_REG_EIP, &eip);
    return eip;
}

static bool hook_bad_mem(uc_engine *u, uc_mem_type type, uint64_t addr, int size,
                         int64_t value, void *user)
{
    (void)size;
    (void)value;
    (void)user;
    /* an allocation this thread has not touched yet: map it, and the
     * engine makes the access again */
    if (current && (type == UC_MEM_READ_UNMAPPED || type == UC_MEM_WRITE_UNMAPPED || type == UC_MEM_FETCH_UNMAPPED) &&
        map_allocation(current, (uint32_t)addr / VM_PAGE_SIZE))
        return true;
    uint32_t kind = 0; /* read */
    if (type == UC_MEM_WRITE_UNMAPPED || type == UC_MEM_WRITE_PROT)
        kind = 1;
    else if (type == UC_MEM_FETCH_UNMAPPED || type == UC_MEM_FETCH_PROT)
        kind = 8;
    bool precise = kind == 8 || ucf_precise_state(u);
    uint32_t eip = kind == 8 ? (uint32_t)addr : read_eip(current);
    uint32_t page = (uint32_t)addr >> 12;
    uint32_t code = STATUS_ACCESS_VIOLATION;
    if (vm->state[page] == VM_COMMITTED && (vm->prot[page] & PAGE_GUARD))
        code = STATUS_GUARD_PAGE_VIOLATION;
    record_exception(current, code, eip, 2, kind, (uint32_t)addr);
    /* a fetch looked the page up with full rights first: finish_fault
     * drops that TLB entry (ucf_forget_pages) */
    current->forget_fault_page = true;
    /* without the engine's help EIP is stale: run_engine finds the
     * faulting instruction by decoding once the engine stopped */
    current->data_fault = !precise;
    current->fault_kind = kind;
    current->fault_addr = (uint32_t)addr;
    return false;
}

/* Faults (#DE, #GP...) arrive with EIP at the instruction, traps (int3,
 * int n, single step) with EIP after it. */
static void hook_intr(uc_engine *u, uint32_t intno, void *user)
{
    (void)user;
    uint32_t eip = read_eip(current);
    switch (intno) {
    case 0: record_exception(current, ucf_divide_error(u, vm, eip), eip, 0, 0, 0); break;
    case 1: record_exception(current, STATUS_SINGLE_STEP, eip, 0, 0, 0); break;
    /* the address of the int3; CONTEXT.Eip too: Windows backs it up by one */
    case 3: record_exception(current, STATUS_BREAKPOINT, eip - 1, 1, 0, 0); break;
    case 4: record_exception(current, STATUS_INTEGER_OVERFLOW, eip, 0, 0, 0); break;
    case 5: record_exception(current, STATUS_ARRAY_BOUNDS_EXCEEDED, eip, 0, 0, 0); break;
    case 6: record_exception(current, STATUS_ILLEGAL_INSTRUCTION, eip, 0, 0, 0); break;
    case 13:
        if (ucf_privileged(vm, eip))
            record_exception(current, STATUS_PRIVILEGED_INSTRUCTION, eip, 0, 0, 0);
        else
            record_exception(current, STATUS_ACCESS_VIOLATION, eip, 2, 0, 0xFFFFFFFFu);
        break;
    case 16: record_exception(current, ucf_float_code(u, false), eip, 0, 0, 0); break;
    case 17: record_exception(current, STATUS_DATATYPE_MISALIGNMENT, eip, 0, 0, 0); break;
    case 19: record_exception(current, ucf_float_code(u, true), eip, 0, 0, 0); break;
    case 0x29: { /* __fastfail(ecx): ends the process, no handler runs */
        uint32_t ecx = 0;
        uc_reg_read(u, UC_X86_REG_ECX, &ecx);
        record_exception(current, STATUS_STACK_BUFFER_OVERRUN, eip - 2, 1, ecx, 0);
        break;
    }
    /* int n without a user gate: #GP at the int instruction */
    default: record_exception(current, STATUS_ACCESS_VIOLATION, intno >= 32 ? eip - 2 : eip, 2, 0,
                              0xFFFFFFFFu); break;
    }
    current->from_intr = true;
    uc_emu_stop(u);
}

static bool hook_invalid_insn(uc_engine *u, void *user)
{
    (void)u;
    (void)user;
    record_exception(current, STATUS_ILLEGAL_INSTRUCTION, read_eip(current), 0, 0, 0);
    return false;
}

static void make_descriptor(uint8_t *d, uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
    d[0] = limit & 0xFF;
    d[1] = (limit >> 8) & 0xFF;
    d[2] = base & 0xFF;
    d[3] = (base >> 8) & 0xFF;
    d[4] = (base >> 16) & 0xFF;
    d[5] = access;
    d[6] = (uint8_t)((flags << 4) | ((limit >> 16) & 0x0F));
    d[7] = (base >> 24) & 0xFF;
}

/* The engine's own GDT page, above every user address: the guest never
 * owns this page in the address-space map. Its upper half holds the ring
 * switch code and the parking spot. */
static bool setup_gdt(struct cpu_thread *t)
{
    t->gdt = mmap(NULL, VM_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (t->gdt == MAP_FAILED) {
        t->gdt = NULL;
        return false;
    }
    if (uc_mem_map_ptr(t->uc, GDT_ADDR, VM_PAGE_SIZE, UC_PROT_ALL, t->gdt) != UC_ERR_OK)
        return false;
    uint8_t *gdt = t->gdt;
    /* access byte: present, DPL, S=1, type; accessed bit preset so the CPU
     * never writes the descriptor */
    make_descriptor(gdt + (SEL_CODE >> 3) * 8, 0, 0xFFFFF, 0xFB, 0xC);
    make_descriptor(gdt + (SEL_DATA >> 3) * 8, 0, 0xFFFFF, 0xF3, 0xC);
    make_descriptor(gdt + (SEL_STACK >> 3) * 8, 0, 0xFFFFF, 0x93, 0xC);
    gdt[PARK_ADDR - GDT_ADDR] = 0xF4; /* hlt: never runs, its code hook stops first */
    uc_x86_mmr gdtr = { .base = GDT_ADDR, .limit = 0xFF };
    return uc_reg_write(t->uc, UC_X86_REG_GDTR, &gdtr) == UC_ERR_OK;
}

static void add_stub_hook(struct cpu_thread *t, struct stub_range *r)
{
    uc_hook hh;
    uc_hook_add(t->uc, &hh, UC_HOOK_CODE, (void *)hook_stub, r, r->base,
                r->base + r->count * CPU_STUB_SIZE - 1);
}

/* Drops an engine's translations of the committed pages in [start, end),
 * as code written by host code is dropped: safe while a block of it is
 * running. One page at a time: Unicorn turns a range's first address into
 * an offset in one region's memory and adds the length, so a range must
 * not cross an engine region, and the regions need not follow the map's
 * runs of one protection (a page protected and protected back splits
 * one). Pages never committed hold no code. */
static void drop_translations(struct cpu_thread *t, uint64_t start, uint64_t end)
{
    for (uint64_t a = start & ~(uint64_t)(VM_PAGE_SIZE - 1); a < end; a += VM_PAGE_SIZE)
        if (vm->state[a / VM_PAGE_SIZE] == VM_COMMITTED && holds(t, vm->alloc_granule[a / VM_PAGE_SIZE]))
            ucf_remove_cache(t->uc, (uint32_t)a, a + VM_PAGE_SIZE);
    ux87_forget(t->x87);
}

static void drop_all_translations(struct cpu_thread *t)
{
    drop_translations(t, 0, (uint64_t)VM_PAGES * VM_PAGE_SIZE);
}

/* The block hook costs a call per translated block (~10% on compute-bound
 * code), so engines get it when a second thread appears: the first
 * engine's existing translations are dropped so new ones carry it. */
static void hook_blocks_everywhere(void)
{
    for (struct cpu_thread *t = engines; t; t = t->next) {
        if (t->block_hooked)
            continue;
        uc_hook hh;
        uc_hook_add(t->uc, &hh, UC_HOOK_BLOCK, (void *)hook_block, NULL, 1, 0);
        t->block_hooked = true;
        if (t->user_mode) /* it has run: it may hold translations */
            drop_all_translations(t);
    }
}

static void close_engine(struct cpu_thread *t)
{
    ux87_detach(t->x87);
    if (t->scratch)
        uc_context_free(t->scratch);
    if (t->fresh)
        uc_context_free(t->fresh);
    if (t->uc)
        uc_close(t->uc);
    if (t->gdt)
        munmap(t->gdt, VM_PAGE_SIZE);
    free(t->mapped);
    free(t);
}

/* What the emulated CPU says about itself (cpu_ident), asked once by running
 * cpuid, fxsave and xgetbv on the first engine before anything is mapped:
 * the answers come from Unicorn's CPU model, not the host's. */
static struct cpu_ident ident;

static bool probe_insn(uc_engine *uc, gaddr page, const uint8_t *code, size_t len, uint32_t eax, uint32_t ecx,
                       uint32_t out[4])
{
    uint32_t zero = 0;
    uc_mem_write(uc, page, code, len);
    uc_reg_write(uc, UC_X86_REG_EAX, &eax);
    uc_reg_write(uc, UC_X86_REG_ECX, &ecx);
    uc_reg_write(uc, UC_X86_REG_EBX, &zero);
    uc_reg_write(uc, UC_X86_REG_EDX, &zero);
    /* no instruction count: a counted run leaves Unicorn a count hook whose
     * removal by the next uncounted run flushes the translation cache, which
     * zeroes the whole 1 GB code buffer (docs/performance.md) */
    if (uc_emu_start(uc, page, page + len, 0, 0) != UC_ERR_OK)
        return false;
    static const int regs[4] = { UC_X86_REG_EAX, UC_X86_REG_EBX, UC_X86_REG_ECX, UC_X86_REG_EDX };
    for (int i = 0; i < 4; i++)
        uc_reg_read(uc, regs[i], &out[i]);
    return true;
}

static void probe_ident(uc_engine *uc, gaddr page)
{
    static const uint8_t cpuid[] = { 0x0F, 0xA2 }, xgetbv[] = { 0x0F, 0x01, 0xD0 },
                         fxsave[] = { 0x0F, 0xAE, 0x00 }; /* fxsave [eax] */
    if (uc_mem_map(uc, page, 0x1000, UC_PROT_ALL) != UC_ERR_OK)
        return;
    uint32_t r[4];
    if (probe_insn(uc, page, cpuid, sizeof cpuid, 0, 0, ident.leaf0)) {
        if (ident.leaf0[0] >= 1)
            probe_insn(uc, page, cpuid, sizeof cpuid, 1, 0, ident.leaf1);
        if (ident.leaf0[0] >= 7)
            probe_insn(uc, page, cpuid, sizeof cpuid, 7, 0, ident.leaf7);
    }
    if (probe_insn(uc, page, cpuid, sizeof cpuid, 0x80000000u, 0, ident.ext0) && ident.ext0[0] >= 0x80000001u)
        probe_insn(uc, page, cpuid, sizeof cpuid, 0x80000001u, 0, ident.ext1);
    if ((ident.leaf1[2] & (1u << 27)) && probe_insn(uc, page, xgetbv, sizeof xgetbv, 0, 0, r))
        ident.xcr0 = (uint64_t)r[3] << 32 | r[0];
    if (probe_insn(uc, page, fxsave, sizeof fxsave, page + 0x800, 0, r))
        uc_mem_read(uc, page + 0x800 + 28, &ident.mxcsr_mask, 4);
    uc_mem_unmap(uc, page, 0x1000);
}

static void unicorn_identify(struct cpu_ident *id) { *id = ident; }

/* An engine with our hooks and GDT page, not yet holding the map (see
 * attach_engine); the first one probes the engine's fault state before
 * anything is mapped. */
static struct cpu_thread *open_detached(bool first, char *why, size_t whysz)
{
    struct cpu_thread *t = calloc(1, sizeof *t);
    if (t)
        t->mapped = calloc(GRANULES / 8, 1);
    if (!t || !t->mapped) {
        free(t);
        snprintf(why, whysz, "out of memory");
        return NULL;
    }
    uc_err e = uc_open(UC_ARCH_X86, UC_MODE_32, &t->uc);
    if (e != UC_ERR_OK) {
        snprintf(why, whysz, "unicorn: %s", uc_strerror(e));
        t->uc = NULL;
        close_engine(t);
        return NULL;
    }
    /* before any guest mapping: the probe borrows a scratch page */
    if (first)
        probe_ident(t->uc, PROBE_PAGE);
    if (first && !ucf_probe(t->uc, PROBE_PAGE))
        wb_note("unicorn: cannot reset its double-fault state; a second exception may end the process");
    if (uc_context_alloc(t->uc, &t->scratch) != UC_ERR_OK)
        t->scratch = NULL;
    if (!setup_gdt(t)) {
        snprintf(why, whysz, "cannot map the GDT page");
        close_engine(t);
        return NULL;
    }
    uc_hook hh;
    uc_hook_add(t->uc, &hh, UC_HOOK_MEM_INVALID, (void *)hook_bad_mem, NULL, 1, 0);
    uc_hook_add(t->uc, &hh, UC_HOOK_INTR, (void *)hook_intr, NULL, 1, 0);
    uc_hook_add(t->uc, &hh, UC_HOOK_INSN_INVALID, (void *)hook_invalid_insn, NULL, 1, 0);
    uc_hook_add(t->uc, &hh, UC_HOOK_CODE, (void *)hook_park, NULL, PARK_ADDR, PARK_ADDR);
    t->x87 = ux87_attach(t->uc);
    if (!t->x87 && first)
        wb_note("unicorn: cannot watch translations; fprem/fprem1 keep the engine's double-precision results");
    return t;
}

/* The engine follows the changes of the allocations it maps from now on
 * (the mirror callbacks walk `engines`); it maps each when its thread
 * first touches it (hook_bad_mem), so the main thread's engine, attached
 * when the thread is created, sees none of start-up's hundreds of map and
 * protect calls, and a new thread's engine maps its stack and what it runs,
 * not every allocation of the process (whose cost grew with the number of
 * threads). */
static void attach_engine(struct cpu_thread *t, bool first)
{
    for (unsigned i = 0; i < nranges; i++)
        add_stub_hook(t, &ranges[i]);
    t->next = engines;
    engines = t;
    if (!first)
        hook_blocks_everywhere();
}

/* QEMU advises huge pages for each engine's 1 GB code buffer, so an
 * engine's first translation makes the kernel zero 2 MB: a third of the
 * CPU time and two thirds of the memory of a thread that runs little
 * code (docs/performance.md). From the second engine on the process asks
 * for none (the flag is checked at each fault: the first engine keeps the
 * huge page it has; guest memory and the heaps never asked for them). */
static struct cpu_thread *open_engine(char *why, size_t whysz)
{
    static bool small_pages;
    if (!small_pages)
        small_pages = prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) == 0;
    struct cpu_thread *t = open_detached(false, why, whysz);
    if (t)
        attach_engine(t, false);
    return t;
}

static bool unicorn_init(struct vm *v, const struct cpu_hooks *h, char *why, size_t whysz)
{
    vm = v;
    hooks = *h;
    if (!unicorn_api_load(why, whysz))
        return false;
    /* the main thread's engine, opened before the first mapping and
     * attached when the main thread is created */
    spare = open_detached(true, why, whysz);
    if (!spare)
        return false;
    struct vm_mirror m = { NULL, mirror_map, mirror_unmap, mirror_protect };
    vm_set_mirror(vm, &m);
    return true;
}

static void unicorn_shutdown(void)
{
    while (engines) {
        struct cpu_thread *t = engines;
        engines = t->next;
        close_engine(t);
    }
    if (spare)
        close_engine(spare);
    spare = idle = NULL;
    nranges = 0; /* the stubs were the images of the address space that goes with the engines */
}

static void write_segments(struct cpu_thread *t)
{
    make_descriptor(t->gdt + (SEL_TEB >> 3) * 8, t->teb, 0xFFF, 0xF3, 0x4);
    uint32_t sel = SEL_STACK;
    if (!t->user_mode)
        uc_reg_write(t->uc, UC_X86_REG_SS, &sel);
    sel = SEL_DATA;
    uc_reg_write(t->uc, UC_X86_REG_DS, &sel);
    uc_reg_write(t->uc, UC_X86_REG_ES, &sel);
    uc_reg_write(t->uc, UC_X86_REG_GS, &sel);
    sel = SEL_TEB;
    uc_reg_write(t->uc, UC_X86_REG_FS, &sel);
}

/* Windows starts a 32-bit thread with x87 control word 0x27F and MXCSR
 * 0x1F80; Unicorn would start with 0, which changes floating results. */
static void init_fpu(struct cpu_thread *t)
{
    uint32_t fpcw = 0x27F, mxcsr = 0x1F80, cr0 = 0, cr4 = 0;
    uc_reg_read(t->uc, UC_X86_REG_CR0, &cr0);
    cr0 = (cr0 & ~0x4u) | 0x22u; /* EM off, MP on, NE: x87 errors raise #MF */
    uc_reg_write(t->uc, UC_X86_REG_CR0, &cr0);
    uc_reg_read(t->uc, UC_X86_REG_CR4, &cr4);
    cr4 |= 0x600u; /* OSFXSR | OSXMMEXCPT: SSE allowed */
    uc_reg_write(t->uc, UC_X86_REG_CR4, &cr4);
    uc_reg_write(t->uc, UC_X86_REG_FPCW, &fpcw);
    uc_reg_write(t->uc, UC_X86_REG_MXCSR, &mxcsr);
}

/* Unicorn starts at CPL 0, where hlt, cli or in/out just run. An iretd to
 * ring 3 (CS 0x23, SS 0x2B as on Windows) makes them fault with #GP, which
 * Windows reports as STATUS_PRIVILEGED_INSTRUCTION. */
static void enter_user_mode(struct cpu_thread *t)
{
    if (t->user_mode)
        return;
    static const uint8_t code[] = {
        0x6A, 0x2B,                   /* push SEL_DATA (ss) */
        0x68, 0xF0, 0xFF, 0xFF, 0xFF, /* push SWITCH_STACK (esp) */
        0x68, 0x02, 0x02, 0x00, 0x00, /* push 0x202 (eflags) */
        0x6A, 0x23,                   /* push SEL_CODE (cs) */
        0x68, 0x00, 0x00, 0x00, 0x00, /* push the end (eip), patched */
        0xCF,                         /* iretd */
    };
    _Static_assert(SEL_DATA == 0x2B && SEL_CODE == 0x23 && SWITCH_STACK == 0xFFFFFFF0u, "switch code");
    uint8_t buf[sizeof code];
    uint32_t end = SWITCH_CODE + (uint32_t)sizeof code;
    memcpy(buf, code, sizeof code);
    memcpy(buf + 15, &end, 4);
    memcpy(t->gdt + (SWITCH_CODE - GDT_ADDR), buf, sizeof buf);
    uint32_t esp = SWITCH_STACK;
    uc_reg_write(t->uc, UC_X86_REG_ESP, &esp);
    uc_ctl_remove_cache(t->uc, SWITCH_CODE, end);
    uc_err e = uc_emu_start(t->uc, SWITCH_CODE, end, 0, 0);
    uint32_t cs = 0;
    uc_reg_read(t->uc, UC_X86_REG_CS, &cs);
    if (e != UC_ERR_OK || cs != SEL_CODE)
        wb_bug("unicorn cannot switch to ring 3 (%s)", uc_strerror(e));
    t->user_mode = true;
}

/* An ended thread's engine for a new thread: the per-thread state cleared,
 * the CPU as a new engine's (write_segments then loads the new TEB). */
static struct cpu_thread *reuse_idle_engine(void)
{
    struct cpu_thread *t = idle;
    idle = t->next_idle;
    t->next_idle = NULL;
    t->depth = 0;
    t->stop_requested = t->exception_pending = t->from_intr = t->data_fault = t->forget_fault_page = false;
    t->pc_written = t->ret_set = false;
    atomic_store(&t->interrupt, false);
    t->ret_esp = t->ret_eip = t->resume_eip = t->fault_kind = t->fault_addr = 0;
    memset(&t->exc, 0, sizeof t->exc);
    if (t->fresh)
        uc_context_restore(t->uc, t->fresh);
    return t;
}

/* Called on the host thread that will run the engine. */
static struct cpu_thread *unicorn_thread_create(gaddr teb)
{
    char why[256];
    struct cpu_thread *t = spare;
    spare = NULL;
    if (t)
        attach_engine(t, true);
    else if (idle)
        t = reuse_idle_engine();
    else
        t = open_engine(why, sizeof why);
    if (!t) {
        wb_error("cannot create a Unicorn engine for a new thread: %s", why);
        return NULL;
    }
    t->teb = teb;
    current = t;
    write_segments(t);
    init_fpu(t);
    enter_user_mode(t);
    if (!t->fresh && uc_context_alloc(t->uc, &t->fresh) == UC_ERR_OK)
        uc_context_save(t->uc, t->fresh);
    return t;
}

/* The engine stays (see `idle`), for the next thread. */
static void unicorn_thread_destroy(struct cpu_thread *t)
{
    if (!t)
        return;
    if (current == t)
        current = NULL;
    t->next_idle = idle;
    idle = t;
}

static const int uc_regs[] = {
    [REG_EAX] = UC_X86_REG_EAX, [REG_ECX] = UC_X86_REG_ECX, [REG_EDX] = UC_X86_REG_EDX,
    [REG_EBX] = UC_X86_REG_EBX, [REG_ESP] = UC_X86_REG_ESP, [REG_EBP] = UC_X86_REG_EBP,
    [REG_ESI] = UC_X86_REG_ESI, [REG_EDI] = UC_X86_REG_EDI, [REG_EIP] = UC_X86_REG_EIP,
    [REG_EFLAGS] = UC_X86_REG_EFLAGS,
};

static uint32_t unicorn_get_reg(struct cpu_thread *t, int reg)
{
    uint32_t v = 0;
    uc_reg_read(t->uc, uc_regs[reg], &v);
    return v;
}

static void unicorn_set_reg(struct cpu_thread *t, int reg, uint32_t v)
{
    if (reg == REG_EIP || reg == REG_ESP)
        t->pc_written = true; /* the stub's own ret must not run then */
    uc_reg_write(t->uc, uc_regs[reg], &v);
}

static void unicorn_set_st0(struct cpu_thread *t, double v)
{
    uc_engine *uc = t->uc;
    /* push v onto the x87 stack as a cdecl float return does */
    uint8_t f[16] = { 0 }; /* Unicorn takes the 80-bit value as 10 raw bytes */
    x87_ext_from_double(v, f); /* not long double: IEEE quad on aarch64 */
    uint32_t fpsw = 0;
    uc_reg_read(uc, UC_X86_REG_FPSW, &fpsw);
    unsigned top = (fpsw >> 11) & 7;
    top = (top - 1) & 7;
    fpsw = (fpsw & ~0x3800u) | (top << 11);
    uc_reg_write(uc, UC_X86_REG_FPSW, &fpsw);
    uc_reg_write(uc, UC_X86_REG_ST0, f);
    uint32_t ftag = 0;
    uc_reg_read(uc, UC_X86_REG_FPTAG, &ftag);
    ftag &= ~(3u << (top * 2)); /* valid */
    uc_reg_write(uc, UC_X86_REG_FPTAG, &ftag);
}

static void put16(uint8_t *p, uint32_t v) { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static uint32_t get16(const uint8_t *p) { uint16_t x; memcpy(&x, p, 2); return x; }
static uint32_t get32(const uint8_t *p) { uint32_t x; memcpy(&x, p, 4); return x; }

static uint32_t reg_u32(uc_engine *uc, int id)
{
    uint32_t v = 0;
    uc_reg_read(uc, id, &v);
    return v;
}

/* FXSAVE image of the x87/SSE state. Unicorn's ST registers are the
 * logical stack slots, as FXSAVE stores them; its tag word is the full
 * one (2 bits per physical register). */
static void unicorn_get_fpu(struct cpu_thread *t, uint8_t fx[CPU_FXSAVE_SIZE])
{
    uc_engine *uc = t->uc;
    memset(fx, 0, CPU_FXSAVE_SIZE);
    put16(fx, reg_u32(uc, UC_X86_REG_FPCW));
    put16(fx + 2, reg_u32(uc, UC_X86_REG_FPSW));
    uint32_t tag = reg_u32(uc, UC_X86_REG_FPTAG);
    uint8_t abridged = 0;
    for (unsigned phys = 0; phys < 8; phys++)
        if (((tag >> (2 * phys)) & 3) != 3)
            abridged |= (uint8_t)(1u << phys);
    fx[4] = abridged;
    put16(fx + 6, reg_u32(uc, UC_X86_REG_FOP));
    put32(fx + 8, reg_u32(uc, UC_X86_REG_FIP));
    put32(fx + 16, reg_u32(uc, UC_X86_REG_FDP));
    put32(fx + 24, reg_u32(uc, UC_X86_REG_MXCSR));
    put32(fx + 28, 0xFFFF); /* MXCSR_MASK */
    for (int i = 0; i < 8; i++) {
        uint8_t v[16] = { 0 };
        uc_reg_read(uc, UC_X86_REG_ST0 + i, v);
        memcpy(fx + 32 + 16 * i, v, 10);
        uc_reg_read(uc, UC_X86_REG_XMM0 + i, fx + 160 + 16 * i);
    }
}

static void unicorn_set_fpu(struct cpu_thread *t, const uint8_t fx[CPU_FXSAVE_SIZE])
{
    uc_engine *uc = t->uc;
    uint32_t v = get16(fx);
    uc_reg_write(uc, UC_X86_REG_FPCW, &v);
    v = get16(fx + 2); /* sets TOP: the ST registers below follow it */
    uc_reg_write(uc, UC_X86_REG_FPSW, &v);
    for (int i = 0; i < 8; i++) {
        uint8_t r[16] = { 0 };
        memcpy(r, fx + 32 + 16 * i, 10);
        uc_reg_write(uc, UC_X86_REG_ST0 + i, r);
        uc_reg_write(uc, UC_X86_REG_XMM0 + i, fx + 160 + 16 * i);
    }
    uint32_t tag = 0;
    for (unsigned phys = 0; phys < 8; phys++)
        if (!(fx[4] & (1u << phys)))
            tag |= 3u << (2 * phys);
    uc_reg_write(uc, UC_X86_REG_FPTAG, &tag);
    v = get32(fx + 24);
    uc_reg_write(uc, UC_X86_REG_MXCSR, &v);
}

static void unicorn_get_context(struct cpu_thread *t, struct cpu_context *c)
{
    uc_engine *uc = t->uc;
    int ids[] = { UC_X86_REG_EAX, UC_X86_REG_EBX, UC_X86_REG_ECX, UC_X86_REG_EDX, UC_X86_REG_ESI,
                  UC_X86_REG_EDI, UC_X86_REG_EBP, UC_X86_REG_ESP, UC_X86_REG_EIP, UC_X86_REG_EFLAGS };
    uint32_t *dst[] = { &c->eax, &c->ebx, &c->ecx, &c->edx, &c->esi, &c->edi, &c->ebp, &c->esp, &c->eip, &c->eflags };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        *dst[i] = 0;
        uc_reg_read(uc, ids[i], dst[i]);
    }
    int sids[] = { UC_X86_REG_CS, UC_X86_REG_DS, UC_X86_REG_ES, UC_X86_REG_FS, UC_X86_REG_GS, UC_X86_REG_SS };
    uint16_t *sdst[] = { &c->cs, &c->ds, &c->es, &c->fs, &c->gs, &c->ss };
    for (size_t i = 0; i < 6; i++) {
        uint32_t v = 0;
        uc_reg_read(uc, sids[i], &v);
        *sdst[i] = (uint16_t)v;
    }
    c->cs = SEL_CODE; /* what the guest would see on Windows */
    c->ss = SEL_DATA;
}

static void unicorn_set_context(struct cpu_thread *t, const struct cpu_context *c)
{
    uc_engine *uc = t->uc;
    t->pc_written = true;
    int ids[] = { UC_X86_REG_EAX, UC_X86_REG_EBX, UC_X86_REG_ECX, UC_X86_REG_EDX, UC_X86_REG_ESI,
                  UC_X86_REG_EDI, UC_X86_REG_EBP, UC_X86_REG_ESP, UC_X86_REG_EIP, UC_X86_REG_EFLAGS };
    const uint32_t *src[] = { &c->eax, &c->ebx, &c->ecx, &c->edx, &c->esi, &c->edi, &c->ebp, &c->esp, &c->eip, &c->eflags };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        uc_reg_write(uc, ids[i], src[i]);
}

/* The engine stopped on a fault: make the registers and the record say
 * what Windows would (the faulting instruction, the exception code). */
static void finish_fault(struct cpu_thread *t, uc_err e)
{
    if (!t->exception_pending)
        record_exception(t, e == UC_ERR_INSN_INVALID ? STATUS_ILLEGAL_INSTRUCTION
                                                     : STATUS_ACCESS_VIOLATION,
                         read_eip(t), 0, 0, 0);
    if (t->data_fault) {
        t->exc.address = ucf_locate(t->uc, vm, t->exc.address, t->fault_addr, t->fault_kind, t->teb);
        uc_reg_write(t->uc, UC_X86_REG_EIP, &t->exc.address);
    }
    if (t->from_intr)
        ucf_reset_exception_state(t->uc, t->scratch);
    if (t->forget_fault_page)
        ucf_forget_pages(t->uc, t->fault_addr, 1);
    t->exception_pending = t->from_intr = t->data_fault = t->forget_fault_page = false;
}

/* Runs the engine from eip until `until` (RUN_FOREVER: until stopped) and classifies
 * why it came back. A fault goes to core's dispatcher, which sets the
 * registers to continue from (a handler, or the resumed context): the
 * same run goes on from there, so a nested call still ends at its trap.
 * An interruption (another thread's turn, a suspension) goes to core, and
 * the run goes on where it was. */
static enum cpu_exit run_engine(struct cpu_thread *t, uint32_t eip, uint32_t until,
                                struct cpu_exception *exc)
{
    struct cpu_thread *saved = current;
    for (;;) {
        if (t->stop_requested)
            return CPU_EXIT_STOPPED;
        if (atomic_exchange(&t->interrupt, false) && hooks.interrupted) {
            uc_reg_write(t->uc, UC_X86_REG_EIP, &eip);
            hooks.interrupted(t);
            if (t->stop_requested)
                return CPU_EXIT_STOPPED;
            eip = read_eip(t);
        }
        current = t;
        t->exception_pending = t->from_intr = t->data_fault = t->forget_fault_page = false;
        ux87_before_run(t->x87, eip);
        uc_err e = uc_emu_start(t->uc, eip, until, 0, 0);
        current = saved;
        ux87_after_run(t->x87); /* a stop it asked for looks like an interruption below */
        uint32_t at = read_eip(t);
        if (!t->exception_pending && e == UC_ERR_OK) {
            if (at == PARK_ADDR) { /* a hook sent it out */
                eip = t->resume_eip;
                uc_reg_write(t->uc, UC_X86_REG_EIP, &eip);
                continue;
            }
            if (at == until || t->stop_requested)
                break;
            eip = at; /* left at a block start (hook_block): an interruption */
            continue;
        }
        finish_fault(t, e);
        if (t->stop_requested)
            return CPU_EXIT_STOPPED;
        if (!hooks.exception) {
            if (exc)
                *exc = t->exc;
            return CPU_EXIT_EXCEPTION;
        }
        struct cpu_exception x = t->exc;
        if (!hooks.exception(t, &x) || t->stop_requested)
            return CPU_EXIT_STOPPED;
        eip = read_eip(t);
    }
    if (t->stop_requested)
        return CPU_EXIT_STOPPED;
    return CPU_EXIT_RETURNED;
}

static enum cpu_exit unicorn_run(struct cpu_thread *t, const struct cpu_context *ctx,
                                 struct cpu_exception *exc)
{
    unicorn_set_context(t, ctx);
    t->stop_requested = false;
    enum cpu_exit r = run_engine(t, ctx->eip, RUN_FOREVER, exc);
    return r == CPU_EXIT_RETURNED ? CPU_EXIT_STOPPED : r;
}

/* A nested uc_emu_start: Unicorn 2 supports it from inside a hook, which
 * keeps callbacks (qsort comparators, atexit handlers) in the engine. */
static enum cpu_exit unicorn_call(struct cpu_thread *t, gaddr fn, const uint32_t *args, unsigned nargs,
                                  bool cdecl, uint32_t *ret, struct cpu_exception *exc)
{
    if (t->stop_requested)
        return CPU_EXIT_STOPPED;
    struct cpu_context saved;
    unicorn_get_context(t, &saved);
    /* checked writes: the guest chose ESP, and the stack may end right here */
    uint32_t esp = saved.esp - 4 * nargs - 4;
    if ((nargs && !gm_write(esp + 4, args, 4 * nargs)) || !gm_write(esp, &return_trap, 4)) {
        record_exception(t, STATUS_ACCESS_VIOLATION, fn, 2, 1, esp);
        t->exception_pending = false;
        if (exc)
            *exc = t->exc;
        return CPU_EXIT_EXCEPTION;
    }
    uc_reg_write(t->uc, UC_X86_REG_ESP, &esp);
    t->depth++;
    enum cpu_exit r = run_engine(t, fn, return_trap, exc);
    t->depth--;
    if (r == CPU_EXIT_RETURNED && t->stop_requested)
        r = CPU_EXIT_STOPPED;
    if (r != CPU_EXIT_RETURNED) {
        if (t->stop_requested)
            uc_emu_stop(t->uc); /* let the outer level stop too */
        return r;
    }
    uint32_t eax = 0;
    uc_reg_read(t->uc, UC_X86_REG_EAX, &eax);
    if (ret)
        *ret = eax;
    (void)cdecl; /* both conventions: restore the stack pointer we had */
    /* callee-saved registers are the callee's duty; scratch ones are ours */
    saved.eax = eax;
    unicorn_set_context(t, &saved);
    return CPU_EXIT_RETURNED;
}

/* From the thread itself (a handler): the engine stops after the hook.
 * From another thread: the thread leaves at its next block (hook_block). */
static void unicorn_stop(struct cpu_thread *t)
{
    t->stop_requested = true;
    if (current == t)
        uc_emu_stop(t->uc);
}

/* From any host thread: the thread leaves the engine at its next block or
 * thunk, or sees the flag before it enters the engine again. */
static void unicorn_interrupt(struct cpu_thread *t)
{
    atomic_store(&t->interrupt, true);
}

/* The hook serves the call before the stub's first instruction runs; that
 * instruction is the export's own `ret N`, so an ordinary call leaves the
 * thunk without a PC write (which would end the translated block and cost
 * ~90 ns). Stubs that never return hold ud2 instead. */
/* push at + STUB_TRAP; ret; then the trap, the instruction the hook
 * catches by its address: a ret (the handler's result goes back to the
 * caller) or ud2 (the handler moves the thread). The push/ret pair is
 * position-independent, so a copy of the stub's first bytes run elsewhere
 * still reaches the trap. */
static void unicorn_write_stub(uint8_t *buf, gaddr at, uint32_t index, uint16_t pop_bytes)
{
    uint8_t *trap = buf + STUB_TRAP;
    uint32_t target = at + STUB_TRAP;
    memset(buf, 0xCC, CPU_STUB_SIZE);
    buf[0] = 0x68;
    memcpy(buf + 1, &target, 4);
    buf[5] = 0xC3;
    if (pop_bytes == CPU_STUB_NO_RETURN) {
        trap[0] = 0x0F;
        trap[1] = 0x0B;
    } else if (pop_bytes == 0) {
        trap[0] = 0xC3;
    } else {
        trap[0] = 0xC2;
        memcpy(trap + 1, &pop_bytes, 2);
    }
    memcpy(buf + 12, &index, 4); /* not executed: for people reading the image */
}

/* Where the thunk returns to is remembered: a thread that must leave the
 * engine right after its hook (hook_stub) does the stub's ret itself, as
 * resuming at the stub would run the API again. Nothing stops an engine
 * from outside, so otherwise the stub's ret runs as usual. */
static void unicorn_return_from_thunk(struct cpu_thread *t, gaddr esp, gaddr eip)
{
    t->ret_set = true;
    t->ret_esp = esp;
    t->ret_eip = eip;
    if (!t->pc_written)
        return; /* the stub's ret does it */
    uc_reg_write(t->uc, UC_X86_REG_ESP, &esp);
    uc_reg_write(t->uc, UC_X86_REG_EIP, &eip);
}

static void unicorn_add_stub_range(gaddr base, uint32_t count, uint32_t first_index)
{
    if (nranges == sizeof ranges / sizeof ranges[0])
        wb_bug("too many stub ranges");
    struct stub_range *r = &ranges[nranges++];
    r->base = base;
    r->count = count;
    r->first_index = first_index;
    for (struct cpu_thread *t = engines; t; t = t->next)
        add_stub_hook(t, r);
}

static void unicorn_set_return_trap(gaddr addr)
{
    return_trap = addr;
}

/* Host code changed guest code: every engine drops its translations.
 * (Guest code one thread rewrites is noticed by its own engine only.) */
static void unicorn_invalidate(gaddr addr, uint32_t size)
{
    for (struct cpu_thread *t = engines; t; t = t->next)
        drop_translations(t, addr, (uint64_t)addr + size);
}

const struct cpu_backend cpu_unicorn = {
    .name = "unicorn",
    .serial = true,
    .bulk_copy_min = 128, /* a thunk (~450 ns) costs what ~6 guest stores do */
    .slow_stores = true,
    .available = unicorn_available,
    .init = unicorn_init,
    .shutdown = unicorn_shutdown,
    .thread_create = unicorn_thread_create,
    .thread_destroy = unicorn_thread_destroy,
    .run = unicorn_run,
    .call = unicorn_call,
    .stop = unicorn_stop,
    .interrupt = unicorn_interrupt,
    .get_context = unicorn_get_context,
    .set_context = unicorn_set_context,
    .get_reg = unicorn_get_reg,
    .set_reg = unicorn_set_reg,
    .set_st0 = unicorn_set_st0,
    .get_fpu = unicorn_get_fpu,
    .set_fpu = unicorn_set_fpu,
    .identify = unicorn_identify,
    .write_stub = unicorn_write_stub,
    .return_from_thunk = unicorn_return_from_thunk,
    .add_stub_range = unicorn_add_stub_range,
    .set_return_trap = unicorn_set_return_trap,
    .invalidate_code = unicorn_invalidate,
};
