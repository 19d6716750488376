/* Guest faults under the native backend arrive as host signals while the CPU
 * runs 32-bit code: they become Windows exceptions and the thread resumes at
 * the 64-bit landing in native_switch.S. A fault in wowbox's own code is a
 * wowbox bug and is reported as one. */
#if defined(__x86_64__) && defined(__linux__)
#define _GNU_SOURCE /* REG_* names of the ucontext registers */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ucontext.h>
#include <unistd.h>

#include "core/ntstatus.h"
#include "cpu/native.h"

_Static_assert(offsetof(ucontext_t, uc_mcontext.gregs) + 8 * REG_RIP == UC_RIP, "ucontext layout");
_Static_assert(offsetof(ucontext_t, uc_mcontext.gregs) + 8 * REG_CSGSFS == UC_CSGSFS, "ucontext layout");

#define PF_WRITE 0x2   /* page-fault error code bits */
#define PF_FETCH 0x10

static const int fault_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP };
static struct sigaction previous[sizeof fault_signals / sizeof fault_signals[0]];

static void set_exc(struct cpu_thread *t, uint32_t code, uint32_t addr, uint32_t nparams,
                    uint32_t p0, uint32_t p1)
{
    t->exc = (struct cpu_exception){ code, addr, nparams, { p0, p1 } };
}

/* Up to max bytes of guest memory (code at eip, or an operand) from
 * committed readable pages only: the handler must not fault itself. */
static size_t read_code(uint32_t eip, uint8_t *buf, size_t max)
{
    size_t n = 0;
    const struct vm *vm = native_vm;
    while (vm && n < max) {
        uint32_t a = eip + (uint32_t)n;
        if (vm->state[a >> 12] != VM_COMMITTED || (vm->prot[a >> 12] & PAGE_GUARD) ||
            (vm->prot[a >> 12] & 0xFFu) == PAGE_NOACCESS)
            break;
        buf[n] = *(const uint8_t *)(uintptr_t)a;
        n++;
    }
    return n;
}

/* #GP from a 32-bit instruction: privileged ones (hlt, cli, in/out, mov to
 * control registers...) get their own code, the rest (segment faults) are
 * access violations at address -1, as Windows reports them. */
static bool privileged(uint32_t eip)
{
    uint8_t b[16];
    size_t n = read_code(eip, b, sizeof b), i = 0;
    while (i < n && (b[i] == 0x66 || b[i] == 0x67 || b[i] == 0xF0 || b[i] == 0xF2 || b[i] == 0xF3 ||
                     b[i] == 0x2E || b[i] == 0x36 || b[i] == 0x3E || b[i] == 0x26 ||
                     b[i] == 0x64 || b[i] == 0x65))
        i++;
    if (i >= n)
        return false;
    uint8_t op = b[i];
    if (op == 0xF4 || op == 0xFA || op == 0xFB || (op >= 0xE4 && op <= 0xE7) ||
        (op >= 0xEC && op <= 0xEF) || (op >= 0x6C && op <= 0x6F))
        return true;
    if (op != 0x0F || i + 1 >= n)
        return false;
    uint8_t op2 = b[i + 1];
    uint8_t reg = i + 2 < n ? (b[i + 2] >> 3) & 7 : 0;
    switch (op2) {
    case 0x06: case 0x08: case 0x09: case 0x20: case 0x21: case 0x22: case 0x23:
    case 0x30: case 0x32: case 0x35: case 0x07:
        return true; /* clts, invd, wbinvd, mov cr/dr, wrmsr, rdmsr, sysexit, sysret */
    case 0x00:
        return reg == 2 || reg == 3; /* lldt, ltr */
    case 0x01:
        return reg == 2 || reg == 3 || reg == 6 || reg == 7; /* lgdt, lidt, lmsw, invlpg */
    default:
        return false;
    }
}

