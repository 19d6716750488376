/* stack_overflow.c - unbounded recursion runs into the end of the stack
 * reservation: a vectored handler sees STATUS_STACK_OVERFLOW (with the
 * faulting address) and ends the process with a code of its own. */
#include <windows.h>

static char msg[] = "vectored handler: stack overflow\r\n";

static LONG WINAPI on_exception(EXCEPTION_POINTERS *ep)
{
    if (ep->ExceptionRecord->ExceptionCode != EXCEPTION_STACK_OVERFLOW)
        return EXCEPTION_CONTINUE_SEARCH;
    DWORD n;
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), msg, sizeof msg - 1, &n, NULL);
    ExitProcess(0x55);
    return EXCEPTION_CONTINUE_SEARCH;
}

static unsigned deeper(unsigned n)
{
    volatile char pad[512];
    pad[n % 512] = (char)n;
    return deeper(n + 1) + pad[0];
}

int main(void)
{
    AddVectoredExceptionHandler(1, on_exception);
    return (int)deeper(0);
}
