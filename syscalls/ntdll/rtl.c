/* ntdll's Rtl path and string helpers over syscalls/ntdll/path.c, and
 * RtlNtStatusToDosError over the one NTSTATUS → Win32 table. Strings the
 * guest frees with RtlFree*String live on the process heap, as on Windows. */
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/heap.h"
#include "core/process.h"
#include "core/unicode.h"
#include "syscalls/api.h"
#include "syscalls/ntdll/api_args.h"
#include "syscalls/ntdll/path.h"
#include "syscalls/ntdll/status.h"
#include "syscalls/ntdll/struct32.h"
#include "syscalls/win32_errors.h"

/* RTL_RELATIVE_NAME_U: { UNICODE_STRING RelativeName; HANDLE
 * ContainingDirectory; PVOID CurDirRef; } */
#define RELATIVE_NAME_SIZE 16u

/* UTF-8 → a heap-allocated UNICODE_STRING32 (NUL-terminated buffer). */
static NTSTATUS new_unicode_string(const char *s, UNICODE_STRING32 *us)
{
    size_t n = 0;
    uint16_t *w = utf8_to_utf16(s, &n);
    if (!w)
        return STATUS_NO_MEMORY;
    if (n * 2 + 2 > 0xFFFE) {
        free(w);
        return STATUS_NAME_TOO_LONG;
    }
    gaddr buf = heap_alloc(proc->process_heap, (uint32_t)(n + 1) * 2, 0);
    bool ok = buf && gm_write(buf, w, (n + 1) * 2);
    free(w);
    if (!ok)
        return STATUS_NO_MEMORY;
    *us = (UNICODE_STRING32){ (uint16_t)(n * 2), (uint16_t)(n * 2 + 2), buf };
    return 0;
}

static NTSTATUS dos_to_nt(gaddr dos, gaddr out, gaddr part, gaddr rel)
{
    NTSTATUS st;
    long file_part = -1;
    if (!dos || !out)
        return STATUS_OBJECT_NAME_INVALID;
    char *s = gm_wcs_to_utf8(dos);
    if (!s)
        return STATUS_ACCESS_VIOLATION;
    char *nt = *s ? nt_dos_path_to_nt(proc->cwd_win, s, &file_part, &st) : NULL;
    if (!*s)
        st = STATUS_OBJECT_NAME_INVALID;
    free(s);
    if (!nt)
        return st;
    UNICODE_STRING32 us;
    st = new_unicode_string(nt, &us);
    if (!st && !gm_write(out, &us, sizeof us))
        st = STATUS_ACCESS_VIOLATION;
    if (!st && part) {
        uint32_t at = 0;
        if (file_part >= 0) {
            char save = nt[file_part];
            nt[file_part] = '\0';
            size_t units = 0;
            uint16_t *w = utf8_to_utf16(nt, &units);
            free(w);
            nt[file_part] = save;
            at = us.Buffer + (uint32_t)units * 2;
        }
        gm_write_u32(part, at);
    }
    if (!st && rel)
        gm_fill(rel, 0, RELATIVE_NAME_SIZE);
    free(nt);
    return st;
}

uint64_t ntdll_RtlDosPathNameToNtPathName_U(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlDosPathNameToNtPathName_U, a);
    return dos_to_nt(a.DosFileName, a.NtFileName, a.FilePart, a.RelativeName) == 0;
}

uint64_t ntdll_RtlDosPathNameToNtPathName_U_WithStatus(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlDosPathNameToNtPathName_U_WithStatus, a);
    return dos_to_nt(a.DosFileName, a.NtFileName, a.FilePart, a.RelativeName);
}

/* A UTF-8 string into a guest WCHAR buffer of size bytes: the length in
 * bytes without the NUL when it fits, else the size needed with it. */
static uint32_t put_wide(const char *s, gaddr buf, uint32_t size, long file_part, gaddr part)
{
    size_t n = 0;
    uint16_t *w = utf8_to_utf16(s, &n);
    if (!w)
        return 0;
    uint32_t bytes = (uint32_t)n * 2;
    if (bytes + 2 > size) {
        free(w);
        return bytes + 2;
    }
    bool ok = gm_write(buf, w, bytes + 2);
    free(w);
    if (ok && part) {
        size_t units = 0;
        if (file_part >= 0) {
            char *head = strndup(s, (size_t)file_part);
            uint16_t *hw = head ? utf8_to_utf16(head, &units) : NULL;
            free(hw);
            free(head);
        }
        gm_write_u32(part, file_part >= 0 ? buf + (uint32_t)units * 2 : 0);
    }
    return ok ? bytes : 0;
}

