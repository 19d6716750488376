/* user32: string resources (syscalls/user32/resource.c). */
API(LoadStringA, "h hInstance, u uID, p lpBuffer, i cchBufferMax", "i fails:0")
API(LoadStringW, "h hInstance, u uID, p lpBuffer, i cchBufferMax", "i fails:0")
