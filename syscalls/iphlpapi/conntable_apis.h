/* iphlpapi: the TCP and UDP endpoint tables (syscalls/iphlpapi/conntable.c). */
API(GetTcpTable, "p TcpTable, p SizePointer inout u, b Order", "u fails:!0")
API(GetTcp6Table, "p TcpTable, p SizePointer inout u, b Order", "u fails:!0")
API(GetUdpTable, "p UdpTable, p SizePointer inout u, b Order", "u fails:!0")
API(GetUdp6Table, "p Udp6Table, p SizePointer inout u, b Order", "u fails:!0")
API(GetExtendedTcpTable, "p pTcpTable, p pdwSize inout u, b bOrder, u ulAf, i TableClass, u Reserved", "u fails:!0")
API(GetExtendedUdpTable, "p pUdpTable, p pdwSize inout u, b bOrder, u ulAf, i TableClass, u Reserved", "u fails:!0")
API(GetTcpStatistics, "p Statistics", "u fails:!0")
API(GetUdpStatistics, "p Stats", "u fails:!0")
