/* Checked access to guest memory from host code. Every handler reads and
 * writes the guest only through these: a bad pointer yields false/NULL (the
 * API's documented error), never a host crash. */
#ifndef WOWBOX_CORE_GUEST_MEM_H
#define WOWBOX_CORE_GUEST_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/vm.h"

bool gm_readable(gaddr g, size_t n);
bool gm_writable(gaddr g, size_t n);

bool gm_read(gaddr g, void *dst, size_t n);
bool gm_write(gaddr g, const void *src, size_t n);
/* Writes regardless of page protection (loader, WriteProcessMemory-like
 * host work); the range must still be committed. */
bool gm_write_force(gaddr g, const void *src, size_t n);
bool gm_fill(gaddr g, int byte, size_t n);
/* Guest-to-guest copy, overlapping ranges allowed (memmove); false, with
 * nothing copied, unless src is readable and dst writable throughout. */
bool gm_move(gaddr dst, gaddr src, size_t n);

bool gm_read_u8(gaddr g, uint8_t *v);
bool gm_read_u16(gaddr g, uint16_t *v);
bool gm_read_u32(gaddr g, uint32_t *v);
bool gm_write_u8(gaddr g, uint8_t v);
bool gm_write_u16(gaddr g, uint16_t v);
bool gm_write_u32(gaddr g, uint32_t v);

/* Length of a NUL-terminated string (bytes / UTF-16 units), at most max;
 * -1 if the memory is unreadable before the terminator. */
long gm_strnlen(gaddr g, size_t max);
long gm_wcsnlen(gaddr g, size_t max);
/* malloc'd copies, NULL if unreadable. */
char *gm_strdup(gaddr g);
uint16_t *gm_wcsdup(gaddr g, size_t *len);
/* UTF-16 guest string → malloc'd UTF-8, NULL if unreadable. */
char *gm_wcs_to_utf8(gaddr g);

/* Host pointer for a checked range (valid until the map changes). */
void *gm_ptr(gaddr g, size_t n, bool write);

/* Called after host code changed guest memory that may hold code, so the
 * CPU backend drops translations of it. Set by the process. */
extern void (*gm_code_written)(gaddr g, size_t n);

#endif
