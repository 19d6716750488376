/* Winsock error codes (WSAE*, winerror.h values) and the host errno →
 * WSAE mapping every ws2_32 handler applies. */
#ifndef WOWBOX_SYSCALLS_WS2_32_ERRORS_H
#define WOWBOX_SYSCALLS_WS2_32_ERRORS_H

#include <stdint.h>

#define WSAEINTR           10004
#define WSAEBADF           10009
#define WSAEACCES          10013
#define WSAEFAULT          10014
#define WSAEINVAL          10022
#define WSAEMFILE          10024
#define WSAEWOULDBLOCK     10035
#define WSAEINPROGRESS     10036
#define WSAEALREADY        10037
#define WSAENOTSOCK        10038
#define WSAEDESTADDRREQ    10039
#define WSAEMSGSIZE        10040
#define WSAEPROTOTYPE      10041
#define WSAENOPROTOOPT     10042
#define WSAEPROTONOSUPPORT 10043
#define WSAESOCKTNOSUPPORT 10044
#define WSAEOPNOTSUPP      10045
#define WSAEPFNOSUPPORT    10046
#define WSAEAFNOSUPPORT    10047
#define WSAEADDRINUSE      10048
#define WSAEADDRNOTAVAIL   10049
#define WSAENETDOWN        10050
#define WSAENETUNREACH     10051
#define WSAENETRESET       10052
#define WSAECONNABORTED    10053
#define WSAECONNRESET      10054
#define WSAENOBUFS         10055
#define WSAEISCONN         10056
#define WSAENOTCONN        10057
#define WSAESHUTDOWN       10058
#define WSAETOOMANYREFS    10059
#define WSAETIMEDOUT       10060
#define WSAECONNREFUSED    10061
#define WSAELOOP           10062
#define WSAENAMETOOLONG    10063
#define WSAEHOSTDOWN       10064
#define WSAEHOSTUNREACH    10065
#define WSAENOTEMPTY       10066
#define WSAEUSERS          10068
#define WSAEDQUOT          10069
#define WSAESTALE          10070
#define WSAEREMOTE         10071
#define WSASYSNOTREADY     10091
#define WSAVERNOTSUPPORTED 10092
#define WSANOTINITIALISED  10093
#define WSAHOST_NOT_FOUND  11001
#define WSATRY_AGAIN       11002
#define WSANO_RECOVERY     11003
#define WSANO_DATA         11004
#define WSA_INVALID_HANDLE 6
#define WSA_OPERATION_ABORTED 995
#define WSA_IO_INCOMPLETE  996
#define WSA_IO_PENDING     997
#define WSA_INVALID_PARAMETER 87
#define WSA_NOT_ENOUGH_MEMORY 8

/* getaddrinfo's EAI_* results as Windows returns them (WSA codes). */
#define WSA_EAI_AGAIN    WSATRY_AGAIN
#define WSA_EAI_BADFLAGS WSAEINVAL
#define WSA_EAI_FAIL     WSANO_RECOVERY
#define WSA_EAI_FAMILY   WSAEAFNOSUPPORT
#define WSA_EAI_MEMORY   WSA_NOT_ENOUGH_MEMORY
#define WSA_EAI_NONAME   WSAHOST_NOT_FOUND
#define WSA_EAI_SERVICE  WSATYPE_NOT_FOUND
#define WSA_EAI_SOCKTYPE WSAESOCKTNOSUPPORT
#define WSATYPE_NOT_FOUND 10109

#define SOCKET_ERROR32   0xFFFFFFFFu
#define INVALID_SOCKET32 0xFFFFFFFFu

/* The WSAE code for a host errno (WSAEINVAL for one Winsock has no name for). */
int wsa_error_from_errno(int e);
/* A getaddrinfo/getnameinfo EAI_* result as Windows' code. */
int wsa_error_from_eai(int eai, int err);
/* Sets the thread's Winsock error and returns SOCKET_ERROR. */
uint64_t wsa_fail(int err);

#endif
