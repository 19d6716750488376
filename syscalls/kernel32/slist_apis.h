/* kernel32: interlocked singly linked lists, guest code forwarding to
 * ntdll's (guest/slist.c). */
GUEST_C(InitializeSListHead, "p ListHead", "v")
GUEST_C(QueryDepthSList, "p ListHead", "u")
GUEST_C(InterlockedPushEntrySList, "p ListHead, p ListEntry", "p fails:never")
GUEST_C(InterlockedPopEntrySList, "p ListHead", "p fails:never")
GUEST_C(InterlockedFlushSList, "p ListHead", "p fails:never")
