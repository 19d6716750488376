/* ntdll: system and object queries (syscalls/ntdll/sysinfo.c, object.c). */
API(NtQuerySystemInformation, "i SystemInformationClass, p SystemInformation out[*ReturnLength], u SystemInformationLength, p ReturnLength out u", "x")
API(ZwQuerySystemInformation, "i SystemInformationClass, p SystemInformation out[*ReturnLength], u SystemInformationLength, p ReturnLength out u", "x")
API(RtlGetNativeSystemInformation, "u SystemInformationClass, p SystemInformation out[*ReturnLength], u SystemInformationLength, p ReturnLength out u", "x")
API(NtQuerySystemTime, "p SystemTime out[8]", "x")
API(ZwQuerySystemTime, "p SystemTime out[8]", "x")
API(NtQueryObject, "h Handle, u ObjectInformationClass, p ObjectInformation out[*ReturnLength], u ObjectInformationLength, p ReturnLength out u", "x")
API(ZwQueryObject, "h Handle, u ObjectInformationClass, p ObjectInformation out[*ReturnLength], u ObjectInformationLength, p ReturnLength out u", "x")
