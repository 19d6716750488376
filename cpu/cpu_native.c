/* The native backend: guest code runs on the real CPU in 32-bit compatibility
 * mode, as wow64cpu.dll runs it on Windows. Guest address g is host address
 * g; stubs far-jump to a 64-bit entry below 4 GB (native_switch.S); faults
 * arrive as signals (native_fault.c); FS is an LDT selector based at the TEB. */
#include <stdio.h>

#include "cpu/cpu.h"

#if !defined(__x86_64__) || !defined(__linux__)
/* Only an x86-64 Linux host runs 32-bit x86 code itself. */
static bool native_available(char *why, size_t whysz)
{
    snprintf(why, whysz, "the host is not x86-64 Linux");
    return false;
}

const struct cpu_backend cpu_native = {
    .name = "native",
    .available = native_available,
};
#else
#include <asm/ldt.h>
#include <asm/prctl.h>
#include <cpuid.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/guest_mem.h"
#include "core/log.h"
#include "core/ntstatus.h"
#include "cpu/native.h"

#ifndef HWCAP2_FSGSBASE
#define HWCAP2_FSGSBASE (1 << 1)
#endif

#define PROBE_MAGIC 0x5EB0C0DEu

_Static_assert(offsetof(struct native_state, index) == NS_INDEX, "layout");
_Static_assert(offsetof(struct native_state, host_rsp) == NS_HOST_RSP, "layout");
_Static_assert(offsetof(struct native_state, host_fs) == NS_HOST_FS, "layout");
_Static_assert(offsetof(struct native_state, self) == NS_SELF, "layout");
_Static_assert(offsetof(struct native_state, frame) == NS_FRAME, "layout");
_Static_assert(offsetof(struct native_state, tramp) == NS_TRAMP, "layout");
_Static_assert(offsetof(struct native_state, fs_sel) == NS_FS_SEL, "layout");
_Static_assert(offsetof(struct native_state, flags) == NS_FLAGS, "layout");
_Static_assert(offsetof(struct native_state, fcw) == NS_FCW, "layout");
_Static_assert(offsetof(struct native_state, mxcsr) == NS_MXCSR, "layout");
_Static_assert(offsetof(struct native_state, host_fcw) == NS_HOST_FCW, "layout");
_Static_assert(offsetof(struct native_state, host_mxcsr) == NS_HOST_MXCSR, "layout");
_Static_assert(offsetof(struct native_state, st0) == NS_ST0, "layout");
_Static_assert(offsetof(struct native_state, fx) == NS_FX, "layout");
_Static_assert(sizeof(struct native_state) == NS_SIZE, "layout");
_Static_assert(sizeof(((struct native_state *)0)->fx) == CPU_FXSAVE_SIZE, "FXSAVE image");
_Static_assert(offsetof(struct cpu_thread, st) == 0, "the GS base is the thread");
_Static_assert(REG_EIP == 8 && REG_EFLAGS == 9 && REG_ESP == 4, "NS_* register order");

struct vm *native_vm;
__thread struct native_state *native_bound;

static struct cpu_hooks hooks;
static gaddr return_trap;

struct stub_range {
    gaddr base;
    uint32_t count, first_index;
};
static struct stub_range ranges[CPU_STUB_RANGES_MAX];
static unsigned nranges;

static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;
static bool slot_used[LOW_SLOTS];
static uint32_t mxcsr_mask = 0xFFBF; /* the CPU's, from FXSAVE, at probe time */
static bool probed, probe_ok;
static char probe_why[256];

static uint8_t *low(uint32_t addr) { return (uint8_t *)(uintptr_t)addr; }

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }

/* 32-bit code: push imm32; jmp far 0x33:LOW_ENTRY64 (12 bytes). */
static void put_far_exit(uint8_t *p, uint32_t index)
{
    p[0] = 0x68;
    put32(p + 1, index);
    p[5] = 0xEA;
    put32(p + 6, LOW_ENTRY64);
    p[10] = SEL_CODE64;
    p[11] = 0;
}

