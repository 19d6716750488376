/* kernel32 code-page conversions, code page information, character types
 * and case mapping (LCMapString). CP_UTF8 is converted here; every other
 * page (the ANSI and OEM ones, 1252 and 437 unless --codepage says
 * otherwise, and the double-byte 932, 936, 949 and 950) through the tables
 * of syscalls/codepage.c, CP_UTF7 by syscalls/utf7.c. */
#include <stdlib.h>
#include <string.h>

#include "core/process.h"
#include "core/unicode.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/struct32.h"
#include "syscalls/codepage.h"
#include "syscalls/nls.h"
#include "syscalls/utf7.h"
#include "syscalls/win32_errors.h"

#define MB_ERR_INVALID_CHARS 0x8u
#define WC_NO_BEST_FIT_CHARS 0x400u

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

static bool known_cp(uint32_t cp)
{
    return cp_valid(cp);
}

/* Source bytes → UTF-16 in a host buffer (*n units). */
static uint16_t *decode(uint32_t cp, const uint8_t *src, size_t len, size_t *n, bool strict, bool *invalid)
{
    if (cp == CP_UTF8) {
        char *tmp = malloc(len + 1);
        if (!tmp)
            return NULL;
        memcpy(tmp, src, len);
        tmp[len] = 0;
        /* embedded NULs are rare in counted UTF-8 input; split around them */
        uint16_t *out = malloc((len + 1) * 2);
        size_t o = 0;
        for (size_t i = 0; out && i <= len;) {
            size_t seg = strlen(tmp + i);
            size_t wl;
            uint16_t *w = utf8_to_utf16(tmp + i, &wl);
            if (!w) {
                free(out);
                out = NULL;
                break;
            }
            memcpy(out + o, w, wl * 2);
            o += wl;
            free(w);
            i += seg;
            if (i < len)
                out[o++] = 0;
            i++;
        }
        free(tmp);
        *n = o;
        return out;
    }
    if (cp == CP_UTF7)
        return utf7_to_utf16(src, len, n);
    return cp_to_utf16(cp, src, len, n, strict, invalid);
}

uint64_t kernel32_MultiByteToWideChar(struct thunk_call *c)
{
    API_ARGS(kernel32, MultiByteToWideChar, a);
    uint32_t cp = cp_resolve(a.CodePage);
    gaddr src = a.lpMultiByteStr, dst = a.lpWideCharStr;
    int32_t srclen = (int32_t)a.cbMultiByte, dstlen = (int32_t)a.cchWideChar;
    if (!known_cp(cp))
        return fail(ERROR_INVALID_PARAMETER);
    if (src == 0 || srclen == 0 || dstlen < 0 || (dstlen && !dst))
        return fail(ERROR_INVALID_PARAMETER);
    if (cp == CP_UTF7 && a.dwFlags) /* UTF-7 takes no flags */
        return fail(ERROR_INVALID_FLAGS);
    if (srclen < 0) {
        long l = gm_strnlen(src, 1u << 30);
        if (l < 0)
            return fail(ERROR_NOACCESS);
        srclen = (int32_t)l + 1; /* the terminator is converted too */
    }
    const uint8_t *p = gm_ptr(src, (size_t)srclen, false);
    if (!p)
        return fail(ERROR_NOACCESS);
    size_t n;
    bool invalid = false;
    uint16_t *w = decode(cp, p, (size_t)srclen, &n, a.dwFlags & MB_ERR_INVALID_CHARS, &invalid);
    if (!w)
        return fail(invalid ? ERROR_NO_UNICODE_TRANSLATION : ERROR_NOT_ENOUGH_MEMORY);
    if (dstlen == 0) {
        free(w);
        return n;
    }
    /* a short buffer still gets what fits, as Windows 10 writes it (some
     * programs ask with one unit too few and add the NUL themselves) */
    bool short_buffer = n > (size_t)dstlen;
    bool ok = gm_write(dst, w, (short_buffer ? (size_t)dstlen : n) * 2);
    free(w);
    if (!ok)
        return fail(ERROR_NOACCESS);
    return short_buffer ? fail(ERROR_INSUFFICIENT_BUFFER) : n;
}

