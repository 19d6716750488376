/* The system message table FormatMessage(FROM_SYSTEM) reads. */
#ifndef WOWBOX_SYSCALLS_KERNEL32_SYSTEM_MESSAGES_H
#define WOWBOX_SYSCALLS_KERNEL32_SYSTEM_MESSAGES_H

#include <stdint.h>

/* Windows' English text for a Win32 error code (CRLF-terminated, with
 * its %N inserts), NULL for a code the table does not hold. */
const char *system_message(uint32_t code);

#endif
