/* EncodePointer and friends: kernel32 forwards them to ntdll's
 * RtlEncodePointer family on Windows; one implementation
 * (syscalls/ntdll/pointer.c). */
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/ntdll/pointer.h"

uint64_t kernel32_EncodePointer(struct thunk_call *c)
{
    API_ARGS(kernel32, EncodePointer, a);
    return ntdll_encode_pointer(a.Ptr, false);
}

uint64_t kernel32_DecodePointer(struct thunk_call *c)
{
    API_ARGS(kernel32, DecodePointer, a);
    return ntdll_decode_pointer(a.Ptr, false);
}

uint64_t kernel32_EncodeSystemPointer(struct thunk_call *c)
{
    API_ARGS(kernel32, EncodeSystemPointer, a);
    return ntdll_encode_pointer(a.Ptr, true);
}

uint64_t kernel32_DecodeSystemPointer(struct thunk_call *c)
{
    API_ARGS(kernel32, DecodeSystemPointer, a);
    return ntdll_decode_pointer(a.Ptr, true);
}
