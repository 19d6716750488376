/* msvcrt: heap. One API(name, args, ret) line per implemented export;
 * GUEST_HOST: guest code (guest/heap.c, on kernel32's HeapAlloc) where the
 * backend's guest stores are fast, the host handler (heap.c) otherwise. */
GUEST_HOST(malloc, "u size", "p")
GUEST_HOST(calloc, "u count, u size", "p")
GUEST_HOST(realloc, "p block, u size", "p")
GUEST_HOST(free, "p block", "v")
API(_msize, "p block", "u")
API(_expand, "p block, u size", "p")
API(_aligned_malloc, "u size, u alignment", "p")
API(_aligned_offset_malloc, "u size, u alignment, u offset", "p")
API(_aligned_realloc, "p block, u size, u alignment", "p")
API(_aligned_offset_realloc, "p block, u size, u alignment, u offset", "p")
API(_aligned_free, "p block", "v")
API(_heapchk, "", "i")
API(_heapmin, "", "i")
API(_get_heap_handle, "", "h")
