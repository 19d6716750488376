/* seh_handler_chain.c - proves what a frame handler finds at fs:[0] while it
 * runs: the dispatcher's own registration record (Windows' ExecuteHandler
 * links one), whose Next is the frame being served. Packers rely on it: the
 * Petite trick below abandons the dispatch from inside the handler by taking
 * its stack back from fs:[0]->Next, without the CONTEXT. Also: an exception
 * raised inside a handler reaches the outer frame with EXCEPTION_NESTED_CALL
 * through that record, and RtlUnwind from a handler unlinks it. */
#include <stdio.h>
#include <windows.h>

#include "seh_catch.h"

struct reg {
    struct reg *next;
    void *handler;
};

/* 1. the chain as a handler sees it */
static struct reg *seen_head, *seen_next;
static void *seen_handler;

static EXCEPTION_DISPOSITION __cdecl look_handler(EXCEPTION_RECORD *rec, void *est, CONTEXT *ctx, void *dc)
{
    struct reg *head = seh_chain_head();
    (void)rec;
    (void)dc;
    seen_head = head;
    seen_next = head->next;
    seen_handler = head->handler;
    ctx->Eip += 2; /* past mov eax, [ecx] */
    (void)est;
    return ExceptionContinueExecution;
}

static void test_head_in_handler(void)
{
    struct reg f = { seh_chain_head(), (void *)look_handler };
    seh_set_chain_head(&f);
    __asm__ volatile("xorl %%ecx, %%ecx\n\t.byte 0x8B, 0x01" : : : "eax", "ecx", "memory");
    seh_set_chain_head(f.next);
    printf("handler's fs:[0] is the frame itself: %d\n", seen_head == &f);
    printf("handler's fs:[0]->Next is the frame: %d\n", seen_next == &f);
    printf("that record's handler is the frame's: %d\n", seen_handler == (void *)look_handler);
    printf("after the dispatch fs:[0] is back: %d\n", seh_chain_head() == f.next);
}

/* 2. Petite's trick: the handler takes esp from fs:[0]->Next (its own
 * registration, pushed on the stack of petite_trick), pops it off the chain
 * and returns from petite_trick as if nothing had happened. */
int petite_trick(void);
__asm__(".text\n"
        ".globl _petite_trick\n"
        "_petite_trick:\n\t"
        "pushl %ebp\n\t"
        "movl %esp, %ebp\n\t"
        "pushl $petite_handler\n\t"
        "pushl %fs:0\n\t"
        "movl %esp, %fs:0\n\t"
        "xorl %eax, %eax\n\t"
        "movl %eax, (%eax)\n\t"    /* write to NULL */
        "movl $-1, %eax\n\t"       /* not reached */
        "jmp 1f\n"
        "petite_handler:\n\t"
        "movl %fs:0, %eax\n\t"
        "movl (%eax), %esp\n\t"    /* the frame petite_trick pushed */
        "popl %fs:0\n\t"
        "addl $4, %esp\n\t"
        "movl $1234, %eax\n"
        "1:\n\t"
        "popl %ebp\n\t"
        "ret\n");

/* 3. an exception raised inside a handler: the frames up to the one being
 * served see EXCEPTION_NESTED_CALL; the outermost one does not. */
static DWORD flags_outer = 99, flags_served = 99, flags_inner = 99;

static EXCEPTION_DISPOSITION __cdecl inner_handler(EXCEPTION_RECORD *rec, void *est, CONTEXT *ctx, void *dc)
{
    (void)est;
    (void)ctx;
    (void)dc;
    if (rec->ExceptionCode == 0xE0000002u) {
        flags_inner = rec->ExceptionFlags;
        return ExceptionContinueSearch;
    }
    return ExceptionContinueSearch;
}

static EXCEPTION_DISPOSITION __cdecl served_handler(EXCEPTION_RECORD *rec, void *est, CONTEXT *ctx, void *dc)
{
    (void)est;
    (void)ctx;
    (void)dc;
    if (rec->ExceptionCode == 0xE0000002u) {
        flags_served = rec->ExceptionFlags;
        return ExceptionContinueSearch;
    }
    if (rec->ExceptionCode == 0xE0000001u && !(rec->ExceptionFlags & EXCEPTION_UNWINDING)) {
        struct reg f = { seh_chain_head(), (void *)inner_handler };
        seh_set_chain_head(&f);
        RaiseException(0xE0000002u, 0, 0, NULL);
        seh_set_chain_head(f.next);
        return ExceptionContinueExecution;
    }
    return ExceptionContinueSearch;
}

static EXCEPTION_DISPOSITION __cdecl outer_handler(EXCEPTION_RECORD *rec, void *est, CONTEXT *ctx, void *dc)
{
    (void)est;
    (void)ctx;
    (void)dc;
    if (rec->ExceptionCode == 0xE0000002u) {
        flags_outer = rec->ExceptionFlags;
        return ExceptionContinueExecution;
    }
    return ExceptionContinueSearch;
}

static void test_nested(void)
{
    struct reg outer = { seh_chain_head(), (void *)outer_handler };
    seh_set_chain_head(&outer);
    struct reg served = { seh_chain_head(), (void *)served_handler };
    seh_set_chain_head(&served);
    RaiseException(0xE0000001u, 0, 0, NULL);
    seh_set_chain_head(outer.next);
    printf("nested: inner frame flags %lu, served frame flags %lu, outer frame flags %lu\n", flags_inner,
           flags_served, flags_outer);
}

/* 4. RtlUnwind from a handler unlinks the dispatcher's record with the
 * frames it unwinds (seh_catch.h's fault frame does exactly that). */
static void test_unwind_from_handler(void)
{
    struct fault_frame f = { seh_chain_head(), (void *)fault_frame_handler };
    void *before = f.next;
    seh_set_chain_head(&f);
    if (!__builtin_setjmp(f.jb)) {
        *(volatile int *)8 = 1;
    }
    printf("unwound from the handler: code 0x%08lx, fs:[0] is the frame again: %d\n", f.code,
           seh_chain_head() == &f);
    seh_set_chain_head(before);
}

int main(void)
{
    void *start = seh_chain_head();
    test_head_in_handler();
    printf("petite trick returns %d\n", petite_trick());
    printf("after it fs:[0] is back: %d\n", seh_chain_head() == start);
    test_nested();
    test_unwind_from_handler();
    printf("at the end fs:[0] is back: %d\n", seh_chain_head() == start);
    return 0;
}
