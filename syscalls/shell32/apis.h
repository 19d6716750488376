/* shell32 exports implemented by wowbox: one API(name, args, ret) line each
 * (see syscalls/api.h for the signature letters). */
#include "syscalls/shell32/folders_apis.h"
#include "syscalls/shell32/known_folders_apis.h"
#include "syscalls/shell32/execute_apis.h"
#include "syscalls/shell32/fileinfo_apis.h"
