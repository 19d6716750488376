/* ws2_32 error state: Winsock keeps its last error in the thread's
 * LastErrorValue, so WSAGetLastError and GetLastError agree; host errno
 * values are mapped once, here. */
#include "syscalls/ws2_32/errors.h"

#include <errno.h>
#include <netdb.h>

#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/ws2_32/api_args.h"

/* Winsock's codes are 10000 + the BSD errno, but Linux numbers differ:
 * each is named. */
static const struct { int host, wsa; } errno_map[] = {
    { EINTR, WSAEINTR },           { EBADF, WSAENOTSOCK },        { EACCES, WSAEACCES },
    { EPERM, WSAEACCES },          { EFAULT, WSAEFAULT },         { EINVAL, WSAEINVAL },
    { EMFILE, WSAEMFILE },         { ENFILE, WSAEMFILE },         { EAGAIN, WSAEWOULDBLOCK },
    { EINPROGRESS, WSAEWOULDBLOCK }, /* a non-blocking connect, as Windows reports it */
    { EALREADY, WSAEALREADY },     { ENOTSOCK, WSAENOTSOCK },     { EDESTADDRREQ, WSAEDESTADDRREQ },
    { EMSGSIZE, WSAEMSGSIZE },     { EPROTOTYPE, WSAEPROTOTYPE }, { ENOPROTOOPT, WSAENOPROTOOPT },
    { EPROTONOSUPPORT, WSAEPROTONOSUPPORT }, { ESOCKTNOSUPPORT, WSAESOCKTNOSUPPORT },
    { EOPNOTSUPP, WSAEOPNOTSUPP }, { EPFNOSUPPORT, WSAEPFNOSUPPORT }, { EAFNOSUPPORT, WSAEAFNOSUPPORT },
    { EADDRINUSE, WSAEADDRINUSE }, { EADDRNOTAVAIL, WSAEADDRNOTAVAIL }, { ENETDOWN, WSAENETDOWN },
    { ENETUNREACH, WSAENETUNREACH }, { ENETRESET, WSAENETRESET }, { ECONNABORTED, WSAECONNABORTED },
    { ECONNRESET, WSAECONNRESET }, { EPIPE, WSAECONNRESET },     { ENOBUFS, WSAENOBUFS },
    { ENOMEM, WSAENOBUFS },        { EISCONN, WSAEISCONN },       { ENOTCONN, WSAENOTCONN },
    { ESHUTDOWN, WSAESHUTDOWN },   { ETOOMANYREFS, WSAETOOMANYREFS }, { ETIMEDOUT, WSAETIMEDOUT },
    { ECONNREFUSED, WSAECONNREFUSED }, { ELOOP, WSAELOOP },       { ENAMETOOLONG, WSAENAMETOOLONG },
    { EHOSTDOWN, WSAEHOSTDOWN },   { EHOSTUNREACH, WSAEHOSTUNREACH }, { ENOTEMPTY, WSAENOTEMPTY },
    { EUSERS, WSAEUSERS },         { EDQUOT, WSAEDQUOT },         { ESTALE, WSAESTALE },
    { EREMOTE, WSAEREMOTE },
};

int wsa_error_from_errno(int e)
{
    for (size_t i = 0; i < sizeof errno_map / sizeof errno_map[0]; i++)
        if (errno_map[i].host == e)
            return errno_map[i].wsa;
    return WSAEINVAL;
}

int wsa_error_from_eai(int eai, int err)
{
    switch (eai) {
    case 0: return 0;
    case EAI_AGAIN: return WSA_EAI_AGAIN;
    case EAI_BADFLAGS: return WSA_EAI_BADFLAGS;
    case EAI_FAMILY: return WSA_EAI_FAMILY;
    case EAI_MEMORY: return WSA_EAI_MEMORY;
    case EAI_NONAME: return WSA_EAI_NONAME;
#ifdef EAI_NODATA
    case EAI_NODATA: return WSANO_DATA;
#endif
#ifdef EAI_ADDRFAMILY
    case EAI_ADDRFAMILY: return WSANO_DATA;
#endif
    case EAI_SERVICE: return WSA_EAI_SERVICE;
    case EAI_SOCKTYPE: return WSA_EAI_SOCKTYPE;
    case EAI_SYSTEM: return wsa_error_from_errno(err);
    default: return WSA_EAI_FAIL;
    }
}

uint64_t wsa_fail(int err)
{
    teb_set_last_error((uint32_t)err);
    return SOCKET_ERROR32;
}

uint64_t ws2_32_WSAGetLastError(struct thunk_call *c) { (void)c; return teb_get_last_error(); }

uint64_t ws2_32_WSASetLastError(struct thunk_call *c)
{
    API_ARGS(ws2_32, WSASetLastError, a);
    teb_set_last_error(a.iError);
    return 0;
}
