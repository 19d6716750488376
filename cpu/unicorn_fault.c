/* Fault details Unicorn 2.0.1 gets wrong or leaves out. Memory faults stop
 * the engine with a stale EIP and lazy flags (registers are already past
 * the instructions before the faulting one), so the state is restored from
 * the translated block, or failing that the faulting instruction is found
 * by decoding; exceptions the interrupt hook
 * takes are never "delivered", so the engine's double-fault tracking is
 * reset by hand; #GP, #DE, #MF and #XM are classified as Windows does; TLB
 * entries the engine keeps past a permission change are dropped. */
#include "cpu/unicorn_fault.h"

#define _GNU_SOURCE
#include <capstone/capstone.h>
#include <dlfcn.h>
#include <execinfo.h>
#include <stdlib.h>
#include <string.h>

#include "core/ntstatus.h"

/* ----------------------------------------------- double-fault tracking */

/* QEMU's env->old_exception: set by every contributory exception and page
 * fault and cleared only when one is delivered through the IDT, which the
 * interrupt hook prevents, so a second divide error would become a double
 * fault and a third a triple fault (the engine just stops). Its offset in
 * the saved context is learnt by raising two divide errors on a scratch
 * page: the only 32-bit field going -1 → 0 (#DE) → 8 (#DF). */
static long old_exception_offset = -1;
static uc_context *probe_ctx; /* the probing engine's scratch context */

static void probe_intr(uc_engine *uc, uint32_t intno, void *user)
{
    (void)intno;
    (void)user;
    uc_emu_stop(uc);
}

static int32_t field_at(const uc_context *c, size_t off)
{
    int32_t v;
    memcpy(&v, (const uint8_t *)c + off, 4);
    return v;
}

bool ucf_probe(uc_engine *uc, gaddr scratch)
{
    static const uint8_t code[] = { 0x31, 0xC9, 0xF7, 0xF1, 0x90 }; /* xor ecx,ecx; div ecx; nop */
    uc_context *c[3] = { NULL, NULL, NULL };
    uc_hook h;
    bool ok = false;
    if (uc_mem_map(uc, scratch, 0x1000, UC_PROT_ALL) != UC_ERR_OK)
        return false;
    if (uc_hook_add(uc, &h, UC_HOOK_INTR, (void *)probe_intr, NULL, 1, 0) != UC_ERR_OK) {
        uc_mem_unmap(uc, scratch, 0x1000);
        return false;
    }
    uc_mem_write(uc, scratch, code, sizeof code);
    for (int i = 0; i < 3; i++)
        if (uc_context_alloc(uc, &c[i]) != UC_ERR_OK)
            goto out;
    if (uc_context_alloc(uc, &probe_ctx) != UC_ERR_OK)
        goto out;
    uc_context_save(uc, c[0]);
    for (int i = 1; i < 3; i++) {
        uc_emu_start(uc, scratch, scratch + sizeof code, 0, 0);
        uc_context_save(uc, c[i]);
    }
    size_t size = uc_context_size(uc);
    int found = 0;
    for (size_t off = 0; off + 4 <= size; off += 4)
        if (field_at(c[0], off) == -1 && field_at(c[1], off) == 0 && field_at(c[2], off) == 8) {
            old_exception_offset = (long)off;
            found++;
        }
    ok = found == 1;
    if (!ok)
        old_exception_offset = -1;
    else
        ucf_reset_exception_state(uc, probe_ctx);
out:
    for (int i = 0; i < 3; i++)
        if (c[i])
            uc_context_free(c[i]);
    uc_hook_del(uc, h);
    uc_mem_unmap(uc, scratch, 0x1000);
    return ok;
}

void ucf_reset_exception_state(uc_engine *uc, uc_context *scratch)
{
    if (old_exception_offset < 0 || !scratch)
        return;
    int32_t none = -1;
    uc_context_save(uc, scratch);
    memcpy((uint8_t *)scratch + old_exception_offset, &none, 4);
    uc_context_restore(uc, scratch);
}

/* ------------------------------------------------------- guest code */

/* Up to max bytes of code at eip from committed, accessible pages. */
static size_t read_code(const struct vm *vm, uint32_t eip, uint8_t *buf, size_t max)
{
    size_t n = 0;
    while (n < max) {
        uint32_t a = eip + (uint32_t)n, page = a >> 12;
        if (vm->state[page] != VM_COMMITTED || (vm->prot[page] & PAGE_GUARD) ||
            (vm->prot[page] & 0xFFu) == PAGE_NOACCESS)
            break;
        buf[n++] = vm->host_base[a];
    }
    return n;
}