/* A general register of the faulting context by its ModRM number. */
static uint32_t gpr(const greg_t *g, unsigned r, unsigned size)
{
    static const int ids[8] = { REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI };
    if (size == 1) /* al cl dl bl ah ch dh bh */
        return r < 4 ? (uint32_t)g[ids[r]] & 0xFF : ((uint32_t)g[ids[r - 4]] >> 8) & 0xFF;
    uint32_t v = (uint32_t)g[ids[r]];
    return size == 2 ? v & 0xFFFF : v;
}

/* The 32-bit effective address of a ModRM memory operand at m; false when
 * the bytes run out. */
static bool effective_address(const uint8_t *m, size_t n, const greg_t *g, uint32_t *ea)
{
    unsigned mod = m[0] >> 6, rm = m[0] & 7;
    size_t at = 1;
    uint32_t a = 0;
    if (rm == 4) {
        if (at >= n)
            return false;
        uint8_t sib = m[at++];
        unsigned index = (sib >> 3) & 7, base = sib & 7;
        if (index != 4)
            a += gpr(g, index, 4) << (sib >> 6);
        if (base == 5 && mod == 0) {
            if (at + 4 > n)
                return false;
            uint32_t d;
            memcpy(&d, m + at, 4);
            *ea = a + d;
            return true;
        }
        a += gpr(g, base, 4);
    } else if (rm == 5 && mod == 0) {
        if (at + 4 > n)
            return false;
        memcpy(ea, m + at, 4);
        return true;
    } else {
        a = gpr(g, rm, 4);
    }
    if (mod == 1) {
        if (at >= n)
            return false;
        a += (uint32_t)(int32_t)(int8_t)m[at];
    } else if (mod == 2) {
        if (at + 4 > n)
            return false;
        uint32_t d;
        memcpy(&d, m + at, 4);
        a += d;
    }
    *ea = a;
    return true;
}

/* #DE is a zero divisor or a quotient too large for its register (INT_MIN
 * / -1); Windows tells them apart by the divisor of the div/idiv. When the
 * operand cannot be read, a zero divisor it is. */
static uint32_t divide_error_code(const struct cpu_thread *t, const greg_t *g)
{
    uint8_t b[16];
    uint32_t eip = t->st.regs[REG_EIP], seg = 0;
    size_t n = read_code(eip, b, sizeof b), i = 0;
    unsigned size = 4;
    bool addr16 = false;
    for (; i < n; i++) {
        if (b[i] == 0x66)
            size = 2;
        else if (b[i] == 0x67)
            addr16 = true;
        else if (b[i] == 0x64)
            seg = t->teb; /* fs: */
        else if (b[i] == 0x65)
            return STATUS_INTEGER_DIVIDE_BY_ZERO; /* gs: has no base here */
        else if (b[i] != 0x2E && b[i] != 0x36 && b[i] != 0x3E && b[i] != 0x26 &&
                 b[i] != 0xF0 && b[i] != 0xF2 && b[i] != 0xF3)
            break;
    }
    if (i + 1 >= n || (b[i] != 0xF6 && b[i] != 0xF7) || ((b[i + 1] >> 3) & 7) < 6)
        return STATUS_INTEGER_DIVIDE_BY_ZERO;
    if (b[i] == 0xF6)
        size = 1;
    uint32_t divisor = 0;
    if (b[i + 1] >> 6 == 3) {
        divisor = gpr(g, b[i + 1] & 7, size);
    } else {
        uint32_t ea;
        uint8_t v[4] = { 0 };
        if (addr16 || !effective_address(b + i + 1, n - i - 1, g, &ea) ||
            read_code(seg + ea, v, size) != size)
            return STATUS_INTEGER_DIVIDE_BY_ZERO;
        memcpy(&divisor, v, 4);
    }
    return divisor == 0 ? STATUS_INTEGER_DIVIDE_BY_ZERO : STATUS_INTEGER_OVERFLOW;
}

