/* Which copy-on-write pages of a view have been written: the host kernel's
 * /proc/self/pagemap says whether a page of a private file mapping is
 * still the file's page (bit 61) or a private copy (present and not the
 * file's, or swapped out: only copies can be). No fault has to be caught,
 * so both backends and guest_mem's writes are seen alike. */
#define _GNU_SOURCE
#include "core/vm_cow.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define PM_PRESENT (1ull << 63)
#define PM_SWAPPED (1ull << 62)
#define PM_FILE    (1ull << 61)

/* This process's pagemap (a forked child opens its own), -1 when the host
 * has none: pages are then reported as never copied. */
static int pagemap_fd(void)
{
    static int fd = -1;
    static pid_t owner;
    pid_t me = getpid();
    if (owner != me) {
        if (fd >= 0)
            close(fd);
        fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
        owner = me;
    }
    return fd;
}

static bool copied(const struct vm *vm, struct vm_cow_cache *c, uint32_t p)
{
    uintptr_t hp = ((uintptr_t)vm->host_base + (uintptr_t)p * VM_PAGE_SIZE) / vm->host_page;
    if (c->n == 0 || hp < c->first || hp - c->first >= c->n) {
        int fd = pagemap_fd();
        ssize_t got = fd < 0 ? -1 : pread(fd, c->e, sizeof c->e, (off_t)(hp * sizeof c->e[0]));
        if (got < (ssize_t)sizeof c->e[0]) {
            c->n = 0;
            return false;
        }
        c->first = hp;
        c->n = (uint32_t)(got / sizeof c->e[0]);
    }
    uint64_t e = c->e[hp - c->first];
    return (e & PM_SWAPPED) || ((e & PM_PRESENT) && !(e & PM_FILE));
}

uint32_t vm_cow_prot(const struct vm *vm, struct vm_cow_cache *c, uint32_t p)
{
    uint32_t prot = vm->prot[p];
    uint32_t base = prot & 0xFFu;
    if (vm->type[p] != VM_TYPE_MAPPED || vm->state[p] != VM_COMMITTED ||
        (base != PAGE_WRITECOPY && base != PAGE_EXECUTE_WRITECOPY) || !copied(vm, c, p))
        return prot;
    return (prot & ~0xFFu) | (base == PAGE_WRITECOPY ? PAGE_READWRITE : PAGE_EXECUTE_READWRITE);
}
