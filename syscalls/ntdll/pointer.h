/* Pointer encoding as Windows does it (RtlEncodePointer and friends), for
 * kernel32's EncodePointer family. */
#ifndef WOWBOX_SYSCALLS_NTDLL_POINTER_H
#define WOWBOX_SYSCALLS_NTDLL_POINTER_H

#include <stdbool.h>
#include <stdint.h>

/* system: the per-boot KUSER_SHARED_DATA cookie instead of the process's */
uint32_t ntdll_encode_pointer(uint32_t ptr, bool system);
uint32_t ntdll_decode_pointer(uint32_t ptr, bool system);

#endif
