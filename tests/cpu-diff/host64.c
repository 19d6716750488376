/* The "host64" oracle: the host CPU itself, in 64-bit mode, runs the
 * sequence between a prologue that loads the 32-bit registers, EFLAGS and
 * the x87/SSE state from a frame addressed through r15 (which code without
 * REX prefixes cannot name) and an epilogue that stores them back. The
 * scratch block sits at the same low address as in the guest. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#include "core/vm.h"
#include "cpudiff.h"

#if defined(__x86_64__)

struct frame {
    uint32_t gpr[8];
    uint64_t rflags;
    _Alignas(16) uint8_t fx[512];
    _Alignas(16) uint8_t host_fx[512]; /* the C code's own x87/SSE state */
};

#define OFF_GPR(i) ((uint32_t)(offsetof(struct frame, gpr) + 4 * (i)))
#define OFF_FLAGS  ((uint32_t)offsetof(struct frame, rflags))
#define OFF_FX     ((uint32_t)offsetof(struct frame, fx))
#define OFF_HOSTFX ((uint32_t)offsetof(struct frame, host_fx))

#define JIT_SIZE 0x4000u

static uint8_t *jit;
static uint8_t *scratch;
static size_t body_at; /* offset of the sequence in the JIT page */

static sigjmp_buf escape;
static volatile sig_atomic_t in_jit;
static struct state *fault_out;

struct asm_buf {
    uint8_t *p;
    size_t n;
};

static void b(struct asm_buf *a, uint8_t v) { a->p[a->n++] = v; }

static void d32(struct asm_buf *a, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b(a, (uint8_t)(v >> (8 * i)));
}

/* op r32, [r15 + disp32] (and the reverse): REX.B selects r15 in rm=111 */
static void r15_mem(struct asm_buf *a, uint8_t opcode, unsigned reg, uint32_t disp)
{
    b(a, 0x41);
    b(a, opcode);
    b(a, (uint8_t)(0x80 | reg << 3 | 7));
    d32(a, disp);
}

static void r15_mem0f(struct asm_buf *a, uint8_t op2, unsigned digit, uint32_t disp)
{
    b(a, 0x41);
    b(a, 0x0F);
    b(a, op2);
    b(a, (uint8_t)(0x80 | digit << 3 | 7));
    d32(a, disp);
}

static size_t prologue(struct asm_buf *a)
{
    static const uint8_t save[] = { 0x53, 0x55, 0x41, 0x54, 0x41, 0x55, 0x41, 0x56, 0x41, 0x57 };
    memcpy(a->p + a->n, save, sizeof save); /* push rbx rbp r12 r13 r14 r15 */
    a->n += sizeof save;
    b(a, 0x49), b(a, 0x89), b(a, 0xFF);    /* mov r15, rdi */
    r15_mem0f(a, 0xAE, 0, OFF_HOSTFX);     /* fxsave [r15+host_fx] */
    r15_mem0f(a, 0xAE, 1, OFF_FX);         /* fxrstor [r15+fx] */
    r15_mem(a, 0xFF, 6, OFF_FLAGS);        /* push qword [r15+rflags] */
    b(a, 0x9D);                            /* popfq */
    for (unsigned r = 0; r < 8; r++)
        if (r != ESP)
            r15_mem(a, 0x8B, r, OFF_GPR(r)); /* mov r32, [r15+gpr] (zero-extends) */
    return a->n;
}

static void epilogue(struct asm_buf *a)
{
    for (unsigned r = 0; r < 8; r++)
        if (r != ESP)
            r15_mem(a, 0x89, r, OFF_GPR(r));
    b(a, 0x9C);                            /* pushfq */
    r15_mem(a, 0x8F, 0, OFF_FLAGS);        /* pop qword [r15+rflags] */
    b(a, 0xFC);                            /* cld: the ABI's direction */
    r15_mem0f(a, 0xAE, 0, OFF_FX);         /* fxsave */
    r15_mem0f(a, 0xAE, 1, OFF_HOSTFX);     /* fxrstor the C code's state */
    static const uint8_t restore[] = { 0x41, 0x5F, 0x41, 0x5E, 0x41, 0x5D, 0x41, 0x5C, 0x5D, 0x5B, 0xC3 };
    memcpy(a->p + a->n, restore, sizeof restore);
    a->n += sizeof restore;
}

