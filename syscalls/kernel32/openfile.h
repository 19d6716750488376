/* OpenFile's core, shared with LZOpenFile (syscalls/kernel32/openfile.c). */
#ifndef WOWBOX_SYSCALLS_KERNEL32_OPENFILE_H
#define WOWBOX_SYSCALLS_KERNEL32_OPENFILE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vm.h"

/* OpenFile(path, of, style) for a UTF-8 path: the HFILE (1 for OF_EXIST
 * and OF_DELETE, 0 for OF_PARSE) or HFILE_ERROR, the OFSTRUCT filled and
 * the last error set. */
uint32_t k32_open_file(const char *path, gaddr of, uint32_t style);
/* The path OpenFile opens: the name argument (ANSI or UTF-16), or with
 * OF_REOPEN the OFSTRUCT's; malloc'd, NULL with *err. */
char *k32_open_file_name(gaddr name, gaddr of, uint32_t style, bool wide, uint32_t *err);

#endif
