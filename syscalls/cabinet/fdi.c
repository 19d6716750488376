/* FDI, the File Decompression Interface of cabinet.dll: FDICreate keeps
 * the caller's memory and file callbacks in a context allocated with its
 * own allocator, FDIIsCabinet reads a cabinet's header through them, and
 * FDICopy walks a cabinet with cab_reader.c, reading it and writing each
 * file through the callbacks and asking the notification callback what to
 * do (fdintCABINET_INFO once, fdintCOPY_FILE per file: 0 skips it, -1
 * stops, a handle extracts into it; fdintCLOSE_FILE_INFO after it). Every
 * callback is cdecl (DIAMONDAPI). Cabinet sets (files continued in the
 * previous or next cabinet) are not read: such files are passed by. */
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "syscalls/api.h"
#include "syscalls/cabinet/api_args.h"
#include "syscalls/cabinet/cab_reader.h"
#include "syscalls/cabinet/struct32.h"

#define FDI_BUFFER 65536u
#define FDI_NAME_MAX 260u
#define O_BINARY_RDONLY_SEQUENTIAL 0x8020u /* _O_BINARY | _O_RDONLY | _O_SEQUENTIAL */
#define S_IREAD_IWRITE 0x180u               /* _S_IREAD | _S_IWRITE */
#define SEEK_SET_ 0u

struct fdi {
    struct thunk_call *c;
    FDI_CONTEXT32 ctx;
    uint32_t hf;      /* the cabinet, as the caller's open callback gave it */
    gaddr block;      /* guest memory: the I/O buffer, the notification, strings */
    bool gone;        /* the process is going away: no more guest calls */
};

/* Guest layout of fdi.block */
#define BLOCK_NOTIFY FDI_BUFFER
#define BLOCK_NAME (BLOCK_NOTIFY + sizeof(FDI_NOTIFICATION32))
#define BLOCK_NEXT_CAB (BLOCK_NAME + FDI_NAME_MAX)
#define BLOCK_NEXT_DISK (BLOCK_NEXT_CAB + FDI_NAME_MAX)
#define BLOCK_PATH (BLOCK_NEXT_DISK + FDI_NAME_MAX)

/* Calls a callback; false once the process is going away (no more calls). */
static bool call(struct fdi *f, uint32_t fn, const uint32_t *args, unsigned n, uint32_t *ret)
{
    if (!f->gone && !thunk_call_guest(f->c, fn, args, n, ret))
        f->gone = true;
    return !f->gone;
}

static bool load(struct fdi *f, struct thunk_call *c, gaddr hfdi)
{
    memset(f, 0, sizeof *f);
    f->c = c;
    return hfdi && gm_read(hfdi, &f->ctx, sizeof f->ctx) && f->ctx.magic == FDI_MAGIC;
}

static void set_error(const struct fdi *f, int32_t oper)
{
    FDI_ERF32 erf = { oper, 0, oper != 0 };
    if (f->ctx.erf)
        gm_write(f->ctx.erf, &erf, sizeof erf);
}

static bool read_cabinet(void *p, uint32_t off, void *buf, uint32_t len)
{
    struct fdi *f = p;
    uint32_t got = 0, seek[3] = { f->hf, off, SEEK_SET_ };
    if (!call(f, f->ctx.seek, seek, 3, &got) || got != off)
        return false;
    for (uint8_t *dst = buf; len; dst += got, len -= got) {
        uint32_t chunk = len < FDI_BUFFER ? len : FDI_BUFFER, args[3] = { f->hf, f->block, chunk };
        if (!call(f, f->ctx.read, args, 3, &got) || !got || got > chunk || !gm_read(f->block, dst, got))
            return false;
    }
    return true;
}

struct sink {
    struct fdi *f;
    uint32_t hf;
};

static bool write_target(void *p, const void *data, uint32_t len)
{
    struct sink *s = p;
    const uint8_t *src = data;
    for (uint32_t done = 0; len; src += done, len -= done) {
        uint32_t chunk = len < FDI_BUFFER ? len : FDI_BUFFER, args[3] = { s->hf, s->f->block, chunk };
        if (!gm_write(s->f->block, src, chunk) || !call(s->f, s->f->ctx.write, args, 3, &done) || done != chunk)
            return false;
    }
    return true;
}

