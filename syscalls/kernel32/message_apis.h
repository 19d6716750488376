/* kernel32: FormatMessage (syscalls/kernel32/message.c). */
API(FormatMessageA, "x dwFlags, p lpSource, u dwMessageId, x dwLanguageId, p lpBuffer, u nSize, p Arguments", "u fails:0")
API(FormatMessageW, "x dwFlags, p lpSource, u dwMessageId, x dwLanguageId, p lpBuffer, u nSize, p Arguments", "u fails:0")
