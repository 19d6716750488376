/* RtlEncodePointer and friends: the pointer XORed with a secret, then
 * rotated right by the secret's low five bits (decoding rotates back and
 * XORs again), as Windows since Vista does. The secret is the process
 * cookie, drawn at random once per process as Windows draws it at process
 * creation, or, for the System variants, KUSER_SHARED_DATA.Cookie (one per
 * boot, the same in every process). */
#include "syscalls/ntdll/pointer.h"

#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "core/guest_mem.h"
#include "core/kuser_shared.h"
#include "syscalls/api.h"
#include "syscalls/ntdll/api_args.h"

#define KUSER_COOKIE (KUSER_SHARED_DATA + 0x330u)

static uint32_t process_cookie;
static pthread_once_t cookie_once = PTHREAD_ONCE_INIT;

static void draw_cookie(void)
{
    if (getentropy(&process_cookie, sizeof process_cookie) != 0)
        process_cookie = (uint32_t)time(NULL) ^ ((uint32_t)getpid() * 2654435761u);
}

static uint32_t cookie_of(bool system)
{
    if (system) {
        uint32_t c = 0;
        gm_read_u32(KUSER_COOKIE, &c);
        return c;
    }
    pthread_once(&cookie_once, draw_cookie);
    return process_cookie;
}

static uint32_t rotr(uint32_t v, unsigned n) { n &= 31; return n ? v >> n | v << (32 - n) : v; }
static uint32_t rotl(uint32_t v, unsigned n) { n &= 31; return n ? v << n | v >> (32 - n) : v; }

uint32_t ntdll_encode_pointer(uint32_t ptr, bool system)
{
    uint32_t cookie = cookie_of(system);
    return rotr(ptr ^ cookie, cookie & 31);
}

uint32_t ntdll_decode_pointer(uint32_t ptr, bool system)
{
    uint32_t cookie = cookie_of(system);
    return rotl(ptr, cookie & 31) ^ cookie;
}

uint64_t ntdll_RtlEncodePointer(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlEncodePointer, a);
    return ntdll_encode_pointer(a.Ptr, false);
}

uint64_t ntdll_RtlDecodePointer(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlDecodePointer, a);
    return ntdll_decode_pointer(a.Ptr, false);
}

uint64_t ntdll_RtlEncodeSystemPointer(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlEncodeSystemPointer, a);
    return ntdll_encode_pointer(a.Ptr, true);
}

uint64_t ntdll_RtlDecodeSystemPointer(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlDecodeSystemPointer, a);
    return ntdll_decode_pointer(a.Ptr, true);
}
