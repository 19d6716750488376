/* ntdll: virtual-memory services. */
API(NtAllocateVirtualMemory, "h ProcessHandle, p BaseAddress, x ZeroBits, p RegionSize, x AllocationType, x Protect", "x")
API(NtFreeVirtualMemory, "h ProcessHandle, p BaseAddress, p RegionSize, x FreeType", "x")
API(NtProtectVirtualMemory, "h ProcessHandle, p BaseAddress, p RegionSize, x NewProtect, p OldProtect", "x")
API(NtQueryVirtualMemory, "h ProcessHandle, p BaseAddress, u MemoryInformationClass, p MemoryInformation, u Length, p ReturnLength", "x")
API(ZwAllocateVirtualMemory, "h ProcessHandle, p BaseAddress, x ZeroBits, p RegionSize, x AllocationType, x Protect", "x")
API(ZwFreeVirtualMemory, "h ProcessHandle, p BaseAddress, p RegionSize, x FreeType", "x")
API(ZwProtectVirtualMemory, "h ProcessHandle, p BaseAddress, p RegionSize, x NewProtect, p OldProtect", "x")
API(ZwQueryVirtualMemory, "h ProcessHandle, p BaseAddress, u MemoryInformationClass, p MemoryInformation, u Length, p ReturnLength", "x")