static uint32_t access_violation_code(uint32_t addr)
{
    const struct vm *vm = native_vm;
    if (vm && vm->state[addr >> 12] == VM_COMMITTED && (vm->prot[addr >> 12] & PAGE_GUARD))
        return STATUS_GUARD_PAGE_VIOLATION;
    return STATUS_ACCESS_VIOLATION;
}

static uint32_t float_code(int si_code)
{
    switch (si_code) {
    case FPE_FLTDIV: return STATUS_FLOAT_DIVIDE_BY_ZERO;
    case FPE_FLTOVF: return STATUS_FLOAT_OVERFLOW;
    case FPE_FLTUND: return STATUS_FLOAT_UNDERFLOW;
    case FPE_FLTRES: return STATUS_FLOAT_INEXACT_RESULT;
    case FPE_FLTSUB: return STATUS_FLOAT_STACK_CHECK;
    default: return STATUS_FLOAT_INVALID_OPERATION;
    }
}

/* int 29h has no user gate on Linux: #GP whose error code is the IDT entry
 * (vector << 3 | IDT bit). */
#define FASTFAIL_GP_ERROR (0x29u << 3 | 2u)

/* The Windows exception for a signal taken in guest code. */
static void classify(struct cpu_thread *t, int sig, const siginfo_t *si, const ucontext_t *uc)
{
    const greg_t *g = uc->uc_mcontext.gregs;
    uint32_t eip = t->st.regs[REG_EIP];
    uint32_t addr = (uint32_t)(uintptr_t)si->si_addr;
    uint64_t trapno = (uint64_t)g[REG_TRAPNO], err = (uint64_t)g[REG_ERR];
    switch (sig) {
    case SIGSEGV:
        if (trapno == 14) {
            uint32_t kind = (err & PF_FETCH) ? 8 : (err & PF_WRITE) ? 1 : 0;
            set_exc(t, access_violation_code(addr), eip, 2, kind, addr);
        } else if (trapno == 13 && err == FASTFAIL_GP_ERROR) {
            /* __fastfail(ecx): the error code names IDT vector 0x29 */
            set_exc(t, STATUS_STACK_BUFFER_OVERRUN, eip, 1, t->st.regs[REG_ECX], 0);
        } else if (trapno == 13 && privileged(eip)) {
            set_exc(t, STATUS_PRIVILEGED_INSTRUCTION, eip, 0, 0, 0);
        } else if (trapno == 4) {
            set_exc(t, STATUS_INTEGER_OVERFLOW, eip, 0, 0, 0);
        } else if (trapno == 5) {
            set_exc(t, STATUS_ARRAY_BOUNDS_EXCEEDED, eip, 0, 0, 0);
        } else {
            set_exc(t, STATUS_ACCESS_VIOLATION, eip, 2, 0, 0xFFFFFFFFu);
        }
        break;
    case SIGBUS:
        if (si->si_code == BUS_ADRALN)
            set_exc(t, STATUS_DATATYPE_MISALIGNMENT, eip, 0, 0, 0);
        else
            set_exc(t, STATUS_ACCESS_VIOLATION, eip, 2, (err & PF_WRITE) ? 1 : 0, addr);
        break;
    case SIGILL:
        set_exc(t, si->si_code == ILL_PRVOPC ? STATUS_PRIVILEGED_INSTRUCTION : STATUS_ILLEGAL_INSTRUCTION,
                eip, 0, 0, 0);
        break;
    case SIGFPE:
        if (si->si_code == FPE_INTDIV)
            set_exc(t, divide_error_code(t, g), eip, 0, 0, 0);
        else if (si->si_code == FPE_INTOVF)
            set_exc(t, STATUS_INTEGER_OVERFLOW, eip, 0, 0, 0);
        else
            set_exc(t, float_code(si->si_code), eip, 0, 0, 0);
        break;
    default: /* SIGTRAP */
        if (trapno == 1)
            set_exc(t, STATUS_SINGLE_STEP, eip, 0, 0, 0);
        else
            set_exc(t, STATUS_BREAKPOINT, eip - 1, 1, 0, 0); /* eip is past the int3 */
        t->st.regs[REG_EIP] = t->exc.address; /* Windows' CONTEXT, and the hook's contract */
        break;
    }
}

