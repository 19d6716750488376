/* kernel32_files.c - proves kernel32's file layer on scratch files in the
 * current directory: CreateFile dispositions and their last errors,
 * SetFilePointer(Ex) incl. the high part, sizes and SetEndOfFile, append
 * access, access errors, invalid handles, delete/move/copy, attributes and
 * read-only files, directories, FindFirstFile wildcards, full paths, the
 * current directory, temp names, delete-on-close, the NUL device, handle
 * information classes, byte-range locks and volume information. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#define F1 "wbk32_one.tmp"
#define F2 "wbk32_two.tmp"
#define DIR "wbk32_dir"

/* The call's result and the last error it left (set to 0 first). */
#define SHOW(label, call)                                                        \
    do {                                                                         \
        SetLastError(0);                                                         \
        unsigned long r_ = (unsigned long)(call);                                \
        unsigned long e_ = GetLastError();                                       \
        printf("%s: %s%lx err=%lu\n", label, r_ > 9 ? "0x" : "", r_, e_);        \
    } while (0)

static void report(const char *what, BOOL ok)
{
    DWORD e = GetLastError();
    printf("%s: %s", what, ok ? "ok" : "failed");
    if (!ok)
        printf(" err=%lu", e);
    printf("\n");
}

static HANDLE open_file(const char *name, DWORD access, DWORD disp)
{
    return CreateFileA(name, access, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, disp,
                       FILE_ATTRIBUTE_NORMAL, NULL);
}

/* CreateFile result and the last error it left, even on success. */
static HANDLE create(const char *label, const char *name, DWORD access, DWORD disp)
{
    SetLastError(12345);
    HANDLE h = open_file(name, access, disp);
    printf("%s: %s lasterror=%lu\n", label, h == INVALID_HANDLE_VALUE ? "INVALID" : "handle", GetLastError());
    return h;
}

static void put(HANDLE h, const char *s)
{
    DWORD n = 0;
    WriteFile(h, s, (DWORD)strlen(s), &n, NULL);
}

