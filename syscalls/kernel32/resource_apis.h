/* kernel32: resources (syscalls/kernel32/resource.c). */
API(FindResourceA, "h hModule, p lpName, p lpType", "h")
API(FindResourceW, "h hModule, p lpName, p lpType", "h")
API(FindResourceExA, "h hModule, p lpType, p lpName, x wLanguage", "h")
API(FindResourceExW, "h hModule, p lpType, p lpName, x wLanguage", "h")
API(LoadResource, "h hModule, h hResInfo", "h")
API(LockResource, "h hResData", "p")
API(SizeofResource, "h hModule, h hResInfo", "u fails:0")
API(FreeResource, "h hResData", "b")
