/* kernel32: anonymous pipes (the pipe objects live in syscalls/ntdll/pipe.c). */
API(CreatePipe, "p hReadPipe, p hWritePipe, p lpPipeAttributes, u nSize", "b")
API(PeekNamedPipe, "h hNamedPipe, p lpBuffer, u nBufferSize, p lpBytesRead, p lpTotalBytesAvail, p lpBytesLeftThisMessage", "b")
