// build-flags: -llz32
/* lz32_forward.c - proves lz32.dll: a program that imports the LZ
 * functions from LZ32.dll (mingw's liblz32.a, linked before kernel32)
 * loads it, and each export is a forwarder to kernel32's function of the
 * same name, as on Windows NT: GetProcAddress on lz32 gives kernel32's
 * address, and the calls expand an SZDD file (the bytes of lz_files.c,
 * made by tests/wine/szdd/szdd.py) through LZOpenFileA, LZRead, LZSeek,
 * LZCopy, GetExpandedNameA and LZClose. */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <lzexpand.h>

static const unsigned char szdd[] = {
    0x53, 0x5a, 0x44, 0x44, 0x88, 0xf0, 0x27, 0x33, 0x41, 0x74, 0x4c, 0x00, 0x00, 0x00, 0xff, 0x4c,
    0x5a, 0x20, 0x74, 0x65, 0x73, 0x74, 0x20, 0xff, 0x64, 0x61, 0x74, 0x61, 0x3a, 0x20, 0x61, 0x62,
    0xfd, 0x63, 0xfe, 0xf6, 0x2c, 0x20, 0x74, 0x68, 0x65, 0x20, 0xff, 0x71, 0x75, 0x69, 0x63, 0x6b,
    0x20, 0x62, 0x72, 0x7f, 0x6f, 0x77, 0x6e, 0x20, 0x66, 0x6f, 0x78, 0x0a, 0x0f, 0x7e, 0x1c, 0x02,
    0x65, 0x6e, 0x64, 0x2e, 0x0d, 0x0a,
};

static const char *const names[] = {
    "CopyLZFile", "GetExpandedNameA", "GetExpandedNameW", "LZClose", "LZCopy", "LZDone",
    "LZInit", "LZOpenFileA", "LZOpenFileW", "LZRead", "LZSeek", "LZStart",
};

int main(void)
{
    HMODULE lz = GetModuleHandleA("lz32.dll"), k32 = GetModuleHandleA("kernel32.dll");
    printf("lz32 loaded: %s\n", lz ? "yes" : "NO");
    int same = 0;
    for (unsigned i = 0; i < sizeof names / sizeof *names; i++) {
        FARPROC a = GetProcAddress(lz, names[i]), b = GetProcAddress(k32, names[i]);
        if (a && a == b)
            same++;
        else
            printf("%s: lz32 %p, kernel32 %p\n", names[i], (void *)a, (void *)b);
    }
    printf("exports resolving to kernel32's: %d of %u\n", same, (unsigned)(sizeof names / sizeof *names));
    printf("missing export: %s\n", GetProcAddress(lz, "LZCreateFileW") ? "found" : "none");

    HANDLE f = CreateFileA("lz32.tx_", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD done;
    WriteFile(f, szdd, sizeof szdd, &done, NULL);
    CloseHandle(f);

    OFSTRUCT of, of2;
    char buf[128] = "";
    INT h = LZOpenFileA("lz32.tx_", &of, OF_READ);
    printf("LZRead 12: %d [%.12s]\n", LZRead(h, buf, 12), buf);
    printf("LZSeek end: %ld\n", LZSeek(h, 0, 2));
    LZSeek(h, 0, 0);
    INT out = LZOpenFileA("lz32.txt", &of2, OF_CREATE);
    printf("LZCopy: %ld\n", LZCopy(h, out));
    LZClose(h);
    LZClose(out);
    char name[MAX_PATH];
    printf("GetExpandedNameA: %d %s\n", GetExpandedNameA("lz32.tx_", name), name);
    FILE *in = fopen("lz32.txt", "rb");
    size_t n = in ? fread(buf, 1, sizeof buf - 1, in) : 0;
    if (in)
        fclose(in);
    buf[n] = 0;
    printf("lz32.txt: %u bytes: %s", (unsigned)n, buf);
    return 0;
}