/* A string into the guest block at off (cut to FDI_NAME_MAX - 1 bytes). */
static gaddr put_name(const struct fdi *f, uint32_t off, const char *s)
{
    char buf[FDI_NAME_MAX];
    size_t n = strnlen(s, FDI_NAME_MAX - 1);
    memcpy(buf, s, n);
    buf[n] = 0;
    return gm_write(f->block + off, buf, n + 1) ? f->block + off : 0;
}

/* Sends a notification: its answer, or -1 (stop) when it could not be sent. */
static int32_t notify(struct fdi *f, uint32_t fn, uint32_t type, const FDI_NOTIFICATION32 *n)
{
    uint32_t ret = 0, args[2] = { type, f->block + BLOCK_NOTIFY };
    if (!gm_write(f->block + BLOCK_NOTIFY, n, sizeof *n) || !call(f, fn, args, 2, &ret))
        return -1;
    return (int32_t)ret;
}

/* One file: COPY_FILE, and when the caller gives a handle, the extraction
 * and CLOSE_FILE_INFO. 0, or the FDIERROR that stops the walk. */
static int32_t copy_file(struct fdi *f, struct cab *cab, unsigned i, uint32_t notify_fn, uint32_t pv)
{
    const struct cab_file *file = &cab->files[i];
    if (file->folder >= cab->header.cFolders)
        return 0; /* continued from or into another cabinet: sets are not read */
    FDI_NOTIFICATION32 n = { .cb = (int32_t)file->size, .psz1 = put_name(f, BLOCK_NAME, file->name), .pv = pv,
                             .date = file->date, .time = file->time, .attribs = file->attribs,
                             .setID = cab->header.setID, .iCabinet = cab->header.iCabinet,
                             .iFolder = file->folder };
    int32_t hf = notify(f, notify_fn, FDINT_COPY_FILE, &n);
    if (hf == -1)
        return CAB_USER_ABORT;
    if (hf == 0)
        return 0;
    struct sink s = { f, (uint32_t)hf };
    enum cab_error e = cab_extract(cab, i, write_target, &s);
    if (e) {
        uint32_t ignored, args[1] = { (uint32_t)hf };
        call(f, f->ctx.close, args, 1, &ignored);
        return e;
    }
    n.hf = (uint32_t)hf;
    n.cb = (file->attribs & 0x40u) != 0; /* _A_EXEC: run it after extraction */
    int32_t ok = notify(f, notify_fn, FDINT_CLOSE_FILE_INFO, &n);
    return ok == 0 || ok == -1 ? CAB_USER_ABORT : 0;
}

static int32_t walk(struct fdi *f, struct cab *cab, gaddr cab_path, uint32_t notify_fn, uint32_t pv)
{
    FDI_NOTIFICATION32 n = { .psz1 = put_name(f, BLOCK_NEXT_CAB, cab->next_cabinet),
                             .psz2 = put_name(f, BLOCK_NEXT_DISK, cab->next_disk), .psz3 = cab_path, .pv = pv,
                             .setID = cab->header.setID, .iCabinet = cab->header.iCabinet };
    if (notify(f, notify_fn, FDINT_CABINET_INFO, &n) == -1)
        return CAB_USER_ABORT;
    for (unsigned i = 0; i < cab->header.cFiles; i++) {
        int32_t e = copy_file(f, cab, i, notify_fn, pv);
        if (e)
            return e;
    }
    return 0;
}

/* The cabinet's path (pszCabPath + pszCabinet, as FDI joins them) into the
 * block, open through the caller's callback: 0 or an FDIERROR. */
static int32_t open_cabinet(struct fdi *f, gaddr name, gaddr path)
{
    char *a = path ? gm_strdup(path) : strdup(""), *b = gm_strdup(name);
    char *joined = a && b ? malloc(strlen(a) + strlen(b) + 1) : NULL;
    if (joined) {
        strcpy(joined, a);
        strcat(joined, b);
    }
    free(a);
    free(b);
    if (!joined || strlen(joined) >= FDI_NAME_MAX || !put_name(f, BLOCK_PATH, joined)) {
        free(joined);
        return CAB_NOT_FOUND;
    }
    free(joined);
    uint32_t hf = 0, args[3] = { f->block + BLOCK_PATH, O_BINARY_RDONLY_SEQUENTIAL, S_IREAD_IWRITE };
    if (!call(f, f->ctx.open, args, 3, &hf) || hf == 0xFFFFFFFFu)
        return CAB_NOT_FOUND;
    f->hf = hf;
    return 0;
}

