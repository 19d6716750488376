/* lowio.c - proves msvcrt's low-level I/O: _open flags and errno values,
 * text vs binary _read/_write, seeking, _eof/_filelength/_chsize, _dup and
 * _dup2 (redirecting descriptor 1), _setmode (also on stdout), OS handles,
 * _isatty, _access/_chmod, directories, _stat64/_fstat64, _findfirst;
 * byte-range locks and the file pointer as the NT file layer keeps them. */
#include <direct.h>
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <windows.h>

#define NAME "wblowio_a.tmp"
#define NAME2 "wblowio_b.tmp"
#define DIRN "wblowio_dir"

static void show(const char *label, const char *p, int n)
{
    printf("%s (%d): [", label, n);
    for (int i = 0; i < n; i++) {
        if (p[i] == '\r')
            printf("\\r");
        else if (p[i] == '\n')
            printf("\\n");
        else if ((unsigned char)p[i] < 0x20)
            printf("\\x%02x", (unsigned char)p[i]);
        else
            putchar(p[i]);
    }
    printf("]\n");
}

/* result and errno of a call that returns -1 on failure */
static void res(const char *label, long r)
{
    if (r == -1)
        printf("%s: -1 errno=%d\n", label, errno);
    else
        printf("%s: %ld\n", label, r);
}

static void opening(void)
{
    char buf[64];
    int fd, n;
    printf("-- open, read, write\n");
    _unlink(NAME);
    _unlink(NAME2);
    errno = 0;
    res("open missing", _open(NAME, _O_RDONLY));
    fd = _open(NAME, _O_CREAT | _O_EXCL | _O_WRONLY | _O_TEXT, _S_IREAD | _S_IWRITE);
    printf("create: %s\n", fd >= 3 ? "fd>=3" : "bad");
    res("text write", _write(fd, "a\nb\n\x1a" "c", 6));
    res("read on write-only", _read(fd, buf, 4));
    res("close", _close(fd));
    res("close again", _close(fd));
    res("create existing with _O_EXCL", _open(NAME, _O_CREAT | _O_EXCL | _O_WRONLY, _S_IWRITE));
    res("bad access mode", _open(NAME, 3));
    res("open a directory", _open(".", _O_RDONLY));

    fd = _open(NAME, _O_RDONLY | _O_BINARY);
    n = _read(fd, buf, sizeof buf);
    show("binary read", buf, n);
    res("read at end", _read(fd, buf, sizeof buf));
    res("eof", _eof(fd));
    res("filelength", _filelength(fd));
    res("lseek 1", _lseek(fd, 1, SEEK_SET));
    res("tell", _tell(fd));
    res("eof in the middle", _eof(fd));
    res("lseek negative", _lseek(fd, -5, SEEK_SET));
    res("lseek bad origin", _lseek(fd, 0, 7));
    res("lseeki64 end-1", (long)_lseeki64(fd, -1, SEEK_END));
    res("telli64", (long)_telli64(fd));
    _close(fd);

    fd = _open(NAME, _O_RDONLY | _O_TEXT);
    n = _read(fd, buf, sizeof buf);
    show("text read (Ctrl-Z ends)", buf, n);
    res("text read after Ctrl-Z", _read(fd, buf, sizeof buf));
    _lseek(fd, 1, SEEK_SET);
    n = _read(fd, buf, 3);
    show("text read of 3 from 1", buf, n);
    res("setmode binary", _setmode(fd, _O_BINARY));
    res("setmode text", _setmode(fd, _O_TEXT));
    res("setmode bad", _setmode(fd, 0x1234));
    _close(fd);

    fd = _open(NAME, _O_WRONLY | _O_APPEND | _O_BINARY);
    _lseek(fd, 0, SEEK_SET);
    _write(fd, "END", 3);
    _close(fd);
    fd = _open(NAME, _O_RDWR | _O_BINARY);
    n = _read(fd, buf, sizeof buf);
    show("after append", buf, n);
    res("chsize 3", _chsize(fd, 3));
    res("filelength", _filelength(fd));
    res("chsize 5", _chsize(fd, 5));
    _lseek(fd, 0, SEEK_SET);
    n = _read(fd, buf, sizeof buf);
    show("after chsize", buf, n);
    _close(fd);
    fd = _open(NAME, _O_WRONLY | _O_TRUNC);
    res("truncated length", _filelength(fd));
    _close(fd);
}

