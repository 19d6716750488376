/* UUIDs (RFC 4122 in Windows' GUID layout: Data1-3 little-endian):
 * UuidCreate a random version 4 from the run's random bytes,
 * UuidCreateSequential a time-based version 1 from the clock and the
 * host's network card address, their text form (lower case, as
 * UuidToString writes it) both ways, and the comparisons, which take NULL
 * for the nil UUID. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/heap.h"
#include "core/identity.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/rpcrt4/api_args.h"

#define RPC_S_OK                  0u
#define RPC_S_INVALID_STRING_UUID 1705u
#define RPC_S_UUID_LOCAL_ONLY     1824u
#define RPC_S_OUT_OF_MEMORY       14u    /* ERROR_OUTOFMEMORY */
#define RPC_S_INVALID_ARG         87u    /* ERROR_INVALID_PARAMETER */

/* 100 ns intervals from the Gregorian reform (1582-10-15) to FILETIME's
 * 1601-01-01: version 1 UUIDs count from the former */
#define GREGORIAN_TO_FILETIME 0x0146BF33E42C000ull

struct uuid { uint32_t d1; uint16_t d2, d3; uint8_t d4[8]; };
_Static_assert(sizeof(struct uuid) == 16, "UUID");

static bool read_uuid(gaddr g, struct uuid *u)
{
    if (!g) { /* the comparisons take NULL for the nil UUID */
        memset(u, 0, sizeof *u);
        return true;
    }
    return gm_read(g, u, sizeof *u);
}

uint64_t rpcrt4_UuidCreate(struct thunk_call *c)
{
    API_ARGS(rpcrt4, UuidCreate, a);
    struct uuid u;
    identity_random(&u, sizeof u);
    u.d3 = (uint16_t)((u.d3 & 0x0FFF) | 0x4000);       /* version 4 */
    u.d4[0] = (uint8_t)((u.d4[0] & 0x3F) | 0x80);      /* the RFC 4122 variant */
    return gm_write(a.Uuid, &u, sizeof u) ? RPC_S_OK : RPC_S_INVALID_ARG;
}

/* The first network card's (IEEE 802) address, in name order: false when
 * the host has none but loopback. */
static bool host_node(uint8_t node[6])
{
    struct dirent **names;
    int n = scandir("/sys/class/net", &names, NULL, alphasort);
    bool found = false;
    for (int i = 0; i < n; i++) {
        char path[300];
        snprintf(path, sizeof path, "/sys/class/net/%s/address", names[i]->d_name);
        FILE *f = found || names[i]->d_name[0] == '.' ? NULL : fopen(path, "r");
        unsigned b[6];
        if (f && fscanf(f, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) == 6 &&
            (b[0] | b[1] | b[2] | b[3] | b[4] | b[5])) {
            for (int k = 0; k < 6; k++)
                node[k] = (uint8_t)b[k];
            found = true;
        }
        if (f)
            fclose(f);
        free(names[i]);
    }
    free(names);
    return found;
}

/* Version 1: 60 bits of time, a clock sequence chosen once a process, the
 * card's address. Without a card the node is random with the multicast
 * bit set (RFC 4122 4.5), and the UUID is unique on this computer only. */
uint64_t rpcrt4_UuidCreateSequential(struct thunk_call *c)
{
    API_ARGS(rpcrt4, UuidCreateSequential, a);
    static uint64_t last;
    static uint16_t clock_seq;
    static uint8_t node[6];
    static int have_node = -1;
    if (have_node < 0) {
        identity_random(&clock_seq, sizeof clock_seq);
        have_node = host_node(node);
        if (!have_node) {
            identity_random(node, sizeof node);
            node[0] |= 0x01;
        }
    }
    uint64_t t = clock_filetime() + GREGORIAN_TO_FILETIME;
    if (t <= last)
        t = last + 1; /* several in one clock tick stay distinct and in order */
    last = t;
    struct uuid u;
    u.d1 = (uint32_t)t;
    u.d2 = (uint16_t)(t >> 32);
    u.d3 = (uint16_t)(((t >> 48) & 0x0FFF) | 0x1000); /* version 1 */
    u.d4[0] = (uint8_t)(((clock_seq >> 8) & 0x3F) | 0x80);
    u.d4[1] = (uint8_t)clock_seq;
    memcpy(u.d4 + 2, node, 6);
    if (!gm_write(a.Uuid, &u, sizeof u))
        return RPC_S_INVALID_ARG;
    return have_node ? RPC_S_OK : RPC_S_UUID_LOCAL_ONLY;
}

uint64_t rpcrt4_UuidCreateNil(struct thunk_call *c)
{
    API_ARGS(rpcrt4, UuidCreateNil, a);
    static const struct uuid nil;
    return gm_write(a.NilUuid, &nil, sizeof nil) ? RPC_S_OK : RPC_S_INVALID_ARG;
}

/* The text in a new heap block (RpcStringFree frees it), 8-bit or UTF-16. */
static uint32_t uuid_to_string(gaddr uuid, gaddr out, bool wide)
{
    struct uuid u;
    if (!read_uuid(uuid, &u) || !out)
        return RPC_S_INVALID_ARG;
    char s[37];
    snprintf(s, sizeof s, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", u.d1, u.d2, u.d3,
             u.d4[0], u.d4[1], u.d4[2], u.d4[3], u.d4[4], u.d4[5], u.d4[6], u.d4[7]);
    uint8_t buf[37 * 2];
    size_t unit = wide ? 2 : 1;
    for (size_t i = 0; i < sizeof s; i++) {
        buf[i * unit] = (uint8_t)s[i];
        if (wide)
            buf[i * 2 + 1] = 0;
    }
    gaddr b = heap_alloc(proc->process_heap, (uint32_t)(sizeof s * unit), 0);
    if (!b)
        return RPC_S_OUT_OF_MEMORY;
    if (!gm_write(b, buf, sizeof s * unit) || !gm_write_u32(out, b)) {
        heap_free(proc->process_heap, b);
        return RPC_S_INVALID_ARG;
    }
    return RPC_S_OK;
}

