/* oleaut32 exports implemented by wowbox: one API(name, args, ret) line each
 * (see syscalls/api.h for the signature letters). */
#include "syscalls/oleaut32/bstr_apis.h"
#include "syscalls/oleaut32/variant_apis.h"