/* The area below 4 GB that far pointers reach: the 64-bit entry, the probe
 * snippet and each slot's 32-bit resume code (read-only, executable), then
 * each slot's far-return frame and the probe's TEB and stack (read-write). */
static bool low_area_create(char *why, size_t whysz)
{
    void *want = low(LOW_BASE);
    void *p = mmap(want, LOW_SIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p != want) {
        if (p != MAP_FAILED)
            munmap(p, LOW_SIZE);
        snprintf(why, whysz, "cannot map the trampoline page at %#x", LOW_BASE);
        return false;
    }
    uint8_t *e = low(LOW_ENTRY64); /* jmp qword [rip]: the entry lives above 4 GB */
    e[0] = 0xFF;
    e[1] = 0x25;
    put32(e + 2, 0);
    uint64_t target = (uint64_t)(uintptr_t)native_thunk64;
    memcpy(e + 6, &target, 8);

    uint8_t *pr = low(LOW_PROBE32); /* mov eax, fs:[0]; inc eax; back */
    pr[0] = 0x64;
    pr[1] = 0xA1;
    put32(pr + 2, 0);
    pr[6] = 0x40;
    put_far_exit(pr + 7, NATIVE_RETURN_INDEX);

    for (uint32_t s = 0; s < LOW_SLOTS; s++) {
        uint8_t *t = low(LOW_TRAMPS + 16 * s);
        uint32_t frame = LOW_FRAMES + 32 * s;
        t[0] = 0x9D;                       /* popfd */
        t[1] = 0x8B; t[2] = 0x25;          /* mov esp, [frame + 20] */
        put32(t + 3, frame + 20);
        t[7] = 0xFF; t[8] = 0x25;          /* jmp [frame + 24] */
        put32(t + 9, frame + 24);
        memset(t + 13, 0xCC, 3);
    }
    if (mprotect(want, LOW_CODE_END - LOW_BASE, PROT_READ | PROT_EXEC) != 0) {
        snprintf(why, whysz, "cannot make the trampoline page executable: %s", strerror(errno));
        return false;
    }
    return true;
}

static bool write_ldt(int entry, uint32_t base, bool present)
{
    struct user_desc d = { 0 };
    d.entry_number = (unsigned)entry;
    if (present) {
        d.base_addr = base;
        d.limit = 0xFFF;           /* the TEB page, as Windows' FS */
        d.seg_32bit = 1;
        d.useable = 1;
    } else {
        d.read_exec_only = 1;      /* the kernel's "empty" descriptor */
        d.seg_not_present = 1;
    }
    return syscall(SYS_modify_ldt, 1, &d, sizeof d) == 0;
}

/* The signal stack this host thread allocated (freed with its thread). */
static __thread void *own_altstack;
static __thread bool altstack_ready;
#define ALTSTACK_SIZE (256 * 1024)

static void ensure_altstack(void)
{
    bool *ready = &altstack_ready;
    if (*ready)
        return;
    stack_t cur;
    if (sigaltstack(NULL, &cur) == 0 && !(cur.ss_flags & SS_DISABLE)) {
        *ready = true;
        return;
    }
    size_t size = ALTSTACK_SIZE;
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        wb_bug("cannot allocate a signal stack");
    stack_t ss = { .ss_sp = p, .ss_size = size, .ss_flags = 0 };
    if (sigaltstack(&ss, NULL) != 0)
        wb_bug("sigaltstack: %s", strerror(errno));
    own_altstack = p;
    *ready = true;
}

static void drop_altstack(void)
{
    if (!own_altstack)
        return;
    stack_t ss = { .ss_flags = SS_DISABLE };
    if (sigaltstack(&ss, NULL) == 0)
        munmap(own_altstack, ALTSTACK_SIZE);
    own_altstack = NULL;
    altstack_ready = false;
}

static uint64_t host_fs_base(void)
{
    uint64_t v = 0;
    if (native_use_fsgsbase)
        __asm__ volatile("rdfsbase %0" : "=r"(v));
    else
        syscall(SYS_arch_prctl, ARCH_GET_FS, &v);
    return v;
}