/* UTF-16 → bytes; *used_default set when a character had no mapping (nor
 * a best fit, when best). */
static char *encode(uint32_t cp, const uint16_t *w, size_t n, size_t *len, const char *defchar, bool best,
                    bool *used_default)
{
    if (cp == CP_UTF7)
        return utf16_to_utf7(w, n, len);
    if (cp == CP_UTF8) {
        char *s = utf16_to_utf8(w, n); /* stops at nothing: NULs pass through as bytes */
        *len = 0;
        if (s) {
            /* utf16_to_utf8 writes embedded NULs as 0 bytes; count by units */
            size_t l = 0;
            for (size_t i = 0; i < n; i++) {
                uint32_t u = w[i];
                if (u >= 0xD800 && u < 0xDC00 && i + 1 < n && w[i + 1] >= 0xDC00 && w[i + 1] < 0xE000) {
                    l += 4;
                    i++;
                } else {
                    l += u < 0x80 ? 1 : u < 0x800 ? 2 : 3;
                }
            }
            *len = l;
        }
        return s;
    }
    return cp_from_utf16(cp, w, n, len, defchar, best, used_default);
}

uint64_t kernel32_WideCharToMultiByte(struct thunk_call *c)
{
    API_ARGS(kernel32, WideCharToMultiByte, a);
    uint32_t cp = cp_resolve(a.CodePage);
    gaddr src = a.lpWideCharStr, dst = a.lpMultiByteStr, defp = a.lpDefaultChar, usedp = a.lpUsedDefaultChar;
    int32_t srclen = (int32_t)a.cchWideChar, dstlen = (int32_t)a.cbMultiByte;
    if (!known_cp(cp))
        return fail(ERROR_INVALID_PARAMETER);
    if (src == 0 || srclen == 0 || dstlen < 0 || (dstlen && !dst))
        return fail(ERROR_INVALID_PARAMETER);
    if ((cp == CP_UTF8 || cp == CP_UTF7) && (defp || usedp)) /* not allowed for UTF-8 and UTF-7 */
        return fail(ERROR_INVALID_PARAMETER);
    if (cp == CP_UTF7 && a.dwFlags) /* UTF-7 takes no flags */
        return fail(ERROR_INVALID_FLAGS);
    if (srclen < 0) {
        long l = gm_wcsnlen(src, 1u << 29);
        if (l < 0)
            return fail(ERROR_NOACCESS);
        srclen = (int32_t)l + 1;
    }
    const uint16_t *w = gm_ptr(src, (size_t)srclen * 2, false);
    if (!w)
        return fail(ERROR_NOACCESS);
    char defchar[3] = "?"; /* one byte, or a lead and its trail */
    if (defp && (!gm_read(defp, defchar, 1) || (cp_lead_byte(cp, (uint8_t)defchar[0]) && !gm_read(defp + 1, defchar + 1, 1))))
        return fail(ERROR_NOACCESS);
    bool used = false;
    size_t len;
    char *s = encode(cp, w, (size_t)srclen, &len, defchar, !(a.dwFlags & WC_NO_BEST_FIT_CHARS), &used);
    if (!s)
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    if (usedp)
        gm_write_u32(usedp, used);
    if (dstlen == 0) {
        free(s);
        return len;
    }
    if (len > (size_t)dstlen) {
        free(s);
        return fail(ERROR_INSUFFICIENT_BUFFER);
    }
    bool ok = gm_write(dst, s, len);
    free(s);
    return ok ? len : fail(ERROR_NOACCESS);
}

