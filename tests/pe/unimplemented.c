/* unimplemented.c - proves the behaviour for a real kernel32 export that the
 * emulator does not implement: GetProcAddress still returns a stub, calling
 * it logs "unimplemented kernel32!NAME" to stderr, returns 0 and sets
 * ERROR_CALL_NOT_IMPLEMENTED (120); the program continues normally.
 * (Emulator-specific expectation: on real Windows this function succeeds.) */
#include <stdio.h>
#include <windows.h>

typedef BOOL (WINAPI *numa_fn)(PULONG highest);

int main(void)
{
    HMODULE k32 = GetModuleHandleA("kernel32.dll");
    numa_fn fn = (numa_fn)GetProcAddress(k32, "GetNumaHighestNodeNumber");
    ULONG highest = 0xABCD;
    BOOL r;

    printf("GetProcAddress(GetNumaHighestNodeNumber) non-null: %d\n", fn != NULL);
    if (!fn)
        return 1;
    SetLastError(0);
    r = fn(&highest);
    printf("returned %d, GetLastError=%lu\n", (int)r, GetLastError());
    printf("still running after the call\n");
    return 0;
}