uint64_t ntdll_RtlGetFullPathName_U(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlGetFullPathName_U, a);
    NTSTATUS st;
    char *s = a.FileName ? gm_wcs_to_utf8(a.FileName) : NULL;
    char *full = s && *s ? nt_full_dos_path(proc->cwd_win, s, &st) : NULL;
    free(s);
    if (!full)
        return 0;
    const char *sep = strrchr(full, '\\');
    long part = sep && sep[1] ? (long)(sep + 1 - full) : -1;
    uint32_t r = put_wide(full, a.Buffer, a.Size, part, a.ShortName);
    free(full);
    return r;
}

/* The current directory without its trailing backslash (but "C:\"). */
uint64_t ntdll_RtlGetCurrentDirectory_U(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlGetCurrentDirectory_U, a);
    return put_wide(proc->cwd_win ? proc->cwd_win : "C:\\", a.Buffer, a.BufferLength, -1, 0);
}

uint64_t ntdll_RtlNtStatusToDosError(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlNtStatusToDosError, a);
    return ntstatus_to_win32(a.Status);
}

/* ---- counted strings ----------------------------------------------------- */

static void free_string(gaddr us)
{
    UNICODE_STRING32 s;
    if (!us || !gm_read(us, &s, sizeof s))
        return;
    if (s.Buffer)
        heap_free(proc->process_heap, s.Buffer);
    gm_fill(us, 0, sizeof s);
}

uint64_t ntdll_RtlFreeUnicodeString(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlFreeUnicodeString, a);
    free_string(a.UnicodeString);
    return 0;
}

uint64_t ntdll_RtlFreeAnsiString(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlFreeAnsiString, a);
    free_string(a.AnsiString);
    return 0;
}

uint64_t ntdll_RtlCreateUnicodeString(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlCreateUnicodeString, a);
    char *s = a.SourceString ? gm_wcs_to_utf8(a.SourceString) : NULL;
    UNICODE_STRING32 us;
    bool ok = s && new_unicode_string(s, &us) == 0 && gm_write(a.DestinationString, &us, sizeof us);
    free(s);
    return ok;
}

uint64_t ntdll_RtlAnsiStringToUnicodeString(struct thunk_call *c)
{
    API_ARGS(ntdll, RtlAnsiStringToUnicodeString, a);
    UNICODE_STRING32 src, dst;
    if (!gm_read(a.SourceString, &src, sizeof src) || !gm_read(a.DestinationString, &dst, sizeof dst))
        return STATUS_ACCESS_VIOLATION;
    char *ansi = malloc((size_t)src.Length + 1);
    if (!ansi)
        return STATUS_NO_MEMORY;
    if (src.Length && !gm_read(src.Buffer, ansi, src.Length)) {
        free(ansi);
        return STATUS_ACCESS_VIOLATION;
    }
    ansi[src.Length] = '\0';
    char *u = ansi_to_utf8(ansi);
    free(ansi);
    size_t n = 0;
    uint16_t *w = u ? utf8_to_utf16(u, &n) : NULL;
    free(u);
    if (!w)
        return STATUS_NO_MEMORY;
    NTSTATUS st = 0;
    uint32_t bytes = (uint32_t)n * 2;
    if (bytes + 2 > 0xFFFE) {
        st = STATUS_INVALID_PARAMETER_2;
    } else if (a.AllocateDestinationString & 0xFF) {
        dst.Buffer = heap_alloc(proc->process_heap, bytes + 2, 0);
        dst.MaximumLength = (uint16_t)(bytes + 2);
        if (!dst.Buffer)
            st = STATUS_NO_MEMORY;
    } else if (bytes > dst.MaximumLength) {
        st = STATUS_BUFFER_OVERFLOW;
    }
    if (!st) {
        uint32_t room = dst.MaximumLength >= bytes + 2 ? bytes + 2 : bytes;
        dst.Length = (uint16_t)bytes;
        if (!gm_write(dst.Buffer, w, room) || !gm_write(a.DestinationString, &dst, sizeof dst))
            st = STATUS_ACCESS_VIOLATION;
    }
    free(w);
    return st;
}
