/* VARIANT basics as guest code: VariantInit/Clear/Copy and
 * VariantChangeType(Ex) between VT_EMPTY, VT_I2, VT_I4, VT_R8, VT_BOOL and
 * VT_BSTR. Other conversions (dates, currency, decimals, arrays, records,
 * by-reference sources, objects' default properties) return E_NOTIMPL:
 * they are not done here, which is not Windows' answer. Numbers are read
 * and written with '.' as the decimal point (the en-US locale). */
#include "syscalls/oleaut32/guest/bstr.h"

#define DISP_E_TYPEMISMATCH ((HRESULT)0x80020005u)
#define DISP_E_BADVARTYPE ((HRESULT)0x80020008u)
#define DISP_E_OVERFLOW ((HRESULT)0x8002000Au)

enum {
    VT_EMPTY = 0, VT_NULL = 1, VT_I2 = 2, VT_I4 = 3, VT_R4 = 4, VT_R8 = 5, VT_CY = 6, VT_DATE = 7, VT_BSTR = 8,
    VT_DISPATCH = 9, VT_ERROR = 10, VT_BOOL = 11, VT_VARIANT = 12, VT_UNKNOWN = 13, VT_DECIMAL = 14, VT_I1 = 16,
    VT_UI1 = 17, VT_UI2 = 18, VT_UI4 = 19, VT_I8 = 20, VT_UI8 = 21, VT_INT = 22, VT_UINT = 23, VT_RECORD = 36,
    VT_ARRAY = 0x2000, VT_BYREF = 0x4000,
};
#define VT_TYPEMASK 0x0FFFu
#define VARIANT_ALPHABOOL 0x2u
#define VARIANT_LOCALBOOL 0x10u
#define VARIANT_TRUE ((int16_t)-1)

/* VARIANT: 16 bytes, the value at 8 */
typedef struct {
    uint16_t vt, r1, r2, r3;
    union {
        int16_t i2;
        int32_t i4;
        double r8;
        int16_t boolean;
        WCHAR *bstr;
        void *punk;
        void *parray;
        void *byref;
        struct {
            void *pvRecord, *pRecInfo;
        } rec;
    } u;
} VARIANT;
_Static_assert(sizeof(VARIANT) == 16, "VARIANT is 16 bytes");

/* IUnknown's AddRef and Release through the object's vtable */
typedef uint32_t(WINAPI *unk_fn)(void *self);
static void unk_call(void *unk, unsigned slot)
{
    if (unk)
        (*(unk_fn **)unk)[slot](unk);
}

static BOOL valid_type(uint16_t vt)
{
    uint16_t base = vt & VT_TYPEMASK;
    if (vt & ~(VT_TYPEMASK | VT_ARRAY | VT_BYREF))
        return 0;
    if (base == VT_VARIANT)
        return (vt & (VT_BYREF | VT_ARRAY)) != 0;
    return base <= VT_DECIMAL || (base >= VT_I1 && base <= VT_UINT) || base == VT_RECORD;
}

void WINAPI oleaut32_VariantInit(VARIANT *v) { v->vt = VT_EMPTY; }

HRESULT WINAPI oleaut32_VariantClear(VARIANT *v)
{
    if (!valid_type(v->vt))
        return DISP_E_BADVARTYPE;
    if (!(v->vt & VT_BYREF)) {
        if ((v->vt & VT_ARRAY) || v->vt == VT_RECORD) {
            if (v->u.parray) /* SafeArray and record destruction are not done */
                return E_NOTIMPL;
        } else if (v->vt == VT_BSTR) {
            oleaut32_SysFreeString(v->u.bstr);
        } else if (v->vt == VT_DISPATCH || v->vt == VT_UNKNOWN) {
            unk_call(v->u.punk, 2);
        }
    }
    v->vt = VT_EMPTY;
    return S_OK;
}

HRESULT WINAPI oleaut32_VariantCopy(VARIANT *dst, const VARIANT *src)
{
    if (!valid_type(src->vt))
        return DISP_E_BADVARTYPE;
    if (dst == src)
        return S_OK;
    if (!(src->vt & VT_BYREF) && ((src->vt & VT_ARRAY) || src->vt == VT_RECORD) && src->u.parray)
        return E_NOTIMPL;
    HRESULT hr = oleaut32_VariantClear(dst);
    if (hr != S_OK)
        return hr;
    VARIANT copy = *src;
    if (!(src->vt & VT_BYREF)) {
        if (src->vt == VT_BSTR && src->u.bstr) {
            copy.u.bstr = bstr_make(src->u.bstr, bstr_bytes(src->u.bstr));
            if (!copy.u.bstr)
                return E_OUTOFMEMORY;
        } else if (src->vt == VT_DISPATCH || src->vt == VT_UNKNOWN) {
            unk_call(src->u.punk, 1);
        }
    }
    *dst = copy;
    return S_OK;
}

/* ------------------------------------------------------------ text and numbers */

