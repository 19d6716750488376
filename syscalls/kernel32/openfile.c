/* OpenFile and the _lopen/_lcreat/_lread/_lwrite/_llseek/_lclose family:
 * 16-bit Windows' file API, which kernel32 keeps on its own file handles
 * (an HFILE is the handle's value). LZOpenFile (kernel32/lz.c) opens files
 * through OpenFile. */
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/fs.h"
#include "syscalls/kernel32/openfile.h"
#include "syscalls/kernel32/struct32_openfile.h"
#include "syscalls/ntdll/nt_file.h"
#include "syscalls/ntdll/status.h"
#include "syscalls/win32_errors.h"

#define HFILE_ERROR 0xFFFFFFFFu

/* uStyle: the access in the low bits, the sharing mode, then actions */
#define OF_ACCESS_MASK 0x0003u
#define OF_WRITE 0x0001u
#define OF_READWRITE 0x0002u
#define OF_SHARE_MASK 0x0070u
#define OF_SHARE_EXCLUSIVE 0x0010u
#define OF_SHARE_DENY_WRITE 0x0020u
#define OF_SHARE_DENY_READ 0x0030u
#define OF_PARSE 0x0100u
#define OF_DELETE 0x0200u
#define OF_CREATE 0x1000u
#define OF_EXIST 0x4000u
#define OF_REOPEN 0x8000u

static uint64_t fail_hfile(uint32_t err)
{
    teb_set_last_error(err);
    return HFILE_ERROR;
}

static uint32_t access_of(uint32_t style)
{
    switch (style & OF_ACCESS_MASK) {
    case OF_WRITE: return GENERIC_WRITE;
    case OF_READWRITE: return GENERIC_READ | GENERIC_WRITE;
    default: return GENERIC_READ;
    }
}

static uint32_t share_of(uint32_t style)
{
    switch (style & OF_SHARE_MASK) {
    case OF_SHARE_EXCLUSIVE: return 0;
    case OF_SHARE_DENY_WRITE: return FILE_SHARE_READ;
    case OF_SHARE_DENY_READ: return FILE_SHARE_WRITE;
    default: return FILE_SHARE_READ | FILE_SHARE_WRITE; /* compatibility, deny none */
    }
}

/* Fills the OFSTRUCT: its size, the full path (ANSI) and the error. The
 * MS-DOS date and time fields are left 0. */
static bool fill_ofstruct(gaddr of, const char *full, uint32_t err)
{
    OFSTRUCT32 head = { .cBytes = sizeof(OFSTRUCT32), .fFixedDisk = 1, .nErrCode = (uint16_t)err };
    gaddr path = of + offsetof(OFSTRUCT32, szPathName);
    if (!gm_write(of, &head, offsetof(OFSTRUCT32, szPathName)) || !gm_write_u8(path, 0))
        return false;
    if (full && *full && k32_put_string(full, path, OFS_MAXPATHNAME, false) >= OFS_MAXPATHNAME)
        gm_write_u8(path, 0); /* too long for the structure: no path */
    return true;
}

uint32_t k32_open_file(const char *path, gaddr of, uint32_t style)
{
    uint32_t err = ERROR_PATH_NOT_FOUND;
    if (!of)
        return teb_set_last_error(ERROR_INVALID_PARAMETER), HFILE_ERROR;
    char *full = path ? fs_full_path(path, &err) : NULL;
    uint32_t h = HFILE_ERROR;
    if (!full) {
        /* no path to report */
    } else if (style & OF_PARSE) {
        h = 0;
    } else if (style & OF_DELETE) {
        err = fs_delete_file(full);
        h = err ? HFILE_ERROR : 1;
    } else {
        uint32_t disp = (style & OF_CREATE) ? CREATE_ALWAYS : OPEN_EXISTING;
        /* a file OpenFile creates is open for reading and writing, whatever the access bits */
        uint32_t access = (style & OF_EXIST) ? GENERIC_READ
                          : (style & OF_CREATE) ? GENERIC_READ | GENERIC_WRITE
                                                : access_of(style);
        uint32_t got = k32_create_file(full, access, share_of(style), disp, FILE_ATTRIBUTE_NORMAL, &err);
        if (err == ERROR_ALREADY_EXISTS)
            err = 0;
        if (got && (style & OF_EXIST)) {
            nt_close(got);
            h = 1;
        } else if (got) {
            h = got;
        }
    }
    bool ok = fill_ofstruct(of, full, h == HFILE_ERROR ? err : 0);
    free(full);
    if (!ok)
        err = ERROR_NOACCESS;
    teb_set_last_error(h == HFILE_ERROR || !ok ? err : 0);
    return ok ? h : HFILE_ERROR;
}

