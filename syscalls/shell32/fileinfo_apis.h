/* shell32: what the shell knows about a file (syscalls/shell32/fileinfo.c). */
API(SHGetFileInfoA, "s pszPath, x dwFileAttributes, p psfi, u cbFileInfo, x uFlags", "u")
API(SHGetFileInfoW, "w pszPath, x dwFileAttributes, p psfi, u cbFileInfo, x uFlags", "u")
