/* advapi32: user identity (syscalls/advapi32/user.c). */
API(GetUserNameA, "p lpBuffer, p pcbBuffer", "b")
API(GetUserNameW, "p lpBuffer, p pcbBuffer", "b")
API(CreateProcessAsUserA, "h hToken, s lpApplicationName, s lpCommandLine, p lpProcessAttributes, p lpThreadAttributes, b bInheritHandles, x dwCreationFlags, p lpEnvironment, s lpCurrentDirectory, p lpStartupInfo, p lpProcessInformation", "b")
API(CreateProcessAsUserW, "h hToken, w lpApplicationName, w lpCommandLine, p lpProcessAttributes, p lpThreadAttributes, b bInheritHandles, x dwCreationFlags, p lpEnvironment, w lpCurrentDirectory, p lpStartupInfo, p lpProcessInformation", "b")
API(CreateProcessWithLogonW, "w lpUsername, w lpDomain, w lpPassword, x dwLogonFlags, w lpApplicationName, p lpCommandLine, x dwCreationFlags, p lpEnvironment, w lpCurrentDirectory, p lpStartupInfo, p lpProcessInformation", "b")
API(CreateProcessWithTokenW, "h hToken, x dwLogonFlags, w lpApplicationName, p lpCommandLine, x dwCreationFlags, p lpEnvironment, w lpCurrentDirectory, p lpStartupInfo, p lpProcessInformation", "b")
