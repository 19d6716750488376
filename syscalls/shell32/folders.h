/* The prefix's special folders, shared by the CSIDL functions (folders.c)
 * and SHGetKnownFolderPath (known_folders.c). */
#ifndef WOWBOX_SYSCALLS_SHELL32_FOLDERS_H
#define WOWBOX_SYSCALLS_SHELL32_FOLDERS_H

#include <stddef.h>
#include <stdint.h>

/* The same bits in CSIDL_FLAG_* and KF_FLAG_*. */
#define FOLDER_DONT_VERIFY 0x4000u
#define FOLDER_CREATE      0x8000u
#define FOLDER_PATH_MAX    (260 * 3) /* MAX_PATH characters in UTF-8 */

/* The path template of CSIDL csidl ("%P" for the profile), NULL for an
 * unknown or virtual folder. */
const char *shell32_csidl_template(uint32_t csidl);

/* tmpl expanded into out, checked (unless FOLDER_DONT_VERIFY) or created
 * (FOLDER_CREATE) as flags say: S_OK, or the failure HRESULT. */
uint32_t shell32_folder_resolve(const char *tmpl, uint32_t flags, char *out, size_t size);

#endif
