/* ntdll: interlocked singly linked lists, guest code (guest/slist.c). */
GUEST_C(RtlInitializeSListHead, "p ListHead", "v")
GUEST_C(RtlFirstEntrySList, "p ListHead", "p")
GUEST_C(RtlQueryDepthSList, "p ListHead", "u")
GUEST_C(RtlInterlockedPushEntrySList, "p ListHead, p ListEntry", "p")
GUEST_C(RtlInterlockedPopEntrySList, "p ListHead", "p")
GUEST_C(RtlInterlockedFlushSList, "p ListHead", "p")