static void save_fx(struct native_state *s, const struct _libc_fpstate *fp)
{
    memcpy(s->fx, fp, sizeof s->fx);
    s->fcw = fp->cwd;
    s->mxcsr = fp->mxcsr;
    s->flags |= NSF_FX_FULL | NSF_FX_FAULT;
}

/* Keeps the guest's registers and FPU state for get_context and a later
 * resume, and hands the kernel a clean host FPU state for the landing. */
static void save_guest(struct native_state *s, ucontext_t *uc)
{
    const greg_t *g = uc->uc_mcontext.gregs;
    s->regs[REG_EAX] = (uint32_t)g[REG_RAX];
    s->regs[REG_ECX] = (uint32_t)g[REG_RCX];
    s->regs[REG_EDX] = (uint32_t)g[REG_RDX];
    s->regs[REG_EBX] = (uint32_t)g[REG_RBX];
    s->regs[REG_ESP] = (uint32_t)g[REG_RSP];
    s->regs[REG_EBP] = (uint32_t)g[REG_RBP];
    s->regs[REG_ESI] = (uint32_t)g[REG_RSI];
    s->regs[REG_EDI] = (uint32_t)g[REG_RDI];
    s->regs[REG_EIP] = (uint32_t)g[REG_RIP];
    s->regs[REG_EFLAGS] = (uint32_t)g[REG_EFL];
    s->flags |= NSF_EFLAGS;
    struct _libc_fpstate *fp = uc->uc_mcontext.fpregs;
    if (!fp)
        return;
    save_fx(s, fp);
}

/* Resume at the 64-bit landing on the host stack of the innermost run. */
static void land(struct native_state *s, ucontext_t *uc, int exit)
{
    greg_t *g = uc->uc_mcontext.gregs;
    s->exit = (uint32_t)exit;
    g[REG_RIP] = (greg_t)(uintptr_t)native_fault_landing;
    g[REG_RSP] = (greg_t)s->host_rsp;
    g[REG_EFL] = 0x202;
    /* cs | gs << 16 | fs << 32 | ss << 48 */
    uint64_t csgsfs = (uint64_t)g[REG_CSGSFS];
    csgsfs = (csgsfs & 0x0000FFFFFFFF0000ull) | SEL_CODE64 | ((uint64_t)SEL_DATA << 48);
    g[REG_CSGSFS] = (greg_t)csgsfs;
    struct _libc_fpstate *fp = uc->uc_mcontext.fpregs;
    if (fp) {
        fp->cwd = (uint16_t)s->host_fcw;
        fp->swd = 0;
        fp->ftw = 0; /* abridged tag word: every register empty */
        fp->mxcsr = s->host_mxcsr;
    }
}

static void put_hex(char *buf, size_t *n, uint64_t v)
{
    char tmp[17];
    int i = 16;
    tmp[i] = 0;
    do {
        tmp[--i] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    buf[(*n)++] = '0';
    buf[(*n)++] = 'x';
    for (; tmp[i]; i++)
        buf[(*n)++] = tmp[i];
}

/* Not the guest's: the handler installed before ours (core's host-crash
 * report) has it; without one, say so (async-signal-safe calls only) and
 * die of the signal. */
static void host_fault(int sig, siginfo_t *si, ucontext_t *uc, size_t which)
{
    const struct sigaction *old = &previous[which];
    if ((old->sa_flags & SA_SIGINFO) && old->sa_sigaction) {
        old->sa_sigaction(sig, si, uc);
        return;
    }
    if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN && old->sa_handler) {
        old->sa_handler(sig);
        return;
    }
    char msg[200];
    size_t n = 0;
    const char *a = "wowbox: internal error (a wowbox bug): signal ";
    memcpy(msg, a, strlen(a));
    n += strlen(a);
    msg[n++] = (char)('0' + sig / 10);
    msg[n++] = (char)('0' + sig % 10);
    const char *b = " in host code at ";
    memcpy(msg + n, b, strlen(b));
    n += strlen(b);
    put_hex(msg, &n, (uint64_t)uc->uc_mcontext.gregs[REG_RIP]);
    const char *c = ", address ";
    memcpy(msg + n, c, strlen(c));
    n += strlen(c);
    put_hex(msg, &n, (uint64_t)(uintptr_t)si->si_addr);
    msg[n++] = '\n';
    ssize_t w = write(2, msg, n);
    (void)w;
    signal(sig, SIG_DFL);
    raise(sig); /* blocked until the handler returns; a fault also repeats */
}

