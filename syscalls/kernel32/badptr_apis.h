/* kernel32: pointer probes (kernel32/badptr.c). */
API(IsBadReadPtr, "p lp, u ucb", "b")
API(IsBadHugeReadPtr, "p lp, u ucb", "b")
API(IsBadWritePtr, "p lp, u ucb", "b")
API(IsBadHugeWritePtr, "p lp, u ucb", "b")
API(IsBadCodePtr, "p lpfn", "b")
API(IsBadStringPtrA, "p lpsz, u ucchMax", "b")
API(IsBadStringPtrW, "p lpsz, u ucchMax", "b")