/* Points this host thread's GS base at the state block the switch code and
 * the signal handler use. */
static void bind_thread(struct native_state *s)
{
    if (native_bound == s)
        return;
    s->host_fs = host_fs_base();
    if (native_use_fsgsbase)
        __asm__ volatile("wrgsbase %0" : : "r"(s) : "memory");
    else if (syscall(SYS_arch_prctl, ARCH_SET_GS, s) != 0)
        wb_bug("arch_prctl(ARCH_SET_GS): %s", strerror(errno));
    native_bound = s;
    ensure_altstack();
    struct cpu_thread *t = (struct cpu_thread *)s;
    if (!t->has_host) { /* where interrupt() sends its signal */
        t->host = pthread_self();
        t->has_host = true;
    }
}

static void record_exception(struct cpu_thread *t, uint32_t code, uint32_t addr,
                             uint32_t nparams, uint32_t p0, uint32_t p1)
{
    t->exc.code = code;
    t->exc.address = addr;
    t->exc.nparams = nparams;
    t->exc.params[0] = p0;
    t->exc.params[1] = p1;
}

/* A free slot (LDT entry, resume code and frame), taken; -1 when full. */
static int take_slot(void)
{
    int slot = -1;
    pthread_mutex_lock(&slot_lock);
    for (int i = 0; i < LOW_SLOTS && slot < 0; i++)
        if (!slot_used[i])
            slot = i;
    if (slot >= 0)
        slot_used[slot] = true;
    pthread_mutex_unlock(&slot_lock);
    return slot;
}

static void drop_slot(int slot)
{
    pthread_mutex_lock(&slot_lock);
    slot_used[slot] = false;
    pthread_mutex_unlock(&slot_lock);
}

static struct cpu_thread *native_thread_create(gaddr teb)
{
    int slot = take_slot();
    if (slot < 0)
        return NULL;
    struct cpu_thread *t = aligned_alloc(64, sizeof *t);
    if (!t || !write_ldt(slot + 1, teb, true)) {
        free(t);
        drop_slot(slot);
        return NULL;
    }
    memset(t, 0, sizeof *t);
    t->slot = slot;
    t->teb = teb;
    struct native_state *s = &t->st;
    s->self = (uint64_t)(uintptr_t)t;
    s->fs_sel = (uint32_t)((slot + 1) << 3 | 7); /* LDT, RPL 3 */
    s->frame = LOW_FRAMES + 32u * (uint32_t)slot;
    s->tramp = LOW_TRAMPS + 16u * (uint32_t)slot;
    uint64_t rip = s->tramp, cs = SEL_CODE32;
    memcpy(low((uint32_t)s->frame), &rip, 8);
    memcpy(low((uint32_t)s->frame + 8), &cs, 8);
    /* Windows starts a 32-bit thread with these (53-bit x87 precision) */
    s->fcw = 0x27F;
    s->mxcsr = 0x1F80;
    s->regs[REG_EFLAGS] = 0x202;
    s->flags = NSF_EFLAGS;
    return t;
}

static void native_thread_destroy(struct cpu_thread *t)
{
    if (!t)
        return;
    if (native_bound == &t->st) {
        native_bound = NULL;
        if (t->has_host && pthread_equal(t->host, pthread_self()))
            drop_altstack(); /* the host thread ends with it */
    }
    write_ldt(t->slot + 1, 0, false);
    drop_slot(t->slot);
    free(t);
}

/* Runs guest code until it leaves the backend. A fault goes to core's
 * exception hook, which points the registers at the code to continue with
 * (a handler, or the faulting code again) and the same run or call goes on. */
/* A fault's x87 state may hold a pending unmasked exception (the #MF being
 * reported): it stays in the image core captures, but the code that runs
 * next (a handler, or the faulting code once core has looked) starts
 * without it, as Windows hands handlers a cleared status word; otherwise
 * the next waiting x87 instruction would raise it again. A CONTEXT core
 * restores (set_fpu) is taken as it is. */
