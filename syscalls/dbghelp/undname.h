/* The Microsoft C++ name demangler behind dbghelp's UnDecorateSymbolName:
 * turns a decorated name (?name@scope@@<type>) into its declaration text
 * the way Microsoft's undname writes it. */
#ifndef WOWBOX_SYSCALLS_DBGHELP_UNDNAME_H
#define WOWBOX_SYSCALLS_DBGHELP_UNDNAME_H

#include <stdbool.h>
#include <stddef.h>

/* UNDNAME_* (dbghelp.h): the parts of the declaration to leave out */
#define UNDNAME_COMPLETE               0x0000u
#define UNDNAME_NO_LEADING_UNDERSCORES 0x0001u
#define UNDNAME_NO_MS_KEYWORDS         0x0002u
#define UNDNAME_NO_FUNCTION_RETURNS    0x0004u
#define UNDNAME_NO_THISTYPE            0x0060u
#define UNDNAME_NO_ACCESS_SPECIFIERS   0x0080u
#define UNDNAME_NO_MEMBER_TYPE         0x0200u
#define UNDNAME_NAME_ONLY              0x1000u
#define UNDNAME_NO_ARGUMENTS           0x2000u

/* Writes the undecorated text of `name` (NUL-terminated, cut to size - 1
 * characters) to out. A name that does not start with '?' is not
 * decorated and comes back as it is. false: a decorated name this
 * demangler cannot read (a form it does not know, or a malformed one). */
bool undname(const char *name, unsigned flags, char *out, size_t size);

#endif
