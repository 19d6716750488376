/* raise_filter.c - proves that an exception no handler takes (a frame on
 * the fs:[0] chain passes it on) reaches the filter set with
 * SetUnhandledExceptionFilter, with its record (code, flags, parameters)
 * and a full context; the filter returning EXCEPTION_EXECUTE_HANDLER
 * unwinds the frames (EXCEPTION_UNWINDING) and ends the process quietly
 * with the exception code as exit code; output written before survives. */
#include <stdio.h>
#include <windows.h>

static LONG WINAPI filter(EXCEPTION_POINTERS *ep)
{
    EXCEPTION_RECORD *r = ep->ExceptionRecord;
    DWORD i;
    printf("filter: code 0x%08lx flags %lu params %lu:", r->ExceptionCode, r->ExceptionFlags,
           r->NumberParameters);
    for (i = 0; i < r->NumberParameters; i++)
        printf(" 0x%lx", (unsigned long)r->ExceptionInformation[i]);
    printf("\n");
    printf("filter: has an address: %d, full context: %d\n", r->ExceptionAddress != NULL,
           (ep->ContextRecord->ContextFlags & CONTEXT_FULL) == CONTEXT_FULL);
    fflush(stdout);
    return EXCEPTION_EXECUTE_HANDLER;
}

/* a frame on the chain: passes the exception on, then is unwound before
 * the process ends */
static EXCEPTION_DISPOSITION __cdecl frame_handler(EXCEPTION_RECORD *rec, void *est, CONTEXT *ctx, void *dc)
{
    (void)est;
    (void)ctx;
    (void)dc;
    if (rec->ExceptionFlags & EXCEPTION_UNWINDING)
        printf("frame: unwinding, flags %lu\n", rec->ExceptionFlags);
    else
        printf("frame: passes 0x%08lx on\n", rec->ExceptionCode);
    fflush(stdout);
    return ExceptionContinueSearch;
}

int main(void)
{
    static const ULONG_PTR args[4] = { 0x11, 0x22, 0x33, 0xDEADBEEF };
    struct { void *next, *handler; } frame = { NULL, (void *)frame_handler };
    LPTOP_LEVEL_EXCEPTION_FILTER old = SetUnhandledExceptionFilter(filter);
    __asm__ volatile("movl %%fs:0, %0" : "=r"(frame.next));
    __asm__ volatile("movl %0, %%fs:0" : : "r"(&frame) : "memory");
    printf("previous filter set by the CRT: %d\n", old != NULL);
    printf("raising 0xE0424242 with 4 parameters\n");
    fflush(stdout);
    RaiseException(0xE0424242, 0, 4, args);
    printf("not reached\n");
    return 0;
}