static void drop_pending_x87(struct native_state *s)
{
    s->flags &= ~(uint32_t)NSF_FX_FAULT;
    uint16_t fcw, fsw;
    memcpy(&fcw, s->fx, 2);
    memcpy(&fsw, s->fx + 2, 2);
    if (!(fsw & 0x80))
        return;
    fsw &= (uint16_t)~(0x8080u | (0x3Fu & ~fcw)); /* B, ES and the unmasked flags */
    memcpy(s->fx + 2, &fsw, 2);
}

static enum cpu_exit enter(struct cpu_thread *t, struct cpu_exception *exc)
{
    for (;;) {
        if (t->st.flags & NSF_FX_FAULT)
            drop_pending_x87(&t->st);
        struct native_state *prev = native_bound;
        bind_thread(&t->st);
        int x = native_enter(&t->st);
        if (prev && prev != &t->st)
            bind_thread(prev);
        switch (x) {
        case NX_STOPPED:
            return CPU_EXIT_STOPPED;
        case NX_RETURNED:
            return CPU_EXIT_RETURNED;
        case NX_INTERRUPTED: /* registers saved: the next native_enter resumes them */
            if (!t->stop_requested && hooks.interrupted)
                hooks.interrupted(t);
            if (t->stop_requested)
                return CPU_EXIT_STOPPED;
            break;
        case NX_EXCEPTION:
            if (!hooks.exception) {
                if (exc)
                    *exc = t->exc;
                return CPU_EXIT_EXCEPTION;
            }
            struct cpu_exception e = t->exc;
            if (!hooks.exception(t, &e) || t->stop_requested)
                return CPU_EXIT_STOPPED;
            break;
        default:
            wb_bug("the native backend could not enter 32-bit code (exit %d)", x);
        }
    }
}

/* Runs the probe snippet: 32-bit code that reads fs:[0] of a scratch TEB. */
static bool probe_compat_mode(char *why, size_t whysz)
{
    struct cpu_thread *t = native_thread_create(LOW_PROBE_TEB);
    if (!t) {
        snprintf(why, whysz, "modify_ldt cannot install a TEB selector: %s", strerror(errno));
        return false;
    }
    put32(low(LOW_PROBE_TEB), PROBE_MAGIC);
    t->st.regs[REG_ESP] = LOW_PROBE_STACK + 0x800;
    t->st.regs[REG_EIP] = LOW_PROBE32;
    t->in_call = true;
    struct native_state *prev = native_bound;
    bind_thread(&t->st);
    int x = native_enter(&t->st);
    if (prev)
        bind_thread(prev);
    uint32_t eax = t->st.regs[REG_EAX];
    native_thread_destroy(t);
    if (x == NX_NO_LDT) {
        snprintf(why, whysz, "the TEB's LDT selector cannot be loaded (modify_ldt is accepted, "
                             "but this kernel or hypervisor does not use the LDT)");
        return false;
    }
    if (x == NX_NO_COMPAT) {
        snprintf(why, whysz, "the kernel does not run 32-bit code (selector 0x23 cannot be entered)");
        return false;
    }
    if (x != NX_RETURNED || eax != PROBE_MAGIC + 1) {
        snprintf(why, whysz, "32-bit probe code misbehaved (exit %d, eax %#x)", x, eax);
        return false;
    }
    return true;
}

static bool probe(char *why, size_t whysz)
{
    if (!vm_identity_reserve(why, whysz))
        return false;
    native_use_fsgsbase = (getauxval(AT_HWCAP2) & HWCAP2_FSGSBASE) && !getenv("WOWBOX_NATIVE_NO_FSGSBASE");
    uint8_t fx[512] __attribute__((aligned(16)));
    __asm__ volatile("fxsave64 %0" : "=m"(fx));
    memcpy(&mxcsr_mask, fx + 28, 4);
    if (!mxcsr_mask)
        mxcsr_mask = 0xFFBF;
    return low_area_create(why, whysz) && native_install_signals(why, whysz) &&
           probe_compat_mode(why, whysz);
}

