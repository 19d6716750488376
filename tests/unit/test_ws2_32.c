/* Unit tests for ws2_32's conversions: the host errno → WSAE table (Linux
 * numbers differ from the BSD ones Winsock's codes are built on), the
 * getaddrinfo result codes, Windows' fd_set (count + SOCKET array) read
 * from and rewritten in guest memory, socket addresses with Windows'
 * AF_INET6 (23), and the guest buffer lists every transfer takes (one
 * buffer, or a WSABUF array read from guest memory). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/vm.h"
#include "syscalls/ws2_32/errors.h"
#include "syscalls/ws2_32/fdset.h"
#include "syscalls/ws2_32/sockaddr.h"
#include "syscalls/ws2_32/struct32.h"
#include "syscalls/ws2_32/transfer.h"

static struct vm vm;
#define MEM 0x00400000u
#define SET (MEM + 0x100)

static int setup(void **state)
{
    (void)state;
    if (vm_init(&vm, false) != STATUS_SUCCESS)
        return -1;
    g_vm = &vm;
    gaddr a = MEM;
    if (vm_reserve(&vm, &a, 0x10000, 0, PAGE_READWRITE, false) != STATUS_SUCCESS)
        return -1;
    return vm_commit(&vm, MEM, 0x2000, PAGE_READWRITE) == STATUS_SUCCESS ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    g_vm = NULL;
    vm_destroy(&vm);
    return 0;
}

static void test_errno_mapping(void **state)
{
    (void)state;
    /* Linux and BSD number these differently: each must be named */
    assert_int_equal(wsa_error_from_errno(EAGAIN), 10035);
    assert_int_equal(wsa_error_from_errno(EINPROGRESS), WSAEWOULDBLOCK); /* Windows' non-blocking connect */
    assert_int_equal(wsa_error_from_errno(ECONNREFUSED), 10061);
    assert_int_equal(wsa_error_from_errno(ECONNRESET), 10054);
    assert_int_equal(wsa_error_from_errno(EPIPE), WSAECONNRESET);
    assert_int_equal(wsa_error_from_errno(EADDRINUSE), 10048);
    assert_int_equal(wsa_error_from_errno(EADDRNOTAVAIL), 10049);
    assert_int_equal(wsa_error_from_errno(ENOTCONN), 10057);
    assert_int_equal(wsa_error_from_errno(EISCONN), 10056);
    assert_int_equal(wsa_error_from_errno(ETIMEDOUT), 10060);
    assert_int_equal(wsa_error_from_errno(ENETUNREACH), 10051);
    assert_int_equal(wsa_error_from_errno(EHOSTUNREACH), 10065);
    assert_int_equal(wsa_error_from_errno(EMSGSIZE), 10040);
    assert_int_equal(wsa_error_from_errno(EAFNOSUPPORT), 10047);
    assert_int_equal(wsa_error_from_errno(ENOPROTOOPT), 10042);
    assert_int_equal(wsa_error_from_errno(EACCES), 10013);
    assert_int_equal(wsa_error_from_errno(EFAULT), 10014);
    assert_int_equal(wsa_error_from_errno(EMFILE), 10024);
    assert_int_equal(wsa_error_from_errno(ENOMEM), WSAENOBUFS);
    assert_int_equal(wsa_error_from_errno(EALREADY), 10037);
    /* what Winsock has no name for */
    assert_int_equal(wsa_error_from_errno(EROFS), WSAEINVAL);
}

static void test_eai_mapping(void **state)
{
    (void)state;
    assert_int_equal(wsa_error_from_eai(0, 0), 0);
    assert_int_equal(wsa_error_from_eai(EAI_NONAME, 0), 11001);
    assert_int_equal(wsa_error_from_eai(EAI_AGAIN, 0), 11002);
    assert_int_equal(wsa_error_from_eai(EAI_FAMILY, 0), WSAEAFNOSUPPORT);
    assert_int_equal(wsa_error_from_eai(EAI_SERVICE, 0), WSATYPE_NOT_FOUND);
    assert_int_equal(wsa_error_from_eai(EAI_SYSTEM, ECONNREFUSED), WSAECONNREFUSED);
}

static void test_fdset_roundtrip(void **state)
{
    (void)state;
    FD_SET32 set = { .fd_count = 3, .fd_array = { 0x44, 0x48, 0x4c } };
    assert_true(gm_write(SET, &set, sizeof set));
    uint32_t socks[WS_FDSET_MAX];
    assert_int_equal(ws_fdset_read(SET, socks, WS_FDSET_MAX), 3);
    assert_int_equal(socks[0], 0x44);
    assert_int_equal(socks[2], 0x4c);
    assert_true(ws_fdset_has(SET, 0x48));
    assert_false(ws_fdset_has(SET, 0x50));
    /* only the ready ones stay, packed, in order */
    bool keep[3] = { false, true, true };
    assert_true(ws_fdset_write(SET, socks, keep, 3));
    FD_SET32 back;
    assert_true(gm_read(SET, &back, sizeof back));
    assert_int_equal(back.fd_count, 2);
    assert_int_equal(back.fd_array[0], 0x48);
    assert_int_equal(back.fd_array[1], 0x4c);
    assert_false(ws_fdset_has(SET, 0x44));
    /* none ready: an empty set */
    bool none[2] = { false, false };
    assert_true(ws_fdset_write(SET, socks + 1, none, 2));
    assert_true(gm_read_u32(SET, &back.fd_count));
    assert_int_equal(back.fd_count, 0);
    /* a NULL set is empty; an unreadable or oversized one is refused */
    assert_int_equal(ws_fdset_read(0, socks, WS_FDSET_MAX), 0);
    assert_int_equal(ws_fdset_read(0x10, socks, WS_FDSET_MAX), -1);
    assert_true(gm_write_u32(SET, WS_FDSET_MAX + 1));
    assert_int_equal(ws_fdset_read(SET, socks, WS_FDSET_MAX), -1);
    /* a set larger than FD_SETSIZE 64, as programs may define it */
    assert_true(gm_write_u32(SET, 100));
    for (uint32_t i = 0; i < 100; i++)
        assert_true(gm_write_u32(SET + offsetof(FD_SET32, fd_array) + 4 * i, 0x100 + 4 * i));
    assert_int_equal(ws_fdset_read(SET, socks, WS_FDSET_MAX), 100);
    assert_int_equal(socks[99], 0x100 + 4 * 99);
    /* the count runs past the end of memory */
    assert_true(gm_write_u32(MEM + 0x2000 - 8, 5));
    assert_int_equal(ws_fdset_read(MEM + 0x2000 - 8, socks, WS_FDSET_MAX), -1);
}

