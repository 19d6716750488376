/* seh_frame.c - proves frame-based SEH with registration records installed
 * by hand at fs:[0]: a handler that fixes the CONTEXT (Eip past the fault,
 * Eax) and continues; RaiseException parameters reaching a frame handler;
 * handling by unwinding (RtlUnwind calls the inner frames' handlers with
 * EXCEPTION_UNWINDING and unlinks them, then the handler jumps to its
 * continuation); continuing a noncontinuable exception (raises
 * STATUS_NONCONTINUABLE_EXCEPTION chained to the first); an exception
 * raised and handled inside a handler. */
#include <stdio.h>
#include <windows.h>

#include "seh_catch.h"

struct frame {
    struct frame *next;                /* EXCEPTION_REGISTRATION_RECORD */
    void *handler;
    int id;
    void *jb[5];                       /* __builtin_setjmp buffer: the continuation */
};

static void push_frame(struct frame *f, void *handler, int id)
{
    f->handler = handler;
    f->id = id;
    f->next = seh_chain_head();
    seh_set_chain_head(f);
}

static int read_null(void)
{
    int r;
    __asm__ volatile("xorl %%ecx, %%ecx\n\t"
                     "movl $1, %%eax\n\t"
                     ".byte 0x8B, 0x01\n\t"     /* mov eax, [ecx] */
                     : "=a"(r) : : "ecx", "memory");
    return r;
}

/* 1. fix the context and continue */
static EXCEPTION_DISPOSITION __cdecl fix_handler(EXCEPTION_RECORD *rec, void *est, CONTEXT *ctx, void *dc)
{
    struct frame *f = est;
    (void)dc;
    printf("  frame %d handler: code 0x%08lx flags %lu params %lu [%lu 0x%lx] at mov: %d\n", f->id,
           rec->ExceptionCode, rec->ExceptionFlags, rec->NumberParameters,
           (unsigned long)rec->ExceptionInformation[0], (unsigned long)rec->ExceptionInformation[1],
           *(unsigned char *)ctx->Eip == 0x8B && (DWORD)rec->ExceptionAddress == ctx->Eip);
    ctx->Eip += 2;
    ctx->Eax = 42;
    return ExceptionContinueExecution;
}

static void test_continue(void)
{
    struct frame f;
    push_frame(&f, fix_handler, 1);
    printf("read from NULL under a frame that continues:\n");
    printf("  result %d\n", read_null());
    seh_set_chain_head(f.next);
}

/* 2. RaiseException parameters through a frame */
static EXCEPTION_DISPOSITION __cdecl raise_handler(EXCEPTION_RECORD *rec, void *est, CONTEXT *ctx, void *dc)
{
    DWORD i;
    (void)est;
    (void)ctx;
    (void)dc;
    printf("  handler: code 0x%08lx flags %lu params", rec->ExceptionCode, rec->ExceptionFlags);
    for (i = 0; i < rec->NumberParameters; i++)
        printf(" %lu", (unsigned long)rec->ExceptionInformation[i]);
    printf("\n");
    return ExceptionContinueExecution;
}

static void test_raise(void)
{
    ULONG_PTR args[3] = { 10, 20, 30 };
    struct frame f;
    push_frame(&f, raise_handler, 1);
    printf("RaiseException(0xE0000001, 3 params) under a frame:\n");
    RaiseException(0xE0000001, 0, 3, args);
    printf("  continued after RaiseException\n");
    seh_set_chain_head(f.next);
}

