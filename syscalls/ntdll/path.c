/* Win32 path forms → NT paths (kernelbase's conversion) and NT paths → host
 * paths: the one place where redirect/ sees a guest path. */
#define _GNU_SOURCE
#include "syscalls/ntdll/path.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/handles.h"
#include "core/process.h"
#include "core/unicode.h"
#include "syscalls/ntdll/struct32.h"
#include "syscalls/ntdll/wow64_fs.h"
#include "redirect/path.h"

static bool is_sep(char c)
{
    return c == '\\' || c == '/';
}

static bool has_drive(const char *s)
{
    char d = (char)(s[0] | 0x20);
    return d >= 'a' && d <= 'z' && s[1] == ':';
}

/* path_win_normalize refuses the characters a file name may not hold;
 * a full path keeps them (FindFirstFile patterns, later NT opens fail
 * with STATUS_OBJECT_NAME_INVALID), so they travel as private-use
 * stand-ins (U+E000 + index: 3 bytes of UTF-8 each). A colon is hidden
 * everywhere but after a drive letter. */
static const char hidden_chars[] = "*?<>\"|:";

static bool keep_colon(const char *start, const char *at)
{
    size_t i = (size_t)(at - start);
    if (i == 1 && has_drive(start))
        return true;
    return i == 5 && is_sep(start[0]) && is_sep(start[1]) && (start[2] == '.' || start[2] == '?') &&
           is_sep(start[3]) && has_drive(start + 4);
}

