/* Guest code of a builtin DLL as the build embeds it (tools/gen_guest_blob.py
 * from the C in syscalls/<dll>/guest/): i686 bytes placed in the DLL image's .text
 * after the stubs, the absolute references to fix for the load address, the
 * host exports it calls, and its functions by name. */
#ifndef WOWBOX_SYSCALLS_GUEST_BLOB_H
#define WOWBOX_SYSCALLS_GUEST_BLOB_H

#include <stdint.h>

/* One export the guest code calls: its slot in the blob receives the
 * export's address in the image (a stub, or guest code of its own). An
 * import of GUEST_HOST_VALUE_DLL is a value of the run instead (WG_HOST_VALUE
 * in syscalls/guest/wg.h), which the loader writes into the slot. */
#define GUEST_HOST_VALUE_DLL "wowbox"
struct guest_import {
    const char *dll;  /* "ntdll" */
    const char *name; /* "NtAllocateVirtualMemory" */
    uint32_t slot;
};

/* A global function of the guest code: <dll>_<Export> for the exports,
 * any other name for helpers the host may call. */
struct guest_symbol {
    const char *name;
    uint32_t offset;
    int32_t pop_bytes; /* stdcall/fastcall @N; -1 for cdecl */
};

struct guest_blob {
    const uint8_t *code;
    uint32_t size;
    const uint32_t *relocs; /* offsets of 32-bit words holding a blob offset */
    uint32_t nrelocs;
    const struct guest_import *imports;
    uint32_t nimports;
    const struct guest_symbol *symbols; /* sorted by name */
    uint32_t nsymbols;
    uint32_t align; /* its most aligned section's: where in the image it may start */
};

#endif
