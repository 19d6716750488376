/* kernel32: the process-status functions (K32*, psapi.dll forwards to
 * them) over this process's modules and the guest process list
 * (syscalls/kernel32/psapi.c). */
API(K32EnumProcesses, "p lpidProcess, u cb, p cbNeeded out u", "b")
API(K32EnumProcessModules, "h hProcess, p lphModule, u cb, p lpcbNeeded out u", "b")
API(K32EnumProcessModulesEx, "h hProcess, p lphModule, u cb, p lpcbNeeded out u, x dwFilterFlag", "b")
API(K32GetModuleFileNameExA, "h hProcess, h hModule, s lpFilename out[ret], u nSize", "u fails:0")
API(K32GetModuleFileNameExW, "h hProcess, h hModule, w lpFilename out[ret], u nSize", "u fails:0")
API(K32GetModuleBaseNameA, "h hProcess, h hModule, s lpBaseName out[ret], u nSize", "u fails:0")
API(K32GetModuleBaseNameW, "h hProcess, h hModule, w lpBaseName out[ret], u nSize", "u fails:0")
API(K32GetModuleInformation, "h hProcess, h hModule, p lpmodinfo out[cb], u cb", "b")
API(K32GetProcessMemoryInfo, "h Process, p ppsmemCounters out[cb], u cb", "b")
API(K32GetMappedFileNameA, "h hProcess, p lpv, s lpFilename out[ret], u nSize", "u fails:0")
API(K32GetMappedFileNameW, "h hProcess, p lpv, w lpFilename out[ret], u nSize", "u fails:0")
API(K32GetProcessImageFileNameA, "h hProcess, s lpImageFileName out[ret], u nSize", "u fails:0")
API(K32GetProcessImageFileNameW, "h hProcess, w lpImageFileName out[ret], u nSize", "u fails:0")
API(K32GetPerformanceInfo, "p pPerformanceInformation out[cb], u cb", "b")
API(K32EmptyWorkingSet, "h hProcess", "b")
