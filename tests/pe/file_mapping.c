/* file_mapping.c - proves file mappings end to end: page-file-backed and
 * file-backed sections (CreateFileMapping, OpenFileMapping, MapViewOfFile(Ex),
 * UnmapViewOfFile, FlushViewOfFile), two views of one section sharing their
 * pages, named sections (ERROR_ALREADY_EXISTS with a valid handle, the name
 * shared with events), writes through a view seen by ReadFile and the other
 * way round, copy-on-write views, SEC_RESERVE committed by VirtualAlloc,
 * views at a requested base, VirtualQuery's MEM_MAPPED, and the last errors
 * Windows gives for the common mistakes. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#define FILE1 "wbfm_one.tmp"
#define FILE0 "wbfm_empty.tmp"
#define NAME "wowbox_fm_section"

static void report(const char *what, BOOL ok)
{
    DWORD e = GetLastError();
    printf("%s: %s", what, ok ? "ok" : "failed");
    if (!ok)
        printf(" err=%lu", e);
    printf("\n");
}

/* A call expected to fail: NULL/FALSE and its last error. */
static void refused(const char *what, void *r)
{
    DWORD e = GetLastError();
    printf("%s: %s err=%lu\n", what, r ? "succeeded" : "NULL", e);
}

static void query(const char *what, void *p)
{
    MEMORY_BASIC_INFORMATION m;
    if (!VirtualQuery(p, &m, sizeof m)) {
        printf("%s: VirtualQuery failed err=%lu\n", what, GetLastError());
        return;
    }
    printf("%s: base=%s alloc=%s size=%#lx state=%#lx prot=%#lx allocprot=%#lx type=%#lx\n", what,
           m.BaseAddress == p ? "view" : "other", m.AllocationBase == p ? "view" : "other",
           (unsigned long)m.RegionSize, m.State, m.Protect, m.AllocationProtect, m.Type);
}

static HANDLE create_file(const char *name, DWORD access, DWORD disp)
{
    return CreateFileA(name, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, disp,
                       FILE_ATTRIBUTE_NORMAL, NULL);
}

static void pagefile(void)
{
    printf("-- page-file sections\n");
    HANDLE m = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x12345, NULL);
    report("create 0x12345 bytes", m != NULL);
    char *a = MapViewOfFile(m, FILE_MAP_ALL_ACCESS, 0, 0, 0);
    char *b = MapViewOfFile(m, FILE_MAP_READ, 0, 0, 0x1000);
    report("two views", a && b && a != b);
    printf("granular bases: %d %d\n", ((ULONG_PTR)a & 0xFFFF) == 0, ((ULONG_PTR)b & 0xFFFF) == 0);
    printf("fresh pages are zero: %d %d\n", a[0] == 0 && a[0x12344] == 0, b[0xFFF] == 0);
    strcpy(a + 0x10, "shared page");
    printf("second view sees: %s\n", b + 0x10);
    query("rw view", a);
    query("read view", b);
    printf("read view writable: %d\n", !IsBadWritePtr(b, 1));
    CloseHandle(m);
    printf("after closing the handle: %s\n", b + 0x10);
    report("unmap", UnmapViewOfFile(a));
    MEMORY_BASIC_INFORMATION mbi;
    VirtualQuery(a, &mbi, sizeof mbi);
    printf("unmapped: state=%#lx\n", mbi.State);
    SetLastError(0);
    refused("unmap again", (void *)(ULONG_PTR)UnmapViewOfFile(a));
    report("unmap inside the view", UnmapViewOfFile(b + 0x20));

    SetLastError(0);
    refused("size 0", CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0, NULL));
    SetLastError(0);
    refused("bad protection", CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_NOACCESS, 0, 0x1000, NULL));
    SetLastError(0);
    refused("bad handle", CreateFileMappingA((HANDLE)0x1230, NULL, PAGE_READWRITE, 0, 0x1000, NULL));

    m = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READONLY, 0, 0x2000, NULL);
    SetLastError(0);
    refused("write view of a read-only section", MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0));
    char *c = MapViewOfFile(m, FILE_MAP_COPY, 0, 0, 0);
    report("copy view of a read-only section", c != NULL);
    query("copy view", c);
    c[5] = 'x';
    char *r = MapViewOfFile(m, FILE_MAP_READ, 0, 0, 0);
    printf("copy is private: %d %d\n", c[5] == 'x', r[5] == 0);
    printf("read-only view writable: %d\n", !IsBadWritePtr(r, 1));
    UnmapViewOfFile(c);
    UnmapViewOfFile(r);
    SetLastError(0);
    refused("offset not granular", MapViewOfFile(m, FILE_MAP_READ, 0, 0x1000, 0));
    SetLastError(0);
    refused("view past the end", MapViewOfFile(m, FILE_MAP_READ, 0, 0, 0x3000));
    SetLastError(0);
    refused("offset past the end", MapViewOfFile(m, FILE_MAP_READ, 0, 0x10000, 0));
    CloseHandle(m);
}

