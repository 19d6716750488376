/* The native backend's mode switch: 64-bit host code enters 32-bit guest
 * code with a far return to selector 0x23, and guest code comes back through
 * a thunk stub's far jump to selector 0x33 (or a fault, via the signal
 * handler). While guest code runs, the GS base points at the thread's
 * struct native_state (cpu/native.h) and FS holds the guest's TEB selector. */
#include "cpu/native.h"

#if defined(__x86_64__) && defined(__linux__)

#define ARCH_SET_FS     0x1002
#define SYS_ARCH_PRCTL  158
#define HOST_BAD_FLAGS  0x40500 /* AC, DF, TF: never in host code */

    .intel_syntax noprefix

    .bss
    .globl native_use_fsgsbase
    .hidden native_use_fsgsbase
native_use_fsgsbase:
    .byte 0

    .text

/* int native_enter(struct native_state *s): run guest code from the state
 * until a thunk, the return trap or a fault asks to leave; returns NX_*.
 * The caller has pointed the GS base at s. Nested calls from thunk handlers
 * enter again; each level keeps the previous host stack on its frame. */
    .globl native_enter
    .hidden native_enter
    .type native_enter, @function
native_enter:
    push rbp
    push rbx
    push r12
    push r13
    push r14
    push r15
    push qword ptr [rdi + NS_HOST_RSP]
    mov [rdi + NS_HOST_RSP], rsp        /* 16-byte aligned */
    fnstcw [rdi + NS_HOST_FCW]
    stmxcsr [rdi + NS_HOST_MXCSR]

/* Back to guest code with the registers in the state block; rsp = host_rsp. */
native_resume:
    mov eax, gs:[NS_FLAGS]
    test eax, NSF_FX_FULL | NSF_ST0
    jnz .Lslow_fpu
    fldcw gs:[NS_FCW]                   /* loads are cheap; stmxcsr is not */
    ldmxcsr gs:[NS_MXCSR]
.Lfpu_done:
    /* compatibility mode needs flat DS/ES/SS; they stay loaded afterwards */
    mov eax, ds
    cmp eax, SEL_DATA
    jne .Lload_ds
    mov eax, es
    cmp eax, SEL_DATA
    jne .Lload_ds
    mov eax, ss
    cmp eax, SEL_DATA
    jne .Lload_ds
.Lds_done:
    /* The far-return frame lives below 4 GB: [rip][cs][eflags][esp][eip].
     * The 32-bit resume code pops eflags only when they must be restored
     * (set by core, or a control flag set); after a thunk the callee owns
     * the status flags anyway, and popfd is not free. */
    mov rsp, gs:[NS_FRAME]
    mov eax, gs:[NS_ESP]
    mov [rsp + 20], eax
    mov eax, gs:[NS_EIP]
    mov [rsp + 24], eax
    mov ecx, gs:[NS_TRAMP]
    mov eax, gs:[NS_EFLAGS]
    test dword ptr gs:[NS_FLAGS], NSF_EFLAGS
    jnz .Lwith_flags
    test eax, HOST_BAD_FLAGS
    jnz .Lwith_flags
    inc ecx                             /* skip the popfd */
    jmp .Lflags_done
.Lwith_flags:
    mov [rsp + 16], eax
    and dword ptr gs:[NS_FLAGS], ~NSF_EFLAGS
.Lflags_done:
    mov [rsp], ecx
    mov eax, gs:[NS_FS_SEL]

/* From here to native_fswin_end FS does not hold the host's TLS base: a
 * signal arriving in this window restores it before any C code runs. */
    .globl native_fswin_start
    .hidden native_fswin_start
native_fswin_start:
    mov fs, eax                         /* FS base = the TEB (from the LDT) */
    mov eax, gs:[NS_EAX]
    mov ecx, gs:[NS_ECX]
    mov edx, gs:[NS_EDX]
    mov ebx, gs:[NS_EBX]
    mov ebp, gs:[NS_EBP]
    mov esi, gs:[NS_ESI]
    mov edi, gs:[NS_EDI]
    .globl native_lret_insn
    .hidden native_lret_insn
native_lret_insn:
    retfq                               /* to 0x23:tramp, esp = frame + 16 (clang knows no lretq) */

.Lclean_flags:
    and eax, ~HOST_BAD_FLAGS
    push rax
    popfq
    jmp .Lflags_clean

/* Without FSGSBASE the kernel sets the host FS base (and a null selector). */
.Lfs_syscall:
    mov edi, ARCH_SET_FS
    mov rsi, gs:[NS_HOST_FS]
    mov eax, SYS_ARCH_PRCTL
    syscall
    jmp .Lhost_fs

/* A thunk stub ran `push index; jmp far 0x33:LOW_ENTRY64`, which jumps here:
 * 64-bit mode, every guest register live, rsp = guest esp (upper half not
 * to be trusted), FS = the guest's. */
    .globl native_thunk64
    .hidden native_thunk64
    .type native_thunk64, @function
