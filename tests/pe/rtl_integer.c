/* rtl_integer.c - ntdll's LARGE_INTEGER helpers and byte swaps (guest
 * code in wowbox): conversions, 32x32 and 64x32 multiplies, add, subtract
 * and negate with wrap-around, logical and arithmetic shifts, and the
 * fastcall byte swaps (RtlUlonglongByteSwap takes its argument on the
 * stack), each result in edx:eax as ntdll returns it. */
#include <stdio.h>
#include <windows.h>

typedef LONGLONG(WINAPI *from32_fn)(LONG);
typedef LONGLONG(WINAPI *mul32_fn)(LONG, LONG);
typedef LONGLONG(WINAPI *mul64_fn)(LONGLONG, LONG);
typedef LONGLONG(WINAPI *op2_fn)(LONGLONG, LONGLONG);
typedef LONGLONG(WINAPI *op1_fn)(LONGLONG);
typedef LONGLONG(WINAPI *shift_fn)(LONGLONG, CCHAR);
typedef USHORT(__fastcall *swap16_fn)(USHORT);
typedef ULONG(__fastcall *swap32_fn)(ULONG);
typedef ULONGLONG(__fastcall *swap64_fn)(ULONGLONG);

static FARPROC get(const char *name)
{
    FARPROC f = GetProcAddress(GetModuleHandleA("ntdll.dll"), name);
    if (!f)
        printf("missing %s\n", name);
    return f;
}

static void show(const char *what, LONGLONG v) { printf("%-40s %016llx\n", what, (unsigned long long)v); }

int main(void)
{
    from32_fn from_long = (from32_fn)get("RtlConvertLongToLargeInteger");
    from32_fn from_ulong = (from32_fn)get("RtlConvertUlongToLargeInteger");
    mul32_fn mul_s = (mul32_fn)get("RtlEnlargedIntegerMultiply");
    mul32_fn mul_u = (mul32_fn)get("RtlEnlargedUnsignedMultiply");
    mul64_fn mul_x = (mul64_fn)get("RtlExtendedIntegerMultiply");
    op2_fn add = (op2_fn)get("RtlLargeIntegerAdd"), sub = (op2_fn)get("RtlLargeIntegerSubtract");
    op1_fn neg = (op1_fn)get("RtlLargeIntegerNegate");
    shift_fn shl = (shift_fn)get("RtlLargeIntegerShiftLeft"), shr = (shift_fn)get("RtlLargeIntegerShiftRight");
    shift_fn sar = (shift_fn)get("RtlLargeIntegerArithmeticShift");
    swap16_fn swap16 = (swap16_fn)get("RtlUshortByteSwap");
    swap32_fn swap32 = (swap32_fn)get("RtlUlongByteSwap");
    swap64_fn swap64 = (swap64_fn)get("RtlUlonglongByteSwap");
    if (!from_long || !from_ulong || !mul_s || !mul_u || !mul_x || !add || !sub || !neg || !shl || !shr || !sar ||
        !swap16 || !swap32 || !swap64)
        return 1;
    show("RtlConvertLongToLargeInteger(-5)", from_long(-5));
    show("RtlConvertUlongToLargeInteger(0xFFFFFFFB)", from_ulong((LONG)0xFFFFFFFB));
    show("RtlEnlargedIntegerMultiply(-70000, 70000)", mul_s(-70000, 70000));
    show("RtlEnlargedUnsignedMultiply(2^32-1, 2^32-1)", mul_u(-1, -1));
    show("RtlExtendedIntegerMultiply(2^40+3, -7)", mul_x(0x10000000003LL, -7));
    show("RtlLargeIntegerAdd(max, 1) (wraps)", add(0x7FFFFFFFFFFFFFFFLL, 1));
    show("RtlLargeIntegerAdd(0xFFFFFFFF, 1) (carry)", add(0xFFFFFFFFLL, 1));
    show("RtlLargeIntegerSubtract(0x100000000, 1)", sub(0x100000000LL, 1));
    show("RtlLargeIntegerNegate(1)", neg(1));
    show("RtlLargeIntegerShiftLeft(0x80000001, 1)", shl(0x80000001LL, 1));
    show("RtlLargeIntegerShiftLeft(1, 40)", shl(1, 40));
    show("RtlLargeIntegerShiftRight(-16, 2) (logical)", shr(-16, 2));
    show("RtlLargeIntegerShiftRight(2^63, 33)", shr((LONGLONG)0x8000000000000000ULL, 33));
    show("RtlLargeIntegerArithmeticShift(-16, 2)", sar(-16, 2));
    show("RtlLargeIntegerArithmeticShift(-2^62, 40)", sar(-0x4000000000000000LL, 40));
    printf("%-40s %04x\n", "RtlUshortByteSwap(0x1234)", swap16(0x1234));
    printf("%-40s %08lx\n", "RtlUlongByteSwap(0x12345678)", swap32(0x12345678));
    show("RtlUlonglongByteSwap(0x0102030405060708)", (LONGLONG)swap64(0x0102030405060708ULL));
    return 0;
}
