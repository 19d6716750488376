/* Loaded modules (the program, builtin DLLs, later real DLLs) and export
 * lookups that read the export directory from guest memory, exactly as
 * guest code that parses it by hand would. */
#ifndef WOWBOX_LOADER_MODULE_H
#define WOWBOX_LOADER_MODULE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vm.h"

struct builtin_dll;

struct module {
    char *name;        /* base name as Windows reports it: "KERNEL32.dll", "app.exe" */
    char *path_win;    /* full Windows path */
    gaddr base;
    uint32_t size;
    gaddr entry;
    bool is_exe;
    const struct builtin_dll *builtin; /* NULL for images from files */
    gaddr ldr_entry;   /* its LDR_DATA_TABLE_ENTRY */
    uint32_t load_count;
    uint32_t tls_dir_rva;  /* 0: no TLS directory */
    int32_t tls_index;     /* static TLS slot, -1 if none */
    bool attached;         /* DllMain(PROCESS_ATTACH) has run */
    bool dynamic;          /* loaded by LoadLibrary, not as a static import */
    bool no_thread_calls;  /* DisableThreadLibraryCalls: no THREAD_ATTACH/DETACH */
    struct module *next;
};

extern struct module *module_list; /* load order */

struct module *module_add(const char *name, const char *path_win, gaddr base, uint32_t size,
                          gaddr entry, bool is_exe, const struct builtin_dll *builtin);
/* Case-insensitive, with or without ".dll". */
struct module *module_find(const char *name);
struct module *module_by_handle(gaddr base);
struct module *module_at(gaddr addr);
/* The name of the module holding addr and the offset in it; NULL outside any. */
const char *module_locate(gaddr addr, uint32_t *offset);
struct module *module_exe(void);
/* Data directory `index` of the mapped image (PE_DIR_*): false when the
 * image has none there. */
bool module_data_dir(const struct module *m, unsigned index, uint32_t *rva, uint32_t *size);
/* Unlinks and frees (the image must already be unmapped). */
void module_remove(struct module *m);

/* Export lookup through the guest export directory. hint < 0: no hint.
 * Returns 0 when absent. Forwarded exports are followed. */
gaddr module_export_by_name(const struct module *m, const char *name, int hint);
gaddr module_export_by_ordinal(const struct module *m, uint32_t ordinal);

/* "app.exe+0x1234" */
void module_describe_addr(gaddr addr, char *buf, size_t bufsz);

#endif