static void test_sockaddr_conversion(void **state)
{
    (void)state;
    SOCKADDR_IN6_32 g6 = { .sin6_family = AF_INET6_32, .sin6_port = htons(443), .sin6_scope_id = 7 };
    g6.sin6_addr[15] = 1;
    assert_true(gm_write(SET, &g6, sizeof g6));
    struct sockaddr_storage ss;
    socklen_t len;
    assert_int_equal(ws_sockaddr_read(SET, sizeof g6, &ss, &len), 0);
    struct sockaddr_in6 *h6 = (struct sockaddr_in6 *)&ss;
    assert_int_equal(h6->sin6_family, AF_INET6);
    assert_int_equal(ntohs(h6->sin6_port), 443);
    assert_true(IN6_IS_ADDR_LOOPBACK(&h6->sin6_addr));
    assert_int_equal(h6->sin6_scope_id, 7);
    assert_int_equal(ws_sockaddr_read(SET, 12, &ss, &len), WSAEFAULT);
    uint16_t unknown = 99;
    assert_true(gm_write(SET, &unknown, 2));
    assert_int_equal(ws_sockaddr_read(SET, 16, &ss, &len), WSAEAFNOSUPPORT);

    /* back to the guest: Windows' family number, the room checked */
    struct sockaddr_in h4 = { .sin_family = AF_INET, .sin_port = htons(80), .sin_addr = { htonl(0x7f000001) } };
    gaddr lenp = SET + 0x100;
    assert_true(gm_write_u32(lenp, 8));
    assert_int_equal(ws_sockaddr_write((struct sockaddr *)&h4, SET, lenp), WSAEFAULT);
    assert_true(gm_write_u32(lenp, 64));
    assert_int_equal(ws_sockaddr_write((struct sockaddr *)&h4, SET, lenp), 0);
    SOCKADDR_IN32 g4;
    uint32_t written = 0;
    assert_true(gm_read(SET, &g4, sizeof g4) && gm_read_u32(lenp, &written));
    assert_int_equal(written, 16);
    assert_int_equal(g4.sin_family, AF_INET32);
    assert_int_equal(ntohs(g4.sin_port), 80);
    assert_int_equal(g4.sin_addr[0], 127);
    assert_int_equal(ws_family_to_host(AF_INET6_32), AF_INET6);
    assert_int_equal(ws_family_from_host(AF_INET6), 23);
    assert_int_equal(ws_family_to_host(10), -1); /* Linux's AF_INET6 means nothing to Windows */
}

static void test_buffer_lists(void **state)
{
    (void)state;
    struct ws_bufs g;
    assert_int_equal(ws_bufs_one(&g, MEM, 10), 0);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.total, 10);
    assert_int_equal(ws_bufs_one(&g, MEM, -1), WSAEFAULT);
    WSABUF32 b[3] = { { 5, MEM + 0x800 }, { 0, 0 }, { 7, MEM + 0x900 } };
    assert_true(gm_write(MEM + 0x400, b, sizeof b));
    assert_int_equal(ws_bufs_read(&g, MEM + 0x400, 3), 0);
    assert_int_equal(g.n, 3);
    assert_int_equal(g.total, 12);
    assert_int_equal(g.b[2].buf, MEM + 0x900);
    assert_int_equal(ws_bufs_read(&g, MEM + 0x400, 0), WSAEINVAL);
    assert_int_equal(ws_bufs_read(&g, MEM + 0x400, WS_MAX_WSABUFS + 1), WSAEINVAL);
    assert_int_equal(ws_bufs_read(&g, MEM + 0x1FF8, 3), WSAEFAULT); /* runs past the committed pages */
    WSABUF32 big[2] = { { 0x40000000, MEM }, { 0x40000000, MEM } };
    assert_true(gm_write(MEM + 0x400, big, sizeof big));
    assert_int_equal(ws_bufs_read(&g, MEM + 0x400, 2), WSAENOBUFS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_errno_mapping),
        cmocka_unit_test(test_eai_mapping),
        cmocka_unit_test(test_fdset_roundtrip),
        cmocka_unit_test(test_sockaddr_conversion),
        cmocka_unit_test(test_buffer_lists),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
