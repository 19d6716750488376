/* The 32-bit process structures guest code reads directly: PEB,
 * RTL_USER_PROCESS_PARAMETERS, PEB_LDR_DATA and its three module lists,
 * at the offsets Windows uses (the TEB and the fixed addresses: core/teb.h). */
#ifndef WOWBOX_LOADER_PEB_H
#define WOWBOX_LOADER_PEB_H

#include <stdint.h>

#include "core/ntstatus.h"
#include "core/teb.h"
#include "core/vm.h"
#include "loader/module.h"

/* PEB32 offsets */
#define PEB_BEING_DEBUGGED     0x002
#define PEB_IMAGE_BASE         0x008
#define PEB_LDR                0x00C
#define PEB_PROCESS_PARAMETERS 0x010
#define PEB_TLS_BITMAP         0x040
#define PEB_TLS_BITMAP_BITS    0x044
#define PEB_TLS_EXPANSION_BITMAP      0x150
#define PEB_TLS_EXPANSION_BITMAP_BITS 0x154 /* 1024 bits: TLS indexes 64..1087 */
#define PEB_NUMBER_OF_PROCESSORS 0x064
#define PEB_OS_MAJOR           0x0A4
#define PEB_OS_MINOR           0x0A8
#define PEB_OS_BUILD           0x0AC
#define PEB_OS_PLATFORM        0x0B0
#define PEB_IMAGE_SUBSYSTEM    0x0B4
#define PEB_SIZE               0x250

/* RTL_USER_PROCESS_PARAMETERS32 offsets */
#define PARAMS_STDIN        0x18
#define PARAMS_STDOUT       0x1C
#define PARAMS_STDERR       0x20
#define PARAMS_CURDIR       0x24
#define PARAMS_DLL_PATH     0x30
#define PARAMS_IMAGE_PATH   0x38
#define PARAMS_COMMAND_LINE 0x40
#define PARAMS_ENVIRONMENT  0x48

struct peb_setup {
    gaddr image_base, process_heap;
    uint32_t subsystem;
    const char *image_path_win, *command_line, *cwd_win;
    const uint16_t *environment; /* double-NUL-terminated UTF-16 block */
    size_t environment_units;
};

/* Allocates and fills PEB, parameters and LDR data; returns the PEB. */
NTSTATUS peb_create(const struct peb_setup *s, gaddr *peb_out);
/* Adds a module to the three LDR lists (load, memory, init order). */
NTSTATUS peb_ldr_add(struct module *m);
/* Unlinks a module's entry from the three lists (FreeLibrary). */
void peb_ldr_remove(struct module *m);

/* Reads a UNICODE_STRING32 of the process parameters as UTF-8 (malloc'd). */
char *peb_param_string(uint32_t offset);

#endif
