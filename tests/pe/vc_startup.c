/* vc_startup.c - proves the kernel32 APIs the Visual C++ start-up calls
 * before main: EncodePointer/DecodePointer (and ntdll's Rtl* twins, which
 * give the same values) hide a pointer behind the per-process cookie and
 * give it back; the System variants use KUSER_SHARED_DATA's cookie with
 * the same XOR-and-rotate; IsProcessorFeaturePresent agrees with this
 * program's own cpuid and with KUSER_SHARED_DATA.ProcessorFeatures;
 * HeapSetInformation/HeapQueryInformation (LFH on a new heap, refused for
 * a fixed-size heap, not turned off again); InitializeCriticalSectionEx;
 * GetModuleHandleExW by address and by name; LCMapStringEx and
 * GetStringTypeW. Last, HeapEnableTerminationOnCorruption turns a bad
 * HeapFree into the end of the process with STATUS_HEAP_CORRUPTION. */
#include <cpuid.h>
#include <stdio.h>
#include <windows.h>

typedef PVOID (WINAPI *rtl_ptr_fn)(PVOID);

static int fails;

static void check(const char *what, int ok)
{
    printf("%s: %s\n", what, ok ? "ok" : "WRONG");
    fails += !ok;
}

static DWORD rotr(DWORD v, unsigned n) { n &= 31; return n ? v >> n | v << (32 - n) : v; }

static void pointers(void)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    rtl_ptr_fn rtl_enc = (rtl_ptr_fn)GetProcAddress(ntdll, "RtlEncodePointer");
    rtl_ptr_fn rtl_dec = (rtl_ptr_fn)GetProcAddress(ntdll, "RtlDecodePointer");
    void *p = (void *)pointers, *e = EncodePointer(p);
    check("EncodePointer hides the pointer", e != p);
    check("DecodePointer gives it back", DecodePointer(e) == p);
    check("EncodePointer is stable", EncodePointer(p) == e);
    check("RtlEncodePointer gives the same", rtl_enc && rtl_enc(p) == e);
    check("RtlDecodePointer gives it back", rtl_dec && rtl_dec(e) == p);
    check("NULL round trip", DecodePointer(EncodePointer(NULL)) == NULL);
    DWORD cookie = *(volatile DWORD *)0x7FFE0330; /* KUSER_SHARED_DATA.Cookie */
    void *s = EncodeSystemPointer(p);
    check("EncodeSystemPointer uses the shared cookie",
          (DWORD)(ULONG_PTR)s == rotr((DWORD)(ULONG_PTR)p ^ cookie, cookie & 31));
    check("DecodeSystemPointer gives it back", DecodeSystemPointer(s) == p);
}

static void features(void)
{
    unsigned a, b, c, d, ea = 0, eb = 0, ec = 0, ed = 0;
    __cpuid(1, a, b, c, d);
    if (__get_cpuid_max(0x80000000u, NULL) >= 0x80000001u)
        __cpuid(0x80000001u, ea, eb, ec, ed);
    const struct { DWORD pf; unsigned *reg; int bit; const char *name; } bits[] = {
        { PF_COMPARE_EXCHANGE_DOUBLE, &d, 8, "PF_COMPARE_EXCHANGE_DOUBLE" },
        { PF_MMX_INSTRUCTIONS_AVAILABLE, &d, 23, "PF_MMX_INSTRUCTIONS_AVAILABLE" },
        { PF_XMMI_INSTRUCTIONS_AVAILABLE, &d, 25, "PF_XMMI_INSTRUCTIONS_AVAILABLE" },
        { PF_RDTSC_INSTRUCTION_AVAILABLE, &d, 4, "PF_RDTSC_INSTRUCTION_AVAILABLE" },
        { PF_XMMI64_INSTRUCTIONS_AVAILABLE, &d, 26, "PF_XMMI64_INSTRUCTIONS_AVAILABLE" },
        { PF_SSE3_INSTRUCTIONS_AVAILABLE, &c, 0, "PF_SSE3_INSTRUCTIONS_AVAILABLE" },
        { PF_COMPARE_EXCHANGE128, &c, 13, "PF_COMPARE_EXCHANGE128" },
        { 36 /* PF_SSSE3 */, &c, 9, "PF_SSSE3_INSTRUCTIONS_AVAILABLE" },
        { 37 /* PF_SSE4_1 */, &c, 19, "PF_SSE4_1_INSTRUCTIONS_AVAILABLE" },
        { 38 /* PF_SSE4_2 */, &c, 20, "PF_SSE4_2_INSTRUCTIONS_AVAILABLE" },
        { PF_RDRAND_INSTRUCTION_AVAILABLE, &c, 30, "PF_RDRAND_INSTRUCTION_AVAILABLE" },
        { PF_RDTSCP_INSTRUCTION_AVAILABLE, &ed, 27, "PF_RDTSCP_INSTRUCTION_AVAILABLE" },
    };
    const volatile BYTE *shared = (const volatile BYTE *)(0x7FFE0000 + 0x274);
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
        char what[96];
        BOOL have = (*bits[i].reg >> bits[i].bit) & 1;
        snprintf(what, sizeof what, "%s matches cpuid", bits[i].name);
        check(what, IsProcessorFeaturePresent(bits[i].pf) == have && shared[bits[i].pf] == have);
    }
    check("PF_FASTFAIL_AVAILABLE", IsProcessorFeaturePresent(PF_FASTFAIL_AVAILABLE));
    check("PF_PAE_ENABLED", IsProcessorFeaturePresent(PF_PAE_ENABLED));
    check("PF_NX_ENABLED", IsProcessorFeaturePresent(PF_NX_ENABLED));
    check("PF_FLOATING_POINT_EMULATED is not", !IsProcessorFeaturePresent(PF_FLOATING_POINT_EMULATED));
    check("an ARM feature is not", !IsProcessorFeaturePresent(PF_ARM_NEON_INSTRUCTIONS_AVAILABLE));
    check("feature 64 is not", !IsProcessorFeaturePresent(64));
}

