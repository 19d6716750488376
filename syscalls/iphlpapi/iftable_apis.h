/* iphlpapi: the interface table, count and route choice (syscalls/iphlpapi/iftable.c). */
API(GetIfTable, "p pIfTable, p pdwSize inout u, b bOrder", "u fails:!0")
API(GetIpAddrTable, "p pIpAddrTable, p pdwSize inout u, b bOrder", "u fails:!0")
API(GetIfEntry, "p pIfRow", "u fails:!0")
API(GetNumberOfInterfaces, "p pdwNumIf out u", "u fails:!0")
API(GetBestInterface, "x dwDestAddr, p pdwBestIfIndex out u", "u fails:!0")
