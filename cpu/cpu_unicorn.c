/* The Unicorn backend: emulates the 32-bit guest in-process. Guest memory is
 * the vm's host reservation mapped with uc_mem_map_ptr; thunks are served
 * inside a range-limited code hook without leaving the engine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/log.h"
#include "core/ntstatus.h"
#include "cpu/cpu.h"
#include "cpu/unicorn_api.h"
#include "cpu/unicorn_fault.h"

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
/* Scratch page for probing the engine at init, before any guest mapping. */
#define PROBE_PAGE 0x10000u

struct cpu_thread {
    gaddr teb;
    int depth;                 /* nested call() levels */
    bool stop_requested;
    bool exception_pending;
    bool from_intr;            /* the interrupt hook took it */
    bool data_fault;           /* a data access: EIP is the block start */
    bool pc_written;           /* ESP/EIP set during the current thunk */
    uint32_t fault_kind, fault_addr;
    struct cpu_exception exc;
};

static uc_engine *uc;
static struct vm *vm;
static struct cpu_hooks hooks;
static struct cpu_thread *current;
static gaddr return_trap;
static bool user_mode; /* the engine runs at CPL 3, as Windows user code */

struct stub_range {
    gaddr base;
    uint32_t count, first_index;
};
static struct stub_range ranges[16];
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

static void mirror_map(void *ctx, gaddr base, uint32_t size)
{
    (void)ctx;
    uc_err e = uc_mem_map_ptr(uc, base, size, UC_PROT_NONE, vm->host_base + base);
    if (e != UC_ERR_OK)
        wb_bug("unicorn cannot map %#x+%#x: %s", base, size, uc_strerror(e));
}

static void mirror_unmap(void *ctx, gaddr base, uint32_t size)
{
    (void)ctx;
    uc_err e = uc_mem_unmap(uc, base, size);
    if (e != UC_ERR_OK)
        wb_bug("unicorn cannot unmap %#x+%#x: %s", base, size, uc_strerror(e));
}

static void mirror_protect(void *ctx, gaddr base, uint32_t size, uint32_t prot)
{
    (void)ctx;
    uc_err e = uc_mem_protect(uc, base, size, win_to_uc_prot(prot));
    if (e != UC_ERR_OK)
        wb_bug("unicorn cannot protect %#x+%#x: %s", base, size, uc_strerror(e));
}