static void heaps(void)
{
    HANDLE h = HeapCreate(0, 0, 0), fixed = HeapCreate(0, 0x10000, 0x10000);
    ULONG mode = 99, lfh = 2, standard = 0;
    SIZE_T len = 0;
    check("a new heap is standard",
          HeapQueryInformation(h, HeapCompatibilityInformation, &mode, sizeof mode, &len) && mode == 0 && len == 4);
    check("the LFH can be enabled", HeapSetInformation(h, HeapCompatibilityInformation, &lfh, sizeof lfh));
    check("...and is reported",
          HeapQueryInformation(h, HeapCompatibilityInformation, &mode, sizeof mode, NULL) && mode == 2);
    check("...and cannot be turned off",
          !HeapSetInformation(h, HeapCompatibilityInformation, &standard, sizeof standard));
    check("a fixed-size heap refuses the LFH",
          !HeapSetInformation(fixed, HeapCompatibilityInformation, &lfh, sizeof lfh));
    check("a short buffer is refused",
          !HeapQueryInformation(h, HeapCompatibilityInformation, &mode, 2, &len) &&
              GetLastError() == ERROR_INSUFFICIENT_BUFFER);
    HeapDestroy(h);
    HeapDestroy(fixed);
}

static void others(void)
{
    CRITICAL_SECTION cs;
    check("InitializeCriticalSectionEx", InitializeCriticalSectionEx(&cs, 4000, 0));
    EnterCriticalSection(&cs);
    check("...owned after Enter", TryEnterCriticalSection(&cs));
    LeaveCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    DeleteCriticalSection(&cs);

    HMODULE m = NULL;
    check("GetModuleHandleExW from an address",
          GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                             (LPCWSTR)(void *)others, &m) && m == GetModuleHandleW(NULL));
    check("GetModuleHandleExW by name",
          GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, L"kernel32.dll", &m) &&
              m == GetModuleHandleW(L"kernel32.dll"));
    check("GetModuleHandleExW: PIN with UNCHANGED_REFCOUNT is invalid",
          !GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                              L"kernel32.dll", &m) && GetLastError() == ERROR_INVALID_PARAMETER);

    WCHAR up[8] = { 0 };
    check("LCMapStringEx uppercases",
          LCMapStringEx(LOCALE_NAME_USER_DEFAULT, LCMAP_UPPERCASE, L"abc", -1, up, 8, NULL, NULL, 0) == 4 &&
              !lstrcmpW(up, L"ABC"));
    WORD types[3];
    check("GetStringTypeW",
          GetStringTypeW(CT_CTYPE1, L"a1 ", 3, types) && (types[0] & (C1_LOWER | C1_ALPHA)) == (C1_LOWER | C1_ALPHA) &&
              (types[1] & C1_DIGIT) && (types[2] & C1_SPACE));
}

int main(void)
{
    pointers();
    features();
    heaps();
    others();
    printf("%s\n", fails ? "FAILED" : "all passed");
    check("HeapEnableTerminationOnCorruption", HeapSetInformation(NULL, HeapEnableTerminationOnCorruption, NULL, 0));
    fflush(stdout);
    static DWORD not_a_block[8];
    HeapFree(GetProcessHeap(), 0, &not_a_block[4]); /* ends the process */
    printf("a bad HeapFree returned\n");
    return 1;
}
