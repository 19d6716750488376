API(WSAGetLastError, "", "i")
API(WSASetLastError, "i iError", "v")
