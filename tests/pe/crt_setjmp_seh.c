/* crt_setjmp_seh.c - msvcrt's _setjmp3 and longjmp (guest code in wowbox)
 * with the SEH chain: longjmp out of code that registered a frame after
 * setjmp puts fs:[0] back to the frame current at setjmp (the frame's
 * handler is only offered the unwind); _setjmp3 records the frame, the
 * "VC20" cookie, its unwind function, try level and data as given. */
#include <setjmp.h>
#include <stdio.h>
#include <windows.h>

#include "seh_catch.h"

typedef struct {
    unsigned long Ebp, Ebx, Edi, Esi, Esp, Eip, Registration, TryLevel, Cookie, UnwindFunc, UnwindData[6];
} JUMP_BUFFER;

typedef int(__cdecl *setjmp3_fn)(JUMP_BUFFER *, int, ...);

struct frame {
    struct frame *next;
    void *handler;
};

static int asked;

static EXCEPTION_DISPOSITION __cdecl frame_handler(EXCEPTION_RECORD *rec, void *f, CONTEXT *ctx, void *dc)
{
    (void)f;
    (void)ctx;
    (void)dc;
    if (!(rec->ExceptionFlags & EXCEPTION_UNWINDING))
        asked++;
    return ExceptionContinueSearch;
}

static jmp_buf env;

static void __attribute__((noinline)) jump_out_of_frame(void)
{
    struct frame f = { seh_chain_head(), (void *)frame_handler };
    seh_set_chain_head(&f);
    longjmp(env, 3);
}

int main(void)
{
    struct frame *volatile before = seh_chain_head();
    volatile int round = 0;
    int r = setjmp(env);
    printf("setjmp returned %d\n", r);
    if (round++ == 0)
        jump_out_of_frame();
    printf("SEH chain as at setjmp: %s, frame handler asked: %d\n", seh_chain_head() == before ? "yes" : "no",
           asked);

    setjmp3_fn setjmp3 = (setjmp3_fn)GetProcAddress(GetModuleHandleA("msvcrt.dll"), "_setjmp3");
    struct frame mine = { seh_chain_head(), (void *)frame_handler };
    seh_set_chain_head(&mine);
    JUMP_BUFFER jb;
    memset(&jb, 0xEE, sizeof jb);
    int first = setjmp3(&jb, 3, (void *)0x1234, 7, 0xAB);
    seh_set_chain_head(mine.next);
    printf("_setjmp3 returned %d: cookie %s, frame %s, unwind function %#lx, try level %ld, data %#lx\n",
           first, jb.Cookie == 0x56433230 ? "VC20" : "?", jb.Registration == (unsigned long)&mine ? "mine" : "?",
           jb.UnwindFunc, (long)jb.TryLevel, jb.UnwindData[0]);
    memset(&jb, 0xEE, sizeof jb);
    setjmp3(&jb, 0);
    printf("_setjmp3 with no data: unwind function %#lx\n", jb.UnwindFunc);
    return 0;
}