char *k32_open_file_name(gaddr name, gaddr of, uint32_t style, bool wide, uint32_t *err)
{
    if (style & OF_REOPEN)
        return of ? k32_path_arg(of + offsetof(OFSTRUCT32, szPathName), false, err) : NULL;
    return k32_path_arg(name, wide, err);
}

uint64_t kernel32_OpenFile(struct thunk_call *c)
{
    API_ARGS(kernel32, OpenFile, a);
    uint32_t err = ERROR_INVALID_PARAMETER;
    char *path = k32_open_file_name(a.lpFileName, a.lpReOpenBuff, a.uStyle, false, &err);
    if (!path && a.lpReOpenBuff)
        fill_ofstruct(a.lpReOpenBuff, NULL, err);
    uint32_t h = path ? k32_open_file(path, a.lpReOpenBuff, a.uStyle) : (uint32_t)fail_hfile(err);
    free(path);
    return h;
}

static uint64_t open_path(gaddr name, uint32_t access, uint32_t share, uint32_t disp, uint32_t attrs)
{
    uint32_t err;
    char *path = k32_path_arg(name, false, &err);
    if (!path)
        return fail_hfile(err);
    uint32_t h = k32_create_file(path, access, share, disp, attrs, &err);
    free(path);
    return h ? h : fail_hfile(err);
}

uint64_t kernel32__lopen(struct thunk_call *c)
{
    API_ARGS(kernel32, _lopen, a);
    return open_path(a.lpPathName, access_of(a.iReadWrite), share_of(a.iReadWrite), OPEN_EXISTING,
                     FILE_ATTRIBUTE_NORMAL);
}

/* _lcreat's attribute: 0 normal, 1 read-only, 2 hidden, 4 system */
uint64_t kernel32__lcreat(struct thunk_call *c)
{
    API_ARGS(kernel32, _lcreat, a);
    uint32_t attrs = a.iAttribute & (FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM);
    return open_path(a.lpPathName, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                     CREATE_ALWAYS, attrs ? attrs : FILE_ATTRIBUTE_NORMAL);
}

/* Reads or writes at the file pointer: the byte count, or HFILE_ERROR. */
static uint64_t transfer(uint32_t h, gaddr buf, uint32_t n, bool write)
{
    uint32_t done = 0;
    if (!kernel32_io_handle(h))
        return fail_hfile(ERROR_INVALID_HANDLE);
    if (n && !gm_ptr(buf, n, !write))
        return fail_hfile(ERROR_NOACCESS);
    NTSTATUS st = write ? nt_write_file_guest(h, buf, n, NULL, &done) : nt_read_file_guest(h, buf, n, NULL, &done);
    if (st && st != STATUS_END_OF_FILE)
        return fail_hfile(ntstatus_to_win32(st));
    return done;
}

uint64_t kernel32__lread(struct thunk_call *c) { API_ARGS(kernel32, _lread, a); return transfer(a.hFile, a.lpBuffer, a.uBytes, false); }
uint64_t kernel32__hread(struct thunk_call *c) { API_ARGS(kernel32, _hread, a); return transfer(a.hFile, a.lpBuffer, (uint32_t)a.lBytes, false); }
uint64_t kernel32__lwrite(struct thunk_call *c) { API_ARGS(kernel32, _lwrite, a); return transfer(a.hFile, a.lpBuffer, a.uBytes, true); }
uint64_t kernel32__hwrite(struct thunk_call *c) { API_ARGS(kernel32, _hwrite, a); return transfer(a.hFile, a.lpBuffer, (uint32_t)a.lBytes, true); }

uint64_t kernel32__llseek(struct thunk_call *c)
{
    API_ARGS(kernel32, _llseek, a);
    int64_t pos = 0;
    uint32_t err = k32_set_file_pointer(a.hFile, (int32_t)a.lOffset, (uint32_t)a.iOrigin, &pos);
    if (!err && pos > 0x7FFFFFFF)
        err = ERROR_INVALID_PARAMETER;
    return err ? fail_hfile(err) : (uint32_t)pos;
}

uint64_t kernel32__lclose(struct thunk_call *c)
{
    API_ARGS(kernel32, _lclose, a);
    return nt_close(a.hFile) ? fail_hfile(ERROR_INVALID_HANDLE) : 0;
}
