/* user32 exports implemented by wowbox: one API(name, args, ret) line each
 * (see syscalls/api.h for the signature letters). */
#include "syscalls/user32/msgbox_apis.h"
#include "syscalls/user32/string_apis.h"
#include "syscalls/user32/resource_apis.h"
#include "syscalls/user32/class_apis.h"
#include "syscalls/user32/window_apis.h"
#include "syscalls/user32/hwnd_apis.h"