static void dispositions(void)
{
    HANDLE h;
    DWORD n;
    printf("-- dispositions\n");
    create("OPEN_EXISTING missing", F1, GENERIC_READ, OPEN_EXISTING);
    create("TRUNCATE_EXISTING missing", F1, GENERIC_WRITE, TRUNCATE_EXISTING);
    h = create("CREATE_NEW new", F1, GENERIC_WRITE, CREATE_NEW);
    put(h, "hello world");
    CloseHandle(h);
    create("CREATE_NEW existing", F1, GENERIC_WRITE, CREATE_NEW);
    h = create("OPEN_ALWAYS existing", F1, GENERIC_READ, OPEN_ALWAYS);
    printf("  size kept: %lu\n", GetFileSize(h, NULL));
    CloseHandle(h);
    h = create("OPEN_ALWAYS new", F2, GENERIC_WRITE, OPEN_ALWAYS);
    CloseHandle(h);
    h = create("CREATE_ALWAYS existing", F1, GENERIC_WRITE, CREATE_ALWAYS);
    printf("  size after: %lu\n", GetFileSize(h, NULL));
    put(h, "0123456789");
    CloseHandle(h);
    create("TRUNCATE_EXISTING read-only access", F1, GENERIC_READ, TRUNCATE_EXISTING);
    h = create("TRUNCATE_EXISTING", F2, GENERIC_WRITE, TRUNCATE_EXISTING);
    CloseHandle(h);
    create("bad disposition", F1, GENERIC_READ, 0);
    create("missing directory", "wbk32_nodir\\x.tmp", GENERIC_WRITE, CREATE_ALWAYS);
    CreateDirectoryA(DIR, NULL);
    create("directory", DIR, GENERIC_READ, OPEN_EXISTING);
    SetLastError(12345);
    h = CreateFileA(DIR, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    printf("directory with backup semantics: %s\n", h == INVALID_HANDLE_VALUE ? "INVALID" : "handle");
    CloseHandle(h);
    create("wildcard name", "wbk32_*.tmp", GENERIC_READ, OPEN_EXISTING);

    h = open_file(F1, GENERIC_READ, OPEN_EXISTING);
    SHOW("WriteFile on read handle", WriteFile(h, "x", 1, &n, NULL));
    char c;
    BOOL ok = ReadFile(h, &c, 1, &n, NULL);
    printf("ReadFile: %d n=%lu c=%c\n", ok, n, c);
    SetFilePointer(h, 0, NULL, FILE_END);
    ok = ReadFile(h, &c, 1, &n, NULL);
    printf("ReadFile at end: %d n=%lu\n", ok, n);
    CloseHandle(h);
}

static void pointers(void)
{
    LONG high;
    BOOL ok;
    DWORD r, n;
    LARGE_INTEGER li, pos;
    char buf[8];
    printf("-- file pointer\n");
    HANDLE h = open_file(F1, GENERIC_READ | GENERIC_WRITE, OPEN_EXISTING);
    printf("current: %lu\n", SetFilePointer(h, 0, NULL, FILE_CURRENT));
    printf("begin+3: %lu\n", SetFilePointer(h, 3, NULL, FILE_BEGIN));
    ReadFile(h, buf, 2, &n, NULL);
    buf[n] = 0;
    printf("read 2: [%s], now %lu\n", buf, SetFilePointer(h, 0, NULL, FILE_CURRENT));
    printf("end-4: %lu\n", SetFilePointer(h, -4, NULL, FILE_END));
    SHOW("negative", SetFilePointer(h, -20, NULL, FILE_CURRENT));
    printf("  still at %lu\n", SetFilePointer(h, 0, NULL, FILE_CURRENT));
    SHOW("bad method", SetFilePointer(h, 0, NULL, 7));
    high = 1;
    r = SetFilePointer(h, 16, &high, FILE_BEGIN);
    printf("4GB+16: low=%lu high=%ld\n", r, high);
    high = 0;
    SetLastError(99);
    r = SetFilePointer(h, -1, &high, FILE_BEGIN);
    printf("0xFFFFFFFF: low=0x%lx high=%ld err=%lu\n", r, high, GetLastError());
    high = -1;
    r = SetFilePointer(h, -2, &high, FILE_END);
    printf("high -1, end-2: low=%lu high=%ld\n", r, high);
    li.QuadPart = 5;
    ok = SetFilePointerEx(h, li, &pos, FILE_BEGIN);
    printf("SetFilePointerEx: %d pos=%ld\n", ok, (long)pos.QuadPart);
    li.QuadPart = -100;
    SHOW("SetFilePointerEx negative", SetFilePointerEx(h, li, NULL, FILE_CURRENT));
    SetFilePointer(h, 4, NULL, FILE_BEGIN);
    printf("SetEndOfFile: %d", SetEndOfFile(h));
    printf(" size=%lu", GetFileSize(h, NULL));
    GetFileSizeEx(h, &li);
    printf(" sizeex=%ld\n", (long)li.QuadPart);
    SetFilePointer(h, 8, NULL, FILE_BEGIN);
    put(h, "Z");
    printf("write past end: size=%lu\n", GetFileSize(h, NULL));
    SetFilePointer(h, 4, NULL, FILE_BEGIN);
    ReadFile(h, buf, 5, &n, NULL);
    printf("gap bytes: %lu = %d %d %d %d %c\n", n, buf[0], buf[1], buf[2], buf[3], buf[4]);
    BY_HANDLE_FILE_INFORMATION info;
    ok = GetFileInformationByHandle(h, &info);
    printf("GetFileInformationByHandle: %d size=%lu links=%lu attrs=0x%lx\n", ok, info.nFileSizeLow,
           info.nNumberOfLinks, info.dwFileAttributes);
    FILETIME ft = { 0x12345678, 0x01D00000 }, got;
    ok = SetFileTime(h, NULL, NULL, &ft);
    printf("SetFileTime: %d", ok);
    GetFileTime(h, NULL, NULL, &got);
    printf(" GetFileTime same: %d\n", got.dwLowDateTime == ft.dwLowDateTime && got.dwHighDateTime == ft.dwHighDateTime);
    CloseHandle(h);

    h = CreateFileA(F1, FILE_APPEND_DATA, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    SetFilePointer(h, 0, NULL, FILE_BEGIN);
    put(h, "!");
    CloseHandle(h);
    h = open_file(F1, GENERIC_READ, OPEN_EXISTING);
    SetFilePointer(h, -2, NULL, FILE_END);
    ReadFile(h, buf, 2, &n, NULL);
    printf("FILE_APPEND_DATA wrote at the end: %d\n", n == 2 && buf[0] == 'Z' && buf[1] == '!');
    CloseHandle(h);
}

static void bad_handles(void)
{
    DWORD n;
    char c;
    HANDLE bogus = (HANDLE)(ULONG_PTR)0x7FFC;
    printf("-- invalid handles\n");
    SHOW("ReadFile", ReadFile(bogus, &c, 1, &n, NULL));
    SHOW("WriteFile", WriteFile(INVALID_HANDLE_VALUE, "x", 1, &n, NULL));
    SHOW("CloseHandle", CloseHandle(bogus));
    SHOW("GetFileSize", GetFileSize(bogus, NULL));
    SHOW("SetFilePointer", SetFilePointer(bogus, 0, NULL, FILE_BEGIN));
    SHOW("FindNextFile", FindNextFileA(bogus, NULL));
    SHOW("FindClose", FindClose(INVALID_HANDLE_VALUE));
}

static void names(void)
{
    char buf[64];
    DWORD n;
    printf("-- delete, move, copy, attributes\n");
    SHOW("DeleteFile missing", DeleteFileA("wbk32_missing.tmp"));
    SHOW("DeleteFile missing dir", DeleteFileA("wbk32_nodir\\x.tmp"));
    SHOW("DeleteFile directory", DeleteFileA(DIR));
    SHOW("MoveFile onto existing", MoveFileA(F1, F2));
    report("MoveFileEx replace", MoveFileExA(F1, F2, MOVEFILE_REPLACE_EXISTING));
    printf("  source gone: %d\n", GetFileAttributesA(F1) == INVALID_FILE_ATTRIBUTES);
    SHOW("MoveFile missing", MoveFileA("wbk32_missing.tmp", F1));
    report("MoveFile rename", MoveFileA(F2, F1));
    report("CopyFile", CopyFileA(F1, F2, TRUE));
    SHOW("CopyFile fail-if-exists", CopyFileA(F1, F2, TRUE));
    report("CopyFile overwrite", CopyFileA(F1, F2, FALSE));
    HANDLE h = open_file(F2, GENERIC_READ, OPEN_EXISTING);
    n = 0;
    ReadFile(h, buf, sizeof buf, &n, NULL);
    printf("  copy has %lu bytes\n", n);
    CloseHandle(h);

    printf("attributes file=0x%lx dir=0x%lx\n", GetFileAttributesA(F1), GetFileAttributesA(DIR));
    SHOW("attributes missing", GetFileAttributesA("wbk32_missing.tmp"));
    SHOW("attributes missing dir", GetFileAttributesA("wbk32_nodir\\x"));
    WIN32_FILE_ATTRIBUTE_DATA fad;
    BOOL ok = GetFileAttributesExA(F1, GetFileExInfoStandard, &fad);
    printf("GetFileAttributesEx: %d attrs=0x%lx size=%lu\n", ok, fad.dwFileAttributes, fad.nFileSizeLow);
    report("SetFileAttributes readonly", SetFileAttributesA(F1, FILE_ATTRIBUTE_READONLY));
    printf("  attributes now 0x%lx\n", GetFileAttributesA(F1));
    create("  open readonly file for writing", F1, GENERIC_WRITE, OPEN_EXISTING);
    h = create("  open readonly file for reading", F1, GENERIC_READ, OPEN_EXISTING);
    CloseHandle(h);
    SHOW("  DeleteFile readonly", DeleteFileA(F1));
    report("SetFileAttributes normal", SetFileAttributesA(F1, FILE_ATTRIBUTE_NORMAL));
    report("DeleteFile", DeleteFileA(F1));
    report("DeleteFile second", DeleteFileA(F2));
}

static void directories(void)
{
    printf("-- directories\n");
    SHOW("CreateDirectory existing", CreateDirectoryA(DIR, NULL));
    SHOW("CreateDirectory no parent", CreateDirectoryA("wbk32_nodir\\sub", NULL));
    report("CreateDirectory sub", CreateDirectoryA(DIR "\\sub", NULL));
    HANDLE h = open_file(DIR "\\file.txt", GENERIC_WRITE, CREATE_NEW);
    CloseHandle(h);
    SHOW("RemoveDirectory not empty", RemoveDirectoryA(DIR));
    SHOW("RemoveDirectory on a file", RemoveDirectoryA(DIR "\\file.txt"));
    SHOW("RemoveDirectory missing", RemoveDirectoryA(DIR "\\nothing"));

    char before[MAX_PATH], now[MAX_PATH], full[MAX_PATH];
    DWORD len = GetCurrentDirectoryA(MAX_PATH, before);
    DWORD query = GetCurrentDirectoryA(0, NULL);
    printf("GetCurrentDirectory: length matches %d, size query %d\n", len == strlen(before), query == len + 1);
    report("SetCurrentDirectory", SetCurrentDirectoryA(DIR));
    GetCurrentDirectoryA(MAX_PATH, now);
    snprintf(full, sizeof full, "%s\\%s", before, DIR);
    printf("  now inside: %d\n", _stricmp(now, full) == 0);
    printf("  relative name resolves here: 0x%lx\n", GetFileAttributesA("file.txt"));
    SHOW("  SetCurrentDirectory to a file", SetCurrentDirectoryA("file.txt"));
    SHOW("  SetCurrentDirectory missing", SetCurrentDirectoryA("nothing"));
    report("  SetCurrentDirectory ..", SetCurrentDirectoryA(".."));
    GetCurrentDirectoryA(MAX_PATH, now);
    printf("  back: %d\n", strcmp(now, before) == 0);
    report("DeleteFile inside", DeleteFileA(DIR "\\file.txt"));
    report("RemoveDirectory sub", RemoveDirectoryA(DIR "\\sub"));
}

static void find(const char *pattern)
{
    WIN32_FIND_DATAA fd;
    char path[MAX_PATH];
    snprintf(path, sizeof path, DIR "\\%s", pattern);
    SetLastError(0);
    HANDLE h = FindFirstFileA(path, &fd);
    printf("find %-10s:", pattern);
    if (h == INVALID_HANDLE_VALUE) {
        printf(" none err=%lu\n", GetLastError());
        return;
    }
    do
        printf(" %s%s", fd.cFileName, (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) ? "/" : "");
    while (FindNextFileA(h, &fd));
    printf(" (end err=%lu)\n", GetLastError());
    FindClose(h);
}

static void searches(void)
{
    static const char *const files[] = { "a.txt", "B.TXT", "c.dat", "noext", "d.txt.bak", "file1.txt",
                                         "file12.txt", "file.txt", "x.tx" };
    printf("-- FindFirstFile\n");
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[MAX_PATH];
        snprintf(path, sizeof path, DIR "\\%s", files[i]);
        CloseHandle(open_file(path, GENERIC_WRITE, CREATE_NEW));
    }
    CreateDirectoryA(DIR "\\subdir", NULL);
    find("*");
    find("*.*");
    find("*.txt");
    find("*.");
    find("file?.txt");
    find("?.txt");
    find("*1*");
    find("A.TXT");
    find("*.tx?");
    find("zzz*");
    WIN32_FIND_DATAW fdw;
    HANDLE h = FindFirstFileW(L"" DIR L"\\b.*", &fdw);
    printf("FindFirstFileW b.*: %ls size=%lu\n", h != INVALID_HANDLE_VALUE ? fdw.cFileName : L"-",
           fdw.nFileSizeLow);
    FindClose(h);
    SetLastError(0);
    h = FindFirstFileA("wbk32_nodir\\*", (WIN32_FIND_DATAA *)&fdw);
    printf("missing directory: %s err=%lu\n", h == INVALID_HANDLE_VALUE ? "INVALID" : "handle", GetLastError());
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[MAX_PATH];
        snprintf(path, sizeof path, DIR "\\%s", files[i]);
        DeleteFileA(path);
    }
    RemoveDirectoryA(DIR "\\subdir");
    report("RemoveDirectory", RemoveDirectoryA(DIR));
}

