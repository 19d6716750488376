/* advapi32: random bytes (syscalls/advapi32/random.c). */
API(SystemFunction036, "p RandomBuffer, u RandomBufferLength", "b")
