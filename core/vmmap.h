/* `--vmmap`: the guest address-space map printed for people at exit, each
 * region named (module, stack, heap, PEB, TEB, KUSER_SHARED_DATA). */
#ifndef WOWBOX_CORE_VMMAP_H
#define WOWBOX_CORE_VMMAP_H

#include <stdio.h>

#include "core/vm.h"

/* Names an allocation for the map (the name is copied). */
void vmmap_tag(gaddr alloc_base, const char *name);
void vmmap_print(FILE *out, const struct vm *vm);

#endif
