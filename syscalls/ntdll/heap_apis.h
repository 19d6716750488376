/* ntdll: the heap's host half (heap.c). kernel32's HeapAlloc/HeapFree/
 * HeapReAlloc/HeapSize and msvcrt's malloc family are guest code that
 * allocates from the guest-memory heap state on its own and calls these when
 * a heap must grow, its lock is contended or the call is not a plain one. */
API(RtlAllocateHeap, "h HeapHandle, x Flags, u Size", "p")
API(RtlFreeHeap, "h HeapHandle, x Flags, p BaseAddress", "b")
API(RtlReAllocateHeap, "h HeapHandle, x Flags, p BaseAddress, u Size", "p")
API(RtlSizeHeap, "h HeapHandle, x Flags, p BaseAddress", "u fails:-1")
API(RtlLockHeap, "h HeapHandle", "b")
API(RtlUnlockHeap, "h HeapHandle", "b")
