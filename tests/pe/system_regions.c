/* The system's parts of the address space refuse what Windows refuses:
 * KUSER_SHARED_DATA (a no-change read-only region), the PEB and TEB
 * (secured: write access stays), and images (freed only by unmapping),
 * while the changes Windows allows (an image made writable to patch it,
 * the TEB kept writable) still work. */
#include <windows.h>
#include <stdio.h>

static void free_it(const char *what, void *p, DWORD type)
{
    SetLastError(0);
    BOOL r = VirtualFree(p, type == MEM_RELEASE ? 0 : 4096, type);
    printf("%-8s %-8s -> %d error %lu\n", type == MEM_RELEASE ? "release" : "decommit", what, r,
           GetLastError());
}

static void protect_it(const char *what, void *p, DWORD prot)
{
    DWORD old = 0;
    SetLastError(0);
    BOOL r = VirtualProtect(p, 4096, prot, &old);
    printf("protect  %-8s %03lx -> %d error %lu\n", what, prot, r, GetLastError());
    if (r)
        VirtualProtect(p, 4096, old, &old);
}

int main(void)
{
    void *kuser = (void *)0x7FFE0000;
    void *k32 = GetModuleHandleA("kernel32.dll");
    void *exe = GetModuleHandleA(NULL);
    void *teb = (void *)__readfsdword(0x18);
    void *peb = (void *)__readfsdword(0x30);

    protect_it("kuser", kuser, PAGE_READWRITE);
    protect_it("kuser", kuser, PAGE_READONLY);
    free_it("kuser", kuser, MEM_RELEASE);
    free_it("kuser", kuser, MEM_DECOMMIT);
    free_it("kernel32", k32, MEM_RELEASE);
    free_it("kernel32", k32, MEM_DECOMMIT);
    free_it("exe", exe, MEM_RELEASE);
    free_it("teb", teb, MEM_RELEASE);
    free_it("peb", peb, MEM_DECOMMIT);
    protect_it("teb", teb, PAGE_NOACCESS);
    protect_it("peb", peb, PAGE_READONLY);
    protect_it("peb", peb, PAGE_READWRITE | PAGE_GUARD);
    protect_it("teb", teb, PAGE_EXECUTE_READWRITE);
    protect_it("kernel32", k32, PAGE_READWRITE);

    /* still there and still itself */
    printf("kuser NtMajorVersion %lu, teb self ok %d, GetTickCount works %d\n",
           *(volatile DWORD *)0x7FFE026C, __readfsdword(0x18) == (DWORD)teb, GetTickCount() != 0);
    void *mine = VirtualAlloc(NULL, 4096, MEM_COMMIT, PAGE_READWRITE);
    free_it("private", mine, MEM_RELEASE);
    return 0;
}