/* 3. handle by unwinding */
static EXCEPTION_DISPOSITION __cdecl unwind_handler(EXCEPTION_RECORD *rec, void *est, CONTEXT *ctx, void *dc)
{
    struct frame *f = est;
    (void)ctx;
    (void)dc;
    if (rec->ExceptionFlags & EXCEPTION_UNWINDING) {
        printf("  frame %d: unwinding, code 0x%08lx flags %lu\n", f->id, rec->ExceptionCode,
               rec->ExceptionFlags);
        return ExceptionContinueSearch;
    }
    if (f->id != 1) {
        printf("  frame %d: sees 0x%08lx, passes it on\n", f->id, rec->ExceptionCode);
        return ExceptionContinueSearch;
    }
    printf("  frame %d: handles 0x%08lx (record 0x%08lx), unwinds\n", f->id, rec->ExceptionCode,
           rec->ExceptionRecord ? ((EXCEPTION_RECORD *)rec->ExceptionRecord)->ExceptionCode : 0);
    RtlUnwind(f, NULL, rec, 0);
    printf("  after RtlUnwind: fs:[0] is frame %d, flags %lu\n", ((struct frame *)seh_chain_head())->id, rec->ExceptionFlags);
    __builtin_longjmp(f->jb, 1);
}

/* continues the noncontinuable exception, passes anything else on */
static EXCEPTION_DISPOSITION __cdecl cont_handler(EXCEPTION_RECORD *rec, void *est, CONTEXT *ctx, void *dc)
{
    struct frame *f = est;
    (void)ctx;
    (void)dc;
    if (rec->ExceptionFlags & EXCEPTION_UNWINDING) {
        printf("  frame %d: unwinding, code 0x%08lx flags %lu\n", f->id, rec->ExceptionCode,
               rec->ExceptionFlags);
        return ExceptionContinueSearch;
    }
    if (rec->ExceptionCode == 0xE0000002) {
        printf("  frame %d: continues 0x%08lx (flags %lu)\n", f->id, rec->ExceptionCode, rec->ExceptionFlags);
        return ExceptionContinueExecution;
    }
    printf("  frame %d: sees 0x%08lx flags %lu, passes it on\n", f->id, rec->ExceptionCode,
           rec->ExceptionFlags);
    return ExceptionContinueSearch;
}

static int __attribute__((noinline)) inner(int id, int how)
{
    struct frame f;
    int r;
    push_frame(&f, how == 0 ? (void *)unwind_handler : (void *)cont_handler, id);
    if (how == 0)
        r = read_null();
    else
        RaiseException(0xE0000002, EXCEPTION_NONCONTINUABLE, 0, NULL);
    r = 0;
    seh_set_chain_head(f.next);
    printf("  not reached\n");
    return r;
}

static int __attribute__((noinline)) guarded(int how)
{
    struct frame f;
    push_frame(&f, unwind_handler, 1);
    if (__builtin_setjmp(f.jb)) {
        printf("  continued at frame 1's continuation\n");
        seh_set_chain_head(f.next);
        return -1;
    }
    int r = inner(2, how);
    seh_set_chain_head(f.next);
    return r;
}

/* 4. an exception raised and handled while a handler runs */
static EXCEPTION_DISPOSITION __cdecl outer_handler(EXCEPTION_RECORD *rec, void *est, CONTEXT *ctx, void *dc)
{
    struct frame inside;
    (void)est;
    (void)dc;
    printf("  outer handler: 0x%08lx, faulting inside itself\n", rec->ExceptionCode);
    push_frame(&inside, fix_handler, 3);
    printf("  inner fault result %d\n", read_null());
    seh_set_chain_head(inside.next);
    ctx->Eip += 2;
    ctx->Eax = 7;
    return ExceptionContinueExecution;
}

static void test_nested(void)
{
    struct frame f;
    push_frame(&f, outer_handler, 1);
    printf("fault inside a handler:\n");
    printf("  result %d\n", read_null());
    seh_set_chain_head(f.next);
}

int main(void)
{
    struct frame *before = seh_chain_head();
    test_continue();
    test_raise();
    printf("read from NULL two frames deep, frame 1 unwinds:\n");
    printf("  guarded returned %d\n", guarded(0));
    printf("continuing a noncontinuable exception:\n");
    printf("  guarded returned %d\n", guarded(1));
    test_nested();
    printf("chain restored: %d\n", seh_chain_head() == before);
    return 0;
}