static bool take_block(struct fdi *f)
{
    uint32_t args[1] = { BLOCK_PATH + FDI_NAME_MAX };
    return call(f, f->ctx.alloc, args, 1, &f->block) && f->block;
}

static void drop_block(struct fdi *f)
{
    uint32_t ignored, args[1] = { f->block };
    if (f->block)
        call(f, f->ctx.free, args, 1, &ignored);
    f->block = 0;
}

static void close_cabinet(struct fdi *f)
{
    uint32_t ignored, args[1] = { f->hf };
    if (f->hf)
        call(f, f->ctx.close, args, 1, &ignored);
    f->hf = 0;
}

uint64_t cabinet_FDICreate(struct thunk_call *c)
{
    API_ARGS(cabinet, FDICreate, a);
    struct fdi f = { .c = c };
    FDI_CONTEXT32 ctx = { FDI_MAGIC, a.pfnalloc, a.pfnfree, a.pfnopen, a.pfnread, a.pfnwrite, a.pfnclose,
                          a.pfnseek, a.perf };
    f.ctx = ctx;
    uint32_t g = 0, args[1] = { sizeof ctx };
    if (!a.pfnalloc || !call(&f, a.pfnalloc, args, 1, &g) || !g || !gm_write(g, &ctx, sizeof ctx)) {
        set_error(&f, CAB_NO_MEMORY);
        return 0;
    }
    set_error(&f, 0);
    return g;
}

uint64_t cabinet_FDIDestroy(struct thunk_call *c)
{
    API_ARGS(cabinet, FDIDestroy, a);
    struct fdi f;
    if (!load(&f, c, a.hfdi))
        return 0;
    uint32_t ignored, args[1] = { a.hfdi };
    gm_write_u32(a.hfdi, 0); /* no longer a context */
    call(&f, f.ctx.free, args, 1, &ignored);
    return 1;
}

uint64_t cabinet_FDIIsCabinet(struct thunk_call *c)
{
    API_ARGS(cabinet, FDIIsCabinet, a);
    struct fdi f;
    if (!load(&f, c, a.hfdi))
        return 0;
    if (!take_block(&f)) {
        set_error(&f, CAB_NO_MEMORY);
        return 0;
    }
    f.hf = a.hf;
    CAB_HEADER32 h;
    enum cab_error e = cab_read_header(read_cabinet, &f, &h);
    f.hf = 0;
    drop_block(&f);
    if (e) {
        set_error(&f, e);
        return 0;
    }
    FDI_CABINET_INFO32 info = { (int32_t)h.cbCabinet, h.cFolders, h.cFiles, h.setID, h.iCabinet,
                                (h.flags & CAB_FLAG_RESERVE_PRESENT) != 0, (h.flags & CAB_FLAG_PREV_CABINET) != 0,
                                (h.flags & CAB_FLAG_NEXT_CABINET) != 0 };
    if (!a.pfdici || !gm_write(a.pfdici, &info, sizeof info))
        return 0;
    set_error(&f, 0);
    return 1;
}

uint64_t cabinet_FDICopy(struct thunk_call *c)
{
    API_ARGS(cabinet, FDICopy, a);
    struct fdi f;
    if (!load(&f, c, a.hfdi))
        return 0;
    if (!a.pszCabinet || !a.pfnfdin) {
        set_error(&f, CAB_NOT_FOUND);
        return 0;
    }
    if (!take_block(&f)) {
        set_error(&f, CAB_NO_MEMORY);
        return 0;
    }
    int32_t e = open_cabinet(&f, a.pszCabinet, a.pszCabPath);
    struct cab cab;
    if (!e && (e = cab_open(&cab, read_cabinet, &f)) == 0) {
        e = walk(&f, &cab, a.pszCabPath, a.pfnfdin, a.pvUser);
        cab_close(&cab);
    }
    close_cabinet(&f);
    drop_block(&f);
    set_error(&f, e);
    return e == 0;
}
