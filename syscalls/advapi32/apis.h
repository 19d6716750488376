/* advapi32 exports implemented by wowbox: one API(name, args, ret) line each
 * (see syscalls/api.h for the signature letters). */
#include "syscalls/advapi32/user_apis.h"
#include "syscalls/advapi32/registry_apis.h"
#include "syscalls/advapi32/random_apis.h"
