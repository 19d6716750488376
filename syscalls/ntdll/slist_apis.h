/* ntdll: interlocked singly linked lists, guest code (guest/slist.c). */
GUEST_C(RtlInitializeSListHead, "p ListHead", "v")
GUEST_C(RtlFirstEntrySList, "p ListHead", "p fails:never")
GUEST_C(RtlQueryDepthSList, "p ListHead", "u")
GUEST_C(RtlInterlockedPushEntrySList, "p ListHead, p ListEntry", "p fails:never")
GUEST_C(RtlInterlockedPopEntrySList, "p ListHead", "p fails:never")
GUEST_C(RtlInterlockedFlushSList, "p ListHead", "p fails:never")