static void reserve(void)
{
    printf("-- SEC_RESERVE\n");
    HANDLE m = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE | SEC_RESERVE, 0, 0x20000, NULL);
    char *v = MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0);
    query("reserved view", v);
    void *p = VirtualAlloc(v + 0x1000, 0x1000, MEM_COMMIT, PAGE_READWRITE);
    printf("commit: %s\n", p == v + 0x1000 ? "at the page" : "failed");
    strcpy(v + 0x1000, "committed");
    query("committed page", v + 0x1000);
    printf("%s\n", v + 0x1000);
    SetLastError(0);
    refused("VirtualFree of a view", (void *)(ULONG_PTR)VirtualFree(v, 0, MEM_RELEASE));
    UnmapViewOfFile(v);
    CloseHandle(m);
}

static void named(void)
{
    printf("-- named sections\n");
    SetLastError(12345);
    HANDLE m1 = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x1000, NAME);
    printf("create: %s err=%lu\n", m1 ? "handle" : "NULL", GetLastError());
    char *v1 = MapViewOfFile(m1, FILE_MAP_WRITE, 0, 0, 0);
    strcpy(v1, "by name");
    SetLastError(12345);
    HANDLE m2 = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x8000, NAME);
    printf("create again: %s err=%lu same=%d\n", m2 ? "handle" : "NULL", GetLastError(), m1 == m2);
    char *v2 = MapViewOfFile(m2, FILE_MAP_READ, 0, 0, 0);
    printf("second handle sees: %s\n", v2);
    query("view of the existing section", v2);
    HANDLE o = OpenFileMappingA(FILE_MAP_READ, FALSE, NAME);
    char *v3 = MapViewOfFile(o, FILE_MAP_READ, 0, 0, 0);
    printf("opened: %s\n", v3 ? v3 : "(no view)");
    SetLastError(0);
    refused("write view through a read handle", MapViewOfFile(o, FILE_MAP_WRITE, 0, 0, 0));
    HANDLE ow = OpenFileMappingW(FILE_MAP_ALL_ACCESS, FALSE, L"Local\\" NAME);
    report("open Local\\ name (W)", ow != NULL);
    SetLastError(0);
    refused("open missing", OpenFileMappingA(FILE_MAP_READ, FALSE, "wowbox_fm_missing"));
    SetLastError(0);
    refused("event of that name", CreateEventA(NULL, TRUE, FALSE, NAME));
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, "wowbox_fm_event");
    SetLastError(0);
    refused("section with an event's name",
            CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x1000, "wowbox_fm_event"));
    CloseHandle(ev);
    UnmapViewOfFile(v1);
    UnmapViewOfFile(v2);
    UnmapViewOfFile(v3);
    CloseHandle(m1);
    CloseHandle(m2);
    CloseHandle(o);
    CloseHandle(ow);
    SetLastError(0);
    refused("open after the last close", OpenFileMappingA(FILE_MAP_READ, FALSE, NAME));
}