static BOOL space(WCHAR c) { return c == ' ' || c == '\t'; }

static BOOL same_word(const WCHAR *s, const char *w)
{
    for (; *w; s++, w++)
        if ((*s | 0x20) != (*w | 0x20))
            return 0;
    return !*s;
}

/* A decimal number (sign, digits, '.', exponent) with spaces around it. */
static BOOL parse_number(const WCHAR *s, long double *out)
{
    while (space(*s))
        s++;
    int neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    long double v = 0;
    int digits = 0, scale = 0;
    for (; *s >= '0' && *s <= '9'; s++, digits++)
        v = v * 10 + (*s - '0');
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++, digits++, scale--)
            v = v * 10 + (*s - '0');
    if (!digits)
        return 0;
    if (*s == 'e' || *s == 'E') {
        s++;
        int eneg = *s == '-', e = 0, edigits = 0;
        if (*s == '-' || *s == '+')
            s++;
        for (; *s >= '0' && *s <= '9'; s++, edigits++)
            e = e < 10000 ? e * 10 + (*s - '0') : e;
        if (!edigits)
            return 0;
        scale += eneg ? -e : e;
    }
    while (space(*s))
        s++;
    if (*s)
        return 0;
    for (; scale > 0; scale--)
        v *= 10;
    for (; scale < 0; scale++)
        v /= 10;
    *out = neg ? -v : v;
    return 1;
}

/* Round half to even, as Windows' conversions to integers do. */
static long double round_even(long double v)
{
    long double f = (long double)(int64_t)v;
    long double d = v - f;
    if (d > 0.5L || (d == 0.5L && ((int64_t)f & 1)))
        f += 1;
    else if (d < -0.5L || (d == -0.5L && ((int64_t)f & 1)))
        f -= 1;
    return f;
}

static WCHAR *put_uint(WCHAR *p, uint32_t v)
{
    WCHAR tmp[24];
    int n = 0;
    do
        tmp[n++] = (WCHAR)('0' + v % 10);
    while (v /= 10);
    while (n)
        *p++ = tmp[--n];
    return p;
}

/* 15 significant digits, trailing zeros dropped; "E+XX" outside 1e-5..1e15
 * (as VarBstrFromR8 writes 1E+20 and 1E-07). */
static void format_r8(double d, WCHAR *out)
{
    WCHAR *p = out;
    long double v = d;
    if (v < 0)
        *p++ = '-', v = -v;
    if (v == 0) {
        *p++ = '0';
        *p = 0;
        return;
    }
    int e = 0;
    while (v >= 1e15L)
        v /= 10, e++;
    while (v < 1e14L)
        v *= 10, e--;
    long double m = round_even(v);
    if (m >= 1e15L)
        m /= 10, e++;
    int exp10 = e + 14; /* m is d.dddd... x 10^exp10 */
    /* 15 digits as 7 + 8 in 32-bit halves (guest code has no 64-bit
     * division: no libgcc) */
    uint32_t hi = (uint32_t)(int64_t)(m / 100000000.0L);
    uint32_t lo = (uint32_t)(int64_t)(m - (long double)hi * 100000000.0L);
    if (lo >= 100000000u)
        lo -= 100000000u, hi++;
    char digits[16];
    for (int i = 14; i >= 7; i--, lo /= 10)
        digits[i] = (char)('0' + lo % 10);
    for (int i = 6; i >= 0; i--, hi /= 10)
        digits[i] = (char)('0' + hi % 10);
    int n = 15;
    while (n > 1 && digits[n - 1] == '0')
        n--;
    if (exp10 >= 15 || exp10 < -5) {
        *p++ = (WCHAR)digits[0];
        if (n > 1)
            *p++ = '.';
        for (int i = 1; i < n; i++)
            *p++ = (WCHAR)digits[i];
        *p++ = 'E';
        *p++ = exp10 < 0 ? '-' : '+';
        int a = exp10 < 0 ? -exp10 : exp10;
        if (a < 10)
            *p++ = '0';
        p = put_uint(p, (uint32_t)a);
    } else if (exp10 < 0) {
        *p++ = '0';
        *p++ = '.';
        for (int i = -1; i > exp10; i--)
            *p++ = '0';
        for (int i = 0; i < n; i++)
            *p++ = (WCHAR)digits[i];
    } else {
        for (int i = 0; i <= exp10; i++)
            *p++ = (WCHAR)(i < n ? digits[i] : '0');
        if (n > exp10 + 1) {
            *p++ = '.';
            for (int i = exp10 + 1; i < n; i++)
                *p++ = (WCHAR)digits[i];
        }
    }
    *p = 0;
}

/* ------------------------------------------------------------ VariantChangeType */