native_thunk64:
    mov gs:[NS_EAX], eax
    mov gs:[NS_ECX], ecx
    mov gs:[NS_EDX], edx
    mov gs:[NS_EBX], ebx
    mov gs:[NS_EBP], ebp
    mov gs:[NS_ESI], esi
    mov gs:[NS_EDI], edi
    mov eax, esp                        /* zero-extends */
    mov ecx, [rax]
    mov gs:[NS_INDEX], ecx
    add eax, 4
    mov gs:[NS_ESP], eax
    mov rsp, gs:[NS_HOST_RSP]
    pushfq
    pop rax
    mov gs:[NS_EFLAGS], eax
    test eax, HOST_BAD_FLAGS
    jnz .Lclean_flags
.Lflags_clean:
    cmp byte ptr [rip + native_use_fsgsbase], 0
    je .Lfs_syscall
    mov rax, gs:[NS_HOST_FS]
    wrfsbase rax
    .globl native_fswin_end
    .hidden native_fswin_end
native_fswin_end:
.Lhost_fs:
    fnstcw gs:[NS_FCW]
    /* fldcw raises a pending unmasked x87 exception of the guest: the
     * signal handler knows this address and makes it the guest's fault */
    .globl native_host_fldcw
    .hidden native_host_fldcw
native_host_fldcw:
    fldcw gs:[NS_HOST_FCW]
    stmxcsr gs:[NS_MXCSR]
    ldmxcsr gs:[NS_HOST_MXCSR]
    mov rdi, gs:[NS_SELF]
    mov esi, gs:[NS_INDEX]
    call native_thunk@PLT
    test eax, eax
    jz native_resume

/* Leave native_enter with eax = NX_*; rsp = host_rsp. */
native_leave:
    pop qword ptr gs:[NS_HOST_RSP]
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbx
    pop rbp
    ret

/* The signal handler sends a faulting guest here (host stack, host FS and a
 * clean host FPU already in place); the exception waits in the thread. */
    .globl native_fault_landing
    .hidden native_fault_landing
native_fault_landing:
    mov eax, gs:[NS_EXIT]
    jmp native_leave

.Lslow_fpu:
    test eax, NSF_FX_FULL
    jz 1f
    fxrstor64 gs:[NS_FX]                /* the whole x87/SSE state of a fault */
    and dword ptr gs:[NS_FLAGS], ~NSF_FX_FULL
    jmp 2f
1:  fldcw gs:[NS_FCW]
    ldmxcsr gs:[NS_MXCSR]
2:  test dword ptr gs:[NS_FLAGS], NSF_ST0
    jz .Lfpu_done
    fld qword ptr gs:[NS_ST0]           /* a handler's floating return value */
    and dword ptr gs:[NS_FLAGS], ~NSF_ST0
    jmp .Lfpu_done

.Lload_ds:
    mov eax, SEL_DATA
    mov ds, eax
    mov es, eax
    mov ss, eax
    jmp .Lds_done

/* The handler for fault signals (sigaction with SA_SIGINFO | SA_ONSTACK):
 * rdi = signal, rsi = siginfo, rdx = ucontext. When the CPU was in guest
 * code, or in the switch code above while FS held the TEB, FS is restored
 * first: the C handler needs glibc's TLS. */
    .globl native_sigentry
    .hidden native_sigentry
    .type native_sigentry, @function
native_sigentry:
    movzx eax, word ptr [rdx + UC_CSGSFS]
    cmp eax, SEL_CODE32
    je 1f
    mov rax, [rdx + UC_RIP]
    lea rcx, [rip + native_fswin_start]
    cmp rax, rcx
    jb 3f
    lea rcx, [rip + native_fswin_end]
    cmp rax, rcx
    jae 3f
1:  cmp byte ptr [rip + native_use_fsgsbase], 0
    je 2f
    mov rax, gs:[NS_HOST_FS]
    wrfsbase rax
    jmp 3f
2:  push rdi
    push rsi
    push rdx
    mov edi, ARCH_SET_FS
    mov rsi, gs:[NS_HOST_FS]
    mov eax, SYS_ARCH_PRCTL
    syscall
    pop rdx
    pop rsi
    pop rdi
3:  jmp native_signal@PLT

/* The interrupt signal (interrupt() from another thread). Only guest code
 * is interrupted: it leaves through the landing with its registers saved.
 * Anywhere else (host code, or the switch code with FS half-way) the
 * signal is dropped untouched; the sender asks again while it waits. */
    .globl native_kick_entry
    .hidden native_kick_entry
    .type native_kick_entry, @function
native_kick_entry:
    movzx eax, word ptr [rdx + UC_CSGSFS]
    cmp eax, SEL_CODE32
    jne 9f
    cmp byte ptr [rip + native_use_fsgsbase], 0
    je 2f
    mov rax, gs:[NS_HOST_FS]
    wrfsbase rax
    jmp native_kick@PLT
2:  push rdi
    push rsi
    push rdx
    mov edi, ARCH_SET_FS
    mov rsi, gs:[NS_HOST_FS]
    mov eax, SYS_ARCH_PRCTL
    syscall
    pop rdx
    pop rsi
    pop rdi
    jmp native_kick@PLT
9:  ret

#endif

    .section .note.GNU-stack,"",@progbits
