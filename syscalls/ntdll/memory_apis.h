/* ntdll: virtual-memory services. */
API(NtAllocateVirtualMemory, "h ProcessHandle, p BaseAddress inout x, x ZeroBits, p RegionSize inout x, x AllocationType, x Protect", "x")
API(NtFreeVirtualMemory, "h ProcessHandle, p BaseAddress inout x, p RegionSize inout x, x FreeType", "x")
API(NtProtectVirtualMemory, "h ProcessHandle, p BaseAddress inout x, p RegionSize inout x, x NewProtect, p OldProtect out x", "x")
API(NtQueryVirtualMemory, "h ProcessHandle, p BaseAddress, u MemoryInformationClass, p MemoryInformation out[*ReturnLength], u Length, p ReturnLength out u", "x")
API(ZwAllocateVirtualMemory, "h ProcessHandle, p BaseAddress inout x, x ZeroBits, p RegionSize inout x, x AllocationType, x Protect", "x")
API(ZwFreeVirtualMemory, "h ProcessHandle, p BaseAddress inout x, p RegionSize inout x, x FreeType", "x")
API(ZwProtectVirtualMemory, "h ProcessHandle, p BaseAddress inout x, p RegionSize inout x, x NewProtect, p OldProtect out x", "x")
API(ZwQueryVirtualMemory, "h ProcessHandle, p BaseAddress, u MemoryInformationClass, p MemoryInformation out[*ReturnLength], u Length, p ReturnLength out u", "x")
