/* How every 32-bit structure at the boundary pins its layout: each offset
 * and size against Windows' value, checked when the header compiles. */
#ifndef WOWBOX_SYSCALLS_STRUCT32_PIN_H
#define WOWBOX_SYSCALLS_STRUCT32_PIN_H

#include <stddef.h>

#define PIN(type, field, off) _Static_assert(offsetof(type, field) == (off), #type "." #field)
#define PIN_SIZE(type, size) _Static_assert(sizeof(type) == (size), "sizeof " #type)

#endif