/* Decided once: it reserves the low 4 GB, which must happen early. */
static bool native_available(char *why, size_t whysz)
{
    if (!probed) {
        probed = true;
        probe_ok = probe(probe_why, sizeof probe_why);
    }
    if (!probe_ok)
        snprintf(why, whysz, "%s", probe_why);
    return probe_ok;
}

static bool native_init(struct vm *v, const struct cpu_hooks *h, char *why, size_t whysz)
{
    if (!native_available(why, whysz))
        return false;
    if (!v->identity) {
        snprintf(why, whysz, "the address space is not identity-mapped (vm_init_identity)");
        return false;
    }
    if (!native_install_signals(why, whysz))
        return false;
    native_vm = v;
    hooks = *h;
    /* Nothing to mirror: the range is reserved as a whole and vm.c gives
     * pages the guest's protections, execute included, in identity mode. */
    vm_set_mirror(v, &(struct vm_mirror){ 0 });
    return true;
}

static void native_shutdown(void)
{
    native_vm = NULL;
}

gaddr native_stub_eip(uint32_t index)
{
    if (index == NATIVE_RETURN_INDEX)
        return return_trap;
    for (unsigned i = 0; i < nranges; i++)
        if (index - ranges[i].first_index < ranges[i].count)
            return ranges[i].base + (index - ranges[i].first_index) * CPU_STUB_SIZE;
    return 0;
}

/* A stub or the return trap brought the guest here (from native_thunk64);
 * NX_RESUME sends it back with the registers in the state block. */
int native_thunk(struct cpu_thread *t, uint32_t index)
{
    if (index == NATIVE_RETURN_INDEX) {
        if (t->in_call)
            return NX_RETURNED;
        /* a top-level run reached the trap: what Unicorn's int3 there gives */
        t->st.regs[REG_EIP] = return_trap;
        record_exception(t, STATUS_BREAKPOINT, return_trap, 1, 0, 0);
        return NX_EXCEPTION;
    }
    t->st.regs[REG_EIP] = native_stub_eip(index);
    hooks.thunk(t, index);
    return t->stop_requested ? NX_STOPPED : NX_RESUME;
}

static void native_set_context(struct cpu_thread *t, const struct cpu_context *c)
{
    uint32_t *r = t->st.regs;
    r[REG_EAX] = c->eax; r[REG_ECX] = c->ecx; r[REG_EDX] = c->edx; r[REG_EBX] = c->ebx;
    r[REG_ESP] = c->esp; r[REG_EBP] = c->ebp; r[REG_ESI] = c->esi; r[REG_EDI] = c->edi;
    r[REG_EIP] = c->eip; r[REG_EFLAGS] = c->eflags;
    t->st.flags |= NSF_EFLAGS;
}

static void native_get_context(struct cpu_thread *t, struct cpu_context *c)
{
    const uint32_t *r = t->st.regs;
    c->eax = r[REG_EAX]; c->ecx = r[REG_ECX]; c->edx = r[REG_EDX]; c->ebx = r[REG_EBX];
    c->esp = r[REG_ESP]; c->ebp = r[REG_EBP]; c->esi = r[REG_ESI]; c->edi = r[REG_EDI];
    c->eip = r[REG_EIP]; c->eflags = r[REG_EFLAGS];
    c->cs = SEL_CODE32;
    c->ds = c->es = c->ss = SEL_DATA;
    c->fs = (uint16_t)t->st.fs_sel;
    c->gs = 0;
}

static uint32_t native_get_reg(struct cpu_thread *t, int reg)
{
    return t->st.regs[reg];
}

static void native_set_reg(struct cpu_thread *t, int reg, uint32_t v)
{
    t->st.regs[reg] = v;
    if (reg == REG_EFLAGS)
        t->st.flags |= NSF_EFLAGS;
}

static void native_set_st0(struct cpu_thread *t, double v)
{
    t->st.st0 = v;
    t->st.flags |= NSF_ST0;
}

/* After a fault the whole FXSAVE image is kept; at a thunk the x87 stack is
 * empty and the vector registers are the callee's to clobber, so the
 * control words are the guest's whole floating-point state. */