/* The raw transfers and the file pointer are Windows' own: another
 * handle's byte-range lock refuses its bytes, a write on a descriptor
 * opened read-only is EBADF, and a seek before the start leaves the
 * pointer where it was (SetFilePointer's rule). */
static void file_layer(void)
{
    char buf[8];
    int n;
    printf("-- locks, access, pointer\n");
    int fd = _open(NAME, _O_CREAT | _O_TRUNC | _O_RDWR | _O_BINARY, _S_IREAD | _S_IWRITE);
    _write(fd, "0123456789", 10);
    HANDLE h = CreateFileA(NAME, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                           OPEN_EXISTING, 0, NULL);
    printf("lock 4..7 on another handle: %d\n", LockFile(h, 4, 0, 4, 0));
    _lseek(fd, 2, SEEK_SET);
    res("read over the locked bytes", _read(fd, buf, 4));
    _lseek(fd, 0, SEEK_SET);
    res("read before them", _read(fd, buf, 4));
    _lseek(fd, 5, SEEK_SET);
    res("write into them", _write(fd, "x", 1));
    UnlockFile(h, 4, 0, 4, 0);
    CloseHandle(h);
    _lseek(fd, 5, SEEK_SET);
    res("write once unlocked", _write(fd, "x", 1));
    _lseek(fd, 3, SEEK_SET);
    res("lseek before the start", _lseek(fd, -20, SEEK_END));
    res("tell after it", _tell(fd));
    _close(fd);
    fd = _open(NAME, _O_RDONLY | _O_BINARY);
    res("write on read-only", _write(fd, "x", 1));
    _close(fd);
    fd = _open(NAME, _O_RDWR | _O_TRUNC | _O_BINARY);
    _write(fd, "x\ryz", 4);
    _setmode(fd, _O_TEXT);
    _lseek(fd, 0, SEEK_SET);
    n = _read(fd, buf, 2);
    show("text read ending in a lone CR", buf, n);
    res("position after it", _tell(fd));
    n = _read(fd, buf, sizeof buf);
    show("the byte after the CR comes next", buf, n);
    _close(fd);
    _close(_open(NAME, _O_WRONLY | _O_TRUNC)); /* empty again, as the next part expects */
}

