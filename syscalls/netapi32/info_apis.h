/* netapi32: this computer as a LAN Manager workstation and server outside any domain (syscalls/netapi32/info.c). */
API(NetWkstaGetInfo, "w servername, u level, p bufptr out x", "u fails:!0")
API(NetServerGetInfo, "w servername, u level, p bufptr out x", "u fails:!0")
API(NetWkstaUserGetInfo, "w reserved, u level, p bufptr out x", "u fails:!0")
API(NetGetJoinInformation, "w lpServer, p lpNameBuffer out x, p BufferType out u", "u fails:!0")
API(NetUseEnum, "w UncServerName, u Level, p BufPtr out x, u PreferedMaximumSize, p EntriesRead out u, p TotalEntries out u, p ResumeHandle", "u fails:!0")
API(NetUserEnum, "w servername, u level, u filter, p bufptr out x, u prefmaxlen, p entriesread out u, p totalentries out u, p resume_handle", "u fails:!0")
