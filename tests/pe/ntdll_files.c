// build-flags: -lntdll
/* ntdll_files.c - proves the NT file services called directly: DOS -> NT
 * path conversion (RtlDosPathNameToNtPathName_U), NtCreateFile on
 * \??\C:\Windows\System32\... landing in SysWOW64 (WoW64 redirection on the
 * NT path), NtWriteFile/NtReadFile with IO_STATUS_BLOCK.Information and
 * STATUS_END_OF_FILE, the not-found / path-not-found / collision /
 * directory statuses, RootDirectory-relative opens, NtQueryAttributesFile,
 * NtQueryDirectoryFile (pattern, single entry, restart, chained entries),
 * information classes, rename, disposition, NtDeleteFile, NtDuplicateObject,
 * volume queries, RtlNtStatusToDosError, and that kernel32 then sees the
 * same files. (Creating a file in System32 needs administrator rights on
 * Windows; the wowbox prefix is writable.) */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#define SYS32_FILE L"\\??\\C:\\Windows\\System32\\wowbox_nt.tmp"
#define WOW64_FILE_A "C:\\Windows\\SysWOW64\\wowbox_nt.tmp"

/* The NT types and prototypes, declared here (no winternl.h). */
typedef LONG NTSTATUS;
typedef struct {
    USHORT Length, MaximumLength;
    PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef struct {
    ULONG Length;
    HANDLE RootDirectory;
    PUNICODE_STRING ObjectName;
    ULONG Attributes;
    PVOID SecurityDescriptor, SecurityQualityOfService;
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;
typedef struct {
    NTSTATUS Status;
    ULONG_PTR Information;
} IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;
#define OBJ_CASE_INSENSITIVE 0x40
/* FILE_OPEN, FILE_CREATE, FILE_*_FILE options: winnt.h has them */
#define InitializeObjectAttributes(p, n, a, r, s) \
    do {                                           \
        (p)->Length = sizeof(OBJECT_ATTRIBUTES);   \
        (p)->RootDirectory = (r);                  \
        (p)->Attributes = (a);                     \
        (p)->ObjectName = (n);                     \
        (p)->SecurityDescriptor = (s);             \
        (p)->SecurityQualityOfService = NULL;      \
    } while (0)

typedef struct {
    LARGE_INTEGER CreationTime, LastAccessTime, LastWriteTime, ChangeTime;
    ULONG FileAttributes;
} BASIC_INFO;
typedef struct {
    LARGE_INTEGER AllocationSize, EndOfFile;
    ULONG NumberOfLinks;
    BOOLEAN DeletePending, Directory;
} STANDARD_INFO;
typedef struct {
    ULONG NextEntryOffset, FileIndex;
    LARGE_INTEGER CreationTime, LastAccessTime, LastWriteTime, ChangeTime, EndOfFile, AllocationSize;
    ULONG FileAttributes, FileNameLength;
    WCHAR FileName[1];
} DIR_INFO;
typedef struct {
    BOOLEAN ReplaceIfExists;
    HANDLE RootDirectory;
    ULONG FileNameLength;
    WCHAR FileName[1];
} RENAME_INFO;
typedef struct {
    ULONG DeviceType, Characteristics;
} DEVICE_INFO;
typedef struct {
    LARGE_INTEGER TotalAllocationUnits, AvailableAllocationUnits;
    ULONG SectorsPerAllocationUnit, BytesPerSector;
} SIZE_INFO;

#define CLS_DIRECTORY 1
#define CLS_BASIC 4
#define CLS_STANDARD 5
#define CLS_RENAME 10
#define CLS_DISPOSITION 13
#define CLS_POSITION 14
#define FS_SIZE 3
#define FS_DEVICE 4

NTSTATUS NTAPI NtCreateFile(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES, PIO_STATUS_BLOCK, PLARGE_INTEGER, ULONG,
                            ULONG, ULONG, ULONG, PVOID, ULONG);
NTSTATUS NTAPI NtOpenFile(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES, PIO_STATUS_BLOCK, ULONG, ULONG);
NTSTATUS NTAPI NtReadFile(HANDLE, HANDLE, PVOID, PVOID, PIO_STATUS_BLOCK, PVOID, ULONG, PLARGE_INTEGER, PULONG);
NTSTATUS NTAPI NtWriteFile(HANDLE, HANDLE, PVOID, PVOID, PIO_STATUS_BLOCK, PVOID, ULONG, PLARGE_INTEGER, PULONG);
NTSTATUS NTAPI NtQueryInformationFile(HANDLE, PIO_STATUS_BLOCK, PVOID, ULONG, ULONG);
NTSTATUS NTAPI NtSetInformationFile(HANDLE, PIO_STATUS_BLOCK, PVOID, ULONG, ULONG);
NTSTATUS NTAPI NtQueryDirectoryFile(HANDLE, HANDLE, PVOID, PVOID, PIO_STATUS_BLOCK, PVOID, ULONG, ULONG, BOOLEAN,
                                    PUNICODE_STRING, BOOLEAN);
NTSTATUS NTAPI NtQueryAttributesFile(POBJECT_ATTRIBUTES, BASIC_INFO *);
NTSTATUS NTAPI NtQueryVolumeInformationFile(HANDLE, PIO_STATUS_BLOCK, PVOID, ULONG, ULONG);
NTSTATUS NTAPI NtFlushBuffersFile(HANDLE, PIO_STATUS_BLOCK);
NTSTATUS NTAPI NtDeleteFile(POBJECT_ATTRIBUTES);
NTSTATUS NTAPI NtClose(HANDLE);
NTSTATUS NTAPI NtDuplicateObject(HANDLE, HANDLE, HANDLE, PHANDLE, ACCESS_MASK, ULONG, ULONG);
BOOLEAN NTAPI RtlDosPathNameToNtPathName_U(PCWSTR, PUNICODE_STRING, PWSTR *, PVOID);
VOID NTAPI RtlInitUnicodeString(PUNICODE_STRING, PCWSTR);
VOID NTAPI RtlFreeUnicodeString(PUNICODE_STRING);
ULONG NTAPI RtlNtStatusToDosError(NTSTATUS);

static UNICODE_STRING name;
static OBJECT_ATTRIBUTES oa;

static POBJECT_ATTRIBUTES attrs(const WCHAR *path, HANDLE root)
{
    RtlInitUnicodeString(&name, path);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, root, NULL);
    return &oa;
}

static NTSTATUS create(HANDLE *h, const WCHAR *path, HANDLE root, ULONG disposition, ULONG options,
                       IO_STATUS_BLOCK *io)
{
    return NtCreateFile(h, GENERIC_READ | GENERIC_WRITE | DELETE | SYNCHRONIZE, attrs(path, root), io, NULL,
                        FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                        disposition, options | FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
}

static void show_wide(const WCHAR *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        putchar(w[i] < 128 ? (char)w[i] : '?');
}

static void dos_to_nt(const WCHAR *dos, BOOL show_part)
{
    UNICODE_STRING nt;
    PWSTR part = NULL;
    if (!RtlDosPathNameToNtPathName_U(dos, &nt, &part, NULL)) {
        printf("  failed\n");
        return;
    }
    printf("  ");
    show_wide(nt.Buffer, nt.Length / 2);
    printf(" (length %u)\n", nt.Length);
    if (show_part) {
        printf("    file part: ");
        if (part)
            show_wide(part, wcslen(part));
        else
            printf("none");
        printf("\n");
    }
    RtlFreeUnicodeString(&nt);
}

static void paths(void)
{
    printf("-- RtlDosPathNameToNtPathName_U\n");
    dos_to_nt(L"C:\\Windows\\System32\\kernel32.dll", TRUE);
    dos_to_nt(L"C:/a/./b/../c. .", TRUE);
    dos_to_nt(L"\\\\?\\C:\\x\\..\\y", TRUE);
    dos_to_nt(L"\\\\server\\share\\dir\\f.txt", TRUE);
    dos_to_nt(L"\\\\.\\C:\\dir\\", TRUE);
    dos_to_nt(L"NUL", FALSE);
    dos_to_nt(L"C:\\dir\\com1.txt", FALSE);
    UNICODE_STRING nt;
    RtlDosPathNameToNtPathName_U(L"relative.txt", &nt, NULL, NULL);
    WCHAR cwd[MAX_PATH];
    DWORD n = GetCurrentDirectoryW(MAX_PATH, cwd);
    printf("  relative: %s\n", nt.Length == (4 + n + 1 + 12) * 2 && wcsncmp(nt.Buffer, L"\\??\\", 4) == 0 &&
                                   wcsncmp(nt.Buffer + 4, cwd, n) == 0 ? "cwd joined" : "wrong");
    RtlFreeUnicodeString(&nt);
}

static void io(void)
{
    HANDLE h, h2, dup;
    IO_STATUS_BLOCK io;
    NTSTATUS st;
    char buf[32];
    printf("-- create, write, read\n");
    memset(&io, 0xCC, sizeof io);
    st = create(&h, SYS32_FILE, NULL, FILE_CREATE, FILE_NON_DIRECTORY_FILE, &io);
    printf("NtCreateFile System32 new: 0x%08lx info=%lu\n", st, (ULONG)io.Information);
    printf("kernel32 sees it in SysWOW64: %d\n", GetFileAttributesA(WOW64_FILE_A) != INVALID_FILE_ATTRIBUTES);
    BASIC_INFO bi;
    st = NtQueryAttributesFile(attrs(L"\\??\\C:\\Windows\\SysWOW64\\wowbox_nt.tmp", NULL), &bi);
    printf("NtQueryAttributesFile SysWOW64: 0x%08lx attrs=0x%lx\n", st, bi.FileAttributes);
    st = create(&h2, SYS32_FILE, NULL, FILE_CREATE, FILE_NON_DIRECTORY_FILE, &io);
    printf("NtCreateFile again (FILE_CREATE): 0x%08lx\n", st);

    st = NtWriteFile(h, NULL, NULL, NULL, &io, "hello nt layer", 14, NULL, NULL);
    printf("NtWriteFile: 0x%08lx status=0x%08lx info=%lu\n", st, io.Status, (ULONG)io.Information);
    LARGE_INTEGER off;
    off.QuadPart = 6;
    memset(buf, 0, sizeof buf);
    st = NtReadFile(h, NULL, NULL, NULL, &io, buf, 2, &off, NULL);
    printf("NtReadFile at 6: 0x%08lx info=%lu [%s]\n", st, (ULONG)io.Information, buf);
    st = NtReadFile(h, NULL, NULL, NULL, &io, buf, sizeof buf, NULL, NULL);
    printf("NtReadFile rest: 0x%08lx info=%lu [%.*s]\n", st, (ULONG)io.Information, (int)io.Information, buf);
    memset(&io, 0xCC, sizeof io);
    st = NtReadFile(h, NULL, NULL, NULL, &io, buf, sizeof buf, NULL, NULL);
    printf("NtReadFile at the end: 0x%08lx status=0x%08lx info=%lu\n", st, io.Status, (ULONG)io.Information);

    STANDARD_INFO si;
    BASIC_INFO b;
    LARGE_INTEGER pos;
    st = NtQueryInformationFile(h, &io, &si, sizeof si, CLS_STANDARD);
    printf("FileStandardInformation: 0x%08lx eof=%lu links=%lu dir=%d info=%lu\n", st,
           (ULONG)si.EndOfFile.QuadPart, si.NumberOfLinks, si.Directory, (ULONG)io.Information);
    st = NtQueryInformationFile(h, &io, &pos, sizeof pos, CLS_POSITION);
    printf("FilePositionInformation: 0x%08lx pos=%lu\n", st, (ULONG)pos.QuadPart);
    st = NtQueryInformationFile(h, &io, &b, sizeof b, CLS_BASIC);
    printf("FileBasicInformation: 0x%08lx attrs=0x%lx\n", st, b.FileAttributes);
    st = NtQueryInformationFile(h, &io, &si, 8, CLS_STANDARD);
    printf("FileStandardInformation short: 0x%08lx\n", st);
    pos.QuadPart = 0;
    st = NtSetInformationFile(h, &io, &pos, sizeof pos, CLS_POSITION);
    printf("set FilePositionInformation: 0x%08lx\n", st);
    printf("NtFlushBuffersFile: 0x%08lx\n", NtFlushBuffersFile(h, &io));

    DEVICE_INFO dev;
    SIZE_INFO sz;
    st = NtQueryVolumeInformationFile(h, &io, &dev, sizeof dev, FS_DEVICE);
    printf("FileFsDeviceInformation: 0x%08lx type=%lu\n", st, dev.DeviceType);
    st = NtQueryVolumeInformationFile(h, &io, &sz, sizeof sz, FS_SIZE);
    printf("FileFsSizeInformation: 0x%08lx bytes/sector=%lu units>0=%d\n", st, sz.BytesPerSector,
           sz.TotalAllocationUnits.QuadPart > 0);

    st = NtDuplicateObject(GetCurrentProcess(), h, GetCurrentProcess(), &dup, 0, 0, DUPLICATE_SAME_ACCESS);
    printf("NtDuplicateObject: 0x%08lx\n", st);
    memset(buf, 0, sizeof buf);
    st = NtReadFile(dup, NULL, NULL, NULL, &io, buf, 5, NULL, NULL);
    printf("read through the duplicate: 0x%08lx [%s]\n", st, buf);
    printf("NtClose: 0x%08lx 0x%08lx\n", NtClose(dup), NtClose(h));
    printf("NtClose again: 0x%08lx\n", NtClose(h));

    printf("-- kernel32 on the same file\n");
    HANDLE k = CreateFileA("C:\\Windows\\System32\\wowbox_nt.tmp", GENERIC_READ, FILE_SHARE_READ, NULL,
                           OPEN_EXISTING, 0, NULL);
    DWORD got = 0;
    memset(buf, 0, sizeof buf);
    ReadFile(k, buf, sizeof buf - 1, &got, NULL);
    printf("CreateFileA + ReadFile: %lu [%s] size=%lu\n", got, buf, GetFileSize(k, NULL));
    CloseHandle(k);
    st = NtDeleteFile(attrs(SYS32_FILE, NULL));
    DWORD a = GetFileAttributesA(WOW64_FILE_A);
    DWORD e = GetLastError();
    printf("NtDeleteFile: 0x%08lx, kernel32 then: %d err=%lu\n", st, a != INVALID_FILE_ATTRIBUTES, e);
}

static void statuses(void)
{
    HANDLE h;
    IO_STATUS_BLOCK io;
    BASIC_INFO b;
    printf("-- statuses\n");
    printf("open missing file: 0x%08lx\n",
           NtOpenFile(&h, GENERIC_READ | SYNCHRONIZE, attrs(L"\\??\\C:\\Windows\\nope.tmp", NULL), &io,
                      FILE_SHARE_READ, FILE_SYNCHRONOUS_IO_NONALERT));
    printf("open in a missing directory: 0x%08lx\n",
           NtOpenFile(&h, GENERIC_READ | SYNCHRONIZE, attrs(L"\\??\\C:\\nodir\\nope.tmp", NULL), &io,
                      FILE_SHARE_READ, FILE_SYNCHRONOUS_IO_NONALERT));
    printf("NtQueryAttributesFile missing: 0x%08lx\n",
           NtQueryAttributesFile(attrs(L"\\??\\C:\\Windows\\nope.tmp", NULL), &b));
    NTSTATUS st = NtQueryAttributesFile(attrs(L"\\??\\C:\\Windows", NULL), &b);
    printf("NtQueryAttributesFile C:\\Windows: 0x%08lx dir=%d\n", st, (b.FileAttributes & 0x10) != 0);
    printf("directory as a file: 0x%08lx\n",
           create(&h, L"\\??\\C:\\Windows", NULL, FILE_OPEN, FILE_NON_DIRECTORY_FILE, &io));
    printf("relative name without a root: 0x%08lx\n",
           create(&h, L"relative.txt", NULL, FILE_OPEN_IF, FILE_NON_DIRECTORY_FILE, &io));
    printf("dot-dot in an NT name: 0x%08lx\n",
           create(&h, L"\\??\\C:\\Windows\\..\\x.tmp", NULL, FILE_OPEN_IF, FILE_NON_DIRECTORY_FILE, &io));
    printf("NtDeleteFile missing: 0x%08lx\n", NtDeleteFile(attrs(L"\\??\\C:\\Windows\\nope.tmp", NULL)));
    printf("NtClose bad handle: 0x%08lx\n", NtClose((HANDLE)0x1234));
    static const NTSTATUS codes[] = { 0xC0000034, 0xC000003A, 0xC0000035, 0xC0000011, 0xC00000BA, 0xC0000103,
                                      0xC0000101, 0x80000006, 0xC0000033 };
    printf("RtlNtStatusToDosError:");
    for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; i++)
        printf(" %lu", RtlNtStatusToDosError(codes[i]));
    printf("\n");
}

/* Walks one NtQueryDirectoryFile buffer. */
static void list(const char *label, NTSTATUS st, const char *buf, IO_STATUS_BLOCK *io)
{
    printf("%s: 0x%08lx", label, st);
    if (st == 0) {
        printf(" [");
        for (const DIR_INFO *d = (const DIR_INFO *)buf;; d = (const DIR_INFO *)((const char *)d + d->NextEntryOffset)) {
            show_wide(d->FileName, d->FileNameLength / 2);
            if (d->FileAttributes & FILE_ATTRIBUTE_DIRECTORY)
                printf("\\");
            if (!d->NextEntryOffset)
                break;
            printf(" ");
        }
        printf("] info>0=%d", io->Information > 0);
    }
    printf("\n");
}

static void directories(void)
{
    HANDLE dir, f, dir2;
    IO_STATUS_BLOCK io;
    UNICODE_STRING nt, pattern;
    OBJECT_ATTRIBUTES dir_oa;
    char buf[1024];
    NTSTATUS st;
    printf("-- directories\n");
    RtlDosPathNameToNtPathName_U(L"wbnt_dir", &nt, NULL, NULL);
    InitializeObjectAttributes(&dir_oa, &nt, OBJ_CASE_INSENSITIVE, NULL, NULL);
    st = NtCreateFile(&dir, FILE_LIST_DIRECTORY | SYNCHRONIZE | DELETE, &dir_oa, &io, NULL, 0,
                      FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, FILE_CREATE,
                      FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    printf("create directory: 0x%08lx info=%lu\n", st, (ULONG)io.Information);
    static const WCHAR *const names[] = { L"c.txt", L"a.txt", L"b.log" };
    for (int i = 0; i < 3; i++) {
        st = create(&f, names[i], dir, FILE_CREATE, FILE_NON_DIRECTORY_FILE, &io);
        printf("create relative to the directory: 0x%08lx\n", st);
        NtClose(f);
    }
    printf("a file as a directory: 0x%08lx\n",
           create(&f, L"a.txt", dir, FILE_OPEN, FILE_DIRECTORY_FILE, &io));

    RtlInitUnicodeString(&pattern, L"*.txt");
    st = NtQueryDirectoryFile(dir, NULL, NULL, NULL, &io, buf, sizeof buf, CLS_DIRECTORY, TRUE, &pattern, FALSE);
    list("*.txt single", st, buf, &io);
    st = NtQueryDirectoryFile(dir, NULL, NULL, NULL, &io, buf, sizeof buf, CLS_DIRECTORY, TRUE, NULL, FALSE);
    list("next", st, buf, &io);
    st = NtQueryDirectoryFile(dir, NULL, NULL, NULL, &io, buf, sizeof buf, CLS_DIRECTORY, TRUE, NULL, FALSE);
    list("next", st, buf, &io);
    st = NtQueryDirectoryFile(dir, NULL, NULL, NULL, &io, buf, sizeof buf, CLS_DIRECTORY, FALSE, NULL, TRUE);
    list("restart, all at once", st, buf, &io);
    st = NtQueryDirectoryFile(dir, NULL, NULL, NULL, &io, buf, 70, CLS_DIRECTORY, FALSE, NULL, TRUE);
    printf("first entry does not fit: 0x%08lx\n", st);

    st = NtOpenFile(&dir2, FILE_LIST_DIRECTORY | SYNCHRONIZE, &dir_oa, &io, FILE_SHARE_READ | FILE_SHARE_WRITE,
                    FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT);
    RtlInitUnicodeString(&pattern, L"*.zzz");
    st = NtQueryDirectoryFile(dir2, NULL, NULL, NULL, &io, buf, sizeof buf, CLS_DIRECTORY, FALSE, &pattern, FALSE);
    printf("no match: 0x%08lx\n", st);
    NtClose(dir2);
    NtOpenFile(&dir2, FILE_LIST_DIRECTORY | SYNCHRONIZE, &dir_oa, &io, FILE_SHARE_READ | FILE_SHARE_WRITE,
               FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT);
    st = NtQueryDirectoryFile(dir2, NULL, NULL, NULL, &io, buf, sizeof buf, CLS_DIRECTORY, FALSE, NULL, FALSE);
    list("everything", st, buf, &io);
    NtClose(dir2);

    /* rename c.txt to d.txt by a bare name, delete a.txt by disposition */
    create(&f, L"c.txt", dir, FILE_OPEN, FILE_NON_DIRECTORY_FILE, &io);
    struct { RENAME_INFO ri; WCHAR more[8]; } r;
    memset(&r, 0, sizeof r);
    r.ri.FileNameLength = 10;
    memcpy(r.ri.FileName, L"d.txt", 10);
    st = NtSetInformationFile(f, &io, &r, sizeof r, CLS_RENAME);
    printf("FileRenameInformation: 0x%08lx\n", st);
    NtClose(f);
    create(&f, L"a.txt", dir, FILE_OPEN, FILE_NON_DIRECTORY_FILE, &io);
    BOOLEAN del = TRUE;
    st = NtSetInformationFile(f, &io, &del, sizeof del, CLS_DISPOSITION);
    printf("FileDispositionInformation: 0x%08lx\n", st);
    NtClose(f);

    WIN32_FIND_DATAA fd;
    HANDLE s = FindFirstFileA("wbnt_dir\\*", &fd);
    printf("kernel32 FindFirstFile:");
    do
        printf(" %s", fd.cFileName);
    while (FindNextFileA(s, &fd));
    printf("\n");
    FindClose(s);

    BOOLEAN yes = TRUE;
    st = NtSetInformationFile(dir, &io, &yes, sizeof yes, CLS_DISPOSITION);
    printf("delete a directory that is not empty: 0x%08lx\n", st);
    DeleteFileA("wbnt_dir\\b.log");
    DeleteFileA("wbnt_dir\\d.txt");
    st = NtSetInformationFile(dir, &io, &yes, sizeof yes, CLS_DISPOSITION);
    printf("delete it empty: 0x%08lx\n", st);
    NtClose(dir);
    printf("kernel32 then: %d\n", GetFileAttributesA("wbnt_dir") != INVALID_FILE_ATTRIBUTES);
    RtlFreeUnicodeString(&nt);
}

int main(void)
{
    paths();
    io();
    statuses();
    directories();
    printf("done\n");
    return 0;
}
