/* The cabinet reader: parses CFHEADER, CFFOLDER and CFFILE through the
 * caller's read function, and expands a folder's CFDATA blocks in order,
 * stored or MSZIP (each block "CK" + a raw deflate stream whose window is
 * the folder's previous 32 KB: zlib's raw inflate with that as its
 * dictionary). */
#include "syscalls/cabinet/cab_reader.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define MSZIP_WINDOW 32768u
#define CAB_NAME_MAX 257u /* a name or a header string with its NUL */

struct cab_stream {
    unsigned folder;
    unsigned next_block;   /* blocks read so far */
    uint32_t next_off;     /* where the next CFDATA is */
    uint32_t pos;          /* the folder offset of out[out_pos] */
    uint32_t out_len, out_pos;
    uint32_t history_len;  /* MSZIP: how much of history is the window */
    z_stream zs;
    bool zs_ready;
    uint8_t in[65536], out[65536], history[MSZIP_WINDOW];
};

uint32_t cab_checksum(const uint8_t *data, uint32_t len, uint32_t seed)
{
    uint32_t sum = seed, n = len / 4;
    for (; n; n--, data += 4)
        sum ^= (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 | (uint32_t)data[3] << 24;
    /* the last 1-3 bytes count from the top down: 3 left is b0<<16|b1<<8|b2 */
    uint32_t tail = 0;
    for (uint32_t i = 0, left = len % 4; i < left; i++)
        tail |= (uint32_t)data[i] << (8 * (left - 1 - i));
    return sum ^ tail;
}

/* A NUL-terminated string at off (at most CAB_NAME_MAX with the NUL):
 * malloc'd, and *len its size with the NUL; NULL when it is cut off. */
static char *read_string(const struct cab *cab, uint32_t off, uint32_t *len)
{
    uint32_t room = cab->header.cbCabinet > off ? cab->header.cbCabinet - off : 0;
    if (room > CAB_NAME_MAX)
        room = CAB_NAME_MAX;
    char buf[CAB_NAME_MAX];
    if (!room || !cab->read(cab->ctx, off, buf, room))
        return NULL;
    char *nul = memchr(buf, 0, room);
    if (!nul)
        return NULL;
    *len = (uint32_t)(nul - buf) + 1;
    return strdup(buf);
}

enum cab_error cab_read_header(cab_read_fn read, void *ctx, CAB_HEADER32 *out)
{
    if (!read(ctx, 0, out, sizeof *out) || memcmp(out->signature, CAB_SIGNATURE, 4))
        return CAB_NOT_A_CABINET;
    if (out->versionMajor != 1)
        return CAB_UNKNOWN_VERSION;
    return CAB_OK;
}

/* The reserve sizes and the neighbour names: *off moves past them. */
static enum cab_error read_header_tail(struct cab *cab, uint32_t *off)
{
    if (cab->header.flags & CAB_FLAG_RESERVE_PRESENT) {
        CAB_RESERVE32 r;
        if (!cab->read(cab->ctx, *off, &r, sizeof r))
            return CAB_CORRUPT;
        cab->folder_reserve = r.cbCFFolder;
        cab->data_reserve = r.cbCFData;
        *off += sizeof r + r.cbCFHeader;
    }
    char **names[4] = { &cab->prev_cabinet, &cab->prev_disk, &cab->next_cabinet, &cab->next_disk };
    for (unsigned i = 0; i < 4; i++) {
        uint16_t flag = i < 2 ? CAB_FLAG_PREV_CABINET : CAB_FLAG_NEXT_CABINET;
        uint32_t len = 0;
        *names[i] = cab->header.flags & flag ? read_string(cab, *off, &len) : strdup("");
        if (!*names[i])
            return CAB_CORRUPT;
        *off += len;
    }
    return CAB_OK;
}

static enum cab_error read_folders(struct cab *cab, uint32_t off)
{
    cab->folders = calloc(cab->header.cFolders ? cab->header.cFolders : 1, sizeof *cab->folders);
    if (!cab->folders)
        return CAB_NO_MEMORY;
    for (unsigned i = 0; i < cab->header.cFolders; i++, off += sizeof(CAB_FOLDER32) + cab->folder_reserve) {
        CAB_FOLDER32 f;
        if (!cab->read(cab->ctx, off, &f, sizeof f))
            return CAB_CORRUPT;
        cab->folders[i] = (struct cab_folder){ f.coffCabStart, f.cCFData, f.typeCompress };
    }
    return CAB_OK;
}

static enum cab_error read_files(struct cab *cab)
{
    cab->files = calloc(cab->header.cFiles ? cab->header.cFiles : 1, sizeof *cab->files);
    if (!cab->files)
        return CAB_NO_MEMORY;
    uint32_t off = cab->header.coffFiles;
    for (unsigned i = 0; i < cab->header.cFiles; i++) {
        CAB_FILE32 f;
        uint32_t len = 0;
        if (!cab->read(cab->ctx, off, &f, sizeof f))
            return CAB_CORRUPT;
        char *name = read_string(cab, off + sizeof f, &len);
        if (!name)
            return CAB_CORRUPT;
        cab->files[i] = (struct cab_file){ name, f.cbFile, f.uoffFolderStart, f.iFolder, f.date, f.time, f.attribs };
        off += sizeof f + len;
    }
    return CAB_OK;
}

enum cab_error cab_open(struct cab *cab, cab_read_fn read, void *ctx)
{
    memset(cab, 0, sizeof *cab);
    cab->read = read;
    cab->ctx = ctx;
    enum cab_error e = cab_read_header(read, ctx, &cab->header);
    if (e)
        return e;
    uint32_t off = sizeof(CAB_HEADER32);
    e = read_header_tail(cab, &off);
    if (!e)
        e = read_folders(cab, off);
    if (!e)
        e = read_files(cab);
    if (e)
        cab_close(cab);
    return e;
}

void cab_close(struct cab *cab)
{
    if (cab->files)
        for (unsigned i = 0; i < cab->header.cFiles; i++)
            free(cab->files[i].name);
    free(cab->files);
    free(cab->folders);
    free(cab->prev_cabinet);
    free(cab->prev_disk);
    free(cab->next_cabinet);
    free(cab->next_disk);
    if (cab->stream && cab->stream->zs_ready)
        inflateEnd(&cab->stream->zs);
    free(cab->stream);
    memset(cab, 0, sizeof *cab);
}

/* Back to the start of folder f. */
static enum cab_error stream_restart(struct cab *cab, unsigned f)
{
    struct cab_stream *s = cab->stream;
    if (!s) {
        s = cab->stream = calloc(1, sizeof *s);
        if (!s)
            return CAB_NO_MEMORY;
    }
    unsigned type = cab->folders[f].type & CAB_COMPRESS_MASK;
    if (type != CAB_COMPRESS_NONE && type != CAB_COMPRESS_MSZIP)
        return CAB_BAD_COMPRESSION;
    if (type == CAB_COMPRESS_MSZIP && !s->zs_ready) {
        if (inflateInit2(&s->zs, -MAX_WBITS) != Z_OK)
            return CAB_NO_MEMORY;
        s->zs_ready = true;
    }
    s->folder = f;
    s->next_block = 0;
    s->next_off = cab->folders[f].first_block;
    s->pos = s->out_len = s->out_pos = s->history_len = 0;
    return CAB_OK;
}

/* The window the next MSZIP block starts with: the last 32 KB expanded. */
static void keep_history(struct cab_stream *s)
{
    uint32_t n = s->out_len;
    if (n >= MSZIP_WINDOW) {
        memcpy(s->history, s->out + n - MSZIP_WINDOW, MSZIP_WINDOW);
        s->history_len = MSZIP_WINDOW;
        return;
    }
    uint32_t keep = s->history_len + n > MSZIP_WINDOW ? MSZIP_WINDOW - n : s->history_len;
    memmove(s->history, s->history + s->history_len - keep, keep);
    memcpy(s->history + keep, s->out, n);
    s->history_len = keep + n;
}

static enum cab_error inflate_block(struct cab_stream *s, uint32_t in_len, uint32_t out_len)
{
    if (in_len < 2 || s->in[0] != 'C' || s->in[1] != 'K')
        return CAB_DECOMPRESS_FAILED;
    if (inflateReset(&s->zs) != Z_OK ||
        (s->history_len && inflateSetDictionary(&s->zs, s->history, s->history_len) != Z_OK))
        return CAB_DECOMPRESS_FAILED;
    s->zs.next_in = s->in + 2;
    s->zs.avail_in = in_len - 2;
    s->zs.next_out = s->out;
    s->zs.avail_out = out_len;
    int r = inflate(&s->zs, Z_FINISH);
    if (r != Z_STREAM_END || s->zs.avail_out)
        return CAB_DECOMPRESS_FAILED;
    return CAB_OK;
}

/* Reads and expands the folder's next data block into out. */
static enum cab_error next_block(struct cab *cab)
{
    struct cab_stream *s = cab->stream;
    const struct cab_folder *f = &cab->folders[s->folder];
    if (s->next_block >= f->blocks)
        return CAB_CORRUPT; /* a file runs past its folder's data */
    CAB_DATA32 d;
    if (!cab->read(cab->ctx, s->next_off, &d, sizeof d))
        return CAB_CORRUPT;
    uint32_t at = s->next_off + sizeof d + cab->data_reserve;
    if (!d.cbData || !d.cbUncomp || !cab->read(cab->ctx, at, s->in, d.cbData))
        return CAB_CORRUPT;
    if (d.csum) {
        uint8_t sizes[4] = { (uint8_t)d.cbData, (uint8_t)(d.cbData >> 8), (uint8_t)d.cbUncomp,
                             (uint8_t)(d.cbUncomp >> 8) };
        if (cab_checksum(sizes, 4, cab_checksum(s->in, d.cbData, 0)) != d.csum)
            return CAB_CORRUPT;
    }
    enum cab_error e = CAB_OK;
    if ((f->type & CAB_COMPRESS_MASK) == CAB_COMPRESS_NONE) {
        if (d.cbData != d.cbUncomp)
            return CAB_CORRUPT;
        memcpy(s->out, s->in, d.cbData);
    } else if ((e = inflate_block(s, d.cbData, d.cbUncomp)) != CAB_OK) {
        return e;
    }
    s->pos += s->out_len; /* the previous block is behind us now */
    s->out_len = d.cbUncomp;
    s->out_pos = 0;
    if ((f->type & CAB_COMPRESS_MASK) == CAB_COMPRESS_MSZIP)
        keep_history(s);
    s->next_block++;
    s->next_off = at + d.cbData;
    return CAB_OK;
}

enum cab_error cab_extract(struct cab *cab, unsigned i, cab_sink_fn sink, void *sink_ctx)
{
    const struct cab_file *file = &cab->files[i];
    if (file->folder >= cab->header.cFolders)
        return CAB_CORRUPT; /* a span into another cabinet: sets are not read */
    struct cab_stream *s = cab->stream;
    enum cab_error e;
    if (!s || s->folder != file->folder || s->pos + s->out_pos > file->offset) {
        if ((e = stream_restart(cab, file->folder)) != CAB_OK)
            return e;
        s = cab->stream;
    }
    uint32_t left = file->size;
    while (left) {
        if (s->out_pos == s->out_len && (e = next_block(cab)) != CAB_OK)
            return e;
        uint32_t here = s->pos + s->out_pos, avail = s->out_len - s->out_pos, take;
        if (here < file->offset) {
            take = file->offset - here < avail ? file->offset - here : avail;
        } else {
            take = left < avail ? left : avail;
            if (!sink(sink_ctx, s->out + s->out_pos, take))
                return CAB_TARGET_FAILED;
            left -= take;
        }
        s->out_pos += take;
    }
    return CAB_OK;
}
