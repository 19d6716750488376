/* SetupGetFileCompressionInfoEx: finds a source file as setup programs name
 * it (the name itself, else with its last character replaced by '_', then
 * by '$', the names compress.exe and cabinet tools give) and tells how it
 * is stored: compressed by compress.exe (SZDD, FILE_COMPRESSION_WINLZA), a
 * cabinet (MSZIP), or plain, with its size and the size it expands to. */
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/lz_szdd.h"
#include "syscalls/ntdll/nt_file.h"
#include "syscalls/ntdll/status.h"
#include "syscalls/ntdll/struct32.h"
#include "syscalls/setupapi/api_args.h"
#include "syscalls/cabinet/struct32.h"
#include "syscalls/win32_errors.h"

#define ERROR_READ_FAULT 30u

#define FILE_COMPRESSION_NONE 0u
#define FILE_COMPRESSION_WINLZA 1u
#define FILE_COMPRESSION_MSZIP 2u

struct source_info {
    uint32_t type, source_size, target_size;
};

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

static uint32_t open_read(const char *path)
{
    uint32_t err;
    return k32_create_file(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL, &err);
}

/* The size the first file of a cabinet expands to (its first CFFILE). */
static uint32_t cabinet_target_size(uint32_t h, const CAB_HEADER32 *cab)
{
    CAB_FILE32 file;
    uint32_t got = 0;
    int64_t off = cab->coffFiles;
    if (cab->cFiles == 0 || nt_read_file(h, &file, sizeof file, &off, &got) || got < sizeof file)
        return 0;
    return file.cbFile;
}

static bool examine(uint32_t h, struct source_info *info)
{
    FILE_STANDARD_INFORMATION32 std;
    uint8_t head[sizeof(CAB_HEADER32)];
    uint32_t got = 0;
    int64_t zero = 0;
    NTSTATUS st = nt_query_information_file(h, FileStandardInformation, &std, sizeof std, &got);
    if (st)
        return false;
    info->source_size = info->target_size = (uint32_t)std.EndOfFile;
    info->type = FILE_COMPRESSION_NONE;
    got = 0;
    st = nt_read_file(h, head, sizeof head, &zero, &got);
    if (st && st != STATUS_END_OF_FILE)
        return false;
    struct szdd_header szdd;
    if (szdd_parse_header(head, got, &szdd)) {
        info->type = FILE_COMPRESSION_WINLZA;
        info->target_size = szdd.size;
    } else if (got == sizeof head && !memcmp(head, CAB_SIGNATURE, 4)) {
        CAB_HEADER32 cab;
        memcpy(&cab, head, sizeof cab);
        info->type = FILE_COMPRESSION_MSZIP;
        info->target_size = cabinet_target_size(h, &cab);
    }
    return true;
}

/* The name as given, else its '_' and '$' forms: the one found (malloc'd,
 * *h open) or NULL. */
static char *find_source(const char *name, uint32_t *h)
{
    static const char last[] = { 0, '_', '$' };
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof last && n; i++) {
        char *try = strdup(name);
        if (!try)
            return NULL;
        if (last[i])
            try[n - 1] = last[i];
        if ((*h = open_read(try)) != 0)
            return try;
        free(try);
    }
    return NULL;
}

static uint64_t compression_info(gaddr source, gaddr actual, uint32_t actual_len, gaddr required,
                                 gaddr source_size, gaddr target_size, gaddr type, bool wide)
{
    uint32_t err = 0, h = 0;
    char *name = k32_path_arg(source, wide, &err);
    if (!name)
        return fail(source ? err : ERROR_INVALID_PARAMETER);
    char *found = find_source(name, &h);
    free(name);
    if (!found)
        return fail(ERROR_FILE_NOT_FOUND);
    struct source_info info;
    bool ok = examine(h, &info);
    nt_close(h);
    if (!ok) {
        free(found);
        return fail(ERROR_READ_FAULT);
    }
    uint32_t need = k32_put_string(found, 0, 0, wide); /* with the NUL */
    if (required && !gm_write_u32(required, need))
        err = ERROR_NOACCESS;
    else if (actual && actual_len < need)
        err = ERROR_INSUFFICIENT_BUFFER;
    else if (actual && k32_put_string(found, actual, actual_len, wide) >= actual_len)
        err = ERROR_NOACCESS;
    free(found);
    if (err)
        return fail(err);
    if ((source_size && !gm_write_u32(source_size, info.source_size)) ||
        (target_size && !gm_write_u32(target_size, info.target_size)) || (type && !gm_write_u32(type, info.type)))
        return fail(ERROR_NOACCESS);
    teb_set_last_error(0);
    return 1;
}

uint64_t setupapi_SetupGetFileCompressionInfoExA(struct thunk_call *c)
{
    API_ARGS(setupapi, SetupGetFileCompressionInfoExA, a);
    return compression_info(a.SourceFileName, a.ActualSourceFileNameBuffer, a.ActualSourceFileNameBufferLen,
                            a.RequiredBufferLen, a.SourceFileSize, a.TargetFileSize, a.CompressionType, false);
}

uint64_t setupapi_SetupGetFileCompressionInfoExW(struct thunk_call *c)
{
    API_ARGS(setupapi, SetupGetFileCompressionInfoExW, a);
    return compression_info(a.SourceFileName, a.ActualSourceFileNameBuffer, a.ActualSourceFileNameBufferLen,
                            a.RequiredBufferLen, a.SourceFileSize, a.TargetFileSize, a.CompressionType, true);
}
