/* ntdll: pointer encoding with the process and the system cookies
 * (syscalls/ntdll/pointer.c). */
API(RtlEncodePointer, "p Ptr", "p")
API(RtlDecodePointer, "p Ptr", "p")
API(RtlEncodeSystemPointer, "p Ptr", "p")
API(RtlDecodeSystemPointer, "p Ptr", "p")
