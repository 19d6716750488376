/* GetFileVersionInfo(Size): the VS_VERSIONINFO resource (RT_VERSION) of a
 * PE file, found by reading the headers, the section table and the
 * resource directory from the file through the NT file layer (the image
 * is not loaded). The size Windows reports for a 32-bit block is twice the
 * resource plus 4: GetFileVersionInfo puts "FE2X" after the block, and
 * VerQueryValueA its ANSI copies in the room after that. */
#include <stdlib.h>
#include <string.h>

#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/ntdll/nt_file.h"
#include "syscalls/version/api_args.h"
#include "syscalls/win32_errors.h"

#define ERROR_RESOURCE_DATA_NOT_FOUND 1812u
#define ERROR_RESOURCE_TYPE_NOT_FOUND 1813u
#define GENERIC_READ     0x80000000u
#define SHARE_READ_WRITE 0x3u
#define OPEN_EXISTING    3u
#define RT_VERSION       16u
#define RESOURCE_MAX     (64u << 20)
#define MAX_SECTIONS     96u

struct pe_file {
    uint32_t h;
    uint32_t nsections;
    uint8_t sections[MAX_SECTIONS * 40]; /* IMAGE_SECTION_HEADERs */
};

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

static bool read_at(uint32_t h, uint32_t off, void *buf, uint32_t len)
{
    int64_t at = off;
    uint32_t done = 0;
    return nt_read_file(h, buf, len, &at, &done) == STATUS_SUCCESS && done == len;
}

static uint32_t u32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t u16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

/* The file offset of rva, or false outside every section's raw data. */
static bool rva_to_offset(const struct pe_file *pe, uint32_t rva, uint32_t len, uint32_t *off)
{
    for (uint32_t i = 0; i < pe->nsections; i++) {
        const uint8_t *s = pe->sections + 40 * i;
        uint32_t va = u32(s + 12), raw = u32(s + 16), ptr = u32(s + 20);
        if (rva >= va && (uint64_t)rva + len <= (uint64_t)va + raw) {
            *off = ptr + (rva - va);
            return true;
        }
    }
    return false;
}

/* The resource directory's RVA and size; 0 when the file is no PE or has none. */
static uint32_t headers(struct pe_file *pe, uint32_t *rva, uint32_t *size)
{
    uint8_t dos[64], nt[24 + 240];
    if (!read_at(pe->h, 0, dos, sizeof dos) || u16(dos) != 0x5A4D)
        return ERROR_RESOURCE_DATA_NOT_FOUND;
    uint32_t e_lfanew = u32(dos + 60);
    if (!read_at(pe->h, e_lfanew, nt, 24) || u32(nt) != 0x00004550)
        return ERROR_RESOURCE_DATA_NOT_FOUND;
    uint32_t nsections = u16(nt + 6), opt_size = u16(nt + 20);
    if (opt_size > 240 || nsections > MAX_SECTIONS || !read_at(pe->h, e_lfanew + 24, nt + 24, opt_size))
        return ERROR_RESOURCE_DATA_NOT_FOUND;
    const uint8_t *opt = nt + 24;
    uint32_t dirs_at = u16(opt) == 0x20B ? 112 : 96; /* PE32+ : PE32 */
    uint32_t ndirs = opt_size >= dirs_at ? u32(opt + dirs_at - 4) : 0;
    if (ndirs < 3 || opt_size < dirs_at + 24)
        return ERROR_RESOURCE_DATA_NOT_FOUND;
    *rva = u32(opt + dirs_at + 16);
    *size = u32(opt + dirs_at + 20);
    pe->nsections = nsections;
    if (!read_at(pe->h, e_lfanew + 24 + opt_size, pe->sections, 40 * nsections))
        return ERROR_RESOURCE_DATA_NOT_FOUND;
    return *rva && *size ? 0 : ERROR_RESOURCE_DATA_NOT_FOUND;
}

/* The first entry of the directory at dir (by id when id != 0), as the
 * offset its OffsetToData holds (subdirectory flag kept). */
static bool dir_entry(const uint8_t *res, uint32_t size, uint32_t dir, uint32_t id, uint32_t *out)
{
    if ((uint64_t)dir + 16 > size)
        return false;
    uint32_t named = u16(res + dir + 12), ids = u16(res + dir + 14);
    for (uint32_t i = 0; i < named + ids; i++) {
        uint32_t e = dir + 16 + 8 * i;
        if ((uint64_t)e + 8 > size)
            return false;
        if (id && (i < named || u32(res + e) != id))
            continue;
        *out = u32(res + e + 4);
        return true;
    }
    return false;
}