void native_signal(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    struct native_state *s = native_bound;
    size_t which = 0;
    while (which + 1 < sizeof fault_signals / sizeof fault_signals[0] && fault_signals[which] != sig)
        which++;
    if (s && (uint16_t)g[REG_CSGSFS] == SEL_CODE32) {
        save_guest(s, uc);
        classify((struct cpu_thread *)s, sig, si, uc);
        land(s, uc, NX_EXCEPTION);
        return;
    }
    if (s && sig == SIGFPE && (uintptr_t)g[REG_RIP] == (uintptr_t)native_host_fldcw &&
        uc->uc_mcontext.fpregs) {
        /* The guest called a stub with an unmasked x87 exception pending:
         * it is raised at the stub, whose call can be retried. The
         * registers were saved on the way in. */
        struct cpu_thread *t = (struct cpu_thread *)s;
        s->regs[REG_EIP] = native_stub_eip(s->index);
        save_fx(s, uc->uc_mcontext.fpregs);
        s->flags |= NSF_EFLAGS;
        set_exc(t, float_code(si->si_code), s->regs[REG_EIP], 0, 0, 0);
        land(s, uc, NX_EXCEPTION);
        return;
    }
    if (s && (uintptr_t)g[REG_RIP] == (uintptr_t)native_fswin_start) {
        land(s, uc, NX_NO_LDT); /* some hypervisors accept modify_ldt but never load the LDT */
        return;
    }
    if (s && (uintptr_t)g[REG_RIP] == (uintptr_t)native_lret_insn) {
        land(s, uc, NX_NO_COMPAT); /* the far return to 32-bit code itself faulted */
        return;
    }
    host_fault(sig, si, uc, which);
}

int native_kick_signal(void)
{
    return SIGRTMIN + 4;
}

void native_kick(int sig, siginfo_t *si, void *ucv)
{
    (void)sig;
    (void)si;
    ucontext_t *uc = ucv;
    struct native_state *s = native_bound;
    save_guest(s, uc);
    s->flags &= ~(uint32_t)NSF_FX_FAULT; /* an interruption, not a fault: x87 state as it was */
    land(s, uc, NX_INTERRUPTED);
}

bool native_install_signals(char *why, size_t whysz)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = (void (*)(int, siginfo_t *, void *))(void *)native_sigentry;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigfillset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof fault_signals / sizeof fault_signals[0]; i++) {
        struct sigaction old;
        if (sigaction(fault_signals[i], &sa, &old) != 0) {
            snprintf(why, whysz, "cannot install the handler for signal %d", fault_signals[i]);
            return false;
        }
        if (old.sa_sigaction != sa.sa_sigaction) /* installing again keeps the chain */
            previous[i] = old;
    }
    struct sigaction kick;
    memset(&kick, 0, sizeof kick);
    kick.sa_sigaction = (void (*)(int, siginfo_t *, void *))(void *)native_kick_entry;
    kick.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    sigfillset(&kick.sa_mask);
    if (sigaction(native_kick_signal(), &kick, NULL) != 0) {
        snprintf(why, whysz, "cannot install the handler for signal %d", native_kick_signal());
        return false;
    }
    return true;
}
#endif