static size_t skip_prefixes(const uint8_t *b, size_t n)
{
    size_t i = 0;
    while (i < n && (b[i] == 0x26 || b[i] == 0x2E || b[i] == 0x36 || b[i] == 0x3E || b[i] == 0x64 ||
                     b[i] == 0x65 || b[i] == 0x66 || b[i] == 0x67 || b[i] == 0xF0 || b[i] == 0xF2 ||
                     b[i] == 0xF3))
        i++;
    return i;
}

bool ucf_privileged(const struct vm *vm, uint32_t eip)
{
    uint8_t b[16];
    size_t n = read_code(vm, eip, b, sizeof b), i = skip_prefixes(b, n);
    if (i >= n)
        return false;
    uint8_t op = b[i];
    if (op == 0xF4 || op == 0xFA || op == 0xFB ||        /* hlt cli sti */
        (op >= 0xE4 && op <= 0xE7) || (op >= 0xEC && op <= 0xEF) || /* in out */
        (op >= 0x6C && op <= 0x6F))                      /* ins outs */
        return true;
    if (op != 0x0F || i + 1 >= n)
        return false;
    uint8_t op2 = b[i + 1];
    unsigned reg = i + 2 < n ? (b[i + 2] >> 3) & 7 : 0;
    switch (op2) {
    case 0x00: return reg == 2 || reg == 3;              /* lldt ltr */
    case 0x01: return reg == 2 || reg == 3 || reg == 6 || reg == 7; /* lgdt lidt lmsw invlpg */
    case 0x06: case 0x08: case 0x09:                     /* clts invd wbinvd */
    case 0x20: case 0x21: case 0x22: case 0x23:          /* mov cr/dr */
    case 0x30: case 0x32: case 0x33:                     /* wrmsr rdmsr rdpmc */
        return true;
    default:
        return false;
    }
}

static uint32_t reg32(uc_engine *uc, int id)
{
    uint32_t v = 0;
    uc_reg_read(uc, id, &v);
    return v;
}

static const int gpr_ids[8] = { UC_X86_REG_EAX, UC_X86_REG_ECX, UC_X86_REG_EDX, UC_X86_REG_EBX,
                                UC_X86_REG_ESP, UC_X86_REG_EBP, UC_X86_REG_ESI, UC_X86_REG_EDI };

/* #DE is also raised when the quotient does not fit; Windows tells the two
 * apart by looking at the divisor (a register or memory operand). */
uint32_t ucf_divide_error(uc_engine *uc, const struct vm *vm, uint32_t eip)
{
    uint8_t b[16];
    size_t n = read_code(vm, eip, b, sizeof b), i = skip_prefixes(b, n);
    bool opsize16 = memchr(b, 0x66, i) != NULL;
    if (i + 1 >= n || (b[i] != 0xF6 && b[i] != 0xF7))
        return STATUS_INTEGER_DIVIDE_BY_ZERO;
    uint8_t modrm = b[i + 1];
    if (modrm >> 6 != 3)
        return STATUS_INTEGER_DIVIDE_BY_ZERO; /* memory divisor: assume zero */
    uint32_t v = reg32(uc, gpr_ids[modrm & 7]);
    if (b[i] == 0xF6) /* 8-bit: al cl dl bl ah ch dh bh */
        v = (modrm & 7) < 4 ? v & 0xFF : (reg32(uc, gpr_ids[(modrm & 7) - 4]) >> 8) & 0xFF;
    else if (opsize16)
        v &= 0xFFFF;
    return v == 0 ? STATUS_INTEGER_DIVIDE_BY_ZERO : STATUS_INTEGER_OVERFLOW;
}

/* The first unmasked pending exception, in the order Windows reports it. */
static uint32_t float_status(uint32_t flags, uint32_t masks)
{
    uint32_t pending = flags & ~masks & 0x3F;
    if (pending & 0x01) return STATUS_FLOAT_INVALID_OPERATION;
    if (pending & 0x04) return STATUS_FLOAT_DIVIDE_BY_ZERO;
    if (pending & 0x02) return STATUS_FLOAT_DENORMAL_OPERAND;
    if (pending & 0x08) return STATUS_FLOAT_OVERFLOW;
    if (pending & 0x10) return STATUS_FLOAT_UNDERFLOW;
    return STATUS_FLOAT_INEXACT_RESULT;
}

