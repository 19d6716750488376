// build-flags: -lws2_32
/* unimplemented_types.c - proves that an unimplemented export fails the way
 * its return type says (wowbox's rule, docs/apis.md), never with a value a
 * caller could take for success: NTSTATUS -> STATUS_NOT_IMPLEMENTED, Reg* ->
 * ERROR_CALL_NOT_IMPLEMENTED, HRESULT -> E_NOTIMPL, BOOL -> FALSE, HANDLE ->
 * NULL or INVALID_HANDLE_VALUE as the API documents, pointers -> NULL,
 * counts -> 0, WaitFor*-style DWORDs -> all ones, 64-bit results -> 0 in
 * edx:eax, Winsock -> SOCKET_ERROR/INVALID_SOCKET with WSAEOPNOTSUPP, msvcrt
 * -> -1/NULL/NaN/ENOSYS with errno ENOSYS; the last error is set each time.
 * The exports are obscure ones nobody plans to implement; each is called
 * through GetProcAddress. (Emulator-specific: on Windows they work.) */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <winsock2.h>
#include <windows.h>

typedef LONG (WINAPI *nt_fn)(ULONG, PULONG);
typedef LONG (WINAPI *regapp_fn)(LPCSTR, PHKEY, REGSAM, DWORD, DWORD);
typedef HRESULT (WINAPI *wer_fn)(HANDLE, PDWORD);
typedef BOOL (WINAPI *numa_fn)(USHORT, void *);
typedef HANDLE (WINAPI *boundary_fn)(LPCWSTR, ULONG);
typedef HANDLE (WINAPI *create_tx_fn)(LPCWSTR, DWORD, DWORD, LPSECURITY_ATTRIBUTES, DWORD, DWORD,
                                      HANDLE, HANDLE, PUSHORT, PVOID);
typedef PVOID (WINAPI *xstate_fn)(void *, DWORD, PDWORD);
typedef DWORD (WINAPI *aliases_fn)(LPSTR);
typedef DWORD (WINAPI *csize_fn)(LPCWSTR, LPDWORD, HANDLE);
typedef unsigned long long (WINAPI *features_fn)(void);
typedef void (WINAPI *delete_fn)(HANDLE);
typedef int (WINAPI *provider_fn)(LPHANDLE, LPWSAOVERLAPPED, LPWSAOVERLAPPED_COMPLETION_ROUTINE);
typedef SOCKET (WINAPI *join_fn)(SOCKET, const struct sockaddr *, int, LPWSABUF, LPWSABUF, LPQOS,
                                 LPQOS, DWORD);
typedef double (__cdecl *yn_fn)(int, double);
typedef int (__cdecl *heapadd_fn)(void *, size_t);
typedef wchar_t *(__cdecl *cgetws_fn)(wchar_t *);
typedef int (__cdecl *mbsnbset_fn)(unsigned char *, size_t, unsigned int, size_t);
typedef long long (__cdecl *atoi64_fn)(const char *, void *);

static FARPROC get(HMODULE m, const char *name)
{
    FARPROC p = GetProcAddress(m, name);
    if (!p)
        printf("no export %s\n", name);
    return p;
}

/* One line per call: the value as the rule says it, and the last error. */
static void show(const char *name, unsigned long long value)
{
    printf("%-32s %#llx error %lu\n", name, value, GetLastError());
}

