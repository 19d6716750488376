/* ws2_32 exports implemented by wowbox: one API(name, args, ret) line each
 * (see syscalls/api.h for the signature letters). */
API(WSAGetLastError, "", "i")
API(WSASetLastError, "i iError", "v")