uint64_t kernel32_IsDBCSLeadByteEx(struct thunk_call *c)
{
    API_ARGS(kernel32, IsDBCSLeadByteEx, a);
    if (!cp_valid(a.CodePage))
        return fail(ERROR_INVALID_PARAMETER);
    return cp_lead_byte(a.CodePage, (uint8_t)a.TestChar);
}

uint64_t kernel32_IsDBCSLeadByte(struct thunk_call *c)
{
    API_ARGS(kernel32, IsDBCSLeadByte, a);
    return cp_lead_byte(CP_ACP, (uint8_t)a.TestChar);
}

uint64_t kernel32_GetACP(struct thunk_call *c) { (void)c; return cp_ansi; }
uint64_t kernel32_GetOEMCP(struct thunk_call *c) { (void)c; return cp_oem; }

/* ------------------------------------------------- code page information */

static bool valid_cp(uint32_t cp)
{
    return cp != CP_ACP && cp != CP_OEMCP && cp != CP_MACCP && cp != CP_THREAD_ACP && cp_valid(cp);
}

static bool fill_cpinfo(uint32_t cp, CPINFO32 *info)
{
    cp = cp_resolve(cp);
    if (!cp_valid(cp))
        return false;
    memset(info, 0, sizeof *info);
    info->MaxCharSize = cp == CP_UTF8 ? 4 : cp == CP_UTF7 ? 5 : cp_is_dbcs(cp) ? 2 : 1;
    info->DefaultChar[0] = '?';
    if (cp != CP_UTF8 && cp != CP_UTF7)
        cp_lead_ranges(cp, info->LeadByte);
    return true;
}

uint64_t kernel32_GetCPInfo(struct thunk_call *c)
{
    API_ARGS(kernel32, GetCPInfo, a);
    CPINFO32 info;
    if (!fill_cpinfo(a.CodePage, &info))
        return fail(ERROR_INVALID_PARAMETER);
    return gm_write(a.lpCPInfo, &info, sizeof info) ? 1 : fail(ERROR_NOACCESS);
}

/* Windows' names of the pages a program is likely to show; others by number. */
static void cp_name(uint32_t cp, char *buf, size_t size)
{
    static const struct { uint32_t cp; const char *name; } names[] = {
        { 437, "437   (OEM - United States)" },       { 850, "850   (OEM - Multilingual Latin I)" },
        { 932, "932   (ANSI/OEM - Japanese Shift-JIS)" },
        { 936, "936   (ANSI/OEM - Simplified Chinese GBK)" },
        { 949, "949   (ANSI/OEM - Korean)" },          { 950, "950   (ANSI/OEM - Traditional Chinese Big5)" },
        { 1250, "1250  (ANSI - Central Europe)" },     { 1251, "1251  (ANSI - Cyrillic)" },
        { 1252, "1252  (ANSI - Latin I)" },            { 65000, "65000 (UTF-7)" },
        { 65001, "65001 (UTF-8)" },
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (names[i].cp == cp) {
            snprintf(buf, size, "%s", names[i].name);
            return;
        }
    snprintf(buf, size, "%u", cp);
}

/* CPINFOEX: CPINFO, the Unicode default character, the page, its name
 * (MAX_PATH characters of the A or W kind). */
static uint64_t get_cpinfo_ex(uint32_t codepage, uint32_t flags, gaddr out, bool wide)
{
    CPINFO32 info;
    if (flags)
        return fail(ERROR_INVALID_FLAGS);
    if (!fill_cpinfo(codepage, &info))
        return fail(ERROR_INVALID_PARAMETER);
    uint32_t cp = cp_resolve(codepage);
    char name[64];
    cp_name(cp, name, sizeof name);
    CPINFOEX_HEAD32 head = { .MaxCharSize = info.MaxCharSize, .UnicodeDefaultChar = '?', .CodePage = cp };
    memcpy(head.DefaultChar, info.DefaultChar, sizeof head.DefaultChar);
    memcpy(head.LeadByte, info.LeadByte, sizeof head.LeadByte);
    bool ok = gm_write(out, &head, sizeof head);
    size_t len = strlen(name);
    gaddr at = out + sizeof head;
    for (size_t i = 0; ok && i <= len; i++)
        ok = wide ? gm_write_u16(at + (gaddr)i * 2, (uint8_t)name[i]) : gm_write_u8(at + (gaddr)i, (uint8_t)name[i]);
    return ok ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_GetCPInfoExA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetCPInfoExA, a);
    return get_cpinfo_ex(a.CodePage, a.dwFlags, a.lpCPInfoEx, false);
}
uint64_t kernel32_GetCPInfoExW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetCPInfoExW, a);
    return get_cpinfo_ex(a.CodePage, a.dwFlags, a.lpCPInfoEx, true);
}

