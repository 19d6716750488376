/* The one guest process: the services every layer uses while it runs —
 * the last-error cell, exit, calls into guest code, unhandled faults. Its
 * start-up, which wires the loader, the syscalls layer and the CPU
 * backend together, is core/app/start.c. */
#include "core/process.h"

#include <stdio.h>

#include "core/crash_report.h"
#include "core/guest_mem.h"
#include "core/teb.h"
#include "core/thread.h"

struct process *proc;

uint32_t teb_get_last_error(void)
{
    uint32_t v = 0;
    gm_read_u32(current_thread->teb + TEB_LAST_ERROR, &v);
    return v;
}

void teb_set_last_error(uint32_t err)
{
    gm_write_u32(current_thread->teb + TEB_LAST_ERROR, err);
}

void process_exit(uint32_t code)
{
    if (proc->exiting)
        return;
    proc->exiting = true;
    proc->exit_code = code;
    threads_stop_all();
}

/* For faults no dispatch can reach (a backend that gave up a nested call):
 * the crash report and the exit; core/seh.c dispatches all others. */
void process_unhandled_exception(const struct cpu_exception *exc)
{
    if (proc->exiting)
        return;
    struct cpu_context ctx;
    proc->cpu->get_context(current_thread->cpu, &ctx);
    crash_report(stderr, exc, &ctx);
    proc->crashed = true;
    process_exit(exc->code);
}

bool process_call_guest(gaddr fn, const uint32_t *args, unsigned nargs, uint32_t *ret)
{
    if (proc->exiting)
        return false;
    struct cpu_exception exc;
    thread_to_guest();
    enum cpu_exit r = proc->cpu->call(current_thread->cpu, fn, args, nargs, false, ret, &exc);
    thread_to_host();
    if (r == CPU_EXIT_EXCEPTION)
        process_unhandled_exception(&exc);
    return r == CPU_EXIT_RETURNED && !proc->exiting;
}
