/* Resources of a mapped image: the lookups FindResource, LoadString and
 * FormatMessage(FROM_HMODULE) share. */
#ifndef WOWBOX_SYSCALLS_KERNEL32_RESOURCE_H
#define WOWBOX_SYSCALLS_KERNEL32_RESOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/vm.h"

#define RT_STRING       6u
#define RT_MESSAGETABLE 11u
#define RES_ANY_LANGUAGE (-1)

/* A type or name as the APIs take it: an integer id (a value below
 * 0x10000, or a "#123" string) or a string, compared case-insensitively. */
struct res_name {
    bool is_id;
    uint16_t id;
    uint16_t *str; /* malloc'd, uppercased */
    size_t len;
};

/* From a guest argument (A or W); false with *err when unreadable. */
bool res_name_read(gaddr p, bool wide, struct res_name *n, uint32_t *err);
void res_name_free(struct res_name *n);
static inline struct res_name res_id(uint16_t id)
{
    return (struct res_name){ .is_id = true, .id = id };
}

/* The resource's IMAGE_RESOURCE_DATA_ENTRY (an HRSRC, as on Windows) in
 * module `hmodule` (0: the program), in language `lang` or, with
 * RES_ANY_LANGUAGE, the neutral, then US English, then the first one;
 * 0 with *err (ERROR_RESOURCE_DATA_NOT_FOUND, _TYPE_, _NAME_, _LANG_NOT_FOUND,
 * ERROR_MOD_NOT_FOUND). */
gaddr resource_find(gaddr hmodule, const struct res_name *type, const struct res_name *name, int lang,
                    uint32_t *err);
/* The data's address and size. */
bool resource_data(gaddr hmodule, gaddr entry, gaddr *data, uint32_t *size);
/* Message `id` of the module's message table as UTF-16 (malloc'd); 0 or
 * the Win32 error (ERROR_MR_MID_NOT_FOUND when the table lacks it). */
uint32_t resource_message(gaddr hmodule, uint32_t id, uint16_t **text, size_t *n);
/* String `id` of the module's string table: its address and length in
 * UTF-16 units; false when there is none. */
bool resource_string(gaddr hmodule, uint32_t id, gaddr *str, uint16_t *len);

#endif
