/* vm_edges.c - VirtualAlloc/Protect/Query/Free edge cases with Windows'
 * exact results: commit inside a reservation, protections reported by
 * VirtualQuery, decommit, partial and misaligned releases, bad arguments. */
#include <stdio.h>
#include <windows.h>

static void query(const char *what, void *p)
{
    MEMORY_BASIC_INFORMATION m;
    SIZE_T n = VirtualQuery(p, &m, sizeof m);
    if (m.State == MEM_FREE) { /* free space: base and size depend on neighbours */
        printf("%-22s n=%lu free prot=%#lx aprot=%#lx type=%#lx alloc=%p\n", what, (unsigned long)n,
               m.Protect, m.AllocationProtect, m.Type, m.AllocationBase);
        return;
    }
    printf("%-22s n=%lu off=%#lx alloc_off=%#lx size=%#lx state=%#lx prot=%#lx aprot=%#lx type=%#lx\n", what,
           (unsigned long)n, (unsigned long)((char *)m.BaseAddress - (char *)p),
           (unsigned long)((char *)p - (char *)m.AllocationBase), (unsigned long)m.RegionSize,
           m.State, m.Protect, m.AllocationProtect, m.Type);
}

static void result(const char *what, BOOL ok)
{
    printf("%-22s %s err=%lu\n", what, ok ? "ok" : "fail", ok ? 0 : GetLastError());
}

int main(void)
{
    char *r = VirtualAlloc(NULL, 0x40000, MEM_RESERVE, PAGE_READWRITE);
    printf("reserve aligned: %s\n", ((size_t)r & 0xFFFF) == 0 ? "yes" : "no");
    query("reserved", r);
    char *c = VirtualAlloc(r + 0x11000, 0x1800, MEM_COMMIT, PAGE_READWRITE);
    printf("commit returns page: %s\n", c == r + 0x11000 ? "yes" : "no");
    query("before commit", r);
    query("committed", r + 0x11000);
    query("after commit", r + 0x13000);
    DWORD old = 0;
    result("protect ro", VirtualProtect(r + 0x12000, 0x10, PAGE_READONLY, &old));
    printf("old protect %#lx\n", old);
    query("after protect", r + 0x11000);
    query("protected page", r + 0x12000);
    result("protect reserved", VirtualProtect(r, 0x1000, PAGE_READONLY, &old));
    result("protect bad old", VirtualProtect(r + 0x11000, 0x10, PAGE_READONLY, NULL));
    result("bad protection", VirtualAlloc(r + 0x11000, 0x1000, MEM_COMMIT, 0x12345) != NULL);
    result("commit free space", VirtualAlloc((char *)0x70000000, 0x1000, MEM_COMMIT, PAGE_READWRITE) != NULL);
    result("size zero", VirtualAlloc(NULL, 0, MEM_COMMIT, PAGE_READWRITE) != NULL);
    result("decommit", VirtualFree(r + 0x11000, 0x1000, MEM_DECOMMIT));
    query("decommitted", r + 0x11000);
    result("release not base", VirtualFree(r + 0x1000, 0, MEM_RELEASE));
    result("release with size", VirtualFree(r, 0x1000, MEM_RELEASE));
    result("release", VirtualFree(r, 0, MEM_RELEASE));
    query("released", r);
    result("release twice", VirtualFree(r, 0, MEM_RELEASE));
    char *t = VirtualAlloc(NULL, 0x10000, MEM_RESERVE | MEM_COMMIT | MEM_TOP_DOWN, PAGE_EXECUTE_READWRITE);
    printf("top-down above 1 GB: %s\n", (size_t)t > 0x40000000 ? "yes" : "no");
    query("top-down", t);
    return 0;
}
