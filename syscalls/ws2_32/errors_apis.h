API(WSAGetLastError, "", "i fails:never")
API(WSASetLastError, "i iError", "v")