static void native_get_fpu(struct cpu_thread *t, uint8_t fx[CPU_FXSAVE_SIZE])
{
    const struct native_state *s = &t->st;
    if (s->flags & NSF_FX_FULL) {
        memcpy(fx, s->fx, CPU_FXSAVE_SIZE);
        return;
    }
    memset(fx, 0, CPU_FXSAVE_SIZE);
    uint16_t fcw = (uint16_t)s->fcw;
    memcpy(fx, &fcw, 2);
    memcpy(fx + 24, &s->mxcsr, 4);
    memcpy(fx + 28, &mxcsr_mask, 4);
}

/* Loaded with fxrstor at the next resume; reserved MXCSR bits would make
 * fxrstor fault in host code, so a guest CONTEXT cannot set them. */
static void native_set_fpu(struct cpu_thread *t, const uint8_t fx[CPU_FXSAVE_SIZE])
{
    struct native_state *s = &t->st;
    memcpy(s->fx, fx, CPU_FXSAVE_SIZE);
    uint32_t mxcsr;
    memcpy(&mxcsr, s->fx + 24, 4);
    mxcsr &= mxcsr_mask;
    memcpy(s->fx + 24, &mxcsr, 4);
    memcpy(s->fx + 28, &mxcsr_mask, 4);
    s->mxcsr = mxcsr;
    s->fcw = (uint32_t)fx[0] | (uint32_t)fx[1] << 8;
    s->flags = (s->flags | NSF_FX_FULL) & ~(uint32_t)(NSF_ST0 | NSF_FX_FAULT);
}

/* Guest code runs on this CPU, so the host's own answers are the guest's. */
static void native_identify(struct cpu_ident *id)
{
    memset(id, 0, sizeof *id);
    unsigned max = __get_cpuid_max(0, NULL), max_ext = __get_cpuid_max(0x80000000u, NULL);
    uint32_t *leaves[] = { id->leaf0, id->leaf1, id->leaf7 };
    const unsigned nums[] = { 0, 1, 7 };
    for (int i = 0; i < 3; i++)
        if (nums[i] <= max)
            __cpuid_count(nums[i], 0, leaves[i][0], leaves[i][1], leaves[i][2], leaves[i][3]);
    if (max_ext >= 0x80000000u)
        __cpuid(0x80000000u, id->ext0[0], id->ext0[1], id->ext0[2], id->ext0[3]);
    if (max_ext >= 0x80000001u)
        __cpuid(0x80000001u, id->ext1[0], id->ext1[1], id->ext1[2], id->ext1[3]);
    id->mxcsr_mask = mxcsr_mask;
    if (id->leaf1[2] & (1u << 27)) { /* OSXSAVE: xgetbv is allowed */
        uint32_t lo, hi;
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        id->xcr0 = (uint64_t)hi << 32 | lo;
    }
}

static enum cpu_exit native_run(struct cpu_thread *t, const struct cpu_context *ctx,
                                struct cpu_exception *exc)
{
    native_set_context(t, ctx);
    t->stop_requested = false;
    bool outer = t->in_call;
    t->in_call = false;
    enum cpu_exit r = enter(t, exc);
    t->in_call = outer;
    return r == CPU_EXIT_RETURNED ? CPU_EXIT_STOPPED : r;
}

/* Pushes the arguments and the return trap on the guest stack and runs the
 * function until it comes back through the trap; the caller's registers
 * are restored as Unicorn's call() does, eax excepted. */
