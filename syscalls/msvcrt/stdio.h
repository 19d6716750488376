/* msvcrt stdio streams as the formatting calls (msvcrt/printf.c) use them:
 * a guest FILE address maps to a host-side stream that buffers, translates
 * text mode and keeps the guest struct's _flag and _file current. */
#ifndef WOWBOX_SYSCALLS_MSVCRT_STDIO_H
#define WOWBOX_SYSCALLS_MSVCRT_STDIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/vm.h"

#define CRT_EOF  (-1)
#define CRT_WEOF 0xFFFFu

struct stream;

/* The stream of a guest FILE, or NULL (errno EINVAL) for an address that
 * is no open stream. */
struct stream *stream_of(gaddr file);
/* _fdopen and fclose from host code (_popen, _pclose): the guest FILE or
 * 0 with errno; 0 or EOF. mode is fopen's ("r", "wb", ...). */
gaddr stdio_fdopen(int fd, const char *mode);
int stdio_fclose(gaddr file);
/* &_iob[i]: 0 stdin, 1 stdout, 2 stderr. */
gaddr stdio_iob(int i);

/* Text mode (the descriptor's, so _setmode applies). */
bool stream_is_text(struct stream *s);
/* Bytes into the stream (text mode adds the CRs); false after an error. */
bool stream_put(struct stream *s, const void *p, size_t n);
/* One wide character: a byte in text mode (fails with EILSEQ beyond
 * Latin-1, as wctomb does in the C locale), two raw bytes in binary. */
bool stream_put_wide(struct stream *s, uint16_t wc);
/* The next byte (text mode: CR LF read as LF, Ctrl-Z ends), -1 at the end
 * or on an error (feof/ferror tell which). */
int stream_getc(struct stream *s);
/* ungetc; returns c or -1. */
int stream_ungetc(struct stream *s, int c);
/* The next wide character (two bytes in binary mode), CRT_WEOF at the end. */
uint32_t stream_getwc(struct stream *s);
/* Ends one call on the stream: unbuffered and console streams are flushed
 * here, as msvcrt's per-call temporary buffering does. */
void stream_end(struct stream *s);

#endif
