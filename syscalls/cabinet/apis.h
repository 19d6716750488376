/* cabinet exports implemented by wowbox, one list per concern: one
 * API(name, args, ret) line each (see syscalls/api.h for the letters). */
#include "syscalls/cabinet/fdi_apis.h"
