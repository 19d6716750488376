/* The one locale wowbox has (en-US, syscalls/kernel32/sysinfo.c), for
 * kernel32's formatting functions. */
#ifndef WOWBOX_SYSCALLS_KERNEL32_LOCALE_H
#define WOWBOX_SYSCALLS_KERNEL32_LOCALE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vm.h"

/* An LCID that means en-US here: itself and the default aliases. */
bool k32_locale_is_en_us(uint32_t lcid);
/* A guest locale name that does: NULL, "" or "en-US" in any case. */
bool k32_locale_name_is_en_us(gaddr name);
/* GetLocaleInfo's string for an LCTYPE (flags masked off), NULL if unknown. */
const char *k32_locale_string(uint32_t lctype);

#endif
