/* iphlpapi exports implemented by wowbox: one API(name, args, ret) line each
 * (see syscalls/api.h for the signature letters). */
#include "syscalls/iphlpapi/adapters_apis.h"
#include "syscalls/iphlpapi/conntable_apis.h"
#include "syscalls/iphlpapi/iftable_apis.h"
#include "syscalls/iphlpapi/params_apis.h"
