/* ntdll: the host half of large memory copies (syscalls/ntdll/bulk_copy.c),
 * which guest code (syscalls/guest/bulk_memory.c) hands its bulk copies to. */
API(RtlCopyMappedMemory, "p Destination, p Source, u Size", "x")