/* The aliases CP_ACP/CP_OEMCP are not code pages of their own. */
uint64_t kernel32_IsValidCodePage(struct thunk_call *c)
{
    API_ARGS(kernel32, IsValidCodePage, a);
    return valid_cp(a.CodePage);
}

/* ------------------------------------------------- character types */

#define CT_CTYPE1 1u

/* A guest string as UTF-16 units; count < 0: NUL-terminated, the NUL
 * counted (these functions report on it too). */
static uint16_t *units_of(gaddr g, int32_t count, bool wide, size_t *n)
{
    if (!g || count == 0)
        return NULL;
    if (count < 0) {
        long l = wide ? gm_wcsnlen(g, 1u << 29) : gm_strnlen(g, 1u << 30);
        if (l < 0)
            return NULL;
        count = (int32_t)l + 1;
    }
    *n = (size_t)count;
    const void *p = gm_ptr(g, *n * (wide ? 2 : 1), false);
    if (!p)
        return NULL;
    if (!wide)
        return nls_ansi_to_w(p, *n);
    uint16_t *w = malloc((*n + 1) * 2);
    if (w)
        memcpy(w, p, *n * 2);
    return w;
}

/* Only CT_CTYPE1; CT_CTYPE2 (bidi) and CT_CTYPE3 (text-processing) data is
 * not carried, so those fail rather than answer wrongly. */
static uint64_t string_type(uint32_t type, gaddr src, int32_t count, gaddr out, bool wide)
{
    if (type != CT_CTYPE1)
        return fail(type == 2 || type == 4 ? ERROR_NOT_SUPPORTED : ERROR_INVALID_FLAGS);
    if (!src || count == 0 || !out)
        return fail(ERROR_INVALID_PARAMETER);
    size_t n;
    uint16_t *w = units_of(src, count, wide, &n);
    if (!w)
        return fail(ERROR_NOACCESS);
    for (size_t i = 0; i < n; i++)
        w[i] = nls_ctype1(w[i]);
    bool ok = gm_write(out, w, n * 2);
    free(w);
    return ok ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_GetStringTypeW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetStringTypeW, a);
    return string_type(a.dwInfoType, a.lpSrcStr, (int32_t)a.cchSrc, a.lpCharType, true);
}

uint64_t kernel32_GetStringTypeExW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetStringTypeExW, a);
    return string_type(a.dwInfoType, a.lpSrcStr, (int32_t)a.cchSrc, a.lpCharType, true);
}

uint64_t kernel32_GetStringTypeA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetStringTypeA, a);
    return string_type(a.dwInfoType, a.lpSrcStr, (int32_t)a.cchSrc, a.lpCharType, false);
}

uint64_t kernel32_GetStringTypeExA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetStringTypeExA, a);
    return string_type(a.dwInfoType, a.lpSrcStr, (int32_t)a.cchSrc, a.lpCharType, false);
}

/* ------------------------------------------------------- LCMapString */