static void file_backed(void)
{
    printf("-- file-backed sections\n");
    DWORD n;
    HANDLE f = create_file(FILE1, GENERIC_READ | GENERIC_WRITE, CREATE_ALWAYS);
    WriteFile(f, "hello, mapping", 14, &n, NULL);
    HANDLE m = CreateFileMappingA(f, NULL, PAGE_READWRITE, 0, 0, NULL);
    report("map the file", m != NULL);
    char *v = MapViewOfFile(m, FILE_MAP_ALL_ACCESS, 0, 0, 0);
    printf("view reads: %.14s, then %d\n", v, v[14]);
    query("file view", v);
    memcpy(v, "HELLO", 5);
    char buf[32] = { 0 };
    SetFilePointer(f, 0, NULL, FILE_BEGIN);
    ReadFile(f, buf, 14, &n, NULL);
    printf("ReadFile sees: %s\n", buf);
    SetFilePointer(f, 7, NULL, FILE_BEGIN);
    WriteFile(f, "MAPPING", 7, &n, NULL);
    printf("view sees WriteFile: %.14s\n", v);
    report("flush", FlushViewOfFile(v, 0));
    printf("file size: %lu\n", GetFileSize(f, NULL));
    SetFilePointer(f, 4, NULL, FILE_BEGIN);
    SetLastError(0);
    refused("truncate a mapped file", (void *)(ULONG_PTR)SetEndOfFile(f));
    UnmapViewOfFile(v);
    CloseHandle(m);

    m = CreateFileMappingA(f, NULL, PAGE_READWRITE, 0, 0x3000, NULL);
    printf("a larger section grows the file: %lu\n", GetFileSize(f, NULL));
    CloseHandle(f); /* the section keeps the file */
    v = MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0);
    strcpy(v + 0x2000, "tail");
    UnmapViewOfFile(v);
    CloseHandle(m);

    f = create_file(FILE1, GENERIC_READ, OPEN_EXISTING);
    SetLastError(0);
    refused("read-write section of a read-only handle", CreateFileMappingA(f, NULL, PAGE_READWRITE, 0, 0, NULL));
    SetLastError(0);
    refused("read-only section larger than the file", CreateFileMappingA(f, NULL, PAGE_READONLY, 0, 0x4000, NULL));
    m = CreateFileMappingA(f, NULL, PAGE_READONLY, 0, 0, NULL);
    report("read-only section", m != NULL);
    v = MapViewOfFile(m, FILE_MAP_READ, 0, 0, 0);
    printf("reads back: %.14s %s\n", v, v + 0x2000);
    query("read-only file view", v);
    char *c = MapViewOfFile(m, FILE_MAP_COPY, 0, 0, 0);
    c[0] = 'J';
    printf("copy-on-write: %c %c\n", c[0], v[0]);
    UnmapViewOfFile(c);
    UnmapViewOfFile(v);
    CloseHandle(m);
    CloseHandle(f);

    f = create_file(FILE0, GENERIC_READ | GENERIC_WRITE, CREATE_ALWAYS);
    SetLastError(0);
    refused("empty file, no size", CreateFileMappingA(f, NULL, PAGE_READWRITE, 0, 0, NULL));
    m = CreateFileMappingA(f, NULL, PAGE_READWRITE | SEC_RESERVE, 0, 0x1000, NULL);
    report("SEC_RESERVE on a file is ignored", m != NULL);
    CloseHandle(m);
    WriteFile(f, "not a PE image", 14, &n, NULL);
    SetLastError(0);
    refused("SEC_IMAGE of a text file", CreateFileMappingA(f, NULL, PAGE_READONLY | SEC_IMAGE, 0, 0, NULL));
    SetFilePointer(f, 0, NULL, FILE_BEGIN);
    WriteFile(f, "MZ but nothing more", 19, &n, NULL);
    SetLastError(0);
    refused("SEC_IMAGE of a broken PE", CreateFileMappingA(f, NULL, PAGE_READONLY | SEC_IMAGE, 0, 0, NULL));
    CloseHandle(f);
    report("delete", DeleteFileA(FILE1) && DeleteFileA(FILE0));
}

/* SEC_IMAGE: this program's own file mapped as an image, a second time. */
static void image(void)
{
    printf("-- image sections\n");
    char path[MAX_PATH];
    GetModuleFileNameA(NULL, path, sizeof path);
    HANDLE f = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    HANDLE m = CreateFileMappingA(f, NULL, PAGE_READONLY | SEC_IMAGE, 0, 0, NULL);
    report("image section of this program", m != NULL);
    CloseHandle(f);
    unsigned char *v = MapViewOfFile(m, FILE_MAP_READ, 0, 0, 0);
    HMODULE self = GetModuleHandleA(NULL);
    printf("mapped elsewhere: %d, starts with MZ: %d\n", v && v != (unsigned char *)self, v && v[0] == 'M' && v[1] == 'Z');
    IMAGE_NT_HEADERS *nt = (IMAGE_NT_HEADERS *)(v + ((IMAGE_DOS_HEADER *)v)->e_lfanew);
    IMAGE_NT_HEADERS *own = (IMAGE_NT_HEADERS *)((char *)self + ((IMAGE_DOS_HEADER *)self)->e_lfanew);
    printf("size of image as loaded: %d\n", nt->OptionalHeader.SizeOfImage == own->OptionalHeader.SizeOfImage);
    /* laid out by sections, like the loaded program: the first section's bytes agree */
    IMAGE_SECTION_HEADER *sec = IMAGE_FIRST_SECTION(own);
    printf("first section as loaded: %d\n", memcmp(v + sec->VirtualAddress, (char *)self + sec->VirtualAddress, 16) == 0);
    MEMORY_BASIC_INFORMATION mbi;
    VirtualQuery(v, &mbi, sizeof mbi);
    printf("headers: type=%#lx prot=%#lx alloc=%s\n", mbi.Type, mbi.Protect, mbi.AllocationBase == v ? "view" : "other");
    VirtualQuery(v + sec->VirtualAddress, &mbi, sizeof mbi);
    printf("first section: prot=%#lx\n", mbi.Protect);
    UnmapViewOfFile(v);
    CloseHandle(m);
}

