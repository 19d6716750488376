/* msvcrt's descriptor table (fd → kernel32 handle + mode flags) as the
 * stdio layer sees it: streams do their own buffering and text translation
 * on raw descriptor reads and writes. Failures set the guest errno. */
#ifndef WOWBOX_SYSCALLS_MSVCRT_LOWIO_H
#define WOWBOX_SYSCALLS_MSVCRT_LOWIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* msvcrt's _O_* values */
#define CRT_O_RDONLY    0x0000
#define CRT_O_WRONLY    0x0001
#define CRT_O_RDWR      0x0002
#define CRT_O_APPEND    0x0008
#define CRT_O_RANDOM    0x0010
#define CRT_O_SEQUENTIAL 0x0020
#define CRT_O_TEMPORARY 0x0040
#define CRT_O_NOINHERIT 0x0080
#define CRT_O_CREAT     0x0100
#define CRT_O_TRUNC     0x0200
#define CRT_O_EXCL      0x0400
#define CRT_O_SHORT_LIVED 0x1000
#define CRT_O_TEXT      0x4000
#define CRT_O_BINARY    0x8000

/* msvcrt's errno values (they differ from Linux past 34) */
#define CRT_ENOENT  2
#define CRT_EBADF   9
#define CRT_ENOMEM  12
#define CRT_EACCES  13
#define CRT_EEXIST  17
#define CRT_EINVAL  22
#define CRT_EMFILE  24
#define CRT_ENOSPC  28
#define CRT_ERANGE  34
#define CRT_EILSEQ  42

bool lowio_valid(int fd);
/* Host fd of the descriptor's handle, -1 if it is not open. */
int lowio_host_fd(int fd);
bool lowio_text(int fd);
/* Opened with _O_APPEND: every write goes to the end. */
bool lowio_append(int fd);
/* A character device (console, NUL): what _isatty reports. */
bool lowio_is_device(int fd);
/* Not a device or pipe: positions mean something. */
bool lowio_seekable(int fd);

/* _sopen's share flags (shflag). */
#define CRT_SH_DENYRW 0x10
#define CRT_SH_DENYWR 0x20
#define CRT_SH_DENYRD 0x30
#define CRT_SH_DENYNO 0x40
#define CRT_SH_SECURE 0x80
/* _sopen's core for a UTF-8 Windows path: the descriptor or -1. */
int lowio_open(const char *win, int oflag, int shflag, int pmode);
int lowio_close(int fd);
/* _sopen_s and _wsopen_s (ucrtbase's _sopen_s too): the errno value. */
uint64_t lowio_sopen_s(gaddr pfh, gaddr path, bool wide, int oflag, int shflag, int pmode);
/* A new descriptor for a kernel32 handle (which it then owns), or -1. */
int lowio_adopt(uint32_t handle, int oflag);
/* Untranslated I/O: bytes moved, 0 at the end, -1 on failure. A broken
 * pipe reads as the end, as msvcrt has it. */
long lowio_read_raw(int fd, void *buf, size_t n);
bool lowio_write_raw(int fd, const void *buf, size_t n);
/* lseek with msvcrt's errors; clears the Ctrl-Z end mark. */
int64_t lowio_seek(int fd, int64_t off, int origin);

/* errno (and _doserrno) from a Win32 error, as msvcrt's _dosmaperr. */
void lowio_dosmaperr(uint32_t winerr);

#endif
