/* SetupIterateCabinet: reads a cabinet with cabinet's reader and walks its
 * files with the caller's callback: SPFILENOTIFY_CABINETINFO once, then for
 * each file SPFILENOTIFY_FILEINCABINET (FILEOP_DOIT with a target name
 * extracts it through the NT file layer and reports
 * SPFILENOTIFY_FILEEXTRACTED; FILEOP_SKIP passes it by; FILEOP_ABORT ends
 * the walk with the callback's Win32Error). Errors follow what Windows
 * gives (Wine's setupapi tests, run on Windows): a missing cabinet
 * ERROR_FILE_NOT_FOUND, one that is not a cabinet or is corrupt
 * ERROR_INVALID_DATA. */
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/heap.h"
#include "core/process.h"
#include "core/unicode.h"
#include "syscalls/api.h"
#include "syscalls/cabinet/cab_reader.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/fs.h"
#include "syscalls/ntdll/nt_file.h"
#include "syscalls/setupapi/api_args.h"
#include "syscalls/setupapi/struct32.h"
#include "syscalls/win32_errors.h"

#define ERROR_WRITE_FAULT 29u
#define ERROR_OPERATION_ABORTED 995u

struct iterate {
    struct thunk_call *c;
    gaddr handler, context, cabinet; /* cabinet: the caller's string */
    bool wide;
    uint32_t h;            /* the cabinet */
    struct cab cab;
    gaddr blocks[8];       /* guest memory this call took */
    unsigned nblocks;
    uint32_t out;          /* the file being extracted */
};

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

static bool read_cabinet(void *ctx, uint32_t off, void *buf, uint32_t len)
{
    const struct iterate *it = ctx;
    int64_t at = off;
    uint32_t got = 0;
    return !nt_read_file(it->h, buf, len, &at, &got) && got == len;
}

static bool write_target(void *ctx, const void *buf, uint32_t len)
{
    const struct iterate *it = ctx;
    uint32_t done = 0;
    return !nt_write_file(it->out, buf, len, NULL, &done) && done == len;
}

static uint32_t win32_error(enum cab_error e)
{
    switch (e) {
    case CAB_OK: return 0;
    case CAB_NO_MEMORY: return ERROR_NOT_ENOUGH_MEMORY;
    case CAB_TARGET_FAILED: return ERROR_WRITE_FAULT;
    default: return ERROR_INVALID_DATA; /* not a cabinet, corrupt, unknown method */
    }
}

/* Guest memory for this call: zeroed, freed when the walk ends. */
static gaddr take(struct iterate *it, uint32_t size)
{
    if (it->nblocks == sizeof it->blocks / sizeof *it->blocks)
        return 0;
    gaddr g = heap_alloc(proc->process_heap, size, HEAP_ZERO_MEMORY);
    if (g)
        it->blocks[it->nblocks++] = g;
    return g;
}

/* Frees g early when it is the last block taken (a file's name). */
static void give_back(struct iterate *it, gaddr g)
{
    if (g && it->nblocks && it->blocks[it->nblocks - 1] == g) {
        it->nblocks--;
        heap_free(proc->process_heap, g);
    }
}

/* s (UTF-8) as a guest string in the caller's flavour, or 0. */
static gaddr guest_string(struct iterate *it, const char *s)
{
    uint32_t cch = k32_put_string(s, 0, 0, it->wide);
    gaddr g = cch ? take(it, cch * (it->wide ? 2u : 1u)) : 0;
    if (g && k32_put_string(s, g, cch, it->wide) >= cch)
        return 0;
    return g;
}

static bool notify(struct iterate *it, uint32_t what, gaddr p1, gaddr p2, uint32_t *ret)
{
    uint32_t args[4] = { it->context, what, p1, p2 };
    return thunk_call_guest(it->c, it->handler, args, 4, ret);
}

/* A cabinet's file name as UTF-8 (malloc'd): UTF-8 already, or ANSI. */
static char *file_name(const struct cab_file *f)
{
    return f->attribs & CAB_ATTRIB_NAME_IS_UTF ? strdup(f->name) : ansi_to_utf8(f->name);
}

/* CABINET_INFO: the cabinet's directory (with its '\'), the next cabinet
 * and disk of a set, the set's id and this cabinet's number. */
static gaddr cabinet_info(struct iterate *it, const char *full)
{
    char *dir = strdup(full);
    if (!dir)
        return 0;
    char *slash = strrchr(dir, '\\');
    if (slash)
        slash[1] = 0;
    CABINET_INFO32 info = { guest_string(it, dir), guest_string(it, it->cab.next_cabinet),
                            guest_string(it, it->cab.next_disk), it->cab.header.setID,
                            it->cab.header.iCabinet };
    free(dir);
    gaddr g = take(it, sizeof info);
    if (!g || !info.CabinetPath || !info.CabinetFile || !info.DiskName || !gm_write(g, &info, sizeof info))
        return 0;
    return g;
}

/* Extracts file i to the name the callback put in info's FullTargetName,
 * then reports it: 0, or the error that ends the walk. */
