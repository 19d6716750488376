/* comdlg32 GetFileTitle: the name part of a path (syscalls/comdlg32/file_title.c). */
API(GetFileTitleA, "s lpszFile, p lpszTitle, u cchSize", "i fails:!0")
API(GetFileTitleW, "w lpszFile, p lpszTitle, u cchSize", "i fails:!0")
