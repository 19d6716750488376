// build-flags: -lsetupapi
/* lz_files.c - proves kernel32's LZ functions on a file compressed by
 * compress.exe (SZDD, the bytes below made by tests/wine/szdd/szdd.py: a
 * literal run, then matches, one overlapping the bytes it writes), with
 * OpenFile and the _l* file functions under them: LZOpenFile gives an LZ
 * handle (0x400 up) whose LZRead/LZSeek see the expanded text, a plain
 * file's handle reads as it is, LZCopy expands into another file (also
 * from a plain handle through LZInit), GetExpandedName restores the last
 * character (upper case for an upper-case name); OpenFile's OF_EXIST,
 * OF_PARSE, OF_DELETE and a missing file; and setupapi's
 * SetupGetFileCompressionInfoEx: the compression type and sizes, the
 * '_' name found for the expanded one, a short buffer, a missing file.
 * Two results follow Microsoft's documentation where Wine 8 differs:
 * LZCopy to a bad handle is LZERROR_BADOUTHANDLE (Wine: LZERROR_WRITE),
 * and SetupGetFileCompressionInfoEx tries the '_' and '$' names (Wine
 * does not). */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <lzexpand.h>
#include <setupapi.h>

static const unsigned char szdd[] = {
    0x53, 0x5a, 0x44, 0x44, 0x88, 0xf0, 0x27, 0x33, 0x41, 0x74, 0x4c, 0x00, 0x00, 0x00, 0xff, 0x4c,
    0x5a, 0x20, 0x74, 0x65, 0x73, 0x74, 0x20, 0xff, 0x64, 0x61, 0x74, 0x61, 0x3a, 0x20, 0x61, 0x62,
    0xfd, 0x63, 0xfe, 0xf6, 0x2c, 0x20, 0x74, 0x68, 0x65, 0x20, 0xff, 0x71, 0x75, 0x69, 0x63, 0x6b,
    0x20, 0x62, 0x72, 0x7f, 0x6f, 0x77, 0x6e, 0x20, 0x66, 0x6f, 0x78, 0x0a, 0x0f, 0x7e, 0x1c, 0x02,
    0x65, 0x6e, 0x64, 0x2e, 0x0d, 0x0a,
};
static const char expanded[] = "LZ test data: abcabcabcabc, the quick brown fox, the quick brown fox, end.\r\n";