/* The source as a number; DISP_E_TYPEMISMATCH for text that is none. */
static HRESULT number_of(const VARIANT *src, long double *v)
{
    switch (src->vt) {
    case VT_EMPTY: *v = 0; return S_OK;
    case VT_I2: *v = src->u.i2; return S_OK;
    case VT_I4: *v = src->u.i4; return S_OK;
    case VT_R8: *v = src->u.r8; return S_OK;
    case VT_BOOL: *v = src->u.boolean; return S_OK;
    case VT_BSTR:
        if (!src->u.bstr)
            return DISP_E_TYPEMISMATCH;
        return parse_number(src->u.bstr, v) ? S_OK : DISP_E_TYPEMISMATCH;
    case VT_NULL: return DISP_E_TYPEMISMATCH;
    default: return E_NOTIMPL;
    }
}

static HRESULT to_integer(const VARIANT *src, long double lo, long double hi, int32_t *out)
{
    long double v;
    HRESULT hr = number_of(src, &v);
    if (hr != S_OK)
        return hr;
    v = round_even(v);
    if (v < lo || v > hi)
        return DISP_E_OVERFLOW;
    *out = (int32_t)v;
    return S_OK;
}

static HRESULT to_bstr(const VARIANT *src, uint32_t flags, WCHAR **out)
{
    WCHAR text[48];
    const char *word = 0;
    switch (src->vt) {
    case VT_EMPTY: text[0] = 0; break;
    case VT_I2:
    case VT_I4: {
        int32_t v = src->vt == VT_I2 ? src->u.i2 : src->u.i4;
        WCHAR *p = text;
        if (v < 0)
            *p++ = '-';
        *put_uint(p, v < 0 ? 0u - (uint32_t)v : (uint32_t)v) = 0;
        break;
    }
    case VT_R8: format_r8(src->u.r8, text); break;
    case VT_BOOL:
        if (flags & (VARIANT_ALPHABOOL | VARIANT_LOCALBOOL))
            word = src->u.boolean ? "True" : "False";
        else
            word = src->u.boolean ? "-1" : "0";
        break;
    case VT_NULL: return DISP_E_TYPEMISMATCH;
    default: return E_NOTIMPL;
    }
    if (word) {
        int i = 0;
        for (; word[i]; i++)
            text[i] = (WCHAR)word[i];
        text[i] = 0;
    }
    uint32_t n = 0;
    while (text[n])
        n++;
    *out = bstr_make(text, n * 2u);
    return *out ? S_OK : E_OUTOFMEMORY;
}

static HRESULT convert(const VARIANT *src, uint32_t flags, uint16_t vt, VARIANT *out)
{
    out->vt = vt;
    out->r1 = out->r2 = out->r3 = 0;
    out->u.r8 = 0;
    long double v;
    HRESULT hr;
    switch (vt) {
    case VT_EMPTY: return src->vt == VT_NULL ? DISP_E_TYPEMISMATCH : S_OK;
    case VT_I2: {
        int32_t i;
        hr = to_integer(src, -32768.0L, 32767.0L, &i);
        out->u.i2 = (int16_t)i;
        return hr;
    }
    case VT_I4: return to_integer(src, -2147483648.0L, 2147483647.0L, &out->u.i4);
    case VT_R8:
        hr = number_of(src, &v);
        out->u.r8 = (double)v;
        return hr;
    case VT_BOOL:
        if (src->vt == VT_BSTR && src->u.bstr && (same_word(src->u.bstr, "true") || same_word(src->u.bstr, "false"))) {
            out->u.boolean = same_word(src->u.bstr, "true") ? VARIANT_TRUE : 0;
            return S_OK;
        }
        hr = number_of(src, &v);
        out->u.boolean = v != 0 ? VARIANT_TRUE : 0;
        return hr;
    case VT_BSTR: return to_bstr(src, flags, &out->u.bstr);
    default: return valid_type(vt) ? E_NOTIMPL : DISP_E_BADVARTYPE;
    }
}

HRESULT WINAPI oleaut32_VariantChangeTypeEx(VARIANT *dst, const VARIANT *src, uint32_t lcid, uint16_t flags, uint16_t vt)
{
    (void)lcid;
    if (!valid_type(src->vt) || !valid_type(vt))
        return DISP_E_BADVARTYPE;
    if (src->vt & (VT_BYREF | VT_ARRAY))
        return E_NOTIMPL;
    if (src->vt == vt)
        return oleaut32_VariantCopy(dst, src);
    VARIANT out;
    HRESULT hr = convert(src, flags, vt, &out);
    if (hr != S_OK) {
        if (out.vt == VT_BSTR)
            out.u.bstr = 0;
        return hr;
    }
    /* the source may be the destination: the result is made first */
    hr = oleaut32_VariantClear(dst);
    if (hr != S_OK) {
        if (vt == VT_BSTR)
            oleaut32_SysFreeString(out.u.bstr);
        return hr;
    }
    *dst = out;
    return S_OK;
}

HRESULT WINAPI oleaut32_VariantChangeType(VARIANT *dst, const VARIANT *src, uint16_t flags, uint16_t vt)
{
    return oleaut32_VariantChangeTypeEx(dst, src, 0, flags, vt);
}