uint32_t ucf_float_code(uc_engine *uc, bool sse)
{
    if (sse) {
        uint32_t mxcsr = reg32(uc, UC_X86_REG_MXCSR);
        return float_status(mxcsr, mxcsr >> 7);
    }
    uint32_t fsw = reg32(uc, UC_X86_REG_FPSW), fcw = reg32(uc, UC_X86_REG_FPCW);
    if ((fsw & 0x41) == 0x41) /* stack fault: invalid operation with SF */
        return STATUS_FLOAT_STACK_CHECK;
    return float_status(fsw, fcw);
}

/* ------------------------------ precise state from the engine itself */

/* QEMU keeps, per translated block, where each guest instruction's host
 * code starts; cpu_restore_state() maps a host return address inside a
 * block back to the guest EIP and lazy-flags state. Unicorn 2.0.1 skips
 * that step for memory faults but exports the function, and the hook runs
 * with the block's frame still on the host stack: the first frame the
 * engine recognises as translated code is the faulting access. Stores and
 * helper calls return straight into the block; loads return into an
 * out-of-line slow path that moves the result out of eax and jumps back,
 * which is followed. Looked up at run time: without them the decoding
 * fallback below is used. */
typedef void *(*get_cpu_fn)(uc_engine *uc, int index);
typedef bool (*restore_fn)(void *cpu, uintptr_t host_pc, bool will_exit);
typedef void (*exit_restore_fn)(void *cpu, uintptr_t host_pc);
typedef void (*flush_page_fn)(void *cpu, uint64_t addr);
typedef void (*flush_fn)(void *cpu);
static get_cpu_fn get_cpu;
static restore_fn restore_state;
static exit_restore_fn loop_exit_restore;
static flush_page_fn tlb_flush_page;
static flush_fn tlb_flush;

static void find_restore(void)
{
    static bool looked;
    if (looked)
        return;
    looked = true;
    get_cpu = (get_cpu_fn)unicorn_api_symbol("qemu_get_cpu_x86_64");
    restore_state = (restore_fn)unicorn_api_symbol("cpu_restore_state_x86_64");
    loop_exit_restore = (exit_restore_fn)unicorn_api_symbol("cpu_loop_exit_restore_x86_64");
    tlb_flush_page = (flush_page_fn)unicorn_api_symbol("tlb_flush_page_x86_64");
    tlb_flush = (flush_fn)unicorn_api_symbol("tlb_flush_x86_64");
}

#if defined(__aarch64__)
/* The slow path's tail on an aarch64 host (loads and stores alike): after
 * the helper's call at most a move or sign extension of x0, then a B back
 * into the block. Returns that branch's target. */
static bool slow_path_return(const uint8_t *p, uintptr_t *target)
{
    for (int insn = 0; insn < 3; insn++, p += 4) {
        uint32_t w;
        memcpy(&w, p, 4);
        if ((w & 0xFC000000u) == 0x14000000u) { /* B imm26 */
            int32_t imm = (int32_t)(w << 6) >> 6;
            *target = (uintptr_t)p + (uintptr_t)((intptr_t)imm * 4);
            return *target < (uintptr_t)p && (uintptr_t)p - *target < 0x10000;
        }
    }
    return false;
}
#else
/* The load slow path's tail: mov/movzx/movsx of eax into the destination
 * register, then jmp back into the block. Returns that jump's target. */
static bool slow_path_return(const uint8_t *p, uintptr_t *target)
{
    for (int insn = 0; insn < 3; insn++) {
        size_t i = (*p & 0xF0) == 0x40 ? 1 : 0; /* REX */
        if (p[i] == 0xE9) {
            int32_t rel;
            memcpy(&rel, p + i + 1, 4);
            *target = (uintptr_t)(p + i + 5) + (intptr_t)rel;
            return *target < (uintptr_t)p && (uintptr_t)p - *target < 0x10000;
        }
        uint8_t op = p[i], modrm = p[i + 1];
        if ((op == 0x8B || op == 0x63) && modrm >> 6 == 3 && (modrm & 7) == 0)
            p += i + 2;             /* mov/movsxd reg, eax */
        else if (op == 0x89 && modrm >> 6 == 3 && ((modrm >> 3) & 7) == 0)
            p += i + 2;             /* mov reg, eax (other encoding) */
        else if (op == 0x0F && (p[i + 1] == 0xB6 || p[i + 1] == 0xB7 || p[i + 1] == 0xBE ||
                                p[i + 1] == 0xBF) && p[i + 2] >> 6 == 3 && (p[i + 2] & 7) == 0)
            p += i + 3;             /* movzx/movsx reg, al/ax */
        else
            return false;
    }
    return false;
}
#endif

