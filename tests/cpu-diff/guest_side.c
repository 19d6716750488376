/* A side that runs the sequence through one of wowbox's CPU backends
 * (struct cpu_backend): the Unicorn backend is the subject, with its
 * fix-ups (the host fprem hook) in place; the native backend is the oracle
 * where the host has a 32-bit code segment. The code ends in int3, which
 * comes back as CPU_EXIT_EXCEPTION (no exception hook is installed). ESP
 * starts inside the scratch block, so what the legacy class pushes is
 * compared. */
#include <stdio.h>
#include <string.h>

#include "core/cpu_backend.h"
#include "core/guest_mem.h"
#include "core/ntstatus.h"
#include "core/vm.h"
#include "cpu/cpu.h"
#include "cpu/native.h"
#include "cpudiff.h"

#define CODE_SIZE  0x10000u
#define TEB_SIZE   0x1000u
#define STACK_SIZE 0x10000u
/* The code at the same address on both sides: return addresses pushed by
 * call are the same values. */
#define CODE_OFFSET 0x100000u

struct guest {
    const struct cpu_backend *cpu;
    struct vm vm;
    struct cpu_thread *thread;
    gaddr code, teb, stack, scratch;
    bool ready;
};

static struct guest unicorn_guest = { .cpu = &cpu_unicorn }, native_guest = { .cpu = &cpu_native };

unsigned guest_inject;

static bool alloc_at(struct guest *g, gaddr *at, uint32_t size, uint32_t prot)
{
    return vm_alloc(&g->vm, at, size, prot, 0) == STATUS_SUCCESS;
}

static void no_thunk(struct cpu_thread *t, uint32_t index)
{
    (void)t;
    fprintf(stderr, "cpu-diff: unexpected thunk %u\n", index);
}

static const struct cpu_hooks hooks = { .thunk = no_thunk };

static bool setup(struct guest *g, bool identity, uint32_t scratch_addr, char *why, size_t whysz)
{
    if (!g->cpu->available(why, whysz))
        return false;
    NTSTATUS st = identity ? vm_init_identity(&g->vm, false) : vm_init(&g->vm, false);
    if (st != STATUS_SUCCESS) {
        snprintf(why, whysz, "address space: %#x", st);
        return false;
    }
    g_vm = &g->vm;
    if (!g->cpu->init(&g->vm, &hooks, why, whysz))
        return false;
    g->scratch = scratch_addr;
    g->code = scratch_addr + CODE_OFFSET;
    if (!alloc_at(g, &g->scratch, SCRATCH_SIZE, PAGE_READWRITE) || g->scratch != scratch_addr ||
        !alloc_at(g, &g->code, CODE_SIZE, PAGE_EXECUTE_READWRITE) || g->code != scratch_addr + CODE_OFFSET ||
        !alloc_at(g, &g->teb, TEB_SIZE, PAGE_READWRITE) ||
        !alloc_at(g, &g->stack, STACK_SIZE, PAGE_READWRITE)) {
        snprintf(why, whysz, "guest pages (scratch at %#x)", scratch_addr);
        return false;
    }
    gm_write_u32(g->teb + 0x18, g->teb); /* NT_TIB.Self */
    gm_write_u32(g->teb + 0x04, g->stack + STACK_SIZE);
    gm_write_u32(g->teb + 0x08, g->stack);
    g->thread = g->cpu->thread_create(g->teb);
    if (!g->thread) {
        snprintf(why, whysz, "thread_create failed");
        return false;
    }
    g->ready = true;
    return true;
}

bool guest_side_init(bool native, uint32_t scratch_addr, char *why, size_t whysz)
{
    if (native) {
        if (!setup(&native_guest, true, scratch_addr, why, whysz))
            return false;
        return native_install_signals(why, whysz);
    }
    return setup(&unicorn_guest, false, scratch_addr, why, whysz);
}

static bool guest_run(struct guest *g, const uint8_t *code, size_t len, const struct state *in,
                      struct state *out)
{
    if (!g->ready)
        return false;
    g_vm = &g->vm;
    uint8_t buf[MAX_CODE + 16];
    if (len + 8 > sizeof buf)
        return false;
    memcpy(buf, code, len);
    size_t n = len;
    if (g == &unicorn_guest && guest_inject) { /* self-check: the subject goes wrong */
        buf[n++] = 0xF7;
        buf[n++] = 0xD0; /* not eax */
    }
    buf[n++] = 0xCC; /* int3: the end */
    if (!gm_write_force(g->code, buf, n) || !gm_write(g->scratch, in->scratch, SCRATCH_SIZE))
        return false;
    g->cpu->invalidate_code(g->code, (uint32_t)n);
    struct cpu_context ctx = { 0 };
    ctx.eax = in->gpr[EAX], ctx.ecx = in->gpr[ECX], ctx.edx = in->gpr[EDX], ctx.ebx = in->gpr[EBX];
    ctx.ebp = in->gpr[EBP], ctx.esi = in->gpr[ESI], ctx.edi = in->gpr[EDI];
    ctx.esp = g->scratch + STACK_AT; /* pushes land in the compared block */
    ctx.eip = g->code;
    ctx.eflags = in->eflags;
    g->cpu->set_context(g->thread, &ctx);
    if (g->cpu->set_fpu)
        g->cpu->set_fpu(g->thread, in->fx);
    struct cpu_exception exc = { 0 };
    enum cpu_exit r = g->cpu->run(g->thread, &ctx, &exc);
    *out = *in;
    struct cpu_context c;
    g->cpu->get_context(g->thread, &c);
    out->gpr[EAX] = c.eax, out->gpr[ECX] = c.ecx, out->gpr[EDX] = c.edx, out->gpr[EBX] = c.ebx;
    out->gpr[ESP] = c.esp, out->gpr[EBP] = c.ebp, out->gpr[ESI] = c.esi, out->gpr[EDI] = c.edi;
    out->eflags = c.eflags;
    if (g->cpu->get_fpu)
        g->cpu->get_fpu(g->thread, out->fx);
    gm_read(g->scratch, out->scratch, SCRATCH_SIZE);
    out->fault = FAULT_NONE;
    if (r != CPU_EXIT_EXCEPTION) {
        out->fault = FAULT_OTHER;
        out->fault_offset = 0xFFFFFFFFu;
        return true;
    }
    bool at_end = exc.code == STATUS_BREAKPOINT && exc.address == g->code + n - 1;
    if (!at_end) {
        out->fault = exc.code == STATUS_INTEGER_DIVIDE_BY_ZERO || exc.code == STATUS_INTEGER_OVERFLOW
                         ? FAULT_DE
                         : FAULT_OTHER;
        out->fault_offset = exc.address - g->code;
    }
    return true;
}

static bool unicorn_run_side(const uint8_t *code, size_t len, const struct state *in, struct state *out)
{
    return guest_run(&unicorn_guest, code, len, in, out);
}

static bool native_run_side(const uint8_t *code, size_t len, const struct state *in, struct state *out)
{
    return guest_run(&native_guest, code, len, in, out);
}

const struct side side_unicorn = { "unicorn", unicorn_run_side };
const struct side side_native = { "native", native_run_side };
