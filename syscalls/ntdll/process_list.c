/* The guest process list: this process and its threads from core's
 * thread list, the rest from the Win32 layer's hook. */
#include "syscalls/ntdll/process_list.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/process.h"
#include "core/thread.h"
#include "loader/module.h"

void (*nt_process_list_hook)(struct nt_process_list *l);

struct nt_process_entry *nt_process_list_add(struct nt_process_list *l, uint32_t nthreads)
{
    struct nt_process_entry *grown = realloc(l->p, (l->n + 1) * sizeof *l->p);
    if (!grown)
        return NULL;
    l->p = grown;
    struct nt_process_entry *e = &l->p[l->n];
    memset(e, 0, sizeof *e);
    e->threads = calloc(nthreads ? nthreads : 1, sizeof *e->threads);
    if (!e->threads)
        return NULL;
    e->nthreads = nthreads ? nthreads : 1;
    l->n++;
    return e;
}

/* Threads whose guest code is over are gone from Windows' list too. */
static uint32_t live_threads(void)
{
    uint32_t n = 0;
    for (struct guest_thread *t = thread_list; t; t = t->next)
        n += !t->ended;
    return n;
}

bool nt_process_list(struct nt_process_list *l)
{
    memset(l, 0, sizeof *l);
    struct nt_process_entry *self = nt_process_list_add(l, live_threads());
    if (!self)
        return false;
    self->pid = proc->pid;
    const struct module *exe = module_exe();
    strncpy(self->image, exe ? exe->name : "", sizeof self->image - 1);
    uint32_t i = 0;
    for (struct guest_thread *t = thread_list; t && i < self->nthreads; t = t->next) {
        if (t->ended)
            continue;
        self->threads[i].tid = t->tid;
        self->threads[i].start = t->start_eax;
        self->threads[i].priority = t->priority;
        i++;
    }
    if (nt_process_list_hook)
        nt_process_list_hook(l);
    return true;
}

void nt_process_list_free(struct nt_process_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->p[i].threads);
    free(l->p);
    memset(l, 0, sizeof *l);
}
