API(WSAGetOverlappedResult, "x s, p lpOverlapped, p lpcbTransfer out u, b fWait, p lpdwFlags out u", "b")
