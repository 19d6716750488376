/* Prints the guest address space region by region, as VirtualQuery walks
 * it, with the owner of each allocation. */
#include "core/vmmap.h"

#include <stdlib.h>
#include <string.h>

struct tag { gaddr base; char *name; };
static struct tag *tags;
static size_t ntags;

void vmmap_tag(gaddr alloc_base, const char *name)
{
    struct tag *t = realloc(tags, (ntags + 1) * sizeof *t);
    if (!t)
        return;
    tags = t;
    tags[ntags].base = alloc_base;
    tags[ntags].name = strdup(name);
    ntags++;
}

static const char *owner(gaddr alloc_base, vmmap_module_name module_name)
{
    for (size_t i = ntags; i-- > 0;)
        if (tags[i].base == alloc_base)
            return tags[i].name;
    const char *m = module_name ? module_name(alloc_base) : NULL;
    return m ? m : "";
}

static const char *state_name(uint32_t s)
{
    return s == MEM_COMMIT ? "commit" : s == MEM_RESERVE ? "reserve" : "free";
}

static void prot_name(uint32_t p, char *out, size_t outsz)
{
    static const struct { uint32_t bit; const char *name; } names[] = {
        { PAGE_NOACCESS, "---" }, { PAGE_READONLY, "r--" }, { PAGE_READWRITE, "rw-" },
        { PAGE_WRITECOPY, "rc-" }, { PAGE_EXECUTE, "--x" }, { PAGE_EXECUTE_READ, "r-x" },
        { PAGE_EXECUTE_READWRITE, "rwx" }, { PAGE_EXECUTE_WRITECOPY, "rcx" },
    };
    snprintf(out, outsz, "%s", "");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if ((p & 0xFF) == names[i].bit)
            snprintf(out, outsz, "%s", names[i].name);
    if (p & PAGE_GUARD)
        strncat(out, " guard", outsz - strlen(out) - 1);
}

void vmmap_print(FILE *out, const struct vm *vm, vmmap_module_name module_name)
{
    fprintf(out, "guest address space: %s, user addresses 0x00010000-%#010x\n",
            vm->large_address_aware ? "4 GB (large address aware)" : "2 GB", vm->user_limit - 1u);
    fprintf(out, "%-10s %-10s %-8s %-10s %-7s %-10s %s\n", "base", "size", "state", "protect", "type",
            "alloc", "owner");
    uint64_t addr = 0;
    while (addr < (1ull << 32)) {
        struct vm_region_info r;
        vm_query(vm, (gaddr)addr, &r);
        if (r.size == 0)
            break;
        if (r.state != MEM_FREE) {
            char prot[24];
            prot_name(r.prot, prot, sizeof prot);
            fprintf(out, "0x%08x 0x%08x %-8s %-10s %-7s 0x%08x %s\n", r.base, r.size, state_name(r.state),
                    r.state == MEM_COMMIT ? prot : "", r.type == MEM_IMAGE ? "image" : r.type == MEM_MAPPED ? "mapped" : "private",
                    r.alloc_base, owner(r.alloc_base, module_name));
        }
        addr = (uint64_t)r.base + r.size;
    }
}