static void write_file(const char *name, const void *data, DWORD n)
{
    HANDLE h = CreateFileA(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD done;
    WriteFile(h, data, n, &done, NULL);
    CloseHandle(h);
}

static int same_as_expanded(const char *name)
{
    char buf[256] = "";
    FILE *f = fopen(name, "rb");
    size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
    if (f)
        fclose(f);
    return n == sizeof expanded - 1 && !memcmp(buf, expanded, n);
}

static const char *tail(const char *path)
{
    const char *s = strrchr(path, '\\');
    return s ? s + 1 : path;
}

static void openfile_family(void)
{
    OFSTRUCT of;
    memset(&of, 0xCC, sizeof of);
    HFILE h = OpenFile("sample.tx_", &of, OF_EXIST);
    printf("OpenFile OF_EXIST: %d, cBytes %d, error %d, path ...\\%s\n", h, of.cBytes, of.nErrCode, tail(of.szPathName));
    h = OpenFile("nothing.here", &of, OF_READ);
    printf("OpenFile missing: %d, error %d, GetLastError %lu\n", h, of.nErrCode, GetLastError());
    h = OpenFile("parse\\me.txt", &of, OF_PARSE);
    printf("OpenFile OF_PARSE: %d, path ends %s\n", h, strstr(of.szPathName, "\\parse\\me.txt") ? "\\parse\\me.txt" : of.szPathName);

    HFILE f = _lcreat("lfile.bin", 0);
    printf("_lwrite %u\n", _lwrite(f, "0123456789", 10));
    LONG to4 = _llseek(f, 4, FILE_BEGIN);
    printf("_llseek to 4: %ld, end: %ld\n", to4, _llseek(f, 0, FILE_END));
    _lclose(f);
    char buf[16] = "";
    f = _lopen("lfile.bin", OF_READ);
    _llseek(f, 3, FILE_BEGIN);
    printf("_lread %u: %.5s\n", _lread(f, buf, 5), buf);
    HFILE closed = _lclose(f);
    printf("_lclose %d, again %d\n", closed, _lclose(f));
    HFILE deleted = OpenFile("lfile.bin", &of, OF_DELETE);
    printf("OpenFile OF_DELETE: %d, then OF_EXIST: %d\n", deleted, OpenFile("lfile.bin", &of, OF_EXIST));
}

static void lz_reads(void)
{
    OFSTRUCT of;
    char buf[128] = "";
    INT h = LZOpenFileA("sample.tx_", &of, OF_READ);
    printf("LZOpenFile: LZ handle %s (%#x)\n", h >= 0x400 && h < 0x410 ? "yes" : "NO", h);
    printf("LZRead 12: %d [%.12s]\n", LZRead(h, buf, 12), buf);
    LONG end = LZSeek(h, 0, 2);
    printf("LZSeek end: %ld, LZSeek 14: %ld\n", end, LZSeek(h, 14, 0));
    memset(buf, 0, sizeof buf);
    printf("LZRead rest: %d [%.12s...]\n", LZRead(h, buf, sizeof buf), buf);
    INT at_end = LZRead(h, buf, 4);
    printf("LZRead at the end: %d, LZSeek past it: %ld\n", at_end, LZSeek(h, 77, 0));
    LZClose(h);

    h = LZOpenFileA("plain.txt", &of, OF_READ);
    memset(buf, 0, sizeof buf);
    INT got = LZRead(h, buf, sizeof buf - 1);
    printf("plain LZOpenFile: LZ handle %s, LZRead %d [%s]\n", h >= 0x400 && h < 0x410 ? "YES" : "no", got, buf);
    LZClose(h);
    printf("LZRead on a bad handle: %d\n", LZRead(0x40F, buf, 4));
}

static void lz_copies(void)
{
    OFSTRUCT a, b;
    INT src = LZOpenFileA("sample.tx_", &a, OF_READ);
    INT dst = LZOpenFileA("copy1.txt", &b, OF_CREATE);
    printf("LZCopy: %ld\n", LZCopy(src, dst));
    LZClose(src);
    LZClose(dst);
    printf("copy1.txt is the expanded text: %s\n", same_as_expanded("copy1.txt") ? "yes" : "NO");

    HFILE plain = _lopen("sample.tx_", OF_READ);
    INT lz = LZInit(plain);
    HFILE out = _lcreat("copy2.txt", 0);
    LONG copied = LZCopy(lz, out);
    printf("LZInit on a plain handle: LZ handle %s, LZCopy %ld\n", lz >= 0x400 ? "yes" : "NO", copied);
    LZClose(lz);
    _lclose(out);
    printf("copy2.txt is the expanded text: %s\n", same_as_expanded("copy2.txt") ? "yes" : "NO");
    plain = _lopen("plain.txt", OF_READ);
    printf("LZCopy to a bad handle: %ld\n", LZCopy(plain, 0x12345678));
    _lclose(plain);

    char name[MAX_PATH];
    printf("GetExpandedName: %d %s", GetExpandedNameA("sample.tx_", name), name);
    printf(", %d %s", GetExpandedNameA("SAMPLE.TX_", name), name);
    printf(", %d %s", GetExpandedNameA("plain.txt", name), name);
    printf(", missing %d\n", GetExpandedNameA("nothing.here", name));
}

static void setup_info(const char *name)
{
    char actual[MAX_PATH] = "";
    DWORD need = 0, src = 0, dst = 0;
    UINT type = 99;
    BOOL ok = SetupGetFileCompressionInfoExA(name, actual, sizeof actual, &need, &src, &dst, &type);
    printf("%s: %d", name, ok);
    if (ok)
        printf(" actual %s, needs %lu, type %u, sizes %lu -> %lu\n", tail(actual), need, type, src, dst);
    else
        printf(" error %lu\n", GetLastError());
}

int main(void)
{
    write_file("sample.tx_", szdd, sizeof szdd);
    write_file("plain.txt", "not compressed", 14);
    openfile_family();
    lz_reads();
    lz_copies();
    setup_info("sample.tx_");
    setup_info("sample.txt"); /* found as sample.tx_ */
    setup_info("plain.txt");
    setup_info("nothing.here");
    char small[4];
    DWORD need = 0;
    BOOL ok = SetupGetFileCompressionInfoExA("plain.txt", small, sizeof small, &need, NULL, NULL, NULL);
    printf("short buffer: %d, error %lu, needs %lu\n", ok, GetLastError(), need);
    return 0;
}
