/* GetFileTitleA/W: the name a file is shown under, i.e. the path's last
 * component. Windows drops the extension of "known" file types when the
 * user hides them; wowbox knows no file types (shell32 has no
 * associations), so the extension stays. 0 on success, the size needed
 * (with the NUL) when the buffer is smaller, a negative value for a name
 * that is no file name. */
#include <stdlib.h>
#include <string.h>

#include "syscalls/api.h"
#include "syscalls/comdlg32/api_args.h"

#define TITLE_INVALID 0xFFFFFFFFu /* (short)-1 in eax */

static bool is_separator(uint16_t ch)
{
    return ch == '\\' || ch == '/' || ch == ':';
}

/* Characters no file name holds (the wildcards among them). */
static bool is_forbidden(uint16_t ch)
{
    return ch < 0x20 || ch == '<' || ch == '>' || ch == '"' || ch == '|' || ch == '?' || ch == '*';
}

/* Where the title starts in s[0..n), or -1 when s names no file: empty,
 * ending in a separator, or holding a forbidden character. */
static long title_start(const uint16_t *s, size_t n)
{
    if (n == 0 || is_separator(s[n - 1]))
        return -1;
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (is_forbidden(s[i]))
            return -1;
        if (is_separator(s[i]))
            start = i + 1;
    }
    return (long)start;
}

/* The common part: units are bytes for the A function (the ANSI code
 * page is single-byte here, syscalls/nls.h) and UTF-16 for the W one. */
static uint64_t file_title(const uint16_t *s, size_t n, gaddr out, uint32_t size, size_t unit)
{
    long start = title_start(s, n);
    if (start < 0)
        return TITLE_INVALID;
    size_t need = n - (size_t)start + 1;
    if ((size & 0xFFFFu) < need) /* cchSize is a WORD */
        return need;
    if (!out)
        return TITLE_INVALID;
    for (size_t i = 0; i < need; i++) {
        uint16_t ch = i + 1 < need ? s[(size_t)start + i] : 0;
        bool ok = unit == 1 ? gm_write(out + i, &ch, 1) : gm_write_u16(out + 2 * i, ch);
        if (!ok)
            return TITLE_INVALID;
    }
    return 0;
}

uint64_t comdlg32_GetFileTitleW(struct thunk_call *c)
{
    API_ARGS(comdlg32, GetFileTitleW, a);
    size_t n;
    uint16_t *s = a.lpszFile ? gm_wcsdup(a.lpszFile, &n) : NULL;
    if (!s)
        return TITLE_INVALID;
    uint64_t r = file_title(s, n, a.lpszTitle, a.cchSize, 2);
    free(s);
    return r;
}

uint64_t comdlg32_GetFileTitleA(struct thunk_call *c)
{
    API_ARGS(comdlg32, GetFileTitleA, a);
    char *b = a.lpszFile ? gm_strdup(a.lpszFile) : NULL;
    if (!b)
        return TITLE_INVALID;
    size_t n = strlen(b);
    uint16_t *s = malloc((n + 1) * sizeof *s);
    uint64_t r = TITLE_INVALID;
    if (s) {
        for (size_t i = 0; i < n; i++)
            s[i] = (uint8_t)b[i];
        r = file_title(s, n, a.lpszTitle, a.cchSize, 1);
    }
    free(s);
    free(b);
    return r;
}
