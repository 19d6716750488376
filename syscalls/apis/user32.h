/* user32 exports implemented by wowbox: one API(name, args, ret) line each
 * (see syscalls/api.h for the signature letters). */
#include "syscalls/apis/user32_msgbox.h"
#include "syscalls/apis/user32_string.h"