static uint32_t extract(struct iterate *it, unsigned i, gaddr info, gaddr paths)
{
    uint32_t err = 0;
    gaddr target = info + offsetof(FILE_IN_CABINET_INFO_A32, FullTargetName);
    char *name = k32_path_arg(target, it->wide, &err);
    if (!name)
        return err;
    it->out = k32_create_file(name, GENERIC_WRITE, 0, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, &err);
    free(name);
    if (!it->out)
        return err;
    err = win32_error(cab_extract(&it->cab, i, write_target, it));
    nt_close(it->out);
    it->out = 0;
    /* FILEEXTRACTED also tells of a failed extraction before the walk ends */
    FILEPATHS32 fp = { target, it->cabinet, err, 0 };
    uint32_t ret = 0;
    if (!gm_write(paths, &fp, sizeof fp))
        return ERROR_NOACCESS;
    if (!notify(it, SPFILENOTIFY_FILEEXTRACTED, paths, 0, &ret))
        return ERROR_OPERATION_ABORTED;
    return err ? err : ret;
}

/* One file: FILEINCABINET and what the callback answers. */
static uint32_t one_file(struct iterate *it, unsigned i, gaddr info, gaddr paths)
{
    const struct cab_file *f = &it->cab.files[i];
    char *utf8 = file_name(f);
    gaddr name = utf8 ? guest_string(it, utf8) : 0;
    free(utf8);
    if (!name)
        return ERROR_NOT_ENOUGH_MEMORY;
    FILE_IN_CABINET_INFO_W32 fi = { name, f->size, 0, f->date, f->time, f->attribs, { 0 } };
    uint32_t size = it->wide ? sizeof(FILE_IN_CABINET_INFO_W32) : sizeof(FILE_IN_CABINET_INFO_A32);
    uint32_t op = 0, err = 0;
    if (!gm_write(info, &fi, size))
        err = ERROR_NOACCESS;
    else if (!notify(it, SPFILENOTIFY_FILEINCABINET, info, it->cabinet, &op))
        err = ERROR_OPERATION_ABORTED;
    else if (op == FILEOP_DOIT)
        err = extract(it, i, info, paths);
    else if (op != FILEOP_SKIP && !gm_read_u32(info + offsetof(FILE_IN_CABINET_INFO_A32, Win32Error), &err))
        err = ERROR_NOACCESS;
    give_back(it, name);
    return op == FILEOP_DOIT || op == FILEOP_SKIP ? err : (err ? err : ERROR_OPERATION_ABORTED);
}

static uint32_t walk(struct iterate *it, const char *path)
{
    uint32_t err = 0, ret = 0;
    char *full = fs_full_path(path, &err);
    if (!full)
        return err;
    gaddr cab_info = cabinet_info(it, full);
    free(full);
    gaddr info = take(it, sizeof(FILE_IN_CABINET_INFO_W32)), paths = take(it, sizeof(FILEPATHS32));
    if (!cab_info || !info || !paths)
        return ERROR_NOT_ENOUGH_MEMORY;
    if (!notify(it, SPFILENOTIFY_CABINETINFO, cab_info, 0, &ret))
        return ERROR_OPERATION_ABORTED;
    if (ret)
        return ret;
    for (unsigned i = 0; i < it->cab.header.cFiles; i++)
        if ((err = one_file(it, i, info, paths)) != 0)
            return err;
    return 0;
}

static uint64_t iterate_cabinet(struct thunk_call *c, gaddr cabinet, gaddr handler, gaddr context, bool wide)
{
    uint32_t err = 0;
    if (!cabinet)
        return fail(ERROR_INVALID_PARAMETER);
    char *path = k32_path_arg(cabinet, wide, &err);
    if (!path)
        return fail(err);
    if (!*path) { /* what Windows Vista and later answer for "" */
        free(path);
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    struct iterate it = { .c = c, .handler = handler, .context = context, .cabinet = cabinet, .wide = wide };
    it.h = k32_create_file(path, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, &err);
    if (!it.h) {
        free(path);
        return fail(err);
    }
    err = win32_error(cab_open(&it.cab, read_cabinet, &it));
    if (!err && !handler)
        err = ERROR_INVALID_DATA; /* Windows calls it anyway, and its fault ends the walk so */
    if (!err) {
        err = walk(&it, path);
        cab_close(&it.cab);
    }
    nt_close(it.h);
    free(path);
    for (unsigned i = 0; i < it.nblocks; i++)
        heap_free(proc->process_heap, it.blocks[i]);
    if (err)
        return fail(err);
    teb_set_last_error(0);
    return 1;
}

uint64_t setupapi_SetupIterateCabinetA(struct thunk_call *c)
{
    API_ARGS(setupapi, SetupIterateCabinetA, a);
    return iterate_cabinet(c, a.CabinetFile, a.MsgHandler, a.Context, false);
}

uint64_t setupapi_SetupIterateCabinetW(struct thunk_call *c)
{
    API_ARGS(setupapi, SetupIterateCabinetW, a);
    return iterate_cabinet(c, a.CabinetFile, a.MsgHandler, a.Context, true);
}
