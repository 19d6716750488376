/* kernel32: pointer probes, guest code under an SEH frame (guest/badptr.c). */
GUEST_C(IsBadReadPtr, "p lp, u ucb", "b")
GUEST_C(IsBadHugeReadPtr, "p lp, u ucb", "b")
GUEST_C(IsBadWritePtr, "p lp, u ucb", "b")
GUEST_C(IsBadHugeWritePtr, "p lp, u ucb", "b")
GUEST_C(IsBadCodePtr, "p lpfn", "b")
GUEST_C(IsBadStringPtrA, "p lpsz, u ucchMax", "b")
GUEST_C(IsBadStringPtrW, "p lpsz, u ucchMax", "b")