static void *engine_cpu(uc_engine *uc)
{
    void *cpu = get_cpu(uc, -1); /* Unicorn leaves cpu_index at -1 */
    return cpu ? cpu : get_cpu(uc, 0);
}

/* ------------------------------------------------ the engine's TLB */

/* Unicorn 2.0.1 enforces a region's permissions when a data access misses
 * the engine's TLB; translated code trusts every entry it finds. Entries
 * outlive permission changes (uc_mem_protect rebuilds the TLB only when
 * the region layout or its read-only flag changes: read-only to no-access
 * keeps the readable entry), and the engine enters pages with full rights
 * whenever it looks up code: a jump into a no-access page (before the
 * fetch faults) and uc_ctl_remove_cache (the first page of its range) both
 * leave an entry that lets the next load or store through to the host
 * page, which is PROT_NONE: the host faults inside translated code. So the
 * entries for such pages are dropped; the next access refills them with
 * the permission check. */
#define FORGET_PAGES_MAX 16 /* past this, the whole TLB: cheaper than walking it page by page */

bool ucf_forget_pages(uc_engine *uc, uint32_t addr, uint32_t size)
{
    find_restore();
    if (!get_cpu || !tlb_flush_page || !tlb_flush)
        return false;
    void *cpu = engine_cpu(uc);
    if (!cpu)
        return false;
    uint64_t first = addr & ~0xFFFull, end = (uint64_t)addr + size;
    if (size == 0)
        end = first + 1;
    if (end - first > (uint64_t)FORGET_PAGES_MAX * 0x1000) {
        tlb_flush(cpu);
        return true;
    }
    for (uint64_t p = first; p < end; p += 0x1000)
        tlb_flush_page(cpu, p);
    return true;
}

void ucf_remove_cache(uc_engine *uc, uint32_t start, uint64_t end)
{
    if (end <= start)
        return;
    uc_ctl_remove_cache(uc, start, end);
    ucf_forget_pages(uc, start, 1); /* the page it looked up as code */
}

/* The host return address into the translated block the hook was called
 * from: the first frame the engine recognises as translated code. */
static uintptr_t block_frame(void *cpu)
{
    void *frames[48];
    int n = backtrace(frames, 48);
    for (int i = 1; i < n; i++)
        if (restore_state(cpu, (uintptr_t)frames[i], false))
            return (uintptr_t)frames[i];
    return 0;
}

/* QEMU's own way out of a helper: cpu_loop_exit_restore puts the guest
 * state back to the instruction the host address belongs to (the block's
 * first, from its hook) and longjmps to the engine's loop, which sees the
 * stop request and returns from uc_emu_start. */
bool ucf_leave_block(uc_engine *uc)
{
    find_restore();
    if (!get_cpu || !restore_state || !loop_exit_restore)
        return false;
    void *cpu = engine_cpu(uc);
    uintptr_t pc = cpu ? block_frame(cpu) : 0;
    if (!pc)
        return false;
    uc_emu_stop(uc);
    loop_exit_restore(cpu, pc);
    return true; /* not reached */
}

bool ucf_precise_state(uc_engine *uc)
{
    find_restore();
    if (!get_cpu || !restore_state)
        return false;
    void *cpu = get_cpu(uc, -1); /* Unicorn leaves cpu_index at -1 */
    if (!cpu)
        cpu = get_cpu(uc, 0);
    if (!cpu)
        return false;
    void *frames[48];
    int n = backtrace(frames, 48);
    for (int i = 1; i < n; i++) {
        uintptr_t pc = (uintptr_t)frames[i], back;
        /* false: not translated code (the range check comes first) */
        if (!restore_state(cpu, pc, false))
            continue;
        if (slow_path_return((const uint8_t *)pc, &back))
            restore_state(cpu, back, false);
        return true;
    }
    return false;
}

/* -------------------------------------- the faulting data access */

static csh cs;
static bool cs_ready;

