/* netapi32: the buffers the Net* functions return, on the process heap (syscalls/netapi32/buffer.c). */
API(NetApiBufferAllocate, "u ByteCount, p Buffer out x", "u fails:!0")
API(NetApiBufferFree, "p Buffer", "u fails:!0")
API(NetApiBufferReallocate, "p OldBuffer, u NewByteCount, p NewBuffer out x", "u fails:!0")
API(NetApiBufferSize, "p Buffer, p ByteCount out u", "u fails:!0")
