/* dbghelp: PE headers in guest memory, guest code (syscalls/dbghelp/guest/image.c). */
GUEST_C(ImageNtHeader, "p Base", "p")
GUEST_C(ImageDirectoryEntryToData, "p Base, b MappedAsImage, u DirectoryEntry, p Size", "p")
