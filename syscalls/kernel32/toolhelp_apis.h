/* kernel32: toolhelp snapshots of the guest's processes, threads and
 * modules (syscalls/kernel32/toolhelp.c). */
API(CreateToolhelp32Snapshot, "x dwFlags, u th32ProcessID", "h")
API(Process32First, "h hSnapshot, p lppe", "b")
API(Process32Next, "h hSnapshot, p lppe", "b")
API(Process32FirstW, "h hSnapshot, p lppe", "b")
API(Process32NextW, "h hSnapshot, p lppe", "b")
API(Thread32First, "h hSnapshot, p lpte", "b")
API(Thread32Next, "h hSnapshot, p lpte", "b")
API(Module32First, "h hSnapshot, p lpme", "b")
API(Module32Next, "h hSnapshot, p lpme", "b")
API(Module32FirstW, "h hSnapshot, p lpme", "b")
API(Module32NextW, "h hSnapshot, p lpme", "b")