static void hook_stub(uc_engine *u, uint64_t addr, uint32_t size, void *user)
{
    (void)u;
    (void)size;
    const struct stub_range *r = user;
    uint32_t off = (uint32_t)addr - r->base;
    if (off % CPU_STUB_SIZE)
        return; /* never reached by well-formed calls */
    current->pc_written = false;
    hooks.thunk(current, r->first_index + off / CPU_STUB_SIZE);
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

static uint32_t read_eip(void)
{
    uint32_t eip = 0;
    uc_reg_read(uc, UC_X86_REG_EIP, &eip);
    return eip;
}

static bool hook_bad_mem(uc_engine *u, uc_mem_type type, uint64_t addr, int size,
                         int64_t value, void *user)
{
    (void)u;
    (void)size;
    (void)value;
    (void)user;
    uint32_t kind = 0; /* read */
    if (type == UC_MEM_WRITE_UNMAPPED || type == UC_MEM_WRITE_PROT)
        kind = 1;
    else if (type == UC_MEM_FETCH_UNMAPPED || type == UC_MEM_FETCH_PROT)
        kind = 8;
    bool precise = kind == 8 || ucf_precise_state(uc);
    uint32_t eip = kind == 8 ? (uint32_t)addr : read_eip();
    uint32_t page = (uint32_t)addr >> 12;
    uint32_t code = STATUS_ACCESS_VIOLATION;
    if (vm->state[page] == VM_COMMITTED && (vm->prot[page] & PAGE_GUARD))
        code = STATUS_GUARD_PAGE_VIOLATION;
    record_exception(current, code, eip, 2, kind, (uint32_t)addr);
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
    uint32_t eip = read_eip();
    switch (intno) {
    case 0: record_exception(current, ucf_divide_error(uc, vm, eip), eip, 0, 0, 0); break;
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
    case 16: record_exception(current, ucf_float_code(uc, false), eip, 0, 0, 0); break;
    case 17: record_exception(current, STATUS_DATATYPE_MISALIGNMENT, eip, 0, 0, 0); break;
    case 19: record_exception(current, ucf_float_code(uc, true), eip, 0, 0, 0); break;
    case 0x29: { /* __fastfail(ecx): ends the process, no handler runs */
        uint32_t ecx = 0;
        uc_reg_read(uc, UC_X86_REG_ECX, &ecx);
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
    record_exception(current, STATUS_ILLEGAL_INSTRUCTION, read_eip(), 0, 0, 0);
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

static bool setup_gdt(char *why, size_t whysz)
{
    uint8_t *gdt = vm->host_base + GDT_ADDR;
    if (mprotect(gdt, VM_PAGE_SIZE, PROT_READ | PROT_WRITE) != 0 ||
        uc_mem_map_ptr(uc, GDT_ADDR, VM_PAGE_SIZE, UC_PROT_ALL, gdt) != UC_ERR_OK) {
        snprintf(why, whysz, "cannot map the GDT page");
        return false;
    }
    memset(gdt, 0, VM_PAGE_SIZE);
    /* access byte: present, DPL, S=1, type; accessed bit preset so the CPU
     * never writes the descriptor */
    make_descriptor(gdt + (SEL_CODE >> 3) * 8, 0, 0xFFFFF, 0xFB, 0xC);
    make_descriptor(gdt + (SEL_DATA >> 3) * 8, 0, 0xFFFFF, 0xF3, 0xC);
    make_descriptor(gdt + (SEL_STACK >> 3) * 8, 0, 0xFFFFF, 0x93, 0xC);
    uc_x86_mmr gdtr = { .base = GDT_ADDR, .limit = 0xFF };
    if (uc_reg_write(uc, UC_X86_REG_GDTR, &gdtr) != UC_ERR_OK) {
        snprintf(why, whysz, "cannot load the GDT");
        return false;
    }
    return true;
}

static bool unicorn_init(struct vm *v, const struct cpu_hooks *h, char *why, size_t whysz)
{
    vm = v;
    hooks = *h;
    if (!unicorn_api_load(why, whysz))
        return false;
    uc_err e = uc_open(UC_ARCH_X86, UC_MODE_32, &uc);
    if (e != UC_ERR_OK) {
        snprintf(why, whysz, "unicorn: %s", uc_strerror(e));
        return false;
    }
    /* before any guest mapping: the probe borrows a scratch page */
    if (!ucf_probe(uc, PROBE_PAGE))
        wb_note("unicorn: cannot reset its double-fault state; a second exception may end the process");
    struct vm_mirror m = { NULL, mirror_map, mirror_unmap, mirror_protect };
    vm_set_mirror(vm, &m);
    if (!setup_gdt(why, whysz))
        return false;
    uc_hook hh;
    uc_hook_add(uc, &hh, UC_HOOK_MEM_INVALID, (void *)hook_bad_mem, NULL, 1, 0);
    uc_hook_add(uc, &hh, UC_HOOK_INTR, (void *)hook_intr, NULL, 1, 0);
    uc_hook_add(uc, &hh, UC_HOOK_INSN_INVALID, (void *)hook_invalid_insn, NULL, 1, 0);
    return true;
}

static void unicorn_shutdown(void)
{
    if (uc)
        uc_close(uc);
    uc = NULL;
}

static void write_segments(gaddr teb)
{
    uint8_t *gdt = vm->host_base + GDT_ADDR;
    make_descriptor(gdt + (SEL_TEB >> 3) * 8, teb, 0xFFF, 0xF3, 0x4);
    uint32_t sel = SEL_STACK;
    if (!user_mode)
        uc_reg_write(uc, UC_X86_REG_SS, &sel);
    sel = SEL_DATA;
    uc_reg_write(uc, UC_X86_REG_DS, &sel);
    uc_reg_write(uc, UC_X86_REG_ES, &sel);
    uc_reg_write(uc, UC_X86_REG_GS, &sel);
    sel = SEL_TEB;
    uc_reg_write(uc, UC_X86_REG_FS, &sel);
}

/* Windows starts a 32-bit thread with x87 control word 0x27F and MXCSR
 * 0x1F80; Unicorn would start with 0, which changes floating results. */
static void init_fpu(void)
{
    uint32_t fpcw = 0x27F, mxcsr = 0x1F80, cr0 = 0, cr4 = 0;
    uc_reg_read(uc, UC_X86_REG_CR0, &cr0);
    cr0 = (cr0 & ~0x4u) | 0x22u; /* EM off, MP on, NE: x87 errors raise #MF */
    uc_reg_write(uc, UC_X86_REG_CR0, &cr0);
    uc_reg_read(uc, UC_X86_REG_CR4, &cr4);
    cr4 |= 0x600u; /* OSFXSR | OSXMMEXCPT: SSE allowed */
    uc_reg_write(uc, UC_X86_REG_CR4, &cr4);
    uc_reg_write(uc, UC_X86_REG_FPCW, &fpcw);
    uc_reg_write(uc, UC_X86_REG_MXCSR, &mxcsr);
}

/* Unicorn starts at CPL 0, where hlt, cli or in/out just run. An iretd to
 * ring 3 (CS 0x23, SS 0x2B as on Windows) makes them fault with #GP, which
 * Windows reports as STATUS_PRIVILEGED_INSTRUCTION. */
static void enter_user_mode(void)
{
    if (user_mode)
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
    memcpy(vm->host_base + SWITCH_CODE, buf, sizeof buf);
    uint32_t esp = SWITCH_STACK;
    uc_reg_write(uc, UC_X86_REG_ESP, &esp);
    uc_ctl_remove_cache(uc, SWITCH_CODE, end);
    uc_err e = uc_emu_start(uc, SWITCH_CODE, end, 0, 0);
    uint32_t cs = 0;
    uc_reg_read(uc, UC_X86_REG_CS, &cs);
    if (e != UC_ERR_OK || cs != SEL_CODE)
        wb_bug("unicorn cannot switch to ring 3 (%s)", uc_strerror(e));
    user_mode = true;
}

static struct cpu_thread *unicorn_thread_create(gaddr teb)
{
    struct cpu_thread *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->teb = teb;
    current = t;
    write_segments(teb);
    init_fpu();
    enter_user_mode();
    return t;
}

static void unicorn_thread_destroy(struct cpu_thread *t)
{
    if (current == t)
        current = NULL;
    free(t);
}

static const int uc_regs[] = {
    [REG_EAX] = UC_X86_REG_EAX, [REG_ECX] = UC_X86_REG_ECX, [REG_EDX] = UC_X86_REG_EDX,
    [REG_EBX] = UC_X86_REG_EBX, [REG_ESP] = UC_X86_REG_ESP, [REG_EBP] = UC_X86_REG_EBP,
    [REG_ESI] = UC_X86_REG_ESI, [REG_EDI] = UC_X86_REG_EDI, [REG_EIP] = UC_X86_REG_EIP,
    [REG_EFLAGS] = UC_X86_REG_EFLAGS,
};

static uint32_t unicorn_get_reg(struct cpu_thread *t, int reg)
{
    (void)t;
    uint32_t v = 0;
    uc_reg_read(uc, uc_regs[reg], &v);
    return v;
}

static void unicorn_set_reg(struct cpu_thread *t, int reg, uint32_t v)
{
    if (reg == REG_EIP || reg == REG_ESP)
        t->pc_written = true; /* the stub's own ret must not run then */
    uc_reg_write(uc, uc_regs[reg], &v);
}

static void unicorn_set_st0(struct cpu_thread *t, double v)
{
    (void)t;
    /* push v onto the x87 stack as a cdecl float return does */
    uint8_t f[16] = { 0 }; /* Unicorn takes the 80-bit value as 10 raw bytes */
    long double ld = v;
    memcpy(f, &ld, 10);
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

static uint32_t reg_u32(int id)
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
    (void)t;
    memset(fx, 0, CPU_FXSAVE_SIZE);
    put16(fx, reg_u32(UC_X86_REG_FPCW));
    put16(fx + 2, reg_u32(UC_X86_REG_FPSW));
    uint32_t tag = reg_u32(UC_X86_REG_FPTAG);
    uint8_t abridged = 0;
    for (unsigned phys = 0; phys < 8; phys++)
        if (((tag >> (2 * phys)) & 3) != 3)
            abridged |= (uint8_t)(1u << phys);
    fx[4] = abridged;
    put16(fx + 6, reg_u32(UC_X86_REG_FOP));
    put32(fx + 8, reg_u32(UC_X86_REG_FIP));
    put32(fx + 16, reg_u32(UC_X86_REG_FDP));
    put32(fx + 24, reg_u32(UC_X86_REG_MXCSR));
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
    (void)t;
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
    (void)t;
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
                         read_eip(), 0, 0, 0);
    if (t->data_fault) {
        t->exc.address = ucf_locate(uc, vm, t->exc.address, t->fault_addr, t->fault_kind, t->teb);
        uc_reg_write(uc, UC_X86_REG_EIP, &t->exc.address);
    }
    if (t->from_intr)
        ucf_reset_exception_state(uc);
    t->exception_pending = t->from_intr = t->data_fault = false;
}

/* Runs the engine from eip until `until` (RUN_FOREVER: until stopped) and classifies
 * why it came back. A fault goes to core's dispatcher, which sets the
 * registers to continue from (a handler, or the resumed context): the
 * same run goes on from there, so a nested call still ends at its trap. */
static enum cpu_exit run_engine(struct cpu_thread *t, uint32_t eip, uint32_t until,
                                struct cpu_exception *exc)
{
    struct cpu_thread *saved = current;
    for (;;) {
        current = t;
        t->exception_pending = t->from_intr = t->data_fault = false;
        uc_err e = uc_emu_start(uc, eip, until, 0, 0);
        current = saved;
        if (!t->exception_pending && e == UC_ERR_OK)
            break;
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
        eip = read_eip();
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
    struct cpu_context saved;
    unicorn_get_context(t, &saved);
    uint32_t esp = saved.esp;
    esp -= 4 * nargs;
    for (unsigned i = 0; i < nargs; i++)
        memcpy(vm->host_base + esp + 4 * i, &args[i], 4);
    esp -= 4;
    memcpy(vm->host_base + esp, &return_trap, 4);
    uc_reg_write(uc, UC_X86_REG_ESP, &esp);
    t->depth++;
    enum cpu_exit r = run_engine(t, fn, return_trap, exc);
    t->depth--;
    if (r == CPU_EXIT_RETURNED && t->stop_requested)
        r = CPU_EXIT_STOPPED;
    if (r != CPU_EXIT_RETURNED) {
        if (t->stop_requested)
            uc_emu_stop(uc); /* let the outer level stop too */
        return r;
    }
    uint32_t eax = 0;
    uc_reg_read(uc, UC_X86_REG_EAX, &eax);
    if (ret)
        *ret = eax;
    (void)cdecl; /* both conventions: restore the stack pointer we had */
    /* callee-saved registers are the callee's duty; scratch ones are ours */
    saved.eax = eax;
    unicorn_set_context(t, &saved);
    return CPU_EXIT_RETURNED;
}

static void unicorn_stop(struct cpu_thread *t)
{
    t->stop_requested = true;
    uc_emu_stop(uc);
}

/* The hook serves the call before the stub's first instruction runs; that
 * instruction is the export's own `ret N`, so an ordinary call leaves the
 * thunk without a PC write (which would end the translated block and cost
 * ~90 ns). Stubs that never return hold ud2 instead. */
static void unicorn_write_stub(uint8_t *buf, uint32_t index, uint16_t pop_bytes)
{
    memset(buf, 0xCC, CPU_STUB_SIZE);
    if (pop_bytes == CPU_STUB_NO_RETURN) {
        buf[0] = 0x0F;
        buf[1] = 0x0B;
    } else if (pop_bytes == 0) {
        buf[0] = 0xC3;
    } else {
        buf[0] = 0xC2;
        memcpy(buf + 1, &pop_bytes, 2);
    }
    memcpy(buf + 4, &index, 4); /* not executed: for people reading the image */
}

static void unicorn_return_from_thunk(struct cpu_thread *t, gaddr esp, gaddr eip)
{
    if (!t->pc_written)
        return; /* the stub's ret does it */
    uc_reg_write(uc, UC_X86_REG_ESP, &esp);
    uc_reg_write(uc, UC_X86_REG_EIP, &eip);
}

static void unicorn_add_stub_range(gaddr base, uint32_t count, uint32_t first_index)
{
    if (nranges == sizeof ranges / sizeof ranges[0])
        wb_bug("too many stub ranges");
    struct stub_range *r = &ranges[nranges++];
    r->base = base;
    r->count = count;
    r->first_index = first_index;
    uc_hook hh;
    uc_hook_add(uc, &hh, UC_HOOK_CODE, (void *)hook_stub, r, base,
                base + count * CPU_STUB_SIZE - 1);
}

static void unicorn_set_return_trap(gaddr addr)
{
    return_trap = addr;
}

static void unicorn_invalidate(gaddr addr, uint32_t size)
{
    uc_ctl_remove_cache(uc, addr, (uint64_t)addr + size);
}

const struct cpu_backend cpu_unicorn = {
    .name = "unicorn",
    .available = unicorn_available,
    .init = unicorn_init,
    .shutdown = unicorn_shutdown,
    .thread_create = unicorn_thread_create,
    .thread_destroy = unicorn_thread_destroy,
    .run = unicorn_run,
    .call = unicorn_call,
    .stop = unicorn_stop,
    .get_context = unicorn_get_context,
    .set_context = unicorn_set_context,
    .get_reg = unicorn_get_reg,
    .set_reg = unicorn_set_reg,
    .set_st0 = unicorn_set_st0,
    .get_fpu = unicorn_get_fpu,
    .set_fpu = unicorn_set_fpu,
    .write_stub = unicorn_write_stub,
    .return_from_thunk = unicorn_return_from_thunk,
    .add_stub_range = unicorn_add_stub_range,
    .set_return_trap = unicorn_set_return_trap,
    .invalidate_code = unicorn_invalidate,
};
