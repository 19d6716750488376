/* seh_catch.h - shared by the samples that install SEH frames by hand at
 * fs:[0]: the chain head, and a frame whose handler records a fault (code,
 * read/write flag, address, where) and goes on at the frame's
 * __builtin_setjmp continuation after unwinding the frames above it. */
#include <windows.h>

static inline void *seh_chain_head(void)
{
    void *p;
    __asm__ volatile("movl %%fs:0, %0" : "=r"(p));
    return p;
}

static inline void seh_set_chain_head(void *p) { __asm__ volatile("movl %0, %%fs:0" : : "r"(p) : "memory"); }

struct fault_frame {
    struct fault_frame *next; /* EXCEPTION_REGISTRATION_RECORD */
    void *handler;
    void *jb[5];              /* __builtin_setjmp buffer: the continuation */
    DWORD code, write, addr;
    void *at;
};

static inline EXCEPTION_DISPOSITION __cdecl fault_frame_handler(EXCEPTION_RECORD *rec, void *est, CONTEXT *ctx,
                                                                 void *dc)
{
    struct fault_frame *f = est;
    (void)ctx;
    (void)dc;
    if (rec->ExceptionFlags & EXCEPTION_UNWINDING)
        return ExceptionContinueSearch;
    f->code = rec->ExceptionCode;
    f->write = rec->NumberParameters >= 2 ? (DWORD)rec->ExceptionInformation[0] : 99;
    f->addr = rec->NumberParameters >= 2 ? (DWORD)rec->ExceptionInformation[1] : 0;
    f->at = rec->ExceptionAddress;
    RtlUnwind(f, NULL, rec, 0);
    __builtin_longjmp(f->jb, 1);
}
