/* stolen_bytes.c - proves that an API still works when its first
 * instructions are copied elsewhere, run there, and followed by a jump back
 * past them ("stolen bytes": PESpin and other packers do this to every
 * import, so that a breakpoint on the API's first byte never fires). Whole
 * instructions are copied until at least N bytes are, for several N, as a
 * packer's length decoder would; the copy's result must equal the API's. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

/* Lengths of the position-independent instructions an API may start with
 * (Windows' own prologues and wowbox's stubs); 0: not stealable. */
static size_t insn_len(const unsigned char *p)
{
    if (p[0] == 0x8B && (p[1] == 0xFF || p[1] == 0xEC))
        return 2; /* mov edi, edi / mov ebp, esp */
    if ((p[0] >= 0x50 && p[0] <= 0x5F) || p[0] == 0x90 || p[0] == 0xC3 || p[0] == 0xCC)
        return 1; /* push/pop reg, nop, ret, int3 */
    if (p[0] == 0x68 || (p[0] >= 0xB8 && p[0] <= 0xBF))
        return 5; /* push imm32, mov reg, imm32 */
    if (p[0] == 0x6A)
        return 2;
    if (p[0] == 0xC2)
        return 3; /* ret imm16 */
    if (p[0] == 0xEA)
        return 7; /* jmp far ptr16:32 */
    if (p[0] == 0x0F && p[1] == 0x0B)
        return 2; /* ud2 */
    return 0;
}

/* A copy of fn's first instructions (at least `want` bytes), then
 * push fn+n; ret. NULL when fn starts with something this cannot move. */
static void *steal(void *fn, size_t want, unsigned char *buf)
{
    const unsigned char *p = fn;
    size_t n = 0;
    while (n < want) {
        size_t l = insn_len(p + n);
        if (!l)
            return NULL;
        n += l;
    }
    memcpy(buf, p, n);
    buf[n] = 0x68;
    DWORD back = (DWORD)p + n;
    memcpy(buf + n + 1, &back, 4);
    buf[n + 5] = 0xC3;
    FlushInstructionCache(GetCurrentProcess(), buf, n + 6);
    return buf;
}

typedef HMODULE(WINAPI *module_fn)(const char *);
typedef DWORD(WINAPI *cwd_fn)(DWORD, char *);
typedef char *(__cdecl *getenv_fn)(const char *);

int main(void)
{
    static const size_t wants[] = { 1, 5, 6, 8, 12 };
    unsigned char *code = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_EXECUTE_READWRITE);
    HMODULE k32 = GetModuleHandleA("kernel32.dll"), crt = GetModuleHandleA("msvcrt.dll");
    void *get_module = (void *)GetProcAddress(k32, "GetModuleHandleA");
    void *get_cwd = (void *)GetProcAddress(k32, "GetCurrentDirectoryA");
    void *get_env = (void *)GetProcAddress(crt, "getenv");
    char direct[MAX_PATH], copied[MAX_PATH];
    SetEnvironmentVariableA("STOLEN", "bytes");
    _putenv("STOLEN=bytes");
    for (size_t i = 0; i < sizeof wants / sizeof wants[0]; i++) {
        size_t w = wants[i];
        module_fn m = steal(get_module, w, code);
        printf("N=%-2u GetModuleHandleA(NULL) via the copy: %s\n", (unsigned)w,
               !m ? "cannot steal" : m(NULL) == GetModuleHandleA(NULL) ? "same" : "differs");
        cwd_fn c = steal(get_cwd, w, code + 256);
        DWORD n1 = GetCurrentDirectoryA(sizeof direct, direct), n2 = c ? c(sizeof copied, copied) : 0;
        printf("N=%-2u GetCurrentDirectoryA via the copy: %s\n", (unsigned)w,
               !c ? "cannot steal" : n1 == n2 && !strcmp(direct, copied) ? "same" : "differs");
        getenv_fn g = steal(get_env, w, code + 512);
        const char *v = g ? g("STOLEN") : NULL;
        printf("N=%-2u getenv(\"STOLEN\") via the copy (cdecl): %s\n", (unsigned)w,
               !g ? "cannot steal" : v && !strcmp(v, "bytes") ? "bytes" : "differs");
    }
    return 0;
}
