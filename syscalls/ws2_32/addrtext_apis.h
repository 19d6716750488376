/* ws2_32: socket addresses as text and back (syscalls/ws2_32/addrtext.c). */
API(WSAAddressToStringA, "p lpsaAddress, u dwAddressLength, p lpProtocolInfo, p lpszAddressString, p lpdwAddressStringLength inout u", "i")
API(WSAAddressToStringW, "p lpsaAddress, u dwAddressLength, p lpProtocolInfo, p lpszAddressString, p lpdwAddressStringLength inout u", "i")
API(WSAStringToAddressA, "s AddressString, i AddressFamily, p lpProtocolInfo, p lpAddress, p lpAddressLength inout i", "i")
API(WSAStringToAddressW, "w AddressString, i AddressFamily, p lpProtocolInfo, p lpAddress, p lpAddressLength inout i", "i")
