/* section_inherit.c - proves that section (file mapping) handles and file
 * handles are inherited by a child created with bInheritHandles (this
 * program run again with the handle values as arguments): a page-file
 * section made inheritable through its SECURITY_ATTRIBUTES, a named one, a
 * file section marked with SetHandleInformation and a CreateFile handle
 * whose SECURITY_ATTRIBUTES ask for inheritance reach the child at the same
 * values; the child's views share the parent's pages both ways and keep
 * the handle's access (OpenFileMapping's bInheritHandle, FILE_MAP_READ);
 * a handle not marked inheritable does not cross, and without
 * bInheritHandles none does. NtCreateSection's OBJ_INHERIT marks the
 * handle too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include "run_child.h"

#define FILE1 "wbsi_one.tmp"

typedef LONG(WINAPI *NtCreateSection_fn)(HANDLE *, ACCESS_MASK, void *, LARGE_INTEGER *, ULONG, ULONG, HANDLE);

struct oa32 {
    ULONG Length;
    HANDLE RootDirectory;
    void *ObjectName;
    ULONG Attributes;
    void *SecurityDescriptor, *SecurityQualityOfService;
};

static HANDLE handle_arg(const char *s)
{
    return (HANDLE)(ULONG_PTR)strtoul(s, NULL, 16);
}

static DWORD inherit_flag(HANDLE h)
{
    DWORD flags = 0xFF;
    if (!GetHandleInformation(h, &flags))
        return 0xFF;
    return flags & HANDLE_FLAG_INHERIT;
}

static void child_view(const char *what, HANDLE h, DWORD access, const char *write)
{
    SetLastError(0);
    char *v = MapViewOfFile(h, access, 0, 0, 0);
    if (!v) {
        printf("child: %s: no view err=%lu\n", what, GetLastError());
        return;
    }
    printf("child: %s reads: %s\n", what, v);
    if (write)
        strcpy(v, write);
    UnmapViewOfFile(v);
}

static void child_file(HANDLE f)
{
    char buf[32] = { 0 };
    DWORD got = 0;
    SetLastError(0);
    if (SetFilePointer(f, 0, NULL, FILE_BEGIN) == INVALID_SET_FILE_POINTER || !ReadFile(f, buf, 14, &got, NULL)) {
        printf("child: file handle: err=%lu\n", GetLastError());
        return;
    }
    printf("child: file handle reads %lu bytes: %s\n", got, buf);
}

static int child(int argc, char **argv)
{
    if (argc != 7)
        return 3;
    child_view("inherited", handle_arg(argv[1]), FILE_MAP_WRITE, "written by the child");
    child_view("named", handle_arg(argv[2]), FILE_MAP_READ, NULL);
    child_view("file", handle_arg(argv[3]), FILE_MAP_WRITE, "by a child");
    child_view("read-only handle, write view", handle_arg(argv[4]), FILE_MAP_WRITE, NULL);
    child_view("read-only handle", handle_arg(argv[4]), FILE_MAP_READ, NULL);
    child_view("not inheritable", handle_arg(argv[5]), FILE_MAP_READ, NULL);
    child_file(handle_arg(argv[6]));
    printf("child: inherit flag kept: %lu\n", inherit_flag(handle_arg(argv[1])));
    HANDLE byname = OpenFileMappingA(FILE_MAP_READ, FALSE, "wbsi_named");
    printf("child: named section by name: %s\n", byname ? "found" : "not found");
    if (byname)
        CloseHandle(byname);
    return 0;
}

static void nt_inherit(void)
{
    NtCreateSection_fn create = (NtCreateSection_fn)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtCreateSection");
    LARGE_INTEGER size;
    size.QuadPart = 0x1000;
    struct oa32 oa = { sizeof oa, NULL, NULL, 2 /* OBJ_INHERIT */, NULL, NULL };
    HANDLE h = NULL, plain = NULL;
    LONG st = create(&h, SECTION_ALL_ACCESS, &oa, &size, PAGE_READWRITE, SEC_COMMIT, NULL);
    oa.Attributes = 0;
    LONG st2 = create(&plain, SECTION_ALL_ACCESS, &oa, &size, PAGE_READWRITE, SEC_COMMIT, NULL);
    printf("NtCreateSection OBJ_INHERIT: %08lx flag %lu; without: %08lx flag %lu\n", (unsigned long)st,
           inherit_flag(h), (unsigned long)st2, inherit_flag(plain));
    CloseHandle(h);
    CloseHandle(plain);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return child(argc, argv);
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
    HANDLE anon = CreateFileMappingA(INVALID_HANDLE_VALUE, &sa, PAGE_READWRITE, 0, 0x1000, NULL);
    char *a = MapViewOfFile(anon, FILE_MAP_WRITE, 0, 0, 0);
    strcpy(a, "from the parent");

    HANDLE named = CreateFileMappingA(INVALID_HANDLE_VALUE, &sa, PAGE_READWRITE, 0, 0x1000, "wbsi_named");
    char *n = MapViewOfFile(named, FILE_MAP_WRITE, 0, 0, 0);
    strcpy(n, "named pages");

    HANDLE f = CreateFileA(FILE1, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa,
                           CREATE_ALWAYS, 0, NULL);
    DWORD w;
    WriteFile(f, "file pages", 11, &w, NULL);
    HANDLE fm = CreateFileMappingA(f, NULL, PAGE_READWRITE, 0, 0, NULL);
    printf("inherit flags: mapping with sa %lu, file with sa %lu, mapping without sa %lu\n", inherit_flag(anon),
           inherit_flag(f), inherit_flag(fm));
    SetHandleInformation(fm, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);

    HANDLE ro = OpenFileMappingA(FILE_MAP_READ, TRUE, "wbsi_named");
    HANDLE private_one = OpenFileMappingA(FILE_MAP_READ, FALSE, "wbsi_named");
    printf("inherit flags: OpenFileMapping TRUE %lu, FALSE %lu\n", inherit_flag(ro), inherit_flag(private_one));
    nt_inherit();

    char args[128];
    snprintf(args, sizeof args, "%lx %lx %lx %lx %lx %lx", (unsigned long)(ULONG_PTR)anon,
             (unsigned long)(ULONG_PTR)named, (unsigned long)(ULONG_PTR)fm, (unsigned long)(ULONG_PTR)ro,
             (unsigned long)(ULONG_PTR)private_one, (unsigned long)(ULONG_PTR)f);
    DWORD code = run_child_inheriting(args, TRUE);
    printf("child exit: %lu\n", code);
    printf("parent sees: %s\n", a);
    char back[16] = { 0 };
    DWORD got;
    SetFilePointer(f, 0, NULL, FILE_BEGIN);
    ReadFile(f, back, 14, &got, NULL);
    printf("the file has: %s\n", back);

    printf("-- without bInheritHandles\n");
    code = run_child_inheriting(args, FALSE);
    printf("child exit: %lu\n", code);
    UnmapViewOfFile(a);
    UnmapViewOfFile(n);
    CloseHandle(anon);
    CloseHandle(named);
    CloseHandle(fm);
    CloseHandle(ro);
    CloseHandle(private_one);
    CloseHandle(f);
    DeleteFileA(FILE1);
    return 0;
}
