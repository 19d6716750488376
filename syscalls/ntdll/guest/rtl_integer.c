/* ntdll's LARGE_INTEGER arithmetic and byte swaps as guest code: plain
 * 64-bit integer work, returned in edx:eax as the 32-bit ntdll does. Shift
 * counts are taken modulo 64 (C leaves larger ones undefined). */
#include "syscalls/guest/wg.h"

#define FASTCALL __attribute__((fastcall))

int64_t WINAPI ntdll_RtlConvertLongToLargeInteger(int32_t v) { return v; }
uint64_t WINAPI ntdll_RtlConvertUlongToLargeInteger(uint32_t v) { return v; }
int64_t WINAPI ntdll_RtlEnlargedIntegerMultiply(int32_t a, int32_t b) { return (int64_t)a * b; }
uint64_t WINAPI ntdll_RtlEnlargedUnsignedMultiply(uint32_t a, uint32_t b) { return (uint64_t)a * b; }

/* Wrapping, as the processor's add/sub/neg/imul do. */
int64_t WINAPI ntdll_RtlExtendedIntegerMultiply(int64_t a, int32_t b) { return (int64_t)((uint64_t)a * (uint64_t)(int64_t)b); }
int64_t WINAPI ntdll_RtlLargeIntegerAdd(int64_t a, int64_t b) { return (int64_t)((uint64_t)a + (uint64_t)b); }
int64_t WINAPI ntdll_RtlLargeIntegerSubtract(int64_t a, int64_t b) { return (int64_t)((uint64_t)a - (uint64_t)b); }
int64_t WINAPI ntdll_RtlLargeIntegerNegate(int64_t a) { return (int64_t)(0 - (uint64_t)a); }

/* The count is a CCHAR in a 32-bit stack slot. */
int64_t WINAPI ntdll_RtlLargeIntegerShiftLeft(int64_t a, uint32_t n) { return (int64_t)((uint64_t)a << (n & 63)); }
int64_t WINAPI ntdll_RtlLargeIntegerShiftRight(int64_t a, uint32_t n) { return (int64_t)((uint64_t)a >> (n & 63)); }
int64_t WINAPI ntdll_RtlLargeIntegerArithmeticShift(int64_t a, uint32_t n) { return a >> (n & 63); }

uint16_t FASTCALL ntdll_RtlUshortByteSwap(uint16_t v) { return __builtin_bswap16(v); }
uint32_t FASTCALL ntdll_RtlUlongByteSwap(uint32_t v) { return __builtin_bswap32(v); }
uint64_t FASTCALL ntdll_RtlUlonglongByteSwap(uint64_t v) { return __builtin_bswap64(v); }