static void descriptors(void)
{
    char buf[64];
    int n;
    printf("-- dup, dup2, setmode, handles\n");
    int fd = _open(NAME, _O_RDWR | _O_BINARY | _O_TRUNC);
    int fd2 = _dup(fd);
    printf("dup: %s\n", fd2 > fd ? "new fd" : "bad");
    _write(fd, "shared", 6);
    res("position seen through dup", _tell(fd2));
    _close(fd2);

    fflush(stdout);
    int saved = _dup(1);
    res("dup2 file onto 1", _dup2(fd, 1));
    _write(1, "via fd 1\n", 9);
    int follows = GetStdHandle(STD_OUTPUT_HANDLE) == (HANDLE)_get_osfhandle(1);
    _dup2(saved, 1);
    _close(saved);
    printf("GetStdHandle followed dup2: %d, and back: %d\n", follows,
           GetStdHandle(STD_OUTPUT_HANDLE) == (HANDLE)_get_osfhandle(1));
    _lseek(fd, 0, SEEK_SET);
    n = _read(fd, buf, sizeof buf);
    show("file after redirect", buf, n);
    _close(fd);

    fflush(stdout);
    res("stdout setmode binary", _setmode(_fileno(stdout), _O_BINARY));
    printf("binary stdout line\n");
    fflush(stdout);
    _setmode(_fileno(stdout), _O_TEXT);
    printf("text stdout line\n");

    HANDLE h = (HANDLE)_get_osfhandle(0);
    printf("get_osfhandle(0) is stdin handle: %d\n", h == GetStdHandle(STD_INPUT_HANDLE));
    errno = 0;
    res("get_osfhandle(999)", (long)_get_osfhandle(999));
    h = CreateFileA(NAME, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    fd = _open_osfhandle((intptr_t)h, _O_RDONLY);
    n = _read(fd, buf, sizeof buf);
    show("read through open_osfhandle", buf, n);
    printf("isatty(file)=%d\n", _isatty(fd));
    _close(fd);
    fd = _open("NUL", _O_WRONLY);
    printf("isatty(NUL)=%d write=%d\n", _isatty(fd) != 0, _write(fd, "xyz", 3));
    _close(fd);
    errno = 0;
    int tty = _isatty(777);
    printf("isatty(bad)=%d errno=%d\n", tty, errno);
}

static void names(void)
{
    struct _stat64 st;
    char cwd[MAX_PATH], now[MAX_PATH];
    printf("-- names\n");
    res("access existing", _access(NAME, 0));
    res("access missing", _access(NAME2, 0));
    res("chmod read-only", _chmod(NAME, _S_IREAD));
    res("access for writing", _access(NAME, 2));
    res("open read-only file for writing", _open(NAME, _O_WRONLY));
    res("unlink read-only file", _unlink(NAME));
    _stat64(NAME, &st);
    printf("read-only mode: 0x%x\n", st.st_mode);
    res("chmod writable", _chmod(NAME, _S_IREAD | _S_IWRITE));
    res("stat64", _stat64(NAME, &st));
    printf("  mode=0x%x size=%ld nlink=%d\n", st.st_mode, (long)st.st_size, st.st_nlink);
    res("stat64 missing", _stat64(NAME2, &st));
    res("stat64 wildcard", _stat64("wblowio_*", &st));
    int fd = _open(NAME, _O_WRONLY | _O_BINARY);
    _write(fd, "12345", 5);
    res("fstat64", _fstat64(fd, &st));
    printf("  mode=0x%x size=%ld\n", st.st_mode, (long)st.st_size);
    _close(fd);
    fd = _open("NUL", _O_RDONLY);
    _fstat64(fd, &st);
    printf("fstat64 NUL: mode=0x%x dev_is_fd=%d\n", st.st_mode, st.st_dev == (unsigned)fd);
    _close(fd);

    res("mkdir", _mkdir(DIRN));
    res("mkdir existing", _mkdir(DIRN));
    res("stat64 dir", _stat64(DIRN, &st));
    printf("  mode=0x%x\n", st.st_mode);
    res("stat64 dir with trailing backslash", _stat64(DIRN "\\", &st));
    res("unlink a directory", _unlink(DIRN));
    res("rename into dir", rename(NAME, DIRN "\\moved.exe"));
    res("stat64 .exe", _stat64(DIRN "\\moved.exe", &st));
    printf("  mode=0x%x\n", st.st_mode);
    res("rmdir not empty", _rmdir(DIRN));
    _getcwd(cwd, sizeof cwd);
    res("chdir", _chdir(DIRN));
    _getcwd(now, sizeof now);
    printf("getcwd ends with dir: %d\n", strlen(now) > strlen(cwd) && _stricmp(now + strlen(cwd), "\\" DIRN) == 0);
    res("getcwd too small", _getcwd(now, 3) ? 0 : -1);
    res("access relative", _access("moved.exe", 0));
    res("chdir missing", _chdir("nothere"));
    res("chdir ..", _chdir(".."));
    char *dyn = _getcwd(NULL, 0);
    printf("getcwd(NULL) back: %d\n", dyn && strcmp(dyn, cwd) == 0);
    free(dyn);

    struct _finddata_t fdata;
    for (int i = 0; i < 3; i++) {
        char p[64];
        snprintf(p, sizeof p, DIRN "\\f%d.txt", i);
        fd = _open(p, _O_CREAT | _O_WRONLY, _S_IWRITE);
        _write(fd, "data", i);
        _close(fd);
    }
    intptr_t fh = _findfirst(DIRN "\\*.txt", &fdata);
    printf("findfirst:");
    if (fh != -1) {
        do
            printf(" %s(%lu)", fdata.name, (unsigned long)fdata.size);
        while (_findnext(fh, &fdata) == 0);
    }
    printf(" errno=%d\n", errno);
    res("findclose", _findclose(fh));
    errno = 0;
    res("findfirst none", (long)_findfirst(DIRN "\\*.none", &fdata));
    for (int i = 0; i < 3; i++) {
        char p[64];
        snprintf(p, sizeof p, DIRN "\\f%d.txt", i);
        _unlink(p);
    }
    res("unlink moved", _unlink(DIRN "\\moved.exe"));
    res("unlink missing", _unlink(DIRN "\\moved.exe"));
    res("rmdir", _rmdir(DIRN));
    res("rmdir missing", _rmdir(DIRN));
}

int main(void)
{
    opening();
    file_layer();
    descriptors();
    names();
    printf("done\n");
    return 0;
}
