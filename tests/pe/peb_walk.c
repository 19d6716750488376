/* peb_walk.c - what shellcode and packers do: find kernel32 by walking
 * PEB->Ldr (fs:[30h]) and resolve GetProcAddress by parsing its export
 * table by hand, then use it. Also checks the three module lists agree. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

struct ustr { USHORT len, max; WCHAR *buf; };

static int wide_ieq(const struct ustr *u, const char *s)
{
    size_t n = u->len / 2;
    if (n != strlen(s))
        return 0;
    for (size_t i = 0; i < n; i++) {
        WCHAR a = u->buf[i], b = (unsigned char)s[i];
        if (a >= 'A' && a <= 'Z') a += 32;
        if (b >= 'A' && b <= 'Z') b += 32;
        if (a != b)
            return 0;
    }
    return 1;
}

static int count(LIST_ENTRY *head)
{
    int n = 0;
    for (LIST_ENTRY *e = head->Flink; e != head; e = e->Flink)
        n++;
    return n;
}

static void *find_export(unsigned char *base, const char *name)
{
    IMAGE_NT_HEADERS *nt = (IMAGE_NT_HEADERS *)(base + ((IMAGE_DOS_HEADER *)base)->e_lfanew);
    IMAGE_EXPORT_DIRECTORY *ed = (IMAGE_EXPORT_DIRECTORY *)(base +
        nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT].VirtualAddress);
    DWORD *names = (DWORD *)(base + ed->AddressOfNames);
    WORD *ords = (WORD *)(base + ed->AddressOfNameOrdinals);
    DWORD *funcs = (DWORD *)(base + ed->AddressOfFunctions);
    for (DWORD i = 0; i < ed->NumberOfNames; i++)
        if (strcmp((char *)base + names[i], name) == 0)
            return base + funcs[ords[i]];
    return NULL;
}

int main(void)
{
    unsigned char *peb;
    __asm__("movl %%fs:0x30, %0" : "=r"(peb));
    unsigned char *ldr = *(unsigned char **)(peb + 0x0C);
    LIST_ENTRY *load = (LIST_ENTRY *)(ldr + 0x0C), *mem = (LIST_ENTRY *)(ldr + 0x14),
               *init = (LIST_ENTRY *)(ldr + 0x1C);
    unsigned char *first = (unsigned char *)load->Flink;
    printf("first in load order is the program: %s\n",
           *(void **)(first + 0x18) == GetModuleHandleA(NULL) ? "yes" : "no");
    printf("image base in PEB matches: %s\n", *(void **)(peb + 8) == GetModuleHandleA(NULL) ? "yes" : "no");
    printf("memory-order list has the same count: %s\n", count(mem) == count(load) ? "yes" : "no");
    printf("init-order list has one entry less (no exe): %s\n", count(init) == count(load) - 1 ? "yes" : "no");
    unsigned char *k32 = NULL;
    for (LIST_ENTRY *e = load->Flink; e != load; e = e->Flink) {
        struct ustr *name = (struct ustr *)((unsigned char *)e + 0x2C);
        if (wide_ieq(name, "kernel32.dll"))
            k32 = *(unsigned char **)((unsigned char *)e + 0x18);
    }
    printf("kernel32 found: %s\n", k32 && k32 == (unsigned char *)GetModuleHandleA("kernel32") ? "yes" : "no");
    FARPROC (WINAPI *gpa)(HMODULE, LPCSTR) = (FARPROC (WINAPI *)(HMODULE, LPCSTR))find_export(k32, "GetProcAddress");
    printf("GetProcAddress by hand: %s\n", gpa == (void *)GetProcAddress ? "same as imported" : "differs");
    DWORD (WINAPI *pid)(void) = (DWORD (WINAPI *)(void))gpa((HMODULE)k32, "GetCurrentProcessId");
    printf("GetCurrentProcessId through it: %s\n", pid && pid() == GetCurrentProcessId() ? "works" : "broken");
    printf("kernel32 image says it is a DLL: %s\n",
           ((IMAGE_NT_HEADERS *)(k32 + ((IMAGE_DOS_HEADER *)k32)->e_lfanew))->FileHeader.Characteristics & IMAGE_FILE_DLL ? "yes" : "no");
    return 0;
}
