/* The NT virtual-memory services (NtAllocateVirtualMemory & co.) as host
 * functions returning NTSTATUS: ntdll exports them, kernel32's Virtual*
 * functions sit on top, as on Windows. */
#ifndef WOWBOX_SYSCALLS_NT_MEMORY_H
#define WOWBOX_SYSCALLS_NT_MEMORY_H

#include <stdint.h>

#include "core/ntstatus.h"
#include "core/vm.h"

#define STATUS_INFO_LENGTH_MISMATCH 0xC0000004u
#define STATUS_NOT_COMMITTED        0xC000002Du
#define STATUS_INVALID_PARAMETER_2  0xC00000F0u
#define STATUS_INVALID_PARAMETER_3  0xC00000F1u
#define STATUS_INVALID_PARAMETER_4  0xC00000F2u
#define STATUS_FREE_VM_NOT_AT_BASE  0xC000009Fu

/* *base and *size are in/out, rounded as Windows rounds them. */
NTSTATUS nt_allocate(uint32_t process, gaddr *base, uint32_t zero_bits, uint32_t *size,
                     uint32_t type, uint32_t prot);
NTSTATUS nt_free(uint32_t process, gaddr *base, uint32_t *size, uint32_t type);
NTSTATUS nt_protect(uint32_t process, gaddr *base, uint32_t *size, uint32_t prot, uint32_t *old);
/* MemoryBasicInformation only; writes the 28-byte MEMORY_BASIC_INFORMATION32. */
NTSTATUS nt_query(uint32_t process, gaddr addr, uint32_t info_class, gaddr buf, uint32_t len,
                  uint32_t *ret_len);

#endif
