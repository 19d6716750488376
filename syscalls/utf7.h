/* CP_UTF7 (65000) as Windows' MultiByteToWideChar and WideCharToMultiByte
 * convert it (RFC 2152 with Windows' choices, see utf7.c). */
#ifndef WOWBOX_SYSCALLS_UTF7_H
#define WOWBOX_SYSCALLS_UTF7_H

#include <stddef.h>
#include <stdint.h>

/* len bytes of UTF-7 to UTF-16 (*n units, malloc'd; NULL: no memory). */
uint16_t *utf7_to_utf16(const uint8_t *src, size_t len, size_t *n);
/* n UTF-16 units to UTF-7 (*len bytes, malloc'd; NULL: no memory). */
char *utf16_to_utf7(const uint16_t *w, size_t n, size_t *len);

#endif
