/* ntdll_delay.c - proves kernel32's ResolveDelayLoadedAPI (what delay-load
 * helpers call on a program's first call through a delay-loaded import) on
 * a hand-made IMAGE_DELAYLOAD_DESCRIPTOR: it loads the named DLL once,
 * stores its handle, resolves a by-name and a by-ordinal slot into the IAT
 * and returns the address; a missing function goes to the failure hook.
 * Also ntdll's own _vsnprintf/_snprintf/sprintf (msvcrt's formats, -1 and
 * no NUL when the output does not fit). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct {
    DWORD Attributes, DllNameRVA, ModuleHandleRVA, ImportAddressTableRVA, ImportNameTableRVA,
        BoundImportAddressTableRVA, UnloadInformationTableRVA, TimeDateStamp;
} delay_descriptor;

typedef void *(WINAPI *resolve_fn)(void *base, const delay_descriptor *d, void *dll_hook, void *sys_hook,
                                   void **thunk, ULONG flags);
typedef int(__cdecl *vsnprintf_fn)(char *, size_t, const char *, va_list);
typedef int(__cdecl *snprintf_fn)(char *, size_t, const char *, ...);

static char dll_name[] = "ws2_32.dll";
static struct { WORD hint; char name[16]; } by_name = { 0, "WSAGetLastError" }, missing = { 0, "NoSuchFunction" };
static HMODULE handle_slot;
static DWORD names[4];
static void *iat[4];
static delay_descriptor desc;
static int hook_calls;

static void *WINAPI failure_hook(const char *dll, const char *proc)
{
    hook_calls++;
    printf("failure hook: %s!%s\n", dll, proc);
    return NULL;
}

static int call_vsnprintf(vsnprintf_fn f, char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = f(buf, n, fmt, ap);
    va_end(ap);
    return r;
}

int main(void)
{
    char *base = (char *)GetModuleHandleA(NULL);
    resolve_fn resolve = (resolve_fn)GetProcAddress(GetModuleHandleA("kernel32.dll"), "ResolveDelayLoadedAPI");
    desc = (delay_descriptor){ 1, (DWORD)(dll_name - base), (DWORD)((char *)&handle_slot - base),
                               (DWORD)((char *)iat - base), (DWORD)((char *)names - base), 0, 0, 0 };
    names[0] = (DWORD)((char *)&by_name - base);
    names[1] = IMAGE_ORDINAL_FLAG32 | 111; /* WSAGetLastError's documented ordinal */
    names[2] = (DWORD)((char *)&missing - base);
    void *a = resolve(base, &desc, NULL, failure_hook, &iat[0], 0);
    HMODULE ws = GetModuleHandleA("ws2_32.dll");
    void *want = (void *)GetProcAddress(ws, "WSAGetLastError");
    printf("by name: %s, IAT slot %s, handle slot %s\n", a && a == want ? "resolved" : "WRONG",
           iat[0] == a ? "written" : "WRONG", handle_slot == ws ? "written" : "WRONG");
    void *b = resolve(base, &desc, NULL, failure_hook, &iat[1], 0);
    printf("by ordinal: %s\n", b == want && iat[1] == want ? "resolved" : "WRONG");
    void *c = resolve(base, &desc, NULL, failure_hook, &iat[2], 0);
    printf("missing: %s, hook calls %d\n", c == NULL ? "NULL" : "WRONG", hook_calls);

    HMODULE nt = GetModuleHandleA("ntdll.dll");
    vsnprintf_fn nt_vsnprintf = (vsnprintf_fn)GetProcAddress(nt, "_vsnprintf");
    snprintf_fn nt_snprintf = (snprintf_fn)GetProcAddress(nt, "_snprintf");
    int(__cdecl *nt_sprintf)(char *, const char *, ...) = (void *)GetProcAddress(nt, "sprintf");
    char buf[32];
    memset(buf, '#', sizeof buf);
    int n = call_vsnprintf(nt_vsnprintf, buf, sizeof buf, "%04x:%s:%d", 0x2a, "fixme", -7);
    printf("ntdll _vsnprintf: %d \"%s\"\n", n, buf);
    memset(buf, '#', sizeof buf);
    n = nt_snprintf(buf, 5, "%s", "truncated");
    printf("ntdll _snprintf cut: %d \"%.5s\" next byte %s\n", n, buf, buf[5] == '#' ? "untouched" : "WRONG");
    n = nt_sprintf(buf, "%e", 1.5);
    printf("ntdll sprintf: %d \"%s\"\n", n, buf);
    return 0;
}