#define LCMAP_LOWERCASE         0x00000100u
#define LCMAP_UPPERCASE         0x00000200u
#define LCMAP_SORTKEY           0x00000400u
#define LCMAP_BYTEREV           0x00000800u
#define LCMAP_LINGUISTIC_CASING 0x01000000u
/* understood but not implemented: sort keys, kana, width, Chinese, title case */
#define LCMAP_UNSUPPORTED       (LCMAP_SORTKEY | 0x00040000u /* HASH */ | 0x00100000u | 0x00200000u | \
                                 0x00400000u | 0x00800000u | 0x02000000u | 0x04000000u)
#define LCMAP_TITLECASE         (LCMAP_LOWERCASE | LCMAP_UPPERCASE)

/* Case mapping and byte reversal; the result is the count written (with
 * the NUL when the source count included it), or the size needed when
 * cchDest is 0. */
static uint64_t lcmap(uint32_t flags, gaddr src, int32_t count, gaddr dst, int32_t cch, bool wide)
{
    uint32_t known = LCMAP_LOWERCASE | LCMAP_UPPERCASE | LCMAP_BYTEREV | LCMAP_LINGUISTIC_CASING;
    if ((flags & LCMAP_UNSUPPORTED) || (flags & LCMAP_TITLECASE) == LCMAP_TITLECASE)
        return fail(ERROR_NOT_SUPPORTED);
    if (!flags || (flags & ~known) ||
        ((flags & LCMAP_LINGUISTIC_CASING) && !(flags & (LCMAP_LOWERCASE | LCMAP_UPPERCASE))))
        return fail(ERROR_INVALID_FLAGS);
    if (!src || count == 0 || cch < 0 || (cch && !dst))
        return fail(ERROR_INVALID_PARAMETER);
    size_t n;
    uint16_t *w = units_of(src, count, wide, &n);
    if (!w)
        return fail(ERROR_NOACCESS);
    for (size_t i = 0; i < n; i++) {
        if (flags & LCMAP_UPPERCASE)
            w[i] = wide ? nls_upper(w[i]) : nls_upper_a((uint8_t)w[i]);
        else if (flags & LCMAP_LOWERCASE)
            w[i] = wide ? nls_lower(w[i]) : nls_lower_a((uint8_t)w[i]);
        if ((flags & LCMAP_BYTEREV) && wide)
            w[i] = (uint16_t)(w[i] << 8 | w[i] >> 8);
    }
    uint64_t r = n;
    if (cch && (size_t)cch < n) {
        r = fail(ERROR_INSUFFICIENT_BUFFER);
    } else if (cch) {
        bool ok;
        if (wide) {
            ok = gm_write(dst, w, n * 2);
        } else {
            char *a = nls_w_to_ansi(w, n);
            ok = a && gm_write(dst, a, n);
            free(a);
        }
        if (!ok)
            r = fail(ERROR_NOACCESS);
    }
    free(w);
    return r;
}

uint64_t kernel32_LCMapStringW(struct thunk_call *c)
{
    API_ARGS(kernel32, LCMapStringW, a);
    return lcmap(a.dwMapFlags, a.lpSrcStr, (int32_t)a.cchSrc, a.lpDestStr, (int32_t)a.cchDest, true);
}

uint64_t kernel32_LCMapStringA(struct thunk_call *c)
{
    API_ARGS(kernel32, LCMapStringA, a);
    return lcmap(a.dwMapFlags, a.lpSrcStr, (int32_t)a.cchSrc, a.lpDestStr, (int32_t)a.cchDest, false);
}

uint64_t kernel32_LCMapStringEx(struct thunk_call *c)
{
    API_ARGS(kernel32, LCMapStringEx, a);
    if (a.lpVersionInformation || a.lpReserved || a.sortHandle) /* version info, reserved, sort handle */
        return fail(ERROR_INVALID_PARAMETER);
    return lcmap(a.dwMapFlags, a.lpSrcStr, (int32_t)a.cchSrc, a.lpDestStr, (int32_t)a.cchDest, true);
}