static void on_signal(int sig, siginfo_t *si, void *ctx)
{
    (void)si;
    if (!in_jit) {
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    ucontext_t *uc = ctx;
    greg_t *g = uc->uc_mcontext.gregs;
    static const int ids[8] = { REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI };
    for (int i = 0; i < 8; i++)
        fault_out->gpr[i] = i == ESP ? 0 : (uint32_t)g[ids[i]];
    fault_out->eflags = (uint32_t)g[REG_EFL];
    fault_out->fault = sig == SIGFPE ? FAULT_DE : FAULT_OTHER;
    fault_out->fault_offset = (uint32_t)((uint8_t *)g[REG_RIP] - (jit + body_at));
    if (uc->uc_mcontext.fpregs)
        memcpy(fault_out->fx, uc->uc_mcontext.fpregs, 512);
    in_jit = 0;
    siglongjmp(escape, 1);
}

bool host64_init(uint32_t *scratch_addr, char *why, size_t whysz)
{
    jit = mmap(NULL, JIT_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (jit == MAP_FAILED) {
        snprintf(why, whysz, "no executable page for the JIT");
        return false;
    }
    /* below 2 GB: a [disp32] operand is sign-extended in 64-bit mode. The
     * native backend's probe may hold the low 4 GB as an empty (PROT_NONE)
     * reservation of ours: then the block goes inside it. */
    char unused[128];
    bool reserved = vm_identity_reserve(unused, sizeof unused);
    for (uint32_t at = 0x10000000u; at < 0x70000000u; at += 0x01000000u) {
        void *p = mmap((void *)(uintptr_t)at, SCRATCH_SIZE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | (reserved ? MAP_FIXED : MAP_FIXED_NOREPLACE), -1, 0);
        if (p == (void *)(uintptr_t)at) {
            scratch = p;
            *scratch_addr = at;
            break;
        }
        if (p != MAP_FAILED)
            munmap(p, SCRATCH_SIZE);
    }
    if (!scratch) {
        snprintf(why, whysz, "no free low address for the scratch block");
        return false;
    }
    struct sigaction sa = { 0 };
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    return true;
}

static bool host64_run(const uint8_t *code, size_t len, const struct state *in, struct state *out)
{
    struct asm_buf a = { jit, 0 };
    body_at = prologue(&a);
    if (body_at + len + 64 > JIT_SIZE)
        return false;
    memcpy(jit + body_at, code, len);
    a.n += len;
    epilogue(&a);

    static struct frame f;
    memcpy(f.gpr, in->gpr, sizeof f.gpr);
    f.rflags = in->eflags;
    memcpy(f.fx, in->fx, 512);
    memcpy(scratch, in->scratch, SCRATCH_SIZE);
    *out = *in;
    out->fault = FAULT_NONE;
    fault_out = out;
    if (sigsetjmp(escape, 1)) {
        /* the handler ran with a fresh x87/SSE state: put the C code's back */
        __asm__ volatile("fxrstor %0" : : "m"(f.host_fx));
        memcpy(out->scratch, scratch, SCRATCH_SIZE);
        return true;
    }
    in_jit = 1;
    ((void (*)(struct frame *))(void *)jit)(&f);
    in_jit = 0;
    memcpy(out->gpr, f.gpr, sizeof f.gpr);
    out->gpr[ESP] = 0;
    out->eflags = (uint32_t)f.rflags;
    memcpy(out->fx, f.fx, 512);
    memcpy(out->scratch, scratch, SCRATCH_SIZE);
    return true;
}

#else

bool host64_init(uint32_t *scratch_addr, char *why, size_t whysz)
{
    (void)scratch_addr;
    snprintf(why, whysz, "the host64 oracle needs an x86-64 host");
    return false;
}

static bool host64_run(const uint8_t *code, size_t len, const struct state *in, struct state *out)
{
    (void)code, (void)len, (void)in, (void)out;
    return false;
}

#endif

const struct side side_host64 = { "host64", host64_run };
