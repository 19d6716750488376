/* iphlpapi: the host's adapters (syscalls/iphlpapi/adapters.c). */
API(GetAdaptersInfo, "p AdapterInfo, p SizePointer inout u", "u fails:!0")
API(GetAdaptersAddresses, "u Family, x Flags, p Reserved, p AdapterAddresses, p SizePointer inout u", "u fails:!0")
