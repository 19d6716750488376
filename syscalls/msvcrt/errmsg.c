/* msvcrt's error messages: the _sys_errlist table in guest memory and
 * strerror, _strerror and _wcserror, which copy a message into the calling
 * thread's own buffer as msvcrt does (callers may write to it). */
#include <stdio.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/log.h"
#include "syscalls/api.h"
#include "syscalls/msvcrt/api_args.h"
#include "syscalls/msvcrt/lowio.h"
#include "syscalls/msvcrt/state.h"
#include "syscalls/msvcrt/struct32.h"

/* msvcrt.dll's texts, indexed by its errno values; _sys_nerr is 43 and
 * everything from there on reads "Unknown error". */
static const char *const messages[] = {
    "No error", "Operation not permitted", "No such file or directory", "No such process",
    "Interrupted function call", "Input/output error", "No such device or address",
    "Arg list too long", "Exec format error", "Bad file descriptor", "No child processes",
    "Resource temporarily unavailable", "Not enough space", "Permission denied", "Bad address",
    "Unknown error", "Resource device", "File exists", "Improper link", "No such device",
    "Not a directory", "Is a directory", "Invalid argument", "Too many open files in system",
    "Too many open files", "Inappropriate I/O control operation", "Unknown error",
    "File too large", "No space left on device", "Invalid seek", "Read-only file system",
    "Too many links", "Broken pipe", "Domain error", "Result too large", "Unknown error",
    "Resource deadlock avoided", "Unknown error", "Filename too long", "No locks available",
    "Function not implemented", "Directory not empty", "Illegal byte sequence", "Unknown error",
};
#define NMESSAGES (sizeof messages / sizeof messages[0])
#define SYS_NERR  ((int)NMESSAGES - 1)
#define USER_TEXT_MAX 94  /* _strerror keeps this much of the caller's text */

static const char *message_of(int e)
{
    return e >= 0 && e < SYS_NERR ? messages[e] : messages[SYS_NERR];
}

void msvcrt_init_sys_errlist(gaddr a, uint32_t size)
{
    msvcrt.sys_errlist = a;
    gaddr text = a + (uint32_t)(NMESSAGES * 4);
    for (size_t i = 0; i < NMESSAGES; i++) {
        size_t n = strlen(messages[i]) + 1;
        if (text + n > a + size)
            wb_bug("msvcrt: _sys_errlist needs more than its %u bytes", size);
        gm_write_force(a + (uint32_t)(i * 4), &text, 4);
        gm_write_force(text, messages[i], n);
        text += (uint32_t)n;
    }
}

void msvcrt_init_sys_nerr(gaddr a, uint32_t size)
{
    (void)size;
    msvcrt.sys_nerr = a;
    uint32_t n = (uint32_t)SYS_NERR;
    gm_write_force(a, &n, 4);
}

/* The calling thread's narrow buffer, filled with s (cut to fit). */
static uint64_t thread_message(const char *s)
{
    gaddr buf = msvcrt_errno_addr() + (gaddr)offsetof(CRT_THREAD_DATA32, errmsg);
    char tmp[CRT_ERRMSG_LEN];
    size_t n = strnlen(s, sizeof tmp - 1);
    memcpy(tmp, s, n);
    tmp[n] = 0;
    return gm_write(buf, tmp, n + 1) ? buf : 0;
}

/* The message as UTF-16 (the texts are ASCII), cut to `words` with NUL. */
static void widen(const char *s, uint16_t *out, size_t words)
{
    size_t i = 0;
    for (; s[i] && i + 1 < words; i++)
        out[i] = (uint8_t)s[i];
    out[i] = 0;
}

uint64_t msvcrt_strerror(struct thunk_call *c)
{
    API_ARGS(msvcrt, strerror, a);
    return thread_message(message_of(a.errnum));
}

/* "text: message\n", or "message\n" without text; errno says which. */
uint64_t msvcrt__strerror(struct thunk_call *c)
{
    API_ARGS(msvcrt, _strerror, a);
    int32_t e = 0;
    gm_read(msvcrt_errno_addr(), &e, 4);
    char line[CRT_ERRMSG_LEN + USER_TEXT_MAX], user[USER_TEXT_MAX + 1] = "";
    if (a.strErrMsg) {
        long n = gm_strnlen(a.strErrMsg, USER_TEXT_MAX);
        if (n < 0 || !gm_read(a.strErrMsg, user, (size_t)n)) {
            msvcrt_set_errno(CRT_EINVAL);
            return 0;
        }
        user[n] = 0;
    }
    if (user[0])
        snprintf(line, sizeof line, "%s: %s\n", user, message_of(e));
    else
        snprintf(line, sizeof line, "%s\n", message_of(e));
    return thread_message(line);
}

uint64_t msvcrt__wcserror(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wcserror, a);
    gaddr buf = msvcrt_errno_addr() + (gaddr)offsetof(CRT_THREAD_DATA32, werrmsg);
    uint16_t w[CRT_ERRMSG_LEN];
    widen(message_of(a.errnum), w, CRT_ERRMSG_LEN);
    size_t n = 0;
    while (w[n])
        n++;
    return gm_write(buf, w, (n + 1) * 2) ? buf : 0;
}

/* 0, the message cut to the buffer; EINVAL for no buffer. */
uint64_t msvcrt__wcserror_s(struct thunk_call *c)
{
    API_ARGS(msvcrt, _wcserror_s, a);
    if (!a.buffer || a.sizeInWords == 0) {
        msvcrt_set_errno(CRT_EINVAL);
        return CRT_EINVAL;
    }
    uint16_t w[CRT_ERRMSG_LEN];
    size_t words = a.sizeInWords < CRT_ERRMSG_LEN ? a.sizeInWords : CRT_ERRMSG_LEN;
    widen(message_of(a.errnum), w, words);
    size_t n = 0;
    while (w[n])
        n++;
    if (!gm_write(a.buffer, w, (n + 1) * 2)) {
        msvcrt_set_errno(CRT_EINVAL);
        return CRT_EINVAL;
    }
    return 0;
}
