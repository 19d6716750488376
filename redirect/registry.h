/* Registry key redirection as WoW64 does it for a 32-bit process: the
 * logical key path a call names becomes the physical key path of the store
 * (HKLM\SOFTWARE → HKLM\SOFTWARE\WOW6432Node for the 32-bit view, except
 * the keys Windows shares between the views). Pure string work, called
 * once per key path by the NT registry services. */
#ifndef WOWBOX_REDIRECT_REGISTRY_H
#define WOWBOX_REDIRECT_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

enum reg_view { REG_VIEW_32, REG_VIEW_64 };

/* The view a call selects from its access mask: KEY_WOW64_64KEY (0x100) or
 * KEY_WOW64_32KEY (0x200); neither gives `inherited` (the process's view:
 * WoW64 does not remember the view a handle was opened in). */
enum reg_view regredir_view(unsigned access, enum reg_view inherited);

/* logical: a full NT key path ("\REGISTRY\MACHINE\SOFTWARE\Foo", any case,
 * single backslashes, no trailing one). Writes the physical path (case
 * preserved, the inserted "WOW6432Node" in that spelling) into out.
 * False when out is too small. */
bool regredir_translate(const char *logical, enum reg_view view, char *out, size_t outsz);

/* True when the key (a path below \REGISTRY\MACHINE\SOFTWARE or a user's
 * Software\Classes) is one Windows documents as shared between the views. */
bool regredir_is_shared(const char *logical);

#endif
