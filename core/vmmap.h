/* `--vmmap`: the guest address-space map printed for people at exit, each
 * region named (module, stack, heap, PEB, TEB, KUSER_SHARED_DATA). */
#ifndef WOWBOX_CORE_VMMAP_H
#define WOWBOX_CORE_VMMAP_H

#include <stdio.h>

#include "core/vm.h"

/* Names an allocation for the map (the name is copied). */
void vmmap_tag(gaddr alloc_base, const char *name);
/* The module whose image starts at an allocation base, or NULL (the
 * loader's module list: the caller passes the lookup). */
typedef const char *(*vmmap_module_name)(gaddr alloc_base);
void vmmap_print(FILE *out, const struct vm *vm, vmmap_module_name module_name);

#endif