static void win32(void)
{
    HMODULE k32 = GetModuleHandleA("kernel32.dll");
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    HMODULE adv = LoadLibraryA("advapi32.dll");
    ULONG interval = 7;
    DWORD flags = 7, len = 7, high = 7;
    unsigned char group[16];

    SetLastError(0);
    show("NtQueryIntervalProfile", (ULONG)((nt_fn)get(ntdll, "NtQueryIntervalProfile"))(0, &interval));
    printf("interval untouched: %d\n", interval == 7);
    SetLastError(0);
    HKEY app;
    show("RegLoadAppKeyA", (ULONG)((regapp_fn)get(adv, "RegLoadAppKeyA"))("x.hiv", &app, KEY_READ, 0, 0));
    SetLastError(0);
    show("WerGetFlags", (ULONG)((wer_fn)get(k32, "WerGetFlags"))(GetCurrentProcess(), &flags));
    SetLastError(0);
    show("GetNumaNodeProcessorMaskEx", ((numa_fn)get(k32, "GetNumaNodeProcessorMaskEx"))(0, group));
    SetLastError(0);
    show("CreateBoundaryDescriptorW",
         (ULONG_PTR)((boundary_fn)get(k32, "CreateBoundaryDescriptorW"))(L"wowbox", 0));
    SetLastError(0);
    show("CreateFileTransactedW",
         (ULONG_PTR)((create_tx_fn)get(k32, "CreateFileTransactedW"))(L"C:\\x", GENERIC_READ, 0, NULL,
                                                                      OPEN_EXISTING, 0, NULL, NULL,
                                                                      NULL, NULL));
    SetLastError(0);
    show("LocateXStateFeature", (ULONG_PTR)((xstate_fn)get(k32, "LocateXStateFeature"))(NULL, 2, &len));
    SetLastError(0);
    show("GetConsoleAliasesLengthA", ((aliases_fn)get(k32, "GetConsoleAliasesLengthA"))("cmd.exe"));
    SetLastError(0);
    show("GetCompressedFileSizeTransactedW",
         ((csize_fn)get(k32, "GetCompressedFileSizeTransactedW"))(L"C:\\x", &high, NULL));
    SetLastError(0);
    /* edx is preset so that a stub leaving it alone would show */
    features_fn features = (features_fn)get(k32, "GetEnabledXStateFeatures");
    unsigned long long mask;
    __asm__ volatile("movl $0x12345678, %%edx\n\tcall *%1" : "=A"(mask) : "b"(features) : "ecx", "cc", "memory");
    show("GetEnabledXStateFeatures", mask);
    SetLastError(0);
    ((delete_fn)get(k32, "DeleteBoundaryDescriptor"))(NULL);
    show("DeleteBoundaryDescriptor (void)", 0);
}

static void winsock(void)
{
    HMODULE ws = LoadLibraryA("ws2_32.dll");
    HANDLE h = NULL;
    SetLastError(0);
    show("WSAProviderConfigChange",
         (ULONG)((provider_fn)get(ws, "WSAProviderConfigChange"))(&h, NULL, NULL));
    printf("WSAGetLastError %d\n", WSAGetLastError());
    SetLastError(0);
    show("WSAJoinLeaf",
         (ULONG)((join_fn)get(ws, "WSAJoinLeaf"))(INVALID_SOCKET, NULL, 0, NULL, NULL, NULL, NULL, 0));
}

static void crt(void)
{
    HMODULE crt = GetModuleHandleA("msvcrt.dll");
    unsigned char buf[8] = "abc";
    wchar_t wbuf[8] = { 0 };

    errno = 0;
    double d = ((yn_fn)get(crt, "_yn"))(2, 1.0);
    printf("_yn nan %d errno %d\n", isnan(d) != 0, errno);
    errno = 0;
    int r = ((heapadd_fn)get(crt, "_heapadd"))(buf, sizeof buf);
    printf("_heapadd %d errno %d\n", r, errno);
    errno = 0;
    wchar_t *w = ((cgetws_fn)get(crt, "_cgetws"))(wbuf);
    printf("_cgetws null %d errno %d\n", w == NULL, errno);
    errno = 0;
    r = ((mbsnbset_fn)get(crt, "_mbsnbset_s"))(buf, sizeof buf, 'x', 2);
    printf("_mbsnbset_s %d errno %d\n", r, errno);
    errno = 0;
    long long ll = ((atoi64_fn)get(crt, "_atoi64_l"))("12", NULL);
    printf("_atoi64_l %lld errno %d\n", ll, errno);
    printf("buffer untouched: %s\n", buf);
}

int main(void)
{
    win32();
    winsock();
    crt();
    printf("still running\n");
    return 0;
}
