/* kernel32: I/O completion ports and overlapped results (syscalls/kernel32/iocp.c). */
API(CreateIoCompletionPort, "h FileHandle, h ExistingCompletionPort, x CompletionKey, u NumberOfConcurrentThreads", "h")
API(PostQueuedCompletionStatus, "h CompletionPort, u dwNumberOfBytesTransferred, x dwCompletionKey, p lpOverlapped", "b")
API(GetQueuedCompletionStatus, "h CompletionPort, p lpNumberOfBytesTransferred out u, p lpCompletionKey out x, p lpOverlapped out x, u dwMilliseconds", "b")
API(GetQueuedCompletionStatusEx, "h CompletionPort, p lpCompletionPortEntries, u ulCount, p ulNumEntriesRemoved out u, u dwMilliseconds, b fAlertable", "b")
API(GetOverlappedResult, "h hFile, p lpOverlapped, p lpNumberOfBytesTransferred out u, b bWait", "b")
API(GetOverlappedResultEx, "h hFile, p lpOverlapped, p lpNumberOfBytesTransferred out u, u dwMilliseconds, b bAlertable", "b")
API(CancelIo, "h hFile", "b")
API(CancelIoEx, "h hFile, p lpOverlapped", "b")