static enum cpu_exit native_call(struct cpu_thread *t, gaddr fn, const uint32_t *args, unsigned nargs,
                                 bool cdecl, uint32_t *ret, struct cpu_exception *exc)
{
    (void)cdecl; /* both conventions: the stack pointer we had is restored */
    if (t->stop_requested)
        return CPU_EXIT_STOPPED;
    uint32_t saved[10];
    memcpy(saved, t->st.regs, sizeof saved);
    uint32_t saved_flags = t->st.flags & NSF_EFLAGS;
    uint32_t esp = saved[REG_ESP] - 4 * nargs - 4;
    if ((nargs && !gm_write(esp + 4, args, 4 * nargs)) || !gm_write(esp, &return_trap, 4)) {
        record_exception(t, STATUS_ACCESS_VIOLATION, fn, 2, 1, esp);
        if (exc)
            *exc = t->exc;
        return CPU_EXIT_EXCEPTION;
    }
    t->st.regs[REG_ESP] = esp;
    t->st.regs[REG_EIP] = fn;
    bool outer = t->in_call;
    t->in_call = true;
    enum cpu_exit r = enter(t, exc);
    t->in_call = outer;
    if (r == CPU_EXIT_RETURNED && t->stop_requested)
        r = CPU_EXIT_STOPPED;
    if (r != CPU_EXIT_RETURNED)
        return r;
    uint32_t eax = t->st.regs[REG_EAX];
    if (ret)
        *ret = eax;
    memcpy(t->st.regs, saved, sizeof saved);
    t->st.regs[REG_EAX] = eax;
    t->st.flags = (t->st.flags & ~(uint32_t)NSF_EFLAGS) | saved_flags;
    return CPU_EXIT_RETURNED;
}

static void native_stop(struct cpu_thread *t)
{
    t->stop_requested = true;
}

/* A signal to the thread's host thread: guest code there leaves through
 * the landing (native_kick); anywhere else the signal is dropped. */
static void native_interrupt(struct cpu_thread *t)
{
    if (t->has_host && !pthread_equal(t->host, pthread_self()))
        pthread_kill(t->host, native_kick_signal());
}

/* push index; jmp far 0x33:LOW_ENTRY64; int3 padding. */
static void native_return_from_thunk(struct cpu_thread *t, gaddr esp, gaddr eip)
{
    native_set_reg(t, REG_ESP, esp);
    native_set_reg(t, REG_EIP, eip);
}

/* push index; jmp far: position-independent, so a copy of it works too. */
static void native_write_stub(uint8_t *buf, gaddr at, uint32_t index, uint16_t pop_bytes)
{
    (void)at;
    (void)pop_bytes; /* the dispatcher sets esp/eip: the stub never returns itself */
    memset(buf, 0xCC, CPU_STUB_SIZE);
    put_far_exit(buf, index);
}

static void native_add_stub_range(gaddr base, uint32_t count, uint32_t first_index)
{
    if (nranges == sizeof ranges / sizeof ranges[0])
        wb_bug("too many stub ranges");
    ranges[nranges++] = (struct stub_range){ base, count, first_index };
}

/* The trap is a stub slot core reserved: it becomes a stub with the
 * return index, so a nested call ends without a signal. */
static void native_set_return_trap(gaddr addr)
{
    uint8_t code[CPU_STUB_SIZE];
    native_write_stub(code, addr, NATIVE_RETURN_INDEX, CPU_STUB_NO_RETURN);
    if (!gm_write_force(addr, code, sizeof code))
        wb_bug("cannot write the return trap at %#x", addr);
    return_trap = addr;
}

static void native_invalidate(gaddr addr, uint32_t size)
{
    (void)addr; /* the CPU handles self-modifying code itself */
    (void)size;
}

const struct cpu_backend cpu_native = {
    .name = "native",
    /* guest and host copies run at the same speed: only where a thunk
     * (~90 ns) is lost in the copy's own time */
    .bulk_copy_min = 256 * 1024,
    .available = native_available,
    .init = native_init,
    .shutdown = native_shutdown,
    .thread_create = native_thread_create,
    .thread_destroy = native_thread_destroy,
    .run = native_run,
    .call = native_call,
    .stop = native_stop,
    .interrupt = native_interrupt,
    .get_context = native_get_context,
    .set_context = native_set_context,
    .get_reg = native_get_reg,
    .set_reg = native_set_reg,
    .set_st0 = native_set_st0,
    .get_fpu = native_get_fpu,
    .set_fpu = native_set_fpu,
    .identify = native_identify,
    .write_stub = native_write_stub,
    .return_from_thunk = native_return_from_thunk,
    .add_stub_range = native_add_stub_range,
    .set_return_trap = native_set_return_trap,
    .invalidate_code = native_invalidate,
};
#endif