uint64_t rpcrt4_UuidToStringA(struct thunk_call *c)
{
    API_ARGS(rpcrt4, UuidToStringA, a);
    return uuid_to_string(a.Uuid, a.StringUuid, false);
}

uint64_t rpcrt4_UuidToStringW(struct thunk_call *c)
{
    API_ARGS(rpcrt4, UuidToStringW, a);
    return uuid_to_string(a.Uuid, a.StringUuid, true);
}

static int hex_value(unsigned ch)
{
    if (ch < 128 && isxdigit((int)ch))
        return isdigit((int)ch) ? (int)ch - '0' : (tolower((int)ch) - 'a' + 10);
    return -1;
}

/* Exactly xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, either case, no braces;
 * units[0..36] hold the text's first 37 characters (the NUL included). */
static bool parse_uuid(const uint16_t *units, struct uuid *u)
{
    static const char form[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    uint8_t b[16] = { 0 };
    unsigned nibble = 0;
    for (unsigned i = 0; i < sizeof form; i++) {
        if (form[i] != 'x') { /* a dash, then the NUL */
            if (units[i] != (uint16_t)form[i])
                return false;
            continue;
        }
        int v = hex_value(units[i]);
        if (v < 0)
            return false;
        b[nibble / 2] = (uint8_t)(b[nibble / 2] | v << (nibble % 2 ? 0 : 4));
        nibble++;
    }
    u->d1 = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
    u->d2 = (uint16_t)(b[4] << 8 | b[5]);
    u->d3 = (uint16_t)(b[6] << 8 | b[7]);
    memcpy(u->d4, b + 8, 8);
    return true;
}

static uint32_t uuid_from_string(gaddr str, gaddr out, bool wide)
{
    struct uuid u;
    memset(&u, 0, sizeof u);
    if (str) { /* NULL is the nil UUID */
        uint16_t units[37] = { 0 };
        for (unsigned i = 0; i < 37; i++) {
            uint16_t ch = 0;
            uint8_t ch8 = 0;
            bool ok = wide ? gm_read_u16(str + i * 2, &ch) : gm_read_u8(str + i, &ch8);
            if (!ok)
                return RPC_S_INVALID_ARG;
            units[i] = wide ? ch : ch8;
            if (!units[i])
                break;
        }
        if (!parse_uuid(units, &u))
            return RPC_S_INVALID_STRING_UUID;
    }
    return gm_write(out, &u, sizeof u) ? RPC_S_OK : RPC_S_INVALID_ARG;
}

uint64_t rpcrt4_UuidFromStringA(struct thunk_call *c)
{
    API_ARGS(rpcrt4, UuidFromStringA, a);
    return uuid_from_string(a.StringUuid, a.Uuid, false);
}

uint64_t rpcrt4_UuidFromStringW(struct thunk_call *c)
{
    API_ARGS(rpcrt4, UuidFromStringW, a);
    return uuid_from_string(a.StringUuid, a.Uuid, true);
}

/* Frees *String and sets it to NULL; a NULL *String is left alone. */
static uint32_t string_free(gaddr pp)
{
    uint32_t p;
    if (!pp || !gm_read_u32(pp, &p))
        return RPC_S_INVALID_ARG;
    if (p) {
        heap_free(proc->process_heap, p);
        gm_write_u32(pp, 0);
    }
    return RPC_S_OK;
}

uint64_t rpcrt4_RpcStringFreeA(struct thunk_call *c)
{
    API_ARGS(rpcrt4, RpcStringFreeA, a);
    return string_free(a.String);
}

uint64_t rpcrt4_RpcStringFreeW(struct thunk_call *c)
{
    API_ARGS(rpcrt4, RpcStringFreeW, a);
    return string_free(a.String);
}

/* -1, 0 or 1 by the fields in order, Data1-3 as unsigned numbers and
 * Data4 byte by byte; *Status RPC_S_OK. */
static int compare(gaddr g1, gaddr g2, gaddr status, bool *ok)
{
    struct uuid u1, u2;
    *ok = read_uuid(g1, &u1) && read_uuid(g2, &u2);
    if (status)
        gm_write_u32(status, *ok ? RPC_S_OK : RPC_S_INVALID_ARG);
    if (!*ok)
        return 0;
    if (u1.d1 != u2.d1)
        return u1.d1 < u2.d1 ? -1 : 1;
    if (u1.d2 != u2.d2)
        return u1.d2 < u2.d2 ? -1 : 1;
    if (u1.d3 != u2.d3)
        return u1.d3 < u2.d3 ? -1 : 1;
    int d = memcmp(u1.d4, u2.d4, 8);
    return d < 0 ? -1 : d > 0;
}

uint64_t rpcrt4_UuidCompare(struct thunk_call *c)
{
    API_ARGS(rpcrt4, UuidCompare, a);
    bool ok;
    return (uint32_t)compare(a.Uuid1, a.Uuid2, a.Status, &ok);
}

uint64_t rpcrt4_UuidEqual(struct thunk_call *c)
{
    API_ARGS(rpcrt4, UuidEqual, a);
    bool ok;
    return compare(a.Uuid1, a.Uuid2, a.Status, &ok) == 0 && ok;
}

uint64_t rpcrt4_UuidIsNil(struct thunk_call *c)
{
    API_ARGS(rpcrt4, UuidIsNil, a);
    bool ok;
    return compare(a.Uuid, 0, a.Status, &ok) == 0 && ok;
}
