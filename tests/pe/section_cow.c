/* section_cow.c - proves what the section issue's notes left: a
 * copy-on-write view's pages report PAGE_WRITECOPY until written and
 * PAGE_READWRITE (PAGE_EXECUTE_READWRITE) once written, page by page, for
 * page-file and file sections, while the file and other views keep the
 * original; SEC_RESERVE commits belong to the section, so a page committed
 * through one view is committed in every view, also one mapped later; the
 * Ex variants (CreateFileMappingNumaW, MapViewOfFileExNuma at a requested
 * base, NtCreateSectionEx / NtMapViewOfSectionEx / NtUnmapViewOfSectionEx
 * with their extended parameters) and OpenFileMapping's access rights. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#define FILE1 "wbcow_one.tmp"

static void query(const char *what, void *p)
{
    MEMORY_BASIC_INFORMATION m;
    if (!VirtualQuery(p, &m, sizeof m)) {
        printf("%s: VirtualQuery failed err=%lu\n", what, GetLastError());
        return;
    }
    printf("%s: size=%#lx state=%#lx prot=%#lx allocprot=%#lx\n", what, (unsigned long)m.RegionSize, m.State,
           m.Protect, m.AllocationProtect);
}

static void cow_pagefile(void)
{
    printf("-- copy-on-write, page-file section\n");
    HANDLE m = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x4000, NULL);
    char *w = MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0);
    strcpy(w + 0x1000, "original");
    char *c = MapViewOfFile(m, FILE_MAP_COPY, 0, 0, 0);
    query("fresh copy view", c);
    printf("reads: %s\n", c + 0x1000);
    query("after a read", c);
    strcpy(c + 0x1000, "private");
    query("written page", c + 0x1000);
    query("page before it", c);
    query("pages after it", c + 0x2000);
    printf("copy: %s, section: %s\n", c + 0x1000, w + 0x1000);
    DWORD old = 0;
    BOOL ok = VirtualProtect(c + 0x1000, 0x1000, PAGE_READONLY, &old);
    printf("VirtualProtect of the written page: %d old=%#lx\n", ok, old);
    query("made read-only", c + 0x1000);
    strcpy(w + 0x2000, "later");
    printf("an unwritten page still follows the section: %s\n", c + 0x2000);
    UnmapViewOfFile(c);
    UnmapViewOfFile(w);
    CloseHandle(m);

    m = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_EXECUTE_READWRITE, 0, 0x2000, NULL);
    c = MapViewOfFile(m, FILE_MAP_COPY | FILE_MAP_EXECUTE, 0, 0, 0);
    query("executable copy view", c);
    c[0x1001] = 1;
    query("its written page", c + 0x1000);
    UnmapViewOfFile(c);
    CloseHandle(m);
}

static void cow_file(void)
{
    printf("-- copy-on-write, file section\n");
    HANDLE f = CreateFileA(FILE1, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    char buf[0x3000];
    memset(buf, 'a', sizeof buf);
    DWORD n;
    WriteFile(f, buf, sizeof buf, &n, NULL);
    HANDLE m = CreateFileMappingA(f, NULL, PAGE_WRITECOPY, 0, 0, NULL);
    char *c = MapViewOfFile(m, FILE_MAP_COPY, 0, 0, 0);
    query("file copy view", c);
    c[0x2000] = 'B';
    query("first pages", c);
    query("written page", c + 0x2000);
    char back = 0;
    SetFilePointer(f, 0x2000, NULL, FILE_BEGIN);
    ReadFile(f, &back, 1, &n, NULL);
    printf("file keeps: %c, view has: %c\n", back, c[0x2000]);
    UnmapViewOfFile(c);
    CloseHandle(m);
    CloseHandle(f);
    DeleteFileA(FILE1);
}

static void reserve(void)
{
    printf("-- SEC_RESERVE commits per section\n");
    HANDLE m = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE | SEC_RESERVE, 0, 0x30000, NULL);
    char *a = MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0);
    char *b = MapViewOfFile(m, FILE_MAP_READ, 0, 0, 0);
    char *off = MapViewOfFile(m, FILE_MAP_WRITE, 0, 0x10000, 0x10000);
    query("second view before", b);
    void *p = VirtualAlloc(a + 0x10000, 0x2000, MEM_COMMIT, PAGE_READWRITE);
    printf("commit through the first view: %d\n", p == a + 0x10000);
    strcpy(a + 0x10000, "committed once");
    query("first view", a + 0x10000);
    query("second view", b + 0x10000);
    query("second view before them", b);
    query("view at 0x10000", off);
    printf("second view reads: %s\n", b + 0x10000);
    printf("offset view reads: %s\n", off);
    char *later = MapViewOfFile(m, FILE_MAP_READ, 0, 0, 0);
    query("view mapped later", later + 0x10000);
    query("its reserved start", later);
    p = VirtualAlloc(off + 0x2000, 0x1000, MEM_COMMIT, PAGE_READWRITE);
    printf("commit through the offset view: %d\n", p == off + 0x2000);
    query("first view sees it", a + 0x12000);
    query("later view sees it", later + 0x12000);
    UnmapViewOfFile(a);
    UnmapViewOfFile(b);
    UnmapViewOfFile(off);
    UnmapViewOfFile(later);
    CloseHandle(m);
}

typedef struct {
    DWORD64 Type;
    DWORD64 Value;
} EXT_PARAM; /* MEM_EXTENDED_PARAMETER on x86: type in the low 8 bits, then the value */

typedef struct {
    USHORT Length, MaximumLength;
    PWSTR Buffer;
} USTR;
typedef struct {
    ULONG Length;
    HANDLE RootDirectory;
    USTR *ObjectName;
    ULONG Attributes;
    PVOID SecurityDescriptor, SecurityQualityOfService;
} OBJ_ATTR;

