/* volume_by_handle.c - proves GetVolumeInformationByHandleW: for a file on
 * C: it answers what GetVolumeInformationW(L"C:\\") answers (label, serial,
 * component length, flags, file system name); a bad handle is refused. */
#include <stdio.h>
#include <wchar.h>
#include <windows.h>

int main(void)
{
    WCHAR label[64], fs[64], label2[64], fs2[64];
    DWORD serial, maxlen, flags, serial2, maxlen2, flags2;
    HANDLE f = CreateFileW(L"C:\\wbvol.tmp", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE, NULL);
    BOOL a = GetVolumeInformationByHandleW(f, label, 64, &serial, &maxlen, &flags, fs, 64);
    BOOL b = GetVolumeInformationW(L"C:\\", label2, 64, &serial2, &maxlen2, &flags2, fs2, 64);
    printf("both answer: %d %d\n", a, b);
    printf("same label: %d, serial: %d, component length: %d, flags: %d, file system: %d\n", wcscmp(label, label2) == 0,
           serial == serial2, maxlen == maxlen2, flags == flags2, wcscmp(fs, fs2) == 0);
    printf("only some answers: %d\n", GetVolumeInformationByHandleW(f, NULL, 0, &serial, NULL, NULL, NULL, 0));
    CloseHandle(f);
    SetLastError(0);
    BOOL bad = GetVolumeInformationByHandleW((HANDLE)0x1230, NULL, 0, &serial, NULL, NULL, NULL, 0);
    printf("bad handle: %d err=%lu\n", bad, GetLastError());
    return 0;
}
