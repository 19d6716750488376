/* Static TLS: every module with a TLS directory gets the next slot index,
 * written to its AddressOfIndex; each thread's ThreadLocalStoragePointer
 * array holds, at that index, a fresh copy of the module's template data
 * followed by SizeOfZeroFill zero bytes. */
#include "loader/tls.h"

#include "core/guest_mem.h"
#include "core/heap.h"
#include "core/process.h"
#include "loader/peb.h"

#define TLS_MAX_SLOTS 64u

static int32_t next_slot;

struct tls_dir { gaddr raw_start, raw_end, index_addr, callbacks; uint32_t zero_fill; };

static bool read_tls_dir(const struct module *m, struct tls_dir *d)
{
    uint32_t t[5];
    if (!m->tls_dir_rva || !gm_read(m->base + m->tls_dir_rva, t, sizeof t))
        return false;
    d->raw_start = t[0];
    d->raw_end = t[1];
    d->index_addr = t[2];
    d->callbacks = t[3];
    d->zero_fill = t[4];
    return true;
}

NTSTATUS tls_thread_init(gaddr teb)
{
    gaddr array = heap_alloc(proc->process_heap, 4 * TLS_MAX_SLOTS, HEAP_ZERO_MEMORY);
    if (!array)
        return STATUS_NO_MEMORY;
    gm_write_u32(teb + TEB_TLS_POINTER, array);
    return STATUS_SUCCESS;
}

/* The template is copied through a host buffer: it may lie in a read-only section. */
static gaddr make_block(const struct tls_dir *d)
{
    uint32_t raw = d->raw_end > d->raw_start ? d->raw_end - d->raw_start : 0;
    if (raw > (64u << 20) || d->zero_fill > (64u << 20))
        return 0;
    gaddr block = heap_alloc(proc->process_heap, raw + d->zero_fill + 4, HEAP_ZERO_MEMORY);
    if (!block)
        return 0;
    uint8_t buf[4096];
    for (uint32_t off = 0; off < raw; off += sizeof buf) {
        uint32_t n = raw - off < sizeof buf ? raw - off : (uint32_t)sizeof buf;
        if (!gm_read(d->raw_start + off, buf, n))
            return 0;
        gm_write(block + off, buf, n);
    }
    return block;
}

/* The module's block in one thread's array (none yet: it gets its blocks
 * when it starts). */
static NTSTATUS give_block(gaddr teb, const struct module *m, const struct tls_dir *d)
{
    uint32_t array = 0;
    gm_read_u32(teb + TEB_TLS_POINTER, &array);
    if (!array)
        return STATUS_SUCCESS;
    gaddr block = make_block(d);
    if (!block)
        return STATUS_NO_MEMORY;
    gm_write_u32(array + 4 * (uint32_t)m->tls_index, block);
    return STATUS_SUCCESS;
}

NTSTATUS tls_module_attach(struct module *m)
{
    struct tls_dir d;
    if (!read_tls_dir(m, &d))
        return STATUS_SUCCESS;
    if (m->tls_index < 0) {
        if ((uint32_t)next_slot >= TLS_MAX_SLOTS)
            return STATUS_NO_MEMORY;
        m->tls_index = next_slot++;
    }
    if (d.index_addr && !gm_write_force(d.index_addr, &m->tls_index, 4))
        return STATUS_INVALID_IMAGE_FORMAT;
    /* every running thread gets a block, as Windows gives a DLL loaded
     * later its static TLS in each thread */
    for (struct guest_thread *t = thread_list; t; t = t->next) {
        if (t->ended)
            continue;
        NTSTATUS st = give_block(t->teb, m, &d);
        if (st != STATUS_SUCCESS)
            return st;
    }
    return STATUS_SUCCESS;
}

NTSTATUS tls_thread_setup(gaddr teb)
{
    NTSTATUS st = tls_thread_init(teb);
    for (struct module *m = module_list; st == STATUS_SUCCESS && m; m = m->next) {
        struct tls_dir d;
        if (m->tls_index >= 0 && read_tls_dir(m, &d))
            st = give_block(teb, m, &d);
    }
    return st;
}

void tls_thread_free(gaddr teb)
{
    uint32_t array = 0;
    if (!teb || !gm_read_u32(teb + TEB_TLS_POINTER, &array) || !array)
        return;
    gm_write_u32(teb + TEB_TLS_POINTER, 0);
    for (uint32_t i = 0; i < TLS_MAX_SLOTS; i++) {
        uint32_t block = 0;
        if (gm_read_u32(array + 4 * i, &block) && block)
            heap_free(proc->process_heap, block);
    }
    heap_free(proc->process_heap, array);
}

bool tls_run_callbacks(const struct module *m, uint32_t reason)
{
    struct tls_dir d;
    if (!read_tls_dir(m, &d) || !d.callbacks)
        return true;
    for (gaddr p = d.callbacks;; p += 4) {
        uint32_t fn = 0;
        if (!gm_read_u32(p, &fn) || fn == 0)
            return true;
        uint32_t args[3] = { m->base, reason, 0 };
        if (!process_call_guest(fn, args, 3, NULL))
            return false;
    }
}
