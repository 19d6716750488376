/* kernel32: waits and sleeping. */
API(WaitForSingleObject, "h hHandle, u dwMilliseconds", "x")
API(WaitForSingleObjectEx, "h hHandle, u dwMilliseconds, b bAlertable", "x")
API(WaitForMultipleObjects, "u nCount, p lpHandles, b bWaitAll, u dwMilliseconds", "x")
API(WaitForMultipleObjectsEx, "u nCount, p lpHandles, b bWaitAll, u dwMilliseconds, b bAlertable", "x")
API(SignalObjectAndWait, "h hObjectToSignal, h hObjectToWaitOn, u dwMilliseconds, b bAlertable", "x")
API(Sleep, "u dwMilliseconds", "v")
API(SleepEx, "u dwMilliseconds, b bAlertable", "u")
API(SwitchToThread, "", "b")
