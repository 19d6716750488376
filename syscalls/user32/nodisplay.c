/* The "needs a window" line: printed once per process, since a program that
 * cannot get its first window usually tries again or gives up at once, and
 * one line says all there is to say. */
#include "syscalls/user32/nodisplay.h"

#include <stdatomic.h>

#include "core/log.h"
#include "core/trace.h"
#include "loader/module.h"
#include "syscalls/api.h"

static atomic_bool said;

void user32_needs_window(const struct thunk_call *c)
{
    if (atomic_exchange(&said, true))
        return;
    char where[96];
    describe_addr(c->ret_addr, where, sizeof where);
    const struct module *exe = module_exe();
    wb_error("%s needs a window (%s called from %s) and wowbox has no display: the call fails",
             exe ? exe->name : "the program", c->entry->exp->name, where);
}
