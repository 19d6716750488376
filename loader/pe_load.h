/* Mapping a parsed PE32 image into the guest: sections with their
 * protections, base relocations, imports, static TLS. */
#ifndef WOWBOX_LOADER_PE_LOAD_H
#define WOWBOX_LOADER_PE_LOAD_H

#include <stddef.h>

#include "core/ntstatus.h"
#include "loader/module.h"
#include "loader/pe.h"

struct pe_tls_info {
    gaddr raw_start, raw_end, index_addr, callbacks;
    uint32_t zero_fill;
};

/* Loads a DLL an image imports that is not loaded yet (set by the DLL
 * loader; NULL: missing DLLs are errors). */
extern NTSTATUS (*pe_import_loader)(const char *dll, const char *importer, struct module **out,
                                    char *err, size_t errsz);

/* Maps, relocates and resolves imports; on failure err holds one line
 * naming the problem (missing DLL, missing export, address in use). */
NTSTATUS pe_load(const struct pe_image *img, const char *name, const char *path_win, bool is_exe,
                 struct module **out, char *err, size_t errsz);

/* The two halves of pe_load: map (reserve, copy, relocate, register) and
 * bind (imports, then section protections). The program is mapped before
 * anything else is placed in the address space, as Windows maps it first. */
NTSTATUS pe_map(const struct pe_image *img, const char *name, const char *path_win, bool is_exe,
                struct module **out, char *err, size_t errsz);
NTSTATUS pe_bind(const struct pe_image *img, struct module *m, char *err, size_t errsz);

/* A view of an image section (NtMapViewOfSection of SEC_IMAGE): the image
 * laid out as pe_map lays it, relocated when it moved, with its section
 * protections, at *base (0: its preferred base when free, else anywhere);
 * no module is registered and nothing is bound. *size: the view's size;
 * *moved: not at the preferred base (STATUS_IMAGE_NOT_AT_BASE for the caller). */
NTSTATUS pe_map_view(const struct pe_image *img, gaddr *base, uint32_t *size, bool *moved, char *err, size_t errsz);
/* Applies base relocations for a move by `delta`; a malformed block is an error. */
NTSTATUS pe_relocate(const struct pe_image *img, gaddr base, uint32_t delta, char *err, size_t errsz);
/* Binds every import descriptor of the image mapped at base. */
NTSTATUS pe_resolve_imports(const struct pe_image *img, gaddr base, const char *name, char *err, size_t errsz);
/* Reads the TLS directory of a mapped image; false when it has none. */
bool pe_tls_info(const struct pe_image *img, gaddr base, struct pe_tls_info *out);

#endif
