/* GUIDs as text, "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" (38 characters,
 * upper case), both ways. A CLSID string that is not a GUID would be a
 * ProgID on Windows; wowbox has no registered classes, so it fails as an
 * unknown ProgID does. */
#include "syscalls/ole32/guest/com.h"

#define CO_E_CLASSSTRING ((HRESULT)0x800401F3u)
#define GUID_CHARS 38u

static const char hex[] = "0123456789ABCDEF";

static WCHAR *put_hex(WCHAR *out, uint32_t v, unsigned digits)
{
    for (unsigned i = digits; i-- > 0;)
        *out++ = (WCHAR)hex[(v >> (4 * i)) & 0xF];
    return out;
}

static void format(const GUID *g, WCHAR *out)
{
    *out++ = '{';
    out = put_hex(out, g->Data1, 8);
    *out++ = '-';
    out = put_hex(out, g->Data2, 4);
    *out++ = '-';
    out = put_hex(out, g->Data3, 4);
    *out++ = '-';
    for (unsigned i = 0; i < 8; i++) {
        if (i == 2)
            *out++ = '-';
        out = put_hex(out, g->Data4[i], 2);
    }
    *out++ = '}';
    *out = 0;
}

/* The characters written with the NUL (39), 0 when cch is too small. */
int WINAPI ole32_StringFromGUID2(const GUID *g, WCHAR *out, int cch)
{
    if (!out || cch < (int)GUID_CHARS + 1)
        return 0;
    format(g, out);
    return GUID_CHARS + 1;
}

HRESULT WINAPI ole32_StringFromCLSID(const GUID *g, WCHAR **out)
{
    WCHAR *s = com_alloc((GUID_CHARS + 1) * sizeof(WCHAR));
    *out = s;
    if (!s)
        return E_OUTOFMEMORY;
    format(g, s);
    return S_OK;
}

HRESULT WINAPI ole32_StringFromIID(const GUID *g, WCHAR **out) { return ole32_StringFromCLSID(g, out); }

static int digit(WCHAR c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* digits hex digits at s into *v; false on anything else */
static BOOL get_hex(const WCHAR *s, unsigned digits, uint32_t *v)
{
    *v = 0;
    for (unsigned i = 0; i < digits; i++) {
        int d = digit(s[i]);
        if (d < 0)
            return 0;
        *v = *v << 4 | (uint32_t)d;
    }
    return 1;
}

static BOOL parse(const WCHAR *s, GUID *g)
{
    static const unsigned char dash[] = {9, 14, 19, 24};
    for (unsigned i = 0; i < GUID_CHARS; i++)
        if (!s[i])
            return 0;
    if (s[0] != '{' || s[37] != '}' || s[38])
        return 0;
    for (unsigned i = 0; i < 4; i++)
        if (s[dash[i]] != '-')
            return 0;
    uint32_t v;
    if (!get_hex(s + 1, 8, &g->Data1))
        return 0;
    if (!get_hex(s + 10, 4, &v))
        return 0;
    g->Data2 = (uint16_t)v;
    if (!get_hex(s + 15, 4, &v))
        return 0;
    g->Data3 = (uint16_t)v;
    static const unsigned char at[8] = {20, 22, 25, 27, 29, 31, 33, 35};
    for (unsigned i = 0; i < 8; i++) {
        if (!get_hex(s + at[i], 2, &v))
            return 0;
        g->Data4[i] = (uint8_t)v;
    }
    return 1;
}

/* NULL reads as CLSID_NULL; anything not a braced GUID: CO_E_CLASSSTRING. */
HRESULT WINAPI ole32_CLSIDFromString(const WCHAR *s, GUID *clsid)
{
    if (!clsid)
        return E_INVALIDARG;
    GUID g = {0};
    if (s && !parse(s, &g)) {
        *clsid = (GUID){0};
        return CO_E_CLASSSTRING;
    }
    *clsid = g;
    return S_OK;
}

/* NULL reads as IID_NULL; a malformed string: E_INVALIDARG. */
HRESULT WINAPI ole32_IIDFromString(const WCHAR *s, GUID *iid)
{
    if (!iid)
        return E_INVALIDARG;
    GUID g = {0};
    if (s && !parse(s, &g))
        return E_INVALIDARG;
    *iid = g;
    return S_OK;
}