static void at_base(void)
{
    printf("-- views at a requested base\n");
    HANDLE m = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x20000, NULL);
    char *free_at = VirtualAlloc(NULL, 0x40000, MEM_RESERVE, PAGE_NOACCESS);
    VirtualFree(free_at, 0, MEM_RELEASE);
    char *v = MapViewOfFileEx(m, FILE_MAP_WRITE, 0, 0, 0, free_at);
    printf("at the base asked: %d\n", v == free_at);
    SetLastError(0);
    refused("overlapping view", MapViewOfFileEx(m, FILE_MAP_WRITE, 0, 0, 0, free_at + 0x10000));
    SetLastError(0);
    refused("unaligned base", MapViewOfFileEx(m, FILE_MAP_WRITE, 0, 0, 0, free_at + 0x21000));
    char *w = MapViewOfFileEx(m, FILE_MAP_WRITE, 0, 0x10000, 0x1000, free_at + 0x20000);
    printf("offset view at the next granule: %d\n", w == free_at + 0x20000);
    strcpy(v + 0x10000, "offset");
    printf("offset view sees: %s\n", w);
    query("small view", w);
    UnmapViewOfFile(v);
    UnmapViewOfFile(w);
    CloseHandle(m);
}

typedef LONG(WINAPI *query_fn)(HANDLE, int, void *, ULONG, ULONG *);
typedef LONG(WINAPI *extend_fn)(HANDLE, LARGE_INTEGER *);

/* SECTION_BASIC_INFORMATION */
struct basic_info {
    void *base;
    ULONG attributes;
    LARGE_INTEGER size;
};

static void nt_services(void)
{
    printf("-- NT section services\n");
    HMODULE nt = GetModuleHandleA("ntdll.dll");
    query_fn query_section = (query_fn)GetProcAddress(nt, "NtQuerySection");
    /* Wine 8 has no NtExtendSection: its results here are Windows' documented ones */
    extend_fn extend_section = (extend_fn)GetProcAddress(nt, "NtExtendSection");
    struct basic_info bi;
    ULONG len = 0;
    HANDLE m = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x5000, NULL);
    LONG st = query_section(m, 0, &bi, sizeof bi, &len);
    printf("page file: %#lx len=%lu attrs=%#lx size=%#lx\n", st, len, bi.attributes, bi.size.LowPart);
    printf("too small: %#lx\n", query_section(m, 0, &bi, 8, &len));
    char image_info[64];
    printf("image information: %#lx\n", query_section(m, 1, image_info, sizeof image_info, &len));
    LARGE_INTEGER more = { .QuadPart = 0x8000 };
    printf("extend a page-file section: %#lx\n", extend_section(m, &more));
    CloseHandle(m);
    m = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE | SEC_RESERVE, 0, 0x5000, NULL);
    query_section(m, 0, &bi, sizeof bi, &len);
    printf("reserve: attrs=%#lx\n", bi.attributes);
    CloseHandle(m);

    HANDLE f = create_file(FILE1, GENERIC_READ | GENERIC_WRITE, CREATE_ALWAYS);
    DWORD n;
    WriteFile(f, "0123456789", 10, &n, NULL);
    m = CreateFileMappingA(f, NULL, PAGE_READWRITE, 0, 0, NULL);
    query_section(m, 0, &bi, sizeof bi, &len);
    printf("file: attrs=%#lx size=%#lx\n", bi.attributes, bi.size.LowPart);
    more.QuadPart = 0x2000;
    st = extend_section(m, &more);
    printf("extend: %#lx size=%#lx file=%lu\n", st, more.LowPart, GetFileSize(f, NULL));
    more.QuadPart = 0x10;
    st = extend_section(m, &more);
    printf("shrink: %#lx size=%#lx\n", st, more.LowPart);
    char *v = MapViewOfFile(m, FILE_MAP_READ, 0, 0, 0);
    query("view of the extended section", v);
    UnmapViewOfFile(v);
    CloseHandle(m);
    CloseHandle(f);
    DeleteFileA(FILE1);
}

int main(void)
{
    pagefile();
    reserve();
    named();
    file_backed();
    at_base();
    image();
    nt_services();
    return 0;
}
