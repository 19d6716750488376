/* --drive end to end: D: maps the run's directory read-write, R: the same
 * directory read-only (drives.opts). Proves the drive list, drive types,
 * the read-only volume flag, that every write through R: fails with
 * ERROR_WRITE_PROTECT while reads work, and that ".." , UNC and GLOBALROOT
 * tricks stay inside. (Z: stays: the runner starts the program from the
 * build tree; tests/sandbox_escape.py runs the escapes with --no-host-drive.) */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#ifndef FILE_READ_ONLY_VOLUME
#define FILE_READ_ONLY_VOLUME 0x00080000
#endif

static void show(const char *what, BOOL ok)
{
    printf("%s: %s %lu\n", what, ok ? "ok" : "fails", ok ? 0ul : GetLastError());
}

static BOOL write_file(const char *path, const char *text)
{
    HANDLE h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return FALSE;
    DWORD n;
    BOOL ok = WriteFile(h, text, (DWORD)strlen(text), &n, NULL);
    CloseHandle(h);
    return ok;
}

static BOOL read_file(const char *path, char *buf, DWORD size)
{
    HANDLE h = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return FALSE;
    DWORD n = 0;
    BOOL ok = ReadFile(h, buf, size - 1, &n, NULL);
    buf[n] = 0;
    CloseHandle(h);
    return ok;
}

static void volume(const char *root)
{
    DWORD flags = 0;
    char fs[32];
    BOOL ok = GetVolumeInformationA(root, NULL, 0, NULL, NULL, &flags, fs, sizeof fs);
    printf("volume %s: %s, %s\n", root, ok ? fs : "fails", (flags & FILE_READ_ONLY_VOLUME) ? "read-only" : "writable");
}

static void escape(const char *path)
{
    HANDLE h = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    DWORD attrs = GetFileAttributesA(path);
    printf("%s: %s\n", path, h == INVALID_HANDLE_VALUE && attrs == INVALID_FILE_ATTRIBUTES ? "unreachable" : "REACHED");
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
}

int main(void)
{
    char buf[64];
    DWORD mask = GetLogicalDrives();
    printf("drives:");
    for (int d = 0; d < 26; d++)
        if (mask & (1u << d))
            printf(" %c:", 'A' + d);
    printf("\n");
    printf("types: C=%u D=%u R=%u E=%u\n", GetDriveTypeA("C:\\"), GetDriveTypeA("D:\\"), GetDriveTypeA("R:\\"),
           GetDriveTypeA("E:\\"));
    volume("D:\\");
    volume("R:\\");

    show("write D:\\note.txt", write_file("D:\\note.txt", "written via D:"));
    show("read R:\\note.txt", read_file("R:\\note.txt", buf, sizeof buf));
    printf("R:\\note.txt holds \"%s\"\n", buf);
    show("create R:\\new.txt", write_file("R:\\new.txt", "x"));
    show("overwrite R:\\note.txt", write_file("r:\\NOTE.TXT", "x"));
    HANDLE h = CreateFileA("R:\\note.txt", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    show("open R:\\note.txt for reading", h != INVALID_HANDLE_VALUE);
    CloseHandle(h);
    show("DeleteFile R:\\note.txt", DeleteFileA("R:\\note.txt"));
    show("CreateDirectory R:\\sub", CreateDirectoryA("R:\\sub", NULL));
    show("MoveFile D:\\note.txt -> R:\\moved.txt", MoveFileA("D:\\note.txt", "R:\\moved.txt"));
    show("MoveFile R:\\note.txt -> D:\\moved.txt", MoveFileA("R:\\note.txt", "D:\\moved.txt"));
    show("SetFileAttributes R:\\note.txt", SetFileAttributesA("R:\\note.txt", FILE_ATTRIBUTE_HIDDEN));
    show("CopyFile D:\\note.txt -> R:\\copy.txt", CopyFileA("D:\\note.txt", "R:\\copy.txt", FALSE));
    show("R:\\new.txt exists", GetFileAttributesA("R:\\new.txt") != INVALID_FILE_ATTRIBUTES);
    show("DeleteFile D:\\note.txt", DeleteFileA("D:\\note.txt"));

    escape("D:\\..\\..\\..\\..\\..\\..\\etc\\passwd");
    escape("\\\\?\\GLOBALROOT\\etc\\passwd");
    escape("\\\\localhost\\C$\\etc\\passwd");
    SetLastError(0);
    show("GLOBALROOT to C:", GetFileAttributesA("\\\\?\\GLOBALROOT\\??\\C:\\Windows") != INVALID_FILE_ATTRIBUTES);
    return 0;
}