typedef LONG(NTAPI *create_ex_fn)(HANDLE *, ACCESS_MASK, OBJ_ATTR *, LARGE_INTEGER *, ULONG, ULONG, HANDLE,
                                  EXT_PARAM *, ULONG);
typedef LONG(NTAPI *map_ex_fn)(HANDLE, HANDLE, PVOID *, LARGE_INTEGER *, SIZE_T *, ULONG, ULONG, EXT_PARAM *,
                               ULONG);
typedef LONG(NTAPI *unmap_ex_fn)(HANDLE, PVOID, ULONG);

static void ex_variants(void)
{
    printf("-- Ex variants\n");
    HANDLE m = CreateFileMappingNumaW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x20000, L"wbcow_numa", 0);
    printf("CreateFileMappingNumaW: %s err=%lu\n", m ? "handle" : "NULL", GetLastError());
    char *v = MapViewOfFileExNuma(m, FILE_MAP_WRITE, 0, 0, 0, NULL, 0);
    strcpy(v, "numa");
    UnmapViewOfFile(v);
    char *want = (char *)0x30000000;
    v = MapViewOfFileExNuma(m, FILE_MAP_READ, 0, 0x10000, 0, want, 0);
    printf("MapViewOfFileExNuma at the base asked: %d\n", v == want);
    UnmapViewOfFile(v);
    v = MapViewOfFileEx(m, FILE_MAP_READ, 0, 0, 0x1000, want);
    printf("MapViewOfFileEx at the base asked: %d reads %s\n", v == want, v ? v : "-");
    SetLastError(0);
    char *v2 = MapViewOfFileEx(m, FILE_MAP_READ, 0, 0, 0x1000, want);
    printf("the same base again: %s err=%lu\n", v2 ? "view" : "NULL", GetLastError());
    UnmapViewOfFile(v);

    HANDLE r = OpenFileMappingW(FILE_MAP_READ, FALSE, L"wbcow_numa");
    SetLastError(0);
    v = MapViewOfFile(r, FILE_MAP_WRITE, 0, 0, 0);
    printf("write view through FILE_MAP_READ: %s err=%lu\n", v ? "view" : "NULL", GetLastError());
    SetLastError(0);
    v = MapViewOfFile(r, FILE_MAP_COPY, 0, 0, 0);
    printf("copy view through FILE_MAP_READ: %s\n", v ? "view" : "NULL");
    UnmapViewOfFile(v);
    CloseHandle(r);
    r = OpenFileMappingW(0, FALSE, L"wbcow_numa");
    SetLastError(0);
    v = MapViewOfFile(r, FILE_MAP_READ, 0, 0, 0);
    printf("no access: open %s, read view %s err=%lu\n", r ? "handle" : "NULL", v ? "view" : "NULL",
           GetLastError());
    CloseHandle(r);
    SetLastError(0);
    r = OpenFileMappingW(FILE_MAP_READ, FALSE, L"Global\\wbcow_numa");
    printf("Global\\ is another name: %s err=%lu\n", r ? "handle" : "NULL", GetLastError());
    CloseHandle(m);

    HMODULE nt = GetModuleHandleA("ntdll.dll");
    create_ex_fn create_ex = (create_ex_fn)GetProcAddress(nt, "NtCreateSectionEx");
    map_ex_fn map_ex = (map_ex_fn)GetProcAddress(nt, "NtMapViewOfSectionEx");
    unmap_ex_fn unmap_ex = (unmap_ex_fn)GetProcAddress(nt, "NtUnmapViewOfSectionEx");
    printf("exports: %d %d %d\n", create_ex != NULL, map_ex != NULL, unmap_ex != NULL);
    if (!create_ex || !map_ex || !unmap_ex)
        return;
    LARGE_INTEGER size = { .QuadPart = 0x3000 };
    EXT_PARAM numa = { 2, 0 }; /* MemSectionExtendedParameterNumaNode, node 0 */
    HANDLE s = NULL;
    LONG st = create_ex(&s, SECTION_ALL_ACCESS, NULL, &size, PAGE_READWRITE, SEC_COMMIT, NULL, &numa, 1);
    printf("NtCreateSectionEx: %#lx\n", st);
    HANDLE s2 = NULL;
    EXT_PARAM invalid = { 0, 0 };
    printf("invalid type: %#lx\n",
           create_ex(&s2, SECTION_ALL_ACCESS, NULL, &size, PAGE_READWRITE, SEC_COMMIT, NULL, &invalid, 1));
    PVOID base = NULL;
    SIZE_T vsize = 0;
    LARGE_INTEGER offset = { .QuadPart = 0 };
    st = map_ex(s, GetCurrentProcess(), &base, &offset, &vsize, 0, PAGE_READWRITE, &numa, 1);
    printf("NtMapViewOfSectionEx: %#lx size=%#lx\n", st, (unsigned long)vsize);
    if (st == 0) {
        strcpy(base, "ex view");
        query("ex view", base);
        printf("bad unmap flags: %#lx\n", unmap_ex(GetCurrentProcess(), base, 0x100));
        printf("NtUnmapViewOfSectionEx: %#lx\n", unmap_ex(GetCurrentProcess(), base, 0));
        MEMORY_BASIC_INFORMATION mbi;
        VirtualQuery(base, &mbi, sizeof mbi);
        printf("after it: state=%#lx\n", mbi.State);
    }
    CloseHandle(s);
}

int main(void)
{
    cow_pagefile();
    cow_file();
    reserve();
    ex_variants();
    return 0;
}
