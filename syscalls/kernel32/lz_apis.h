/* kernel32: the LZ functions of lz32/lzexpand, reading files compressed by
 * compress.exe (SZDD) and plain files alike (syscalls/kernel32/lz.c). */
API(LZStart, "", "i")
API(LZDone, "", "v")
API(LZInit, "i hfSource", "i")
API(LZOpenFileA, "s lpFileName, p lpReOpenBuf, x wStyle", "i")
API(LZOpenFileW, "w lpFileName, p lpReOpenBuf, x wStyle", "i")
API(LZRead, "i hFile, p lpBuffer, i cbRead", "i")
API(LZSeek, "i hFile, i lOffset, i iOrigin", "i")
API(LZCopy, "i hfSource, i hfDest", "i")
API(CopyLZFile, "i hfSource, i hfDest", "i")
API(LZClose, "i hFile", "v")
API(GetExpandedNameA, "s lpszSource, p lpszBuffer", "i")
API(GetExpandedNameW, "w lpszSource, p lpszBuffer", "i")
