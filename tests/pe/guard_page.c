/* guard_page.c - proves guard pages are one-shot: the first access to a
 * PAGE_GUARD page raises STATUS_GUARD_PAGE_VIOLATION ({0 read / 1 write,
 * address}) with the guard already gone, so the handler just continues and
 * the access is retried; later accesses, and the other pages, see no
 * exception. */
#include <stdio.h>
#include <windows.h>

static int seen;

static LONG CALLBACK handler(PEXCEPTION_POINTERS ep)
{
    PEXCEPTION_RECORD er = ep->ExceptionRecord;
    MEMORY_BASIC_INFORMATION mbi;
    seen++;
    VirtualQuery((void *)er->ExceptionInformation[1], &mbi, sizeof mbi);
    printf("  0x%08lx, params %lu [%lu +0x%lx], guard still set %d\n", er->ExceptionCode,
           er->NumberParameters, (unsigned long)er->ExceptionInformation[0],
           (unsigned long)(er->ExceptionInformation[1] & 0xFFF), (mbi.Protect & PAGE_GUARD) != 0);
    return EXCEPTION_CONTINUE_EXECUTION;
}

int main(void)
{
    volatile char *p = VirtualAlloc(NULL, 0x2000, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    DWORD old;
    AddVectoredExceptionHandler(1, handler);
    VirtualProtect((void *)p, 0x1000, PAGE_READWRITE | PAGE_GUARD, &old);
    printf("read of the guard page:\n");
    printf("  value %d, exceptions %d\n", p[0x10], seen);
    printf("read again:\n");
    printf("  value %d, exceptions %d\n", p[0x10], seen);
    VirtualProtect((void *)p, 0x1000, PAGE_READWRITE | PAGE_GUARD, &old);
    printf("write to the guard page:\n");
    p[0x20] = 7;
    printf("  stored %d, exceptions %d\n", p[0x20], seen);
    p[0x1000] = 1;
    printf("the next page: exceptions %d\n", seen);
    return 0;
}
