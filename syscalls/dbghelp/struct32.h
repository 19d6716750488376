/* The 32-bit dbghelp structures (dbghelp.h), declared once with their
 * offsets pinned as i686 Windows lays them out. */
#ifndef WOWBOX_SYSCALLS_DBGHELP_STRUCT32_H
#define WOWBOX_SYSCALLS_DBGHELP_STRUCT32_H

#include <stdint.h>

#include "syscalls/struct32_pin.h"

/* SYMBOL_INFO (the name's first character included) */
typedef struct {
    uint32_t SizeOfStruct;
    uint32_t TypeIndex;
    uint64_t Reserved[2] __attribute__((aligned(8)));
    uint32_t Index;
    uint32_t Size;
    uint64_t ModBase __attribute__((aligned(8)));
    uint32_t Flags;
    uint64_t Value __attribute__((aligned(8)));
    uint64_t Address __attribute__((aligned(8)));
    uint32_t Register;
    uint32_t Scope;
    uint32_t Tag;
    uint32_t NameLen;
    uint32_t MaxNameLen;
    char Name[4];
} SYMBOL_INFO32;
PIN(SYMBOL_INFO32, ModBase, 32);
PIN(SYMBOL_INFO32, Value, 48);
PIN(SYMBOL_INFO32, Address, 56);
PIN(SYMBOL_INFO32, NameLen, 76);
PIN(SYMBOL_INFO32, Name, 84);
PIN_SIZE(SYMBOL_INFO32, 88);

/* IMAGEHLP_SYMBOL64 and IMAGEHLP_SYMBOL (the name's first character included) */
typedef struct {
    uint32_t SizeOfStruct;
    uint64_t Address __attribute__((aligned(8)));
    uint32_t Size;
    uint32_t Flags;
    uint32_t MaxNameLength;
    char Name[4];
} IMAGEHLP_SYMBOL64_32;
PIN(IMAGEHLP_SYMBOL64_32, Address, 8);
PIN(IMAGEHLP_SYMBOL64_32, MaxNameLength, 24);
PIN(IMAGEHLP_SYMBOL64_32, Name, 28);
PIN_SIZE(IMAGEHLP_SYMBOL64_32, 32);

typedef struct {
    uint32_t SizeOfStruct;
    uint32_t Address;
    uint32_t Size;
    uint32_t Flags;
    uint32_t MaxNameLength;
    char Name[4];
} IMAGEHLP_SYMBOL32;
PIN(IMAGEHLP_SYMBOL32, Name, 20);
PIN_SIZE(IMAGEHLP_SYMBOL32, 24);

/* ADDRESS64 and STACKFRAME64 */
typedef struct {
    uint64_t Offset __attribute__((aligned(8)));
    uint16_t Segment;
    uint32_t Mode;
} ADDRESS64_32;
PIN_SIZE(ADDRESS64_32, 16);

typedef struct {
    ADDRESS64_32 AddrPC, AddrReturn, AddrFrame, AddrStack, AddrBStore;
    uint32_t FuncTableEntry;
    uint64_t Params[4] __attribute__((aligned(8)));
    uint32_t Far;
    uint32_t Virtual;
    uint64_t Reserved[3];
    uint8_t KdHelp[112];
} STACKFRAME64_32;
PIN(STACKFRAME64_32, AddrFrame, 32);
PIN(STACKFRAME64_32, AddrStack, 48);
PIN(STACKFRAME64_32, Params, 88);
PIN(STACKFRAME64_32, Far, 120);
PIN(STACKFRAME64_32, Reserved, 128);
PIN_SIZE(STACKFRAME64_32, 264);

/* ADDRESS and STACKFRAME (the 32-bit forms) */
typedef struct {
    uint32_t Offset;
    uint16_t Segment;
    uint32_t Mode;
} ADDRESS_32;
PIN_SIZE(ADDRESS_32, 12);

typedef struct {
    ADDRESS_32 AddrPC, AddrReturn, AddrFrame, AddrStack;
    uint32_t FuncTableEntry;
    uint32_t Params[4];
    uint32_t Far;
    uint32_t Virtual;
    uint32_t Reserved[3];
    uint8_t KdHelp[64];
    ADDRESS_32 AddrBStore;
} STACKFRAME_32;
PIN(STACKFRAME_32, FuncTableEntry, 48);
PIN(STACKFRAME_32, Params, 52);
PIN(STACKFRAME_32, Reserved, 76);
PIN_SIZE(STACKFRAME_32, 164);

#endif
