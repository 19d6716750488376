/* comdlg32 exports implemented by wowbox: one API(name, args, ret) line each
 * (see syscalls/api.h for the signature letters). */
#include "syscalls/comdlg32/dialogs_apis.h"
#include "syscalls/comdlg32/file_title_apis.h"
