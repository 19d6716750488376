/* ntdll: the WoW64 file-system redirection switches (syscalls/ntdll/wow64_fs.c). */
API(RtlWow64EnableFsRedirection, "x Wow64FsEnableRedirection", "x")
API(RtlWow64EnableFsRedirectionEx, "x Wow64FsEnableRedirection, p OldFsRedirectionLevel", "x")
