// build-flags: -lrpcrt4
/* rpc_uuid.c - rpcrt4's UUID functions: UuidCreate gives distinct version
 * 4 UUIDs of the RFC 4122 variant, UuidCreateSequential version 1 UUIDs
 * in time order (RPC_S_OK, or RPC_S_UUID_LOCAL_ONLY without a network
 * card), UuidToString writes lower case and RpcStringFree frees and NULLs
 * it, UuidFromString takes either case and NULL (the nil UUID) and refuses
 * braces, a short or long string and a bad digit with
 * RPC_S_INVALID_STRING_UUID; UuidCompare orders Data1 as an unsigned
 * number, NULL is nil for UuidCompare/UuidEqual/UuidIsNil. */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <rpc.h>

static const UUID sample = {0x6B29FC40, 0xCA47, 0x1067, {0xB3, 0x1D, 0x00, 0xDD, 0x01, 0x06, 0x62, 0xDA}};

static void text(void)
{
    RPC_CSTR s = NULL;
    RPC_STATUS st = UuidToStringA((UUID *)&sample, &s);
    printf("UuidToStringA: %ld %s\n", st, s);
    st = RpcStringFreeA(&s);
    printf("RpcStringFreeA: %ld, pointer now %s\n", st, s ? "set" : "NULL");
    printf("RpcStringFreeA(&NULL): %ld\n", RpcStringFreeA(&s));
    RPC_WSTR w = NULL;
    st = UuidToStringW(NULL, &w);
    printf("UuidToStringW(NULL): %ld %ls\n", st, (wchar_t *)w);
    RpcStringFreeW(&w);

    UUID u;
    memset(&u, 0xAA, sizeof u);
    st = UuidFromStringA((RPC_CSTR)"6B29FC40-ca47-1067-B31D-00dd010662DA", &u);
    printf("UuidFromStringA: %ld, equal %d\n", st, memcmp(&u, &sample, sizeof u) == 0);
    memset(&u, 0xAA, sizeof u);
    st = UuidFromStringW((RPC_WSTR)L"6b29fc40-ca47-1067-b31d-00dd010662da", &u);
    printf("UuidFromStringW: %ld, equal %d\n", st, memcmp(&u, &sample, sizeof u) == 0);
    memset(&u, 0xAA, sizeof u);
    st = UuidFromStringA(NULL, &u);
    RPC_STATUS nst;
    printf("UuidFromStringA(NULL): %ld, nil %d\n", st, UuidIsNil(&u, &nst));
    const char *bad[] = { "{6b29fc40-ca47-1067-b31d-00dd010662da}", "6b29fc40-ca47-1067-b31d-00dd010662d",
                          "6b29fc40-ca47-1067-b31d-00dd010662da0", "6b29fc40-ca47-1067-b31d-00dd010662dg",
                          "6b29fc40ca47-1067-b31d-00dd010662da-", "" };
    for (int i = 0; i < 6; i++)
        printf("UuidFromStringA(\"%s\"): %ld\n", bad[i], UuidFromStringA((RPC_CSTR)bad[i], &u));
}

static void created(void)
{
    UUID a, b;
    RPC_STATUS s1 = UuidCreate(&a), s2 = UuidCreate(&b);
    printf("UuidCreate: %ld %ld, version %d %d, variant %d %d, distinct %d\n", s1, s2,
           a.Data3 >> 12, b.Data3 >> 12, a.Data4[0] >> 6, b.Data4[0] >> 6, memcmp(&a, &b, sizeof a) != 0);
    UUID s[3];
    RPC_STATUS st[3];
    FILETIME before, after;
    GetSystemTimeAsFileTime(&before);
    for (int i = 0; i < 3; i++)
        st[i] = UuidCreateSequential(&s[i]);
    GetSystemTimeAsFileTime(&after);
    int ok = 1;
    for (int i = 0; i < 3; i++)
        ok &= st[i] == RPC_S_OK || st[i] == RPC_S_UUID_LOCAL_ONLY;
    printf("UuidCreateSequential: status ok %d, same status %d, version %d, variant %d, same node %d\n", ok,
           st[0] == st[1] && st[1] == st[2], s[0].Data3 >> 12, s[0].Data4[0] >> 6,
           memcmp(s[0].Data4 + 2, s[2].Data4 + 2, 6) == 0);
    /* the 60-bit time: later UUIDs are larger */
    unsigned long long t[3];
    for (int i = 0; i < 3; i++)
        t[i] = (unsigned long long)(s[i].Data3 & 0x0FFF) << 48 | (unsigned long long)s[i].Data2 << 32 | s[i].Data1;
    printf("UuidCreateSequential: increasing %d\n", t[0] < t[1] && t[1] < t[2]);
    /* 100 ns since 1582-10-15, FILETIME's 1601-01-01 minus 0x146BF33E42C000:
     * the clock's time at the call (a few ticks more when calls share one) */
    unsigned long long lo = ((unsigned long long)before.dwHighDateTime << 32 | before.dwLowDateTime) + 0x146BF33E42C000ull;
    unsigned long long hi = ((unsigned long long)after.dwHighDateTime << 32 | after.dwLowDateTime) + 0x146BF33E42C000ull;
    printf("UuidCreateSequential: the system time %d\n", t[0] >= lo && t[2] <= hi + 3);
}

static void compared(void)
{
    UUID lo = sample, hi = sample, nil;
    RPC_STATUS st = -1;
    hi.Data1 = 0x80000000; /* above lo's 0x6B29FC40 only as an unsigned number */
    lo.Data1 = 0x7FFFFFFF;
    printf("UuidCreateNil: %ld\n", UuidCreateNil(&nil));
    int r1 = UuidCompare(&lo, &hi, &st), r2 = UuidCompare(&hi, &lo, &st), r3 = UuidCompare(&lo, &lo, &st);
    printf("UuidCompare(lo, hi): %d, (hi, lo): %d, (lo, lo): %d, status %ld\n", r1, r2, r3, st);
    hi = lo;
    hi.Data4[7]++;
    printf("UuidCompare by Data4: %d\n", UuidCompare(&lo, &hi, &st));
    printf("UuidCompare(NULL, nil): %d, (NULL, lo): %d\n", UuidCompare(NULL, &nil, &st), UuidCompare(NULL, &lo, &st));
    printf("UuidEqual(lo, lo): %d, (lo, hi): %d, (NULL, nil): %d\n", UuidEqual(&lo, &lo, &st),
           UuidEqual(&lo, &hi, &st), UuidEqual(NULL, &nil, &st));
    printf("UuidIsNil(nil): %d, (NULL): %d, (lo): %d\n", UuidIsNil(&nil, &st), UuidIsNil(NULL, &st), UuidIsNil(&lo, &st));
}

int main(void)
{
    text();
    created();
    compared();
    return 0;
}
