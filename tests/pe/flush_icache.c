/* flush_icache.c - kernel32!FlushInstructionCache: handle checks, and code
 * written into an executable buffer, run, patched, flushed and run again. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef int (*fn_t)(void);

int main(void)
{
    HANDLE self = GetCurrentProcess();
    printf("whole=%d\n", FlushInstructionCache(self, NULL, 0));
    SetLastError(0);
    BOOL r = FlushInstructionCache((HANDLE)0x1234, NULL, 0);
    printf("bad=%d err=%lu\n", r, GetLastError());
    SetLastError(0);
    r = FlushInstructionCache(NULL, NULL, 16);
    printf("null=%d err=%lu\n", r, GetLastError());

    unsigned char *code = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_EXECUTE_READWRITE);
    if (!code)
        return printf("VirtualAlloc failed\n"), 1;
    static const unsigned char ret7[] = { 0xB8, 7, 0, 0, 0, 0xC3 }; /* mov eax, 7; ret */
    memcpy(code, ret7, sizeof ret7);
    printf("range=%d\n", FlushInstructionCache(self, code, sizeof ret7));
    printf("first=%d\n", ((fn_t)code)());
    code[1] = 42; /* mov eax, 42 */
    printf("patched range=%d\n", FlushInstructionCache(self, code, sizeof ret7));
    printf("second=%d\n", ((fn_t)code)());
    return 0;
}