/* The VS_VERSIONINFO bytes (malloc'd), or 0 with the error. */
static uint32_t version_resource(const char *win, uint8_t **out, uint32_t *out_size)
{
    struct pe_file pe = { 0 };
    uint32_t err = 0;
    pe.h = k32_create_file(win, GENERIC_READ, SHARE_READ_WRITE, OPEN_EXISTING, 0, &err);
    if (!pe.h)
        return err ? err : ERROR_FILE_NOT_FOUND;
    uint32_t rva = 0, size = 0, off = 0, type = 0, name = 0, lang = 0;
    uint8_t *res = NULL;
    err = headers(&pe, &rva, &size);
    if (!err && (size > RESOURCE_MAX || !rva_to_offset(&pe, rva, size, &off) || !(res = malloc(size)) ||
                 !read_at(pe.h, off, res, size)))
        err = ERROR_RESOURCE_DATA_NOT_FOUND;
    if (!err && !dir_entry(res, size, 0, RT_VERSION, &type))
        err = ERROR_RESOURCE_TYPE_NOT_FOUND;
    /* the first name (VS_VERSION_INFO is 1) and its first language */
    if (!err && (!(type & 0x80000000u) || !dir_entry(res, size, type & 0x7FFFFFFFu, 0, &name) ||
                 !(name & 0x80000000u) || !dir_entry(res, size, name & 0x7FFFFFFFu, 0, &lang) || (lang & 0x80000000u) ||
                 (uint64_t)lang + 16 > size))
        err = ERROR_RESOURCE_TYPE_NOT_FOUND;
    uint32_t data_rva = err ? 0 : u32(res + lang), data_size = err ? 0 : u32(res + lang + 4), data_off = 0;
    *out = NULL;
    if (!err && (data_size < 6 || data_size > RESOURCE_MAX || !rva_to_offset(&pe, data_rva, data_size, &data_off) ||
                 !(*out = malloc(data_size)) || !read_at(pe.h, data_off, *out, data_size)))
        err = ERROR_RESOURCE_DATA_NOT_FOUND;
    free(res);
    nt_close(pe.h);
    if (err) {
        free(*out);
        *out = NULL;
        return err;
    }
    /* the block's own length: the resource may be padded beyond it */
    uint32_t len = u16(*out);
    *out_size = len >= 6 && len <= data_size ? len : data_size;
    return 0;
}

static char *file_arg(gaddr p, bool wide, uint32_t *err)
{
    return k32_path_arg(p, wide, err);
}

static uint64_t info_size(gaddr file_p, gaddr handle, bool wide)
{
    uint32_t err = 0, size = 0;
    uint8_t *block = NULL;
    char *file = file_arg(file_p, wide, &err);
    if (file)
        err = version_resource(file, &block, &size);
    free(file);
    free(block);
    if (handle && !gm_write_u32(handle, 0))
        return fail(ERROR_NOACCESS);
    return err ? fail(err) : size * 2u + 4u;
}

uint64_t version_GetFileVersionInfoSizeA(struct thunk_call *c)
{
    API_ARGS(version, GetFileVersionInfoSizeA, a);
    return info_size(a.lptstrFilename, a.lpdwHandle, false);
}
uint64_t version_GetFileVersionInfoSizeW(struct thunk_call *c)
{
    API_ARGS(version, GetFileVersionInfoSizeW, a);
    return info_size(a.lptstrFilename, a.lpdwHandle, true);
}
/* The flags choose MUI variants; a file here is its own and only one. */
uint64_t version_GetFileVersionInfoSizeExA(struct thunk_call *c)
{
    API_ARGS(version, GetFileVersionInfoSizeExA, a);
    return info_size(a.lpwstrFilename, a.lpdwHandle, false);
}
uint64_t version_GetFileVersionInfoSizeExW(struct thunk_call *c)
{
    API_ARGS(version, GetFileVersionInfoSizeExW, a);
    return info_size(a.lpwstrFilename, a.lpdwHandle, true);
}

/* The block, cut to len; "FE2X" after it when there is room. */
static uint64_t info(gaddr file_p, uint32_t len, gaddr data, bool wide)
{
    uint32_t err = 0, size = 0;
    uint8_t *block = NULL;
    char *file = file_arg(file_p, wide, &err);
    if (file)
        err = version_resource(file, &block, &size);
    free(file);
    if (!err && !data)
        err = ERROR_INVALID_DATA;
    if (!err && (!gm_write(data, block, len < size ? len : size) ||
                 (len >= size + 4 && !gm_write(data + size, "FE2X", 4))))
        err = ERROR_NOACCESS;
    free(block);
    return err ? fail(err) : 1;
}

uint64_t version_GetFileVersionInfoA(struct thunk_call *c)
{
    API_ARGS(version, GetFileVersionInfoA, a);
    return info(a.lptstrFilename, a.dwLen, a.lpData, false);
}
uint64_t version_GetFileVersionInfoW(struct thunk_call *c)
{
    API_ARGS(version, GetFileVersionInfoW, a);
    return info(a.lptstrFilename, a.dwLen, a.lpData, true);
}
uint64_t version_GetFileVersionInfoExA(struct thunk_call *c)
{
    API_ARGS(version, GetFileVersionInfoExA, a);
    return info(a.lpwstrFilename, a.dwLen, a.lpData, false);
}
uint64_t version_GetFileVersionInfoExW(struct thunk_call *c)
{
    API_ARGS(version, GetFileVersionInfoExW, a);
    return info(a.lpwstrFilename, a.dwLen, a.lpData, true);
}
