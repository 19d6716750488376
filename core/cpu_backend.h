/* The CPU backend interface: what core asks of a backend (native compat-mode
 * switch or Unicorn emulation). Core declares it and calls through it; cpu/
 * implements it and never includes syscalls/: thunks reach the shared
 * dispatcher through the hooks the start-up (core/app) hands over at init. */
#ifndef WOWBOX_CORE_CPU_BACKEND_H
#define WOWBOX_CORE_CPU_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/vm.h"

/* The 32-bit register context (integer part of Windows' CONTEXT). */
struct cpu_context {
    uint32_t eax, ebx, ecx, edx, esi, edi, ebp, esp;
    uint32_t eip, eflags;
    uint16_t cs, ds, es, fs, gs, ss;
};

struct cpu_thread;

/* Why run()/call() came back. */
enum cpu_exit {
    CPU_EXIT_STOPPED,   /* stop() was called: process or thread exit */
    CPU_EXIT_RETURNED,  /* call(): the guest function returned */
    CPU_EXIT_EXCEPTION, /* a guest fault; see the exception record */
};

struct cpu_exception {
    uint32_t code;          /* NTSTATUS exception code */
    uint32_t address;       /* faulting instruction */
    uint32_t nparams;
    uint32_t params[2];     /* access violations: {0 read / 1 write / 8 execute, address} */
};

/* What core hands the backend. */
struct cpu_hooks {
    /* The guest reached thunk stub `index`: run the API, adjust registers. */
    void (*thunk)(struct cpu_thread *t, uint32_t index);
    /* A guest fault stopped the thread; its registers hold the faulting
     * state (eip = exc->address). Core dispatches it as Windows does
     * (core/seh.c): it builds the exception frame on the guest stack and
     * sets the registers to continue from, then returns true and the
     * backend keeps running the same run()/call() from there; false: the
     * process is ending, return CPU_EXIT_STOPPED. A backend without this
     * hook (or when it is NULL) reports CPU_EXIT_EXCEPTION instead. */
    bool (*exception)(struct cpu_thread *t, const struct cpu_exception *exc);
    /* The backend stopped the thread's guest code at an instruction
     * boundary because interrupt() asked it to; core may block the thread
     * here (SuspendThread) or let other threads have their turn (a serial
     * backend) before the same run or call goes on. Called on the thread's
     * own host thread, outside host code. */
    void (*interrupted)(struct cpu_thread *t);
};

/* x87/SSE state in FXSAVE layout (512 bytes), as CONTEXT.ExtendedRegisters
 * holds it: FCW, FSW, abridged tag byte, FOP, FIP, FCS, FDP, FDS, MXCSR,
 * ST0-ST7 at 32 + 16*i, XMM0-XMM7 at 160 + 16*i. */
#define CPU_FXSAVE_SIZE 512u

/* What the guest's CPU says about itself, read once: the cpuid leaves
 * Windows builds its processor-feature table from (registers in eax, ebx,
 * ecx, edx order; a leaf above the maximum reads as zeros), FXSAVE's
 * MXCSR mask and XCR0 (0 without OSXSAVE). */
struct cpu_ident {
    uint32_t leaf0[4], leaf1[4], leaf7[4], ext0[4], ext1[4];
    uint32_t mxcsr_mask;
    uint64_t xcr0;
};

/* Stub bytes per export in a builtin DLL image. */
#define CPU_STUB_SIZE 16u
/* How many runs of stubs a backend keeps: one per builtin DLL image (24 now)
 * and the SEH stubs' page, with room for more DLLs. */
#define CPU_STUB_RANGES_MAX 64u
#define CPU_STUB_NO_RETURN 0xFFFFu

