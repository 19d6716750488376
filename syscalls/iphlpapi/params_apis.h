/* iphlpapi: the host name and resolver settings (syscalls/iphlpapi/params.c). */
API(GetNetworkParams, "p pFixedInfo, p pOutBufLen inout u", "u fails:!0")
