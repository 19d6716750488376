/* user32 window classes: the records RegisterClass keeps, which window
 * creation asks about before it fails (syscalls/user32/class.c). */
#ifndef WOWBOX_SYSCALLS_USER32_CLASS_H
#define WOWBOX_SYSCALLS_USER32_CLASS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vm.h"

/* Whether a window of class `name` (a guest string, A or W, or an atom
 * below 0x10000) could be created for module `instance`: a class that
 * module registered, a global one, or one of the system's classes. */
bool user32_class_known(gaddr name, bool wide, gaddr instance);

#endif
