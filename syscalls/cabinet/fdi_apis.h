/* cabinet: FDI, the File Decompression Interface, on the host cabinet
 * reader with the caller's memory and file callbacks
 * (syscalls/cabinet/fdi.c). */
API(FDICreate, "p pfnalloc, p pfnfree, p pfnopen, p pfnread, p pfnwrite, p pfnclose, p pfnseek, i cpuType, p perf", "p")
API(FDIIsCabinet, "p hfdi, p hf, p pfdici", "b")
API(FDICopy, "p hfdi, s pszCabinet, s pszCabPath, i flags, p pfnfdin, p pfnfdid, p pvUser", "b")
API(FDIDestroy, "p hfdi", "b")