static void paths(void)
{
    char cwd[MAX_PATH], buf[MAX_PATH], want[MAX_PATH];
    char *part = NULL;
    printf("-- full paths, temp names, drives, devices\n");
    GetCurrentDirectoryA(MAX_PATH, cwd);
    DWORD n = GetFullPathNameA("x\\..\\y.txt", MAX_PATH, buf, &part);
    snprintf(want, sizeof want, "%s\\y.txt", cwd);
    printf("relative: same %d, length %d, file part %s\n", strcmp(buf, want) == 0, n == strlen(want), part);
    n = GetFullPathNameA("x\\..\\y.txt", 4, buf, NULL);
    printf("too small: returns the size with the NUL %d\n", n == strlen(want) + 1);
    GetFullPathNameA("C:\\a\\b\\..\\.\\c\\", MAX_PATH, buf, &part);
    printf("absolute: %s part=%s\n", buf, part ? part : "(null)");
    GetFullPathNameA("c:/one//two/*.txt", MAX_PATH, buf, &part);
    printf("wildcards kept: %s part=%s\n", buf, part);

    char tmp[MAX_PATH], name[MAX_PATH];
    n = GetTempPathA(MAX_PATH, tmp);
    printf("GetTempPath: length ok %d, ends with backslash %d, is a directory %d\n", n == strlen(tmp),
           tmp[n - 1] == '\\', (GetFileAttributesA(tmp) & FILE_ATTRIBUTE_DIRECTORY) != 0);
    UINT u = GetTempFileNameA(".", "wbt", 0, name);
    printf("GetTempFileName created: %d, prefix ok %d, suffix ok %d, exists %d\n", u != 0,
           strncmp(name, ".\\wbt", 5) == 0, strcmp(name + strlen(name) - 4, ".tmp") == 0,
           GetFileAttributesA(name) != INVALID_FILE_ATTRIBUTES);
    DeleteFileA(name);
    u = GetTempFileNameA(".", "wbtemp", 0x1abc, name);
    printf("GetTempFileName unique: %u name ok %d exists %d\n", u, _stricmp(name, ".\\wbt1abc.tmp") == 0,
           GetFileAttributesA(name) != INVALID_FILE_ATTRIBUTES);
    SetLastError(0);
    u = GetTempFileNameA("wbk32_nodir", "wbt", 0, name);
    printf("GetTempFileName missing dir: %u err=%lu\n", u, GetLastError());

    printf("GetDriveType C: %u, Q: %u\n", GetDriveTypeA("C:\\"), GetDriveTypeA("Q:\\"));
    printf("GetLogicalDrives has C: %d\n", (GetLogicalDrives() & 4) != 0);

    HANDLE h = CreateFileA(F1, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE, NULL);
    put(h, "temporary");
    printf("delete-on-close exists while open: %d", GetFileAttributesA(F1) != INVALID_FILE_ATTRIBUTES);
    CloseHandle(h);
    printf(", after close: %d\n", GetFileAttributesA(F1) != INVALID_FILE_ATTRIBUTES);

    h = CreateFileA("NUL", GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    DWORD w = 0;
    BOOL ok = WriteFile(h, "abc", 3, &w, NULL);
    printf("NUL: type %lu, write %d n=%lu\n", GetFileType(h), ok, w);
    CloseHandle(h);
}

static void handle_info(void)
{
    char path[MAX_PATH * 2], cwd[MAX_PATH], want[MAX_PATH * 2];
    DWORD n;
    char c;
    printf("-- handle information, locks, volumes\n");
    HANDLE h = open_file(F1, GENERIC_READ | GENERIC_WRITE, CREATE_ALWAYS);
    put(h, "0123456789");
    GetCurrentDirectoryA(MAX_PATH, cwd);
    n = GetFinalPathNameByHandleA(h, path, sizeof path, 0);
    snprintf(want, sizeof want, "\\\\?\\%s\\%s", cwd, F1);
    printf("GetFinalPathNameByHandle: %d\n", n == strlen(want) && _stricmp(path, want) == 0);

    FILE_STANDARD_INFO si;
    FILE_BASIC_INFO bi;
    BOOL ok = GetFileInformationByHandleEx(h, FileStandardInfo, &si, sizeof si);
    printf("FileStandardInfo: %d eof=%ld links=%lu dir=%d\n", ok, (long)si.EndOfFile.QuadPart,
           si.NumberOfLinks, si.Directory);
    ok = GetFileInformationByHandleEx(h, FileBasicInfo, &bi, sizeof bi);
    printf("FileBasicInfo: %d attrs=0x%lx\n", ok, bi.FileAttributes);
    union { FILE_NAME_INFO info; char space[600]; } ni;
    ok = GetFileInformationByHandleEx(h, FileNameInfo, &ni, sizeof ni);
    size_t len = ni.info.FileNameLength / 2;
    size_t base = strlen(F1);
    printf("FileNameInfo: %d starts with backslash %d, ends with the name %d\n", ok, ni.info.FileName[0] == L'\\',
           len > base && ni.info.FileName[len - base - 1] == L'\\');
    SHOW("FileNameInfo short buffer", GetFileInformationByHandleEx(h, FileNameInfo, &ni, 10));
    SHOW("FileStandardInfo short buffer", GetFileInformationByHandleEx(h, FileStandardInfo, &si, 8));
    FILE_END_OF_FILE_INFO eof;
    eof.EndOfFile.QuadPart = 6;
    ok = SetFileInformationByHandle(h, FileEndOfFileInfo, &eof, sizeof eof);
    printf("FileEndOfFileInfo: %d size=%lu\n", ok, GetFileSize(h, NULL));

    HANDLE h2 = open_file(F1, GENERIC_READ | GENERIC_WRITE, OPEN_EXISTING);
    report("LockFile 0-1", LockFile(h, 0, 0, 2, 0));
    SHOW("ReadFile through another handle", ReadFile(h2, &c, 1, &n, NULL));
    SHOW("LockFile overlapping", LockFile(h2, 1, 0, 1, 0));
    SHOW("UnlockFile by the other handle", UnlockFile(h2, 0, 0, 2, 0));
    SHOW("UnlockFile a different range", UnlockFile(h, 0, 0, 1, 0));
    report("UnlockFile", UnlockFile(h, 0, 0, 2, 0));
    SetFilePointer(h2, 0, NULL, FILE_BEGIN);
    ok = ReadFile(h2, &c, 1, &n, NULL);
    printf("ReadFile after unlock: %d %c\n", ok, c);
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.Offset = 2;
    report("LockFileEx shared", LockFileEx(h, LOCKFILE_FAIL_IMMEDIATELY, 0, 2, 0, &ov));
    report("LockFileEx shared again", LockFileEx(h2, LOCKFILE_FAIL_IMMEDIATELY, 0, 2, 0, &ov));
    SHOW("LockFileEx exclusive over them",
         LockFileEx(h2, LOCKFILE_FAIL_IMMEDIATELY | LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, &ov));
    SetFilePointer(h2, 3, NULL, FILE_BEGIN);
    SHOW("WriteFile into a shared lock", WriteFile(h2, "w", 1, &n, NULL));
    SetFilePointer(h2, 2, NULL, FILE_BEGIN);
    ok = ReadFile(h2, &c, 1, &n, NULL);
    printf("ReadFile in a shared lock: %d %c\n", ok, c);
    report("UnlockFileEx", UnlockFileEx(h2, 0, 2, 0, &ov));
    CloseHandle(h2);
    FILE_DISPOSITION_INFO di = { TRUE };
    report("FileDispositionInfo delete", SetFileInformationByHandle(h, FileDispositionInfo, &di, sizeof di));
    CloseHandle(h);
    printf("deleted at close: %d\n", GetFileAttributesA(F1) == INVALID_FILE_ATTRIBUTES);

    char fsname[16];
    DWORD serial, maxlen, flags;
    ok = GetVolumeInformationA("C:\\", NULL, 0, &serial, &maxlen, &flags, fsname, sizeof fsname);
    printf("GetVolumeInformation: %d %s maxlen=%lu\n", ok, fsname, maxlen);
    SHOW("GetVolumeInformation not a root", GetVolumeInformationA("C:\\Windows", NULL, 0, NULL, NULL, NULL, NULL, 0));
    DWORD spc, bps, fc, tc;
    report("GetDiskFreeSpace", GetDiskFreeSpaceA("C:\\", &spc, &bps, &fc, &tc));
}

int main(void)
{
    DeleteFileA(F1);
    DeleteFileA(F2);
    dispositions();
    pointers();
    bad_handles();
    names();
    directories();
    searches();
    paths();
    handle_info();
    printf("done\n");
    return 0;
}