struct cpu_backend {
    const char *name;
    /* Guest code of two threads must never run at the same time (Unicorn:
     * lock-prefixed instructions are atomic only within one engine). Core
     * then keeps its process lock while guest code runs and hands it over
     * at blocking waits and when interrupted() asks it to. */
    bool serial;
    /* From this many bytes on, a memcpy/memmove/memset in guest code hands
     * the copy to the host after probing the pages (syscalls/guest/
     * bulk_memory.c): sooner where guest stores are slow (Unicorn's store
     * path costs ~85 ns), late where guest code runs at the CPU's own speed.
     * 0: never. */
    uint32_t bulk_copy_min;
    /* Guest stores take a slow path (Unicorn 2.0.1: ~85 ns each): exports
     * declared GUEST_HOST (the heap's fast path, ~20 stores a call) bind to
     * their host handlers, which cost fewer. */
    bool slow_stores;
    /* false (with a one-line reason) when this host cannot run the backend */
    bool (*available)(char *why, size_t whysz);
    bool (*init)(struct vm *vm, const struct cpu_hooks *hooks, char *why, size_t whysz);
    void (*shutdown)(void);

    /* A guest thread's CPU state, created and destroyed on the host thread
     * that runs it (each guest thread has its own host thread). */
    struct cpu_thread *(*thread_create)(gaddr teb);
    void (*thread_destroy)(struct cpu_thread *t);

    /* Run guest code from ctx until stop() or an unhandled fault. */
    enum cpu_exit (*run)(struct cpu_thread *t, const struct cpu_context *ctx, struct cpu_exception *exc);
    /* From inside a thunk: call a guest stdcall/cdecl function and return its eax.
     * On CPU_EXIT_STOPPED/EXCEPTION the caller must return promptly. */
    enum cpu_exit (*call)(struct cpu_thread *t, gaddr fn, const uint32_t *args, unsigned nargs,
                          bool cdecl, uint32_t *ret, struct cpu_exception *exc);
    void (*stop)(struct cpu_thread *t);
    /* From any host thread: make the thread leave its guest code soon and
     * call hooks.interrupted (stop() requests are noticed there too). A
     * request that finds the thread outside guest code may be lost: core
     * asks again while it still waits for the thread. */
    void (*interrupt)(struct cpu_thread *t);

    void (*get_context)(struct cpu_thread *t, struct cpu_context *ctx);
    void (*set_context)(struct cpu_thread *t, const struct cpu_context *ctx);
    /* Fast paths for the dispatcher. */
    uint32_t (*get_reg)(struct cpu_thread *t, int reg);
    void (*set_reg)(struct cpu_thread *t, int reg, uint32_t v);
    void (*set_st0)(struct cpu_thread *t, double v);
    /* The floating-point state (optional: NULL leaves CONTEXT's float
     * areas zero and does not restore them on continue). */
    void (*get_fpu)(struct cpu_thread *t, uint8_t fx[CPU_FXSAVE_SIZE]);
    void (*set_fpu)(struct cpu_thread *t, const uint8_t fx[CPU_FXSAVE_SIZE]);
    /* What cpuid, fxsave and xgetbv answer in guest code (after init). */
    void (*identify)(struct cpu_ident *id);

    /* Builtin DLL stubs: fill `CPU_STUB_SIZE` bytes for stub `index`, to be
     * placed at guest address `at`, and tell the backend where a run of
     * stubs lives. A stub must work when its first instructions are copied
     * elsewhere and run there, followed by a jump back past them, as
     * packers do with an API's first instructions ("stolen bytes"). */
    /* pop_bytes: the stdcall arguments the export pops (0 for cdecl), or
     * CPU_STUB_NO_RETURN for stubs whose handler always redirects the
     * thread (a backend may let the stub itself return to the caller). */
    void (*write_stub)(uint8_t *buf, gaddr at, uint32_t index, uint16_t pop_bytes);
    void (*add_stub_range)(gaddr base, uint32_t count, uint32_t first_index);
    /* Leaves a thunk: the caller continues at eip with esp (return address
     * and arguments popped). A backend whose stub returns by itself skips
     * the register writes when the handler did not move the thread. */
    void (*return_from_thunk)(struct cpu_thread *t, gaddr esp, gaddr eip);
    /* The address nested calls return to (a stub reserved by core). */
    void (*set_return_trap)(gaddr addr);

    /* Host code changed guest memory that may hold translated code. */
    void (*invalidate_code)(gaddr addr, uint32_t size);
};

enum cpu_reg { REG_EAX, REG_ECX, REG_EDX, REG_EBX, REG_ESP, REG_EBP, REG_ESI, REG_EDI, REG_EIP, REG_EFLAGS };

#endif