static uint32_t cs_reg_value(uc_engine *uc, x86_reg r)
{
    switch (r) {
    case X86_REG_EAX: return reg32(uc, UC_X86_REG_EAX);
    case X86_REG_ECX: return reg32(uc, UC_X86_REG_ECX);
    case X86_REG_EDX: return reg32(uc, UC_X86_REG_EDX);
    case X86_REG_EBX: return reg32(uc, UC_X86_REG_EBX);
    case X86_REG_ESP: return reg32(uc, UC_X86_REG_ESP);
    case X86_REG_EBP: return reg32(uc, UC_X86_REG_EBP);
    case X86_REG_ESI: return reg32(uc, UC_X86_REG_ESI);
    case X86_REG_EDI: return reg32(uc, UC_X86_REG_EDI);
    case X86_REG_BX: return reg32(uc, UC_X86_REG_EBX) & 0xFFFF;
    case X86_REG_BP: return reg32(uc, UC_X86_REG_EBP) & 0xFFFF;
    case X86_REG_SI: return reg32(uc, UC_X86_REG_ESI) & 0xFFFF;
    case X86_REG_DI: return reg32(uc, UC_X86_REG_EDI) & 0xFFFF;
    default: return 0;
    }
}

static bool covers(uint32_t start, uint32_t size, uint32_t addr)
{
    return addr - start < size; /* wraps like the address arithmetic */
}

/* Does insn (decoded with the current registers) touch addr the way the
 * fault says (kind 0 read, 1 write)? */
static bool touches(uc_engine *uc, const cs_insn *insn, uint32_t addr, uint32_t kind, uint32_t fs_base)
{
    const cs_x86 *x = &insn->detail->x86;
    uint32_t esp = reg32(uc, UC_X86_REG_ESP);
    if (insn->id == X86_INS_LEA || insn->id == X86_INS_NOP)
        return false;
    for (uint8_t i = 0; i < x->op_count; i++) {
        const cs_x86_op *op = &x->operands[i];
        if (op->type != X86_OP_MEM)
            continue;
        uint32_t ea = cs_reg_value(uc, op->mem.base) +
                      cs_reg_value(uc, op->mem.index) * (uint32_t)op->mem.scale + (uint32_t)op->mem.disp;
        if (op->mem.segment == X86_REG_FS)
            ea += fs_base;
        uint32_t size = op->size ? op->size : 16;
        uint8_t want = kind == 1 ? CS_AC_WRITE : CS_AC_READ;
        if (covers(ea, size, addr) && (!op->access || (op->access & want)))
            return true;
    }
    /* the stack accesses no operand shows */
    switch (insn->id) {
    case X86_INS_PUSH: case X86_INS_PUSHAL: case X86_INS_PUSHFD: case X86_INS_CALL:
    case X86_INS_ENTER: case X86_INS_PUSHAW: case X86_INS_PUSHF:
        return kind == 1 && covers(esp - 32, 32, addr);
    case X86_INS_POP: case X86_INS_POPAL: case X86_INS_POPFD: case X86_INS_RET:
    case X86_INS_RETF: case X86_INS_IRETD: case X86_INS_POPAW: case X86_INS_POPF:
        return kind == 0 && covers(esp, 32, addr);
    case X86_INS_LEAVE:
        return kind == 0 && covers(reg32(uc, UC_X86_REG_EBP), 4, addr);
    default:
        return false;
    }
}

static bool ends_block(const cs_insn *insn)
{
    const cs_detail *d = insn->detail;
    for (uint8_t i = 0; i < d->groups_count; i++)
        switch (d->groups[i]) {
        case CS_GRP_JUMP: case CS_GRP_CALL: case CS_GRP_RET: case CS_GRP_INT: case CS_GRP_IRET:
            return true;
        }
    return false;
}

uint32_t ucf_locate(uc_engine *uc, const struct vm *vm, uint32_t tb_eip, uint32_t addr,
                    uint32_t kind, uint32_t fs_base)
{
    if (!cs_ready) {
        if (cs_open(CS_ARCH_X86, CS_MODE_32, &cs) != CS_ERR_OK)
            return tb_eip;
        cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
        cs_ready = true;
    }
    uint8_t code[1024];
    size_t n = read_code(vm, tb_eip, code, sizeof code);
    const uint8_t *p = code;
    uint64_t at = tb_eip;
    cs_insn *insn = cs_malloc(cs);
    uint32_t found = tb_eip;
    /* the first instruction of the block that makes this access: the ones
     * before it ran without faulting (a block ends at a jump) */
    for (int count = 0; count < 256 && cs_disasm_iter(cs, &p, &n, &at, insn); count++) {
        if (touches(uc, insn, addr, kind, fs_base)) {
            found = (uint32_t)insn->address;
            break;
        }
        if (ends_block(insn))
            break;
    }
    cs_free(insn, 1);
    return found;
}
