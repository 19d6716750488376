/* msvcrt's _splitpath/_makepath and their wide forms as guest code: the
 * narrow and wide bodies are one, with the character size a constant. A
 * component longer than its _MAX_* buffer is cut to fit, as the
 * non-secure forms always wrote at most that much. */
#include "syscalls/guest/wg.h"

#define MAX_DRIVE 3
#define MAX_DIR 256
#define MAX_FNAME 256
#define MAX_EXT 256

#define INLINE static inline __attribute__((always_inline))

INLINE uint32_t ch(const void *p, size_t i, unsigned unit)
{
    return unit == 1 ? ((const uint8_t *)p)[i] : ((const WCHAR *)p)[i];
}

INLINE void put(void *p, size_t i, uint32_t v, unsigned unit)
{
    if (unit == 1)
        ((uint8_t *)p)[i] = (uint8_t)v;
    else
        ((WCHAR *)p)[i] = (WCHAR)v;
}

INLINE int is_sep(uint32_t c) { return c == '\\' || c == '/'; }

/* [from, to) of src into dst (if any), at most max - 1 units and a NUL */
INLINE void copy_part(void *dst, const void *src, size_t from, size_t to, size_t max, unsigned unit)
{
    if (!dst)
        return;
    size_t n = to - from < max - 1 ? to - from : max - 1;
    for (size_t i = 0; i < n; i++)
        put(dst, i, ch(src, from + i, unit), unit);
    put(dst, n, 0, unit);
}

INLINE void split(const void *path, void *drive, void *dir, void *fname, void *ext, unsigned unit)
{
    size_t len = 0;
    while (ch(path, len, unit))
        len++;
    size_t start = len >= 2 && ch(path, 1, unit) == ':' ? 2 : 0;
    copy_part(drive, path, 0, start, MAX_DRIVE, unit);
    size_t name = start, dot = len;
    for (size_t i = start; i < len; i++) {
        uint32_t c = ch(path, i, unit);
        if (is_sep(c)) {
            name = i + 1;
            dot = len;
        } else if (c == '.') {
            dot = i;
        }
    }
    copy_part(dir, path, start, name, MAX_DIR, unit);
    copy_part(fname, path, name, dot, MAX_FNAME, unit);
    copy_part(ext, path, dot, len, MAX_EXT, unit);
}

/* appends the string s at *at */
INLINE void append(void *dst, size_t *at, const void *s, unsigned unit)
{
    for (size_t i = 0; ch(s, i, unit); i++)
        put(dst, (*at)++, ch(s, i, unit), unit);
}

INLINE void join(void *path, const void *drive, const void *dir, const void *fname, const void *ext,
                 unsigned unit)
{
    size_t at = 0;
    if (drive && ch(drive, 0, unit)) { /* the letter only, then the colon */
        put(path, at++, ch(drive, 0, unit), unit);
        put(path, at++, ':', unit);
    }
    if (dir && ch(dir, 0, unit)) {
        append(path, &at, dir, unit);
        if (!is_sep(ch(path, at - 1, unit)))
            put(path, at++, '\\', unit);
    }
    if (fname)
        append(path, &at, fname, unit);
    if (ext && ch(ext, 0, unit)) {
        if (ch(ext, 0, unit) != '.')
            put(path, at++, '.', unit);
        append(path, &at, ext, unit);
    }
    put(path, at, 0, unit);
}

void CDECL msvcrt__splitpath(const char *path, char *drive, char *dir, char *fname, char *ext)
{
    split(path, drive, dir, fname, ext, 1);
}

void CDECL msvcrt__wsplitpath(const WCHAR *path, WCHAR *drive, WCHAR *dir, WCHAR *fname, WCHAR *ext)
{
    split(path, drive, dir, fname, ext, 2);
}

void CDECL msvcrt__makepath(char *path, const char *drive, const char *dir, const char *fname, const char *ext)
{
    join(path, drive, dir, fname, ext, 1);
}

void CDECL msvcrt__wmakepath(WCHAR *path, const WCHAR *drive, const WCHAR *dir, const WCHAR *fname,
                             const WCHAR *ext)
{
    join(path, drive, dir, fname, ext, 2);
}
