/* The native backend's private interface between its C files and the mode
 * switch in native_switch.S: the per-thread state block (reached through the
 * GS base while guest code runs), its offsets, and the low trampoline area. */
#ifndef WOWBOX_CPU_NATIVE_H
#define WOWBOX_CPU_NATIVE_H

/* Offsets in struct native_state (checked with static asserts in C). The
 * ten registers come in enum cpu_reg order. */
#define NS_REGS        0
#define NS_EAX         0
#define NS_ECX         4
#define NS_EDX         8
#define NS_EBX         12
#define NS_ESP         16
#define NS_EBP         20
#define NS_ESI         24
#define NS_EDI         28
#define NS_EIP         32
#define NS_EFLAGS      36
#define NS_INDEX       40  /* stub index the guest pushed */
#define NS_EXIT        44  /* exit code the signal handler leaves for the landing */
#define NS_HOST_RSP    48  /* host stack of the innermost native_enter */
#define NS_HOST_FS     56  /* host FS base (glibc's TLS) */
#define NS_SELF        64  /* struct cpu_thread * */
#define NS_FRAME       72  /* low address of this thread's far-return frame */
#define NS_TRAMP       80  /* low address of this thread's 32-bit resume code */
#define NS_FS_SEL      84  /* guest FS: LDT selector whose base is the TEB */
#define NS_FLAGS       88  /* NSF_* */
#define NS_FCW         92  /* guest x87 control word */
#define NS_MXCSR       96  /* guest MXCSR */
#define NS_HOST_FCW    100
#define NS_HOST_MXCSR  104
#define NS_ST0         112 /* double pushed onto the guest x87 stack at resume */
#define NS_FX          128 /* fxsave image of the guest after a fault (512 bytes) */
#define NS_SIZE        640

/* NS_FLAGS bits */
#define NSF_FX_FULL    1   /* resume with fxrstor from NS_FX */
#define NSF_ST0        2   /* push NS_ST0 before resuming */
#define NSF_EFLAGS     4   /* eflags were set: resume through popfd */
#define NSF_FX_FAULT   8   /* NS_FX is a fault's: drop a pending x87 exception before resuming */

/* Why native_enter returned. */
#define NX_RESUME      0   /* (native_thunk only) go back to guest code */
#define NX_STOPPED     1
#define NX_RETURNED    2
#define NX_EXCEPTION   3
#define NX_NO_COMPAT   4   /* the far return to 32-bit code faulted */
#define NX_INTERRUPTED 5   /* another thread asked (interrupt): registers saved, resume them */
#define NX_NO_LDT      6   /* loading the TEB's LDT selector into FS faulted */

/* Guest-visible selectors: Linux's GDT has Windows' values. */
#define SEL_CODE32     0x23
#define SEL_DATA       0x2B
#define SEL_CODE64     0x33

/* The low trampoline area: the 64 KB above every guest address (user_limit
 * is at most 0xFFFF0000) and below 4 GB, so 32-bit far pointers reach it.
 * Read-only and executable below LOW_CODE_END, read-write above. Its size
 * sets how many guest threads can live at once (LOW_SLOTS: a 16-byte resume
 * stub and a 32-byte frame each, and an LDT entry of the 8192). */
#define LOW_BASE       0xFFFF0000
#define LOW_SIZE       0x10000
#define LOW_ENTRY64    (LOW_BASE + 0x0)    /* jmp [rip]: native_thunk64 */
#define LOW_PROBE32    (LOW_BASE + 0x40)   /* probe snippet (32-bit) */
#define LOW_TRAMPS     (LOW_BASE + 0x1000) /* 16 bytes per slot, 32-bit code */
#define LOW_CODE_END   (LOW_BASE + 0x5000)
#define LOW_PROBE_TEB  (LOW_BASE + 0x5000)
#define LOW_PROBE_STACK (LOW_BASE + 0x6000)
#define LOW_FRAMES     (LOW_BASE + 0x8000) /* 32 bytes per slot, far-return frames */
#define LOW_SLOTS      1024

/* ucontext_t offsets (x86-64 glibc): uc_mcontext.gregs[REG_RIP], [REG_CSGSFS] */
#define UC_RIP         168
#define UC_CSGSFS      184

/* Stub index of the return trap: nested calls come back through it. The
 * last index there is; core's own stubs (SEH_STUB_BASE + a few) stay below. */
#define NATIVE_RETURN_INDEX 0xFFFFFFFF

#ifndef __ASSEMBLER__
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "cpu/cpu.h"

_Static_assert(LOW_TRAMPS + 16u * LOW_SLOTS <= LOW_CODE_END, "resume stubs fit the code pages");
_Static_assert(LOW_FRAMES + 32ull * LOW_SLOTS <= LOW_BASE + (unsigned long long)LOW_SIZE,
               "frames fit below 4 GB");

struct native_state {
    uint32_t regs[10];
    uint32_t index, exit;
    uint64_t host_rsp, host_fs, self, frame;
    uint32_t tramp, fs_sel, flags, fcw, mxcsr, host_fcw, host_mxcsr, pad;
    double st0;
    uint8_t pad2[8];
    uint8_t fx[512] __attribute__((aligned(16)));
} __attribute__((aligned(64)));

struct cpu_thread {
    struct native_state st;  /* first: the GS base points here */
    gaddr teb;
    int slot;                /* LDT entry - 1, trampoline and frame slot */
    bool stop_requested;
    bool in_call;            /* the innermost native_enter came from call() */
    struct cpu_exception exc;
    pthread_t host;          /* the host thread that runs it (once has_host) */
    bool has_host;
};

/* native_switch.S */
int native_enter(struct native_state *s);
extern char native_fswin_start[];
extern char native_thunk64[], native_fault_landing[], native_lret_insn[], native_host_fldcw[];
extern char native_sigentry[], native_kick_entry[];
extern uint8_t native_use_fsgsbase; /* wrfsbase, else arch_prctl */

/* cpu_native.c, called from native_switch.S */
int native_thunk(struct cpu_thread *t, uint32_t index);
/* The guest address of stub `index` (the return trap for its index). */
gaddr native_stub_eip(uint32_t index);

/* native_fault.c */
void native_signal(int sig, siginfo_t *si, void *uc);
/* The interrupt signal, taken in guest code (host FS already restored). */
void native_kick(int sig, siginfo_t *si, void *uc);
/* The signal interrupt() sends to a thread's host thread. */
int native_kick_signal(void);
/* Installs (again: on top of handlers added since, which host faults then
 * chain to) the fault handlers; the probe and init() both call it. */
bool native_install_signals(char *why, size_t whysz);
/* The host thread's current state block (what the GS base points to). */
extern __thread struct native_state *native_bound;
extern struct vm *native_vm;
#endif

#endif
