// build-flags: -lcabinet
/* cabinet_fdi.c - proves cabinet.dll's FDI on the cabinets of
 * cab_samples.h, with the C runtime's malloc/free and _open/_read/_write/
 * _close/_lseek as its callbacks (how programs use it): FDICreate
 * allocates its context through them and FDIDestroy gives it back;
 * FDIIsCabinet fills FDICABINETINFO for a cabinet and says FALSE with
 * FDIERROR_NOT_A_CABINET for a plain file; FDICopy sends fdintCABINET_INFO
 * (no next cabinet, psz3 the path given), then fdintCOPY_FILE per file (0
 * skips skip.txt, a handle from _open extracts the others) and
 * fdintCLOSE_FILE_INFO with that handle; big.txt (MSZIP, two blocks) and
 * plain.txt (stored) come out whole. Failures land in the ERF: a missing
 * cabinet FDIERROR_CABINET_NOT_FOUND, a wrong block checksum
 * FDIERROR_CORRUPT_CABINET, deflate data that does not decode
 * FDIERROR_MDI_FAIL, fdintCOPY_FILE answering -1 FDIERROR_USER_ABORT. */
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <windows.h>
#include <fdi.h>

#include "cab_samples.h"

static int outstanding;
static int quiet, abort_copy;

static FNALLOC(fdi_alloc)
{
    outstanding++;
    return malloc(cb);
}
static FNFREE(fdi_free)
{
    outstanding--;
    free(pv);
}
static FNOPEN(fdi_open) { return _open(pszFile, oflag, pmode); }
static FNREAD(fdi_read) { return (UINT)_read((int)hf, pv, cb); }
static FNWRITE(fdi_write) { return (UINT)_write((int)hf, pv, cb); }
static FNCLOSE(fdi_close) { return _close((int)hf); }
static FNSEEK(fdi_seek) { return _lseek((int)hf, dist, seektype); }

static INT_PTR opened;

static FNFDINOTIFY(notify)
{
    switch (fdint) {
    case fdintCABINET_INFO:
        if (!quiet)
            printf("CABINET_INFO: next [%s] disk [%s] path [%s] set %u number %u pv %s\n", pfdin->psz1, pfdin->psz2,
                   pfdin->psz3, pfdin->setID, pfdin->iCabinet, pfdin->pv == &opened ? "ours" : "WRONG");
        return 0;
    case fdintCOPY_FILE: {
        if (!quiet)
            printf("COPY_FILE %s: %ld bytes, folder %u, date %#x time %#x attribs %#x\n", pfdin->psz1, pfdin->cb,
                   pfdin->iFolder, pfdin->date, pfdin->time, pfdin->attribs);
        if (abort_copy)
            return -1;
        if (!strcmp(pfdin->psz1, "skip.txt"))
            return 0;
        char name[64];
        snprintf(name, sizeof name, "fdi_%s", pfdin->psz1);
        opened = _open(name, _O_BINARY | _O_CREAT | _O_TRUNC | _O_WRONLY, _S_IREAD | _S_IWRITE);
        return opened;
    }
    case fdintCLOSE_FILE_INFO:
        printf("CLOSE_FILE_INFO %s: the handle COPY_FILE gave %s, run %ld\n", pfdin->psz1,
               pfdin->hf == opened ? "yes" : "NO", pfdin->cb);
        _close((int)pfdin->hf);
        return TRUE;
    default:
        printf("unexpected notification %d\n", fdint);
        return 0;
    }
}

static void write_file(const char *name, const void *data, size_t n)
{
    FILE *f = fopen(name, "wb");
    fwrite(data, 1, n, f);
    fclose(f);
}

static void copy(HFDI fdi, ERF *erf, const char *what, const char *cab)
{
    memset(erf, 0, sizeof *erf);
    BOOL ok = FDICopy(fdi, (char *)cab, ".\\", 0, notify, NULL, &opened);
    printf("%s: %d, erfOper %d, fError %d\n", what, ok, erf->erfOper, erf->fError);
}

int main(void)
{
    write_file("good.cab", cab_good, sizeof cab_good);
    write_file("bad_checksum.cab", cab_bad_checksum, sizeof cab_bad_checksum);
    write_file("bad_deflate.cab", cab_bad_deflate, sizeof cab_bad_deflate);
    write_file("plain.bin", "not a cabinet at all, just some bytes", 37);

    ERF erf;
    HFDI fdi = FDICreate(fdi_alloc, fdi_free, fdi_open, fdi_read, fdi_write, fdi_close, fdi_seek, cpuUNKNOWN, &erf);
    printf("FDICreate: %s, allocations %d\n", fdi ? "a context" : "NULL", outstanding);

    FDICABINETINFO info;
    memset(&info, 0xCC, sizeof info);
    int hf = _open("good.cab", _O_BINARY | _O_RDONLY);
    BOOL is = FDIIsCabinet(fdi, hf, &info);
    printf("FDIIsCabinet good.cab: %d, %ld bytes, %u folders, %u files, set %u, number %u, reserve %d prev %d next %d\n",
           is, info.cbCabinet, info.cFolders, info.cFiles, info.setID, info.iCabinet, info.fReserve, info.hasprev,
           info.hasnext);
    _close(hf);
    hf = _open("plain.bin", _O_BINARY | _O_RDONLY);
    memset(&erf, 0, sizeof erf);
    is = FDIIsCabinet(fdi, hf, &info);
    printf("FDIIsCabinet plain.bin: %d, erfOper %d\n", is, erf.erfOper);
    _close(hf);

    copy(fdi, &erf, "FDICopy good.cab", "good.cab");
    printf("fdi_big.txt is the 45600 bytes: %s\n", cab_big_is_right("fdi_big.txt") ? "yes" : "NO");
    printf("fdi_skip.txt exists: %s\n", _access("fdi_skip.txt", 0) == 0 ? "YES" : "no");
    FILE *f = fopen("fdi_plain.txt", "rb");
    char buf[64] = "";
    if (f) {
        fgets(buf, sizeof buf, f);
        fclose(f);
    }
    printf("fdi_plain.txt: %s", buf);

    quiet = 1;
    copy(fdi, &erf, "missing cabinet", "missing.cab");
    copy(fdi, &erf, "bad checksum", "bad_checksum.cab");
    copy(fdi, &erf, "bad deflate", "bad_deflate.cab");
    abort_copy = 1;
    copy(fdi, &erf, "COPY_FILE answers -1", "good.cab");

    BOOL destroyed = FDIDestroy(fdi);
    printf("FDIDestroy: %d, allocations left %d\n", destroyed, outstanding);
    return 0;
}
