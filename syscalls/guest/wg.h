/* The vocabulary of guest code: C compiled to i686 at build time (no CRT,
 * -ffreestanding) and placed in the builtin DLL images (syscalls/guest_blob.h).
 * An export <Name> of <dll> declared GUEST_C in its <concern>_apis.h is the
 * function <dll>_<Name> here, with the export's calling convention. */
#ifndef WOWBOX_SYSCALLS_GUEST_WG_H
#define WOWBOX_SYSCALLS_GUEST_WG_H

#include <stddef.h>
#include <stdint.h>

#include "core/teb.h" /* the TEB offsets, the one declaration both halves read */

#define WINAPI __attribute__((stdcall))
#define CDECL __attribute__((cdecl))

typedef int BOOL;
typedef uint16_t WCHAR;

/* A host export the guest code calls, through a slot the loader fills with
 * the export's address: the call reaches its stub (and the trace) exactly
 * as a program's call does.
 *   WG_IMPORT(ntdll, RtlAllocateHeap, void *, WINAPI, (void *heap, uint32_t flags, size_t size));
 *   void *p = wg_imp_ntdll_RtlAllocateHeap(heap, 0, n); */
#define WG_IMPORT(dll, name, ret, conv, params) \
    extern ret(conv *const wg_imp_##dll##_##name) params

/* A value of the run the loader writes into the blob (syscalls/
 * builtin_image.c: host_value), read as a constant:
 *   WG_HOST_VALUE(bulk_copy_min);   ... n >= wg_val_bulk_copy_min ... */
#define WG_HOST_VALUE(name) extern const uint32_t wg_val_##name

/* TEB fields through fs, as Windows' own DLL code reads them. */
#define TEB_GET(off)                                                  \
    ({                                                                \
        uint32_t v_;                                                  \
        __asm__ volatile("movl %%fs:%c1, %0" : "=r"(v_) : "i"(off)); \
        v_;                                                           \
    })
#define TEB_SET(off, val) __asm__ volatile("movl %0, %%fs:%c1" : : "ri"((uint32_t)(val)), "i"(off) : "memory")
#define TEB_GET_AT(off, index)                                                            \
    ({                                                                                    \
        uint32_t v_;                                                                      \
        __asm__ volatile("movl %%fs:%c1(,%2,4), %0" : "=r"(v_) : "i"(off), "r"(index)); \
        v_;                                                                               \
    })
#define TEB_SET_AT(off, index, val) \
    __asm__ volatile("movl %0, %%fs:%c1(,%2,4)" : : "r"((uint32_t)(val)), "i"(off), "r"(index) : "memory")

static inline void wg_set_last_error(uint32_t e) { TEB_SET(TEB_LAST_ERROR, e); }

/* What the compiler may call on its own (struct copies, zeroing loops):
 * syscalls/guest/memory.c, in every DLL's guest code. */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* memmove and memset for the exports (syscalls/guest/bulk_memory.c): from
 * the CPU backend's threshold on, every page of the ranges is touched here
 * (a bad pointer faults in the guest, at the address a plain copy would
 * fault on first) and the host copies the bulk. */
void *wg_move(void *dst, const void *src, size_t n);
void *wg_fill(void *dst, int c, size_t n);
/* The threshold: SIZE_MAX when copies never go to the host. */
size_t wg_bulk_min(void);

/* fn(arg) under an SEH frame (syscalls/guest/guarded.c): any exception in
 * it ends the call with `failed`, as Windows' __try/__except in lstrlen or
 * IsBadReadPtr. fn must be leaf code (no SEH frames of its own). */
uint32_t wg_guarded(uint32_t (*fn)(void *arg), void *arg, uint32_t failed);

#endif
