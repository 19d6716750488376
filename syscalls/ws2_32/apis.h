/* ws2_32 exports implemented by wowbox, one list per concern: one
 * API(name, args, ret) line each (see syscalls/api.h for the letters). */
#include "syscalls/ws2_32/errors_apis.h"
#include "syscalls/ws2_32/socket_apis.h"
#include "syscalls/ws2_32/transfer_apis.h"
#include "syscalls/ws2_32/select_apis.h"
#include "syscalls/ws2_32/options_apis.h"
#include "syscalls/ws2_32/resolve_apis.h"
#include "syscalls/ws2_32/inet_apis.h"
#include "syscalls/ws2_32/addrtext_apis.h"
#include "syscalls/ws2_32/events_apis.h"
#include "syscalls/ws2_32/ioctl_apis.h"
#include "syscalls/ws2_32/overlapped_apis.h"
#include "syscalls/ws2_32/services_apis.h"
