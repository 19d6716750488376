/* veh_order.c - proves the dispatch order: vectored handlers (those added
 * with First=1 ahead of the others) before the frame-based handlers at
 * fs:[0]; vectored continue handlers after a handler chose to continue;
 * Remove* finds a handle once. */
#include <stdio.h>
#include <windows.h>

static LONG CALLBACK veh_first(PEXCEPTION_POINTERS ep)
{
    printf("  vectored (first): 0x%08lx\n", ep->ExceptionRecord->ExceptionCode);
    return EXCEPTION_CONTINUE_SEARCH;
}

static LONG CALLBACK veh_last(PEXCEPTION_POINTERS ep)
{
    printf("  vectored (last): 0x%08lx\n", ep->ExceptionRecord->ExceptionCode);
    if (ep->ExceptionRecord->ExceptionCode == 0xE0000010)
        return EXCEPTION_CONTINUE_EXECUTION;
    return EXCEPTION_CONTINUE_SEARCH;
}

static LONG CALLBACK vch(PEXCEPTION_POINTERS ep)
{
    printf("  continue handler: 0x%08lx\n", ep->ExceptionRecord->ExceptionCode);
    return EXCEPTION_CONTINUE_SEARCH;
}

struct frame {
    struct frame *next;
    void *handler;
};

static EXCEPTION_DISPOSITION __cdecl frame_handler(EXCEPTION_RECORD *rec, void *est, CONTEXT *ctx, void *dc)
{
    (void)est;
    (void)ctx;
    (void)dc;
    printf("  frame handler: 0x%08lx\n", rec->ExceptionCode);
    return ExceptionContinueExecution;
}

int main(void)
{
    struct frame f;
    PVOID h1, h2, c1;

    h1 = AddVectoredExceptionHandler(0, veh_last);
    h2 = AddVectoredExceptionHandler(1, veh_first);
    c1 = AddVectoredContinueHandler(0, vch);
    printf("handles: %d %d %d\n", h1 != NULL, h2 != NULL, c1 != NULL);

    __asm__ volatile("movl %%fs:0, %0" : "=r"(f.next));
    f.handler = (void *)frame_handler;
    __asm__ volatile("movl %0, %%fs:0" : : "r"(&f) : "memory");

    printf("RaiseException(0xE0000010): a vectored handler continues\n");
    RaiseException(0xE0000010, 0, 0, NULL);
    printf("RaiseException(0xE0000011): the frame handler continues\n");
    RaiseException(0xE0000011, 0, 0, NULL);

    __asm__ volatile("movl %0, %%fs:0" : : "r"(f.next) : "memory");

    printf("remove first: %d\n", RemoveVectoredExceptionHandler(h2) != 0);
    printf("remove it again: %d\n", RemoveVectoredExceptionHandler(h2) != 0);
    printf("remove continue handler: %d\n", RemoveVectoredContinueHandler(c1) != 0);
    RaiseException(0xE0000010, 0, 0, NULL);
    printf("done\n");
    return RemoveVectoredExceptionHandler(h1) ? 0 : 1;
}
