// build-flags: -lsetupapi
/* setup_cabinet.c - proves setupapi's SetupIterateCabinetA/W on cabinets
 * made by tests/wine/cab/mkcab.py (cab_samples.h): cab_good has an MSZIP
 * folder with big.txt (45600 bytes: two data blocks, the second refers back
 * into the first, so it decodes only with the window kept across blocks)
 * and skip.txt, and a stored folder with plain.txt. The callback gets
 * SPFILENOTIFY_CABINETINFO (the cabinet's directory with its '\', no next
 * cabinet), then FILEINCABINET for each file (name, size, DOS date, time
 * and attributes; Param2 the cabinet's name as passed) and skips skip.txt,
 * extracts the others to out_<name> and sees FILEEXTRACTED for them.
 * Failures, with the errors Windows gives (Wine's setupapi tests, run on
 * Windows): a NULL name ERROR_INVALID_PARAMETER, a missing cabinet
 * ERROR_FILE_NOT_FOUND, an empty file, a wrong block checksum and deflate
 * data that does not decode ERROR_INVALID_DATA; FILEOP_ABORT ends the walk
 * with the callback's Win32Error, a FILEEXTRACTED answer with that error. */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <setupapi.h>

#include "cab_samples.h"

struct walk {
    const char *skip;   /* the file to skip */
    UINT abort_with;    /* FILEINCABINET: FILEOP_ABORT with this Win32Error */
    UINT extracted_ret; /* FILEEXTRACTED's answer */
    int quiet;
};

static void write_file(const char *name, const void *data, DWORD n)
{
    HANDLE h = CreateFileA(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD done;
    WriteFile(h, data, n, &done, NULL);
    CloseHandle(h);
}

static const char *tail(const char *path)
{
    const char *s = strrchr(path, '\\');
    return s ? s + 1 : path;
}

static UINT CALLBACK callback_a(PVOID context, UINT what, UINT_PTR p1, UINT_PTR p2)
{
    struct walk *w = context;
    if (what == SPFILENOTIFY_CABINETINFO) {
        const CABINET_INFO_A *ci = (const CABINET_INFO_A *)p1;
        size_t n = strlen(ci->CabinetPath);
        if (!w->quiet)
            printf("CABINETINFO: path ends with '\\' %s, next [%s] disk [%s], set %u, number %u, p2 %u\n",
                   n && ci->CabinetPath[n - 1] == '\\' ? "yes" : "NO", ci->CabinetFile, ci->DiskName, ci->SetId,
                   ci->CabinetNumber, (unsigned)p2);
        return NO_ERROR;
    }
    if (what == SPFILENOTIFY_FILEINCABINET) {
        FILE_IN_CABINET_INFO_A *fi = (FILE_IN_CABINET_INFO_A *)p1;
        if (!w->quiet)
            printf("FILEINCABINET %s: %lu bytes, date %#x time %#x attribs %#x, error %lu, cabinet %s\n",
                   fi->NameInCabinet, fi->FileSize, fi->DosDate, fi->DosTime, fi->DosAttribs, fi->Win32Error,
                   (const char *)p2);
        if (w->abort_with) {
            fi->Win32Error = w->abort_with;
            return FILEOP_ABORT;
        }
        if (w->skip && !strcmp(fi->NameInCabinet, w->skip))
            return FILEOP_SKIP;
        snprintf(fi->FullTargetName, sizeof fi->FullTargetName, "out_%s", fi->NameInCabinet);
        return FILEOP_DOIT;
    }
    if (what == SPFILENOTIFY_FILEEXTRACTED) {
        const FILEPATHS_A *fp = (const FILEPATHS_A *)p1;
        printf("FILEEXTRACTED %s from %s, error %u, p2 %u\n", tail(fp->Target), fp->Source, fp->Win32Error,
               (unsigned)p2);
        return w->extracted_ret;
    }
    printf("unexpected notification %#x\n", what);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

static int count_w;

static UINT CALLBACK callback_w(PVOID context, UINT what, UINT_PTR p1, UINT_PTR p2)
{
    (void)context;
    if (what == SPFILENOTIFY_FILEINCABINET) {
        FILE_IN_CABINET_INFO_W *fi = (FILE_IN_CABINET_INFO_W *)p1;
        printf("W FILEINCABINET %ls (%lu bytes), cabinet %ls\n", fi->NameInCabinet, fi->FileSize, (const WCHAR *)p2);
        if (wcscmp(fi->NameInCabinet, L"plain.txt"))
            return FILEOP_SKIP;
        wcscpy(fi->FullTargetName, L"out_w_plain.txt");
        return FILEOP_DOIT;
    }
    if (what == SPFILENOTIFY_FILEEXTRACTED) {
        const FILEPATHS_W *fp = (const FILEPATHS_W *)p1;
        printf("W FILEEXTRACTED %ls, error %u\n", fp->Target, fp->Win32Error);
        count_w++;
    }
    return NO_ERROR;
}

static long file_size(const char *name)
{
    WIN32_FILE_ATTRIBUTE_DATA a;
    return GetFileAttributesExA(name, GetFileExInfoStandard, &a) ? (long)a.nFileSizeLow : -1;
}

static void attempt(const char *what, const char *name, PSP_FILE_CALLBACK_A cb, struct walk *w)
{
    SetLastError(0xdeadbeef);
    BOOL ok = SetupIterateCabinetA(name, 0, cb, w);
    printf("%s: %d, error %lu\n", what, ok, GetLastError());
}

int main(void)
{
    write_file("good.cab", cab_good, sizeof cab_good);
    write_file("bad_checksum.cab", cab_bad_checksum, sizeof cab_bad_checksum);
    write_file("bad_deflate.cab", cab_bad_deflate, sizeof cab_bad_deflate);
    write_file("empty.cab", "", 0);

    struct walk w = { "skip.txt", 0, NO_ERROR, 0 };
    attempt("good.cab", "good.cab", callback_a, &w);
    printf("out_big.txt is the 45600 bytes: %s\n", cab_big_is_right("out_big.txt") ? "yes" : "NO");
    printf("out_skip.txt exists: %s\n", file_size("out_skip.txt") >= 0 ? "YES" : "no");
    FILE *f = fopen("out_plain.txt", "rb");
    char buf[64] = "";
    if (f) {
        fgets(buf, sizeof buf, f);
        fclose(f);
    }
    printf("out_plain.txt: %s", buf);

    SetLastError(0xdeadbeef);
    BOOL ok = SetupIterateCabinetW(L"good.cab", 0, callback_w, NULL);
    printf("W good.cab: %d, error %lu, extracted %d, out_w_plain.txt %ld bytes\n", ok, GetLastError(), count_w,
           file_size("out_w_plain.txt"));

    struct walk quiet = { NULL, 0, NO_ERROR, 1 };
    attempt("NULL name", NULL, callback_a, &quiet);
    attempt("missing", "missing.cab", callback_a, &quiet);
    attempt("empty file", "empty.cab", callback_a, &quiet);
    attempt("NULL callback", "good.cab", NULL, &quiet);
    attempt("bad checksum", "bad_checksum.cab", callback_a, &quiet);
    attempt("bad deflate", "bad_deflate.cab", callback_a, &quiet);
    struct walk aborting = { NULL, ERROR_CANCELLED, NO_ERROR, 1 };
    attempt("FILEOP_ABORT", "good.cab", callback_a, &aborting);
    struct walk refusing = { "big.txt", 0, ERROR_DISK_FULL, 1 };
    attempt("FILEEXTRACTED answers an error", "good.cab", callback_a, &refusing);
    return 0;
}