static char *hide_chars(const char *s)
{
    char *out = malloc(strlen(s) * 3 + 1), *o = out;
    if (!out)
        return NULL;
    for (const char *p = s; *p; p++) {
        const char *h = strchr(hidden_chars, *p);
        if (h && !(*p == ':' && keep_colon(s, p))) {
            *o++ = (char)0xEE;
            *o++ = (char)0x80;
            *o++ = (char)(0x80 + (h - hidden_chars));
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

static void show_chars(char *s)
{
    char *o = s;
    for (char *p = s; *p;) {
        unsigned char b2 = (unsigned char)p[2];
        if ((unsigned char)p[0] == 0xEE && (unsigned char)p[1] == 0x80 && b2 >= 0x80 &&
            b2 < 0x80 + sizeof hidden_chars - 1) {
            *o++ = hidden_chars[b2 - 0x80];
            p += 3;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
}

/* path_win_normalize, with the odd characters hidden when it refuses
 * them ("COM1:" is a device as written); no WoW64 redirection (a DOS path
 * is converted as written). */
static char *normalize_as(const char *cwd, const char *dos, bool hide, NTSTATUS *status);

static char *normalize(const char *cwd, const char *dos, NTSTATUS *status)
{
    char *out = normalize_as(cwd, dos, false, status);
    if (!out && *status == STATUS_OBJECT_NAME_INVALID)
        out = normalize_as(cwd, dos, true, status);
    return out;
}

static char *normalize_as(const char *cwd, const char *dos, bool hide, NTSTATUS *status)
{
    char *hidden = hide ? hide_chars(dos) : strdup(dos);
    size_t cap = strlen(hidden ? hidden : "") + (cwd ? strlen(cwd) : 3) + 64;
    char *out = malloc(cap);
    if (!hidden || !out) {
        free(hidden);
        free(out);
        *status = STATUS_NO_MEMORY;
        return NULL;
    }
    *status = path_win_normalize(cwd, hidden, PATH_NO_WOW64_REDIRECT, out, cap);
    free(hidden);
    if (*status) {
        free(out);
        return NULL;
    }
    show_chars(out);
    return out;
}

static bool is_unc(const char *s)
{
    return is_sep(s[0]) && is_sep(s[1]) && !((s[2] == '.' || s[2] == '?') && (is_sep(s[3]) || !s[3]));
}

/* "\\server\share\rest" → "\\server\share" + the normalised rest; the
 * share is the root ".." stops at. */
static char *full_unc(const char *dos, NTSTATUS *status)
{
    const char *server = dos + 2, *p = server;
    while (*p && !is_sep(*p))
        p++;
    if (*p)
        p++;
    while (*p && !is_sep(*p))
        p++;
    size_t head = (size_t)(p - dos);
    char *fake = malloc(strlen(p) + 4);
    if (!fake) {
        *status = STATUS_NO_MEMORY;
        return NULL;
    }
    snprintf(fake, strlen(p) + 4, "A:\\%s", *p ? p + 1 : "");
    char *rest = normalize(NULL, fake, status);
    free(fake);
    if (!rest)
        return NULL;
    /* "A:\" → "" unless the input itself ended with its share and a separator */
    const char *tail = rest + 2;
    if (strcmp(tail, "\\") == 0 && !(*p && !p[1]))
        tail = "";
    char *out = malloc(head + strlen(tail) + 1);
    if (out) {
        memcpy(out, dos, head);
        strcpy(out + head, tail);
        for (size_t i = 0; i < head; i++)
            if (out[i] == '/')
                out[i] = '\\';
    } else {
        *status = STATUS_NO_MEMORY;
    }
    free(rest);
    return out;
}

char *nt_full_dos_path(const char *cwd, const char *dos, NTSTATUS *status)
{
    *status = 0;
    if (is_unc(dos))
        return full_unc(dos, status);
    return normalize(cwd, dos, status);
}

static long last_component(const char *s)
{
    const char *sep = strrchr(s, '\\');
    if (!sep || !sep[1])
        return -1;
    return (long)(sep + 1 - s);
}

static char *concat(const char *a, const char *b, NTSTATUS *status)
{
    char *out = malloc(strlen(a) + strlen(b) + 1);
    if (!out) {
        *status = STATUS_NO_MEMORY;
        return NULL;
    }
    strcpy(out, a);
    strcat(out, b);
    return out;
}

char *nt_dos_path_to_nt(const char *cwd, const char *dos, long *file_part, NTSTATUS *status)
{
    char *nt = NULL;
    *status = 0;
    if (strncmp(dos, "\\\\?\\", 4) == 0 || strncmp(dos, "\\??\\", 4) == 0) {
        nt = concat("\\??\\", dos + 4, status); /* verbatim */
    } else if (is_unc(dos)) {
        char *full = full_unc(dos, status);
        nt = full ? concat("\\??\\UNC\\", full + 2, status) : NULL;
        free(full);
    } else {
        char *full = normalize(cwd, dos, status);
        /* "\\.\NUL" and other device-namespace results */
        const char *body = full && strncmp(full, "\\\\.\\", 4) == 0 ? full + 4 : full;
        nt = full ? concat("\\??\\", body, status) : NULL;
        free(full);
    }
    if (nt && file_part)
        *file_part = last_component(nt);
    return nt;
}

/* The part after the DOS devices directory; \??\GLOBALROOT is a link to
 * the object root, so "\??\GLOBALROOT\??\C:\x" is "\??\C:\x". */
static const char *dos_devices_root(const char *nt)
{
    static const char *const roots[] = { "\\??\\", "\\DosDevices\\", "\\GLOBAL??\\" };
    for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
        size_t n = strlen(roots[i]);
        if (strncasecmp(nt, roots[i], n) != 0)
            continue;
        if (strncasecmp(nt + n, "GLOBALROOT\\", 11) == 0)
            return dos_devices_root(nt + n + 10);
        return nt + n;
    }
    return NULL;
}

NTSTATUS nt_path_to_host(const char *nt, unsigned flags, struct nt_host_path *out)
{
    out->host[0] = out->device[0] = '\0';
    out->readonly = false;
    if (nt[0] != '\\')
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    if (strcasecmp(nt, "\\Device\\Null") == 0) {
        strcpy(out->host, "/dev/null");
        return 0;
    }
    const char *rest = dos_devices_root(nt);
    if (!rest)
        return STATUS_OBJECT_PATH_NOT_FOUND; /* no other object directories */
    char *verbatim = concat("\\??\\", rest, &(NTSTATUS){ 0 });
    if (!verbatim)
        return STATUS_NO_MEMORY;
    bool redirect = !(flags & NT_PATH_NO_REDIRECT) && wow64_fs_redirected();
    unsigned pf = PATH_FOR_CREATE | (redirect ? 0 : PATH_NO_WOW64_REDIRECT);
    NTSTATUS st = path_win_to_host_ro(proc->prefix, proc->cwd_win, verbatim, pf, out->host, sizeof out->host,
                                      &out->readonly);
    free(verbatim);
    if (st == PATH_STATUS_DEVICE) {
        size_t n = strnlen(out->host, sizeof out->device - 1);
        memcpy(out->device, out->host, n);
        out->device[n] = '\0';
        out->host[0] = '\0';
        return 0;
    }
    return st;
}

NTSTATUS nt_dos_path_to_host(const char *dos, char *host, size_t hostsz)
{
    NTSTATUS st;
    struct nt_host_path hp;
    char *nt = nt_dos_path_to_nt(proc->cwd_win, dos, NULL, &st);
    if (!nt)
        return st;
    st = nt_path_to_host(nt, 0, &hp);
    free(nt);
    if (!st && hp.device[0])
        st = STATUS_OBJECT_NAME_NOT_FOUND;
    if (!st && strlen(hp.host) >= hostsz)
        st = STATUS_BUFFER_TOO_SMALL;
    if (!st)
        strcpy(host, hp.host);
    return st;
}

NTSTATUS nt_host_to_dos_path(const char *host, char *out, size_t outsz)
{
    return path_host_to_win(proc->prefix, host, out, outsz);
}

char *nt_path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir);
    bool sep = n && dir[n - 1] == '\\';
    char *out = malloc(n + strlen(name) + 2);
    if (out)
        sprintf(out, "%s%s%s", dir, sep ? "" : "\\", name);
    return out;
}

char *nt_read_unicode_string(gaddr us, NTSTATUS *status)
{
    UNICODE_STRING32 u;
    if (!gm_read(us, &u, sizeof u)) {
        *status = STATUS_ACCESS_VIOLATION;
        return NULL;
    }
    if (u.Length % 2 || u.Length > u.MaximumLength) {
        *status = STATUS_INVALID_PARAMETER;
        return NULL;
    }
    const uint16_t *w = u.Length ? gm_ptr(u.Buffer, u.Length, false) : (const uint16_t *)u"";
    char *s = w ? utf16_to_utf8(w, u.Length / 2) : NULL;
    *status = !w ? STATUS_ACCESS_VIOLATION : !s ? STATUS_NO_MEMORY : 0;
    return s;
}

void nt_handle_inherit_from_oa(uint32_t h, gaddr oa)
{
    OBJECT_ATTRIBUTES32 a;
    if (h && oa && gm_read(oa, &a, sizeof a) && (a.Attributes & OBJ_INHERIT))
        handle_set_flags(h, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
}
