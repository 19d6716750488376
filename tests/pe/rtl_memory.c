/* rtl_memory.c - proves ntdll's memory functions (RtlZeroMemory,
 * pRtlFillMemory(Ulong), RtlMoveMemory with overlap, pRtlCompareMemory(Ulong)),
 * the counted-string initialisers (RtlInitUnicodeString/AnsiString/String
 * and the Ex forms refusing an over-long string with STATUS_NAME_TOO_LONG)
 * and kernel32's Interlocked* including InterlockedCompareExchange64, all
 * reached through GetProcAddress. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct { USHORT Length, MaximumLength; void *Buffer; } COUNTED;

static HMODULE ntdll;
/* p<Name>: winnt.h makes RtlZeroMemory & co. macros */
#define NT(name, ret, params) ret(WINAPI *p##name) params = (ret(WINAPI *) params)GetProcAddress(ntdll, #name)

int main(void)
{
    ntdll = GetModuleHandleA("ntdll.dll");
    NT(RtlZeroMemory, void, (void *, SIZE_T));
    NT(RtlFillMemory, void, (void *, SIZE_T, BYTE));
    NT(RtlFillMemoryUlong, void, (void *, SIZE_T, ULONG));
    NT(RtlMoveMemory, void, (void *, const void *, SIZE_T));
    NT(RtlCompareMemory, SIZE_T, (const void *, const void *, SIZE_T));
    NT(RtlCompareMemoryUlong, SIZE_T, (void *, SIZE_T, ULONG));
    NT(RtlInitUnicodeString, void, (COUNTED *, const WCHAR *));
    NT(RtlInitAnsiString, void, (COUNTED *, const char *));
    NT(RtlInitString, void, (COUNTED *, const char *));
    NT(RtlInitUnicodeStringEx, LONG, (COUNTED *, const WCHAR *));
    NT(RtlInitAnsiStringEx, LONG, (COUNTED *, const char *));

    char buf[16];
    memcpy(buf, "abcdefghijklmno", 16);
    pRtlZeroMemory(buf + 2, 3);
    pRtlFillMemory(buf + 8, 4, 'Z');
    printf("zero/fill: %c%c[%d%d%d]%c%c%c %c%c%c%c%c\n", buf[0], buf[1], buf[2], buf[3], buf[4], buf[5], buf[6],
           buf[7], buf[8], buf[9], buf[10], buf[11], buf[12]);
    memcpy(buf, "0123456789", 11);
    pRtlMoveMemory(buf + 2, buf, 6);
    printf("move up, overlapping: %s\n", buf);
    pRtlMoveMemory(buf, buf + 3, 6);
    printf("move down, overlapping: %s\n", buf);
    printf("RtlCompareMemory: %lu %lu %lu\n", (unsigned long)pRtlCompareMemory("abcdef", "abcxef", 6),
           (unsigned long)pRtlCompareMemory("abc", "abc", 3), (unsigned long)pRtlCompareMemory("a", "b", 0));
    ULONG words[4];
    pRtlFillMemoryUlong(words, 14, 0xA5A5A5A5); /* three whole ULONGs */
    words[3] = 7;
    printf("RtlFillMemoryUlong: %08lx %08lx %08lx %lu\n", words[0], words[1], words[2], words[3]);
    printf("RtlCompareMemoryUlong: %lu %lu\n", (unsigned long)pRtlCompareMemoryUlong(words, 16, 0xA5A5A5A5),
           (unsigned long)pRtlCompareMemoryUlong(words, 11, 0xA5A5A5A5));

    COUNTED s;
    pRtlInitUnicodeString(&s, L"hello");
    printf("RtlInitUnicodeString: %u %u %s\n", s.Length, s.MaximumLength, s.Buffer ? "buffer" : "NULL");
    pRtlInitUnicodeString(&s, NULL);
    printf("RtlInitUnicodeString(NULL): %u %u %s\n", s.Length, s.MaximumLength, s.Buffer ? "buffer" : "NULL");
    pRtlInitAnsiString(&s, "hello");
    printf("RtlInitAnsiString: %u %u\n", s.Length, s.MaximumLength);
    pRtlInitString(&s, "");
    printf("RtlInitString(\"\"): %u %u\n", s.Length, s.MaximumLength);

    static WCHAR wlong[0x8000];
    static char alot[0x10001];
    for (int i = 0; i < 0x7FFF; i++)
        wlong[i] = L'x';
    memset(alot, 'y', 0x10000);
    pRtlInitUnicodeString(&s, wlong);
    printf("32767 characters: %u %u\n", s.Length, s.MaximumLength);
    LONG st = pRtlInitUnicodeStringEx(&s, wlong);
    printf("RtlInitUnicodeStringEx(32767): 0x%08lx\n", (unsigned long)st);
    wlong[0x7FFE] = 0;
    st = pRtlInitUnicodeStringEx(&s, wlong);
    printf("RtlInitUnicodeStringEx(32766): 0x%08lx %u %u\n", (unsigned long)st, s.Length, s.MaximumLength);
    st = pRtlInitAnsiStringEx(&s, alot);
    printf("RtlInitAnsiStringEx(65536): 0x%08lx\n", (unsigned long)st);
    alot[0xFFFE] = 0;
    st = pRtlInitAnsiStringEx(&s, alot);
    printf("RtlInitAnsiStringEx(65534): 0x%08lx %u %u\n", (unsigned long)st, s.Length, s.MaximumLength);

    HMODULE k32 = GetModuleHandleA("kernel32.dll");
    /* by address: mingw's headers make the Interlocked* compiler intrinsics */
    LONG(WINAPI * pInterlockedIncrement)(volatile LONG *) = (void *)GetProcAddress(k32, "InterlockedIncrement");
    LONG(WINAPI * pInterlockedDecrement)(volatile LONG *) = (void *)GetProcAddress(k32, "InterlockedDecrement");
    LONG(WINAPI * pInterlockedExchange)(volatile LONG *, LONG) = (void *)GetProcAddress(k32, "InterlockedExchange");
    LONG(WINAPI * pInterlockedExchangeAdd)(volatile LONG *, LONG) =
        (void *)GetProcAddress(k32, "InterlockedExchangeAdd");
    LONG(WINAPI * pInterlockedCompareExchange)(volatile LONG *, LONG, LONG) =
        (void *)GetProcAddress(k32, "InterlockedCompareExchange");
    volatile LONG v = 5;
    LONG r = pInterlockedIncrement(&v);
    printf("InterlockedIncrement %ld", r);
    r = pInterlockedDecrement(&v);
    printf(", Decrement %ld\n", r);
    r = pInterlockedExchange(&v, 40);
    printf("InterlockedExchange %ld -> %ld\n", r, v);
    r = pInterlockedExchangeAdd(&v, 2);
    printf("InterlockedExchangeAdd %ld -> %ld\n", r, v);
    r = pInterlockedCompareExchange(&v, 9, 41);
    printf("InterlockedCompareExchange miss %ld -> %ld", r, v);
    r = pInterlockedCompareExchange(&v, 9, 42);
    printf(", hit %ld -> %ld\n", r, v);
    LONGLONG(WINAPI * cmpxchg64)(volatile LONGLONG *, LONGLONG, LONGLONG) =
        (LONGLONG(WINAPI *)(volatile LONGLONG *, LONGLONG, LONGLONG))GetProcAddress(k32, "InterlockedCompareExchange64");
    volatile LONGLONG q = 0x100000002LL;
    LONGLONG old1 = cmpxchg64(&q, 0x300000004LL, 0x100000002LL);
    LONGLONG old2 = cmpxchg64(&q, 0x500000006LL, 0x100000002LL);
    printf("InterlockedCompareExchange64: %llx %llx -> %llx\n", (unsigned long long)old1, (unsigned long long)old2,
           (unsigned long long)q);
    return 0;
}
