/* kernel32: OpenFile and the _l* functions of 16-bit Windows on kernel32's
 * file handles (syscalls/kernel32/openfile.c). */
API(OpenFile, "s lpFileName, p lpReOpenBuff, x uStyle", "i")
API(_lopen, "s lpPathName, x iReadWrite", "i")
API(_lcreat, "s lpPathName, x iAttribute", "i")
API(_lread, "h hFile, p lpBuffer, u uBytes", "u")
API(_hread, "h hFile, p lpBuffer, i lBytes", "i")
API(_lwrite, "h hFile, p lpBuffer, u uBytes", "u")
API(_hwrite, "h hFile, p lpBuffer, i lBytes", "i")
API(_llseek, "h hFile, i lOffset, i iOrigin", "i")
API(_lclose, "h hFile", "i")
