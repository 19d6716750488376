/* kernel32: directory change notification handles (syscalls/kernel32/change_notify.c). */
API(FindFirstChangeNotificationA, "s lpPathName, b bWatchSubtree, x dwNotifyFilter", "h")
API(FindFirstChangeNotificationW, "w lpPathName, b bWatchSubtree, x dwNotifyFilter", "h")
API(FindNextChangeNotification, "h hChangeHandle", "b")
API(FindCloseChangeNotification, "h hChangeHandle", "b")
/* kernel32: ReadDirectoryChangesW (syscalls/kernel32/change_notify.c over NtNotifyChangeDirectoryFile). */
API(ReadDirectoryChangesW, "h hDirectory, p lpBuffer, u nBufferLength, b bWatchSubtree, x dwNotifyFilter, p lpBytesReturned, p lpOverlapped, p lpCompletionRoutine", "b")
