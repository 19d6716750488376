/* msvcrt: sorting and searching, guest code (guest/sort.c): the
 * comparator is a plain guest call. */
GUEST_C(qsort, "p base, u count, u width, p compare", "v")
GUEST_C(qsort_s, "p base, u count, u width, p compare, p context", "v")
GUEST_C(bsearch, "p key, p base, u count, u width, p compare", "p fails:never")
GUEST_C(bsearch_s, "p key, p base, u count, u width, p compare, p context", "p fails:never")
GUEST_C(_lfind, "p key, p base, p count, u width, p compare", "p fails:never")
GUEST_C(_lsearch, "p key, p base, p count, u width, p compare", "p")
