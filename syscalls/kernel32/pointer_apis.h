/* kernel32: pointer encoding, ntdll's (syscalls/kernel32/pointer.c). */
API(EncodePointer, "p Ptr", "p")
API(DecodePointer, "p Ptr", "p")
API(EncodeSystemPointer, "p Ptr", "p")
API(DecodeSystemPointer, "p Ptr", "p")
