/* kernel32: handles of any kind (duplication, inheritance flags). */
API(DuplicateHandle, "h hSourceProcessHandle, h hSourceHandle, h hTargetProcessHandle, p lpTargetHandle, x dwDesiredAccess, b bInheritHandle, x dwOptions", "b")
API(GetHandleInformation, "h hObject, p lpdwFlags", "b")
API(SetHandleInformation, "h hObject, x dwMask, x dwFlags", "b")
