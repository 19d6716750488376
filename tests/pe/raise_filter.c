/* raise_filter.c - proves that an exception no handler takes reaches the
 * filter set with SetUnhandledExceptionFilter, with its record (code,
 * flags, parameters) and a full context; the filter returning
 * EXCEPTION_EXECUTE_HANDLER ends the process quietly with the exception
 * code as exit code, and output written before survives. */
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

int main(void)
{
    static const ULONG_PTR args[4] = { 0x11, 0x22, 0x33, 0xDEADBEEF };
    LPTOP_LEVEL_EXCEPTION_FILTER old = SetUnhandledExceptionFilter(filter);
    printf("previous filter set by the CRT: %d\n", old != NULL);
    printf("raising 0xE0424242 with 4 parameters\n");
    fflush(stdout);
    RaiseException(0xE0424242, 0, 4, args);
    printf("not reached\n");
    return 0;
}
