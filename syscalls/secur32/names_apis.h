/* secur32: the caller's name in the formats a machine outside any domain has (syscalls/secur32/names.c). */
API(GetUserNameExW, "i NameFormat, p lpNameBuffer, p nSize inout u", "b")
API(GetUserNameExA, "i NameFormat, p lpNameBuffer, p nSize inout u", "b")
