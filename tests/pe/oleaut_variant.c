// build-flags: -loleaut32
/* oleaut_variant.c - BSTRs (the byte count before the characters, the
 * NUL after, lengths, reallocation, byte strings) and VARIANT basics:
 * VariantInit/Clear/Copy and VariantChangeType among I4, R8, BOOL and
 * BSTR with Windows' rounding, overflow and mismatch errors. */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <oleauto.h>

static void bstrs(void)
{
    BSTR b = SysAllocString(L"hello");
    printf("SysAllocString: \"%ls\" len %u bytes %u prefix %lu nul %d\n", b, SysStringLen(b), SysStringByteLen(b),
           ((DWORD *)b)[-1], b[5] == 0);
    BSTR part = SysAllocStringLen(L"hello world", 5);
    printf("SysAllocStringLen(5): \"%ls\" len %u\n", part, SysStringLen(part));
    BSTR empty = SysAllocStringLen(NULL, 3);
    printf("SysAllocStringLen(NULL, 3): len %u, terminated %d\n", SysStringLen(empty), empty[3] == 0);
    BSTR bytes = SysAllocStringByteLen("abc", 3);
    printf("SysAllocStringByteLen(3): bytes %u len %u text \"%s\"\n", SysStringByteLen(bytes), SysStringLen(bytes),
           (char *)bytes);
    BOOL ok = SysReAllocString(&b, L"a longer string");
    printf("SysReAllocString: %d \"%ls\" len %u\n", ok, b, SysStringLen(b));
    printf("SysAllocString(NULL): %p, SysStringLen(NULL): %u\n", SysAllocString(NULL), SysStringLen(NULL));
    SysFreeString(b);
    SysFreeString(part);
    SysFreeString(empty);
    SysFreeString(bytes);
    SysFreeString(NULL);
}

static void show(const char *what, HRESULT hr, VARIANT *v)
{
    printf("%s: %08lx", what, hr);
    if (hr == S_OK) {
        switch (V_VT(v)) {
        case VT_I4: printf(" VT_I4 %ld", V_I4(v)); break;
        case VT_I2: printf(" VT_I2 %d", V_I2(v)); break;
        case VT_R8: printf(" VT_R8 %.17g", V_R8(v)); break;
        case VT_BOOL: printf(" VT_BOOL %d", V_BOOL(v)); break;
        case VT_BSTR: printf(" VT_BSTR \"%ls\"", V_BSTR(v)); break;
        default: printf(" vt %d", V_VT(v));
        }
    }
    printf("\n");
}

static void change(const char *what, VARIANT *src, VARTYPE vt, USHORT flags)
{
    VARIANT out;
    VariantInit(&out);
    show(what, VariantChangeType(&out, src, flags, vt), &out);
    VariantClear(&out);
}

static void variants(void)
{
    VARIANT v, w;
    VariantInit(&v);
    printf("VariantInit: vt %d\n", V_VT(&v));
    V_VT(&v) = VT_BSTR;
    V_BSTR(&v) = SysAllocString(L"  42  ");
    VariantInit(&w);
    HRESULT copied = VariantCopy(&w, &v);
    printf("VariantCopy: %08lx same text, new string: %d %d\n", copied, !wcscmp(V_BSTR(&w), V_BSTR(&v)), V_BSTR(&w) != V_BSTR(&v));
    change("BSTR \"  42  \" -> I4", &v, VT_I4, 0);
    change("BSTR \"  42  \" -> R8", &v, VT_R8, 0);
    SysFreeString(V_BSTR(&v));
    V_BSTR(&v) = SysAllocString(L"2.5");
    change("BSTR \"2.5\" -> I4 (half to even)", &v, VT_I4, 0);
    SysFreeString(V_BSTR(&v));
    V_BSTR(&v) = SysAllocString(L"-1.25e2");
    change("BSTR \"-1.25e2\" -> R8", &v, VT_R8, 0);
    SysFreeString(V_BSTR(&v));
    V_BSTR(&v) = SysAllocString(L"hello");
    change("BSTR \"hello\" -> I4", &v, VT_I4, 0);
    SysFreeString(V_BSTR(&v));
    V_BSTR(&v) = SysAllocString(L"TRUE");
    change("BSTR \"TRUE\" -> BOOL", &v, VT_BOOL, 0);
    HRESULT hr = VariantClear(&v);
    printf("VariantClear: %08lx vt %d\n", hr, V_VT(&v));
    VariantClear(&w);

    V_VT(&v) = VT_R8;
    V_R8(&v) = 3.5;
    change("R8 3.5 -> I4", &v, VT_I4, 0);
    V_R8(&v) = -2.5;
    change("R8 -2.5 -> I4", &v, VT_I4, 0);
    V_R8(&v) = 1e10;
    change("R8 1e10 -> I4", &v, VT_I4, 0);
    V_R8(&v) = 0.1;
    change("R8 0.1 -> BSTR", &v, VT_BSTR, 0);
    V_R8(&v) = 1234.5678;
    change("R8 1234.5678 -> BSTR", &v, VT_BSTR, 0);
    V_R8(&v) = 1e20;
    change("R8 1e20 -> BSTR", &v, VT_BSTR, 0);
    V_R8(&v) = 0;
    change("R8 0 -> BOOL", &v, VT_BOOL, 0);

    V_VT(&v) = VT_I4;
    V_I4(&v) = -123;
    change("I4 -123 -> BSTR", &v, VT_BSTR, 0);
    change("I4 -123 -> R8", &v, VT_R8, 0);
    change("I4 -123 -> BOOL", &v, VT_BOOL, 0);
    V_I4(&v) = 40000;
    change("I4 40000 -> I2", &v, VT_I2, 0);

    V_VT(&v) = VT_BOOL;
    V_BOOL(&v) = VARIANT_TRUE;
    change("BOOL true -> BSTR", &v, VT_BSTR, 0);
    change("BOOL true -> BSTR (VARIANT_ALPHABOOL)", &v, VT_BSTR, VARIANT_ALPHABOOL);
    change("BOOL true -> I4", &v, VT_I4, 0);

    V_VT(&v) = VT_EMPTY;
    change("EMPTY -> I4", &v, VT_I4, 0);
    change("EMPTY -> BSTR", &v, VT_BSTR, 0);
    V_VT(&v) = VT_NULL;
    change("NULL -> I4", &v, VT_I4, 0);

    V_VT(&v) = VT_I4;
    V_I4(&v) = 7;
    show("in place I4 7 -> BSTR", VariantChangeType(&v, &v, 0, VT_BSTR), &v);
    VariantClear(&v);
    V_VT(&v) = 0x0FFF;
    printf("VariantClear(bad vt): %08lx\n", VariantClear(&v));
}

int main(void)
{
    bstrs();
    variants();
    return 0;
}
