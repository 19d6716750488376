/* shell32: the special folders of the prefix (syscalls/shell32/folders.c). */
API(SHGetFolderPathA, "p hwnd, x csidl, h hToken, x dwFlags, s pszPath out", "x")
API(SHGetFolderPathW, "p hwnd, x csidl, h hToken, x dwFlags, w pszPath out", "x")
API(SHGetSpecialFolderPathA, "p hwnd, s pszPath out, x csidl, b fCreate", "b")
API(SHGetSpecialFolderPathW, "p hwnd, w pszPath out, x csidl, b fCreate", "b")
