/* The 32-bit TEB (and where the PEB and TEBs live): the thread structure
 * the kernel builds for every thread, at the offsets Windows uses. The
 * PEB's contents are the loader's (loader/peb.h). */
#ifndef WOWBOX_CORE_TEB_H
#define WOWBOX_CORE_TEB_H

#include <stdint.h>

#include "core/ntstatus.h"
#include "core/vm.h"

/* Where WoW64 on Windows 7 put them; fixed addresses keep runs repeatable. */
#define PEB_ADDR      0x7EFDE000u
#define TEB_MAIN_ADDR 0x7EFDD000u
/* PEB32.ProcessHeap: here because guest code reads it (kernel32's GetProcessHeap, msvcrt's malloc) */
#define PEB_PROCESS_HEAP 0x018

/* TEB32 offsets */
#define TEB_EXCEPTION_LIST 0x000
#define TEB_STACK_BASE     0x004
#define TEB_STACK_LIMIT    0x008
#define TEB_SELF           0x018
#define TEB_CLIENT_PID     0x020
#define TEB_CLIENT_TID     0x024
#define TEB_TLS_POINTER    0x02C
#define TEB_PEB            0x030
#define TEB_LAST_ERROR     0x034
#define TEB_TLS_SLOTS      0xE10
#define TEB_HARD_ERROR_MODE 0xF28
#define TEB_RESERVED_FOR_OLE 0xF80 /* ole32: the thread's COM state (syscalls/ole32/guest/apartment.c) */
#define TEB_TLS_EXPANSION  0xF94 /* -> 1024 slots on the process heap, made on first use */
#define TLS_MINIMUM_AVAILABLE 64u   /* slots in the TEB itself */
#define TLS_EXPANSION_SLOTS   1024u /* slots behind TEB_TLS_EXPANSION */
#define TEB_SIZE           0x1000

/* Commits pages of the 64 KB reservation the PEB and TEBs share (reserved
 * on first use, at page granularity, as the Windows kernel places them). */
NTSTATUS teb_commit_system_page(gaddr addr, uint32_t size);

NTSTATUS teb_create(gaddr teb, gaddr peb, gaddr stack_base, gaddr stack_limit, uint32_t pid, uint32_t tid);

#endif
