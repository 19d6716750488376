/* advapi32: user identity (syscalls/advapi32/user.c). */
API(GetUserNameA, "p lpBuffer, p pcbBuffer", "b")
API(GetUserNameW, "p lpBuffer, p pcbBuffer", "b")
