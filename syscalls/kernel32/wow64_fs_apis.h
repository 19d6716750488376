/* kernel32: per-thread WoW64 file-system redirection (syscalls/kernel32/wow64_fs.c). */
API(Wow64DisableWow64FsRedirection, "p OldValue", "b")
API(Wow64RevertWow64FsRedirection, "p OlValue", "b")
API(Wow64EnableWow64FsRedirection, "x Wow64FsEnableRedirection", "b")
