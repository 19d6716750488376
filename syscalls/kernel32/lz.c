/* The LZ functions (lz32.dll's, which kernel32 exports): a file compressed
 * by compress.exe (SZDD, syscalls/kernel32/lz_szdd.h) opened through them
 * reads as its expanded contents; any other file reads as it is. LZInit
 * decodes a compressed file whole into host memory and hands out one of 16
 * LZ handles, 0x400 to 0x40F, as Windows numbers them; every function also
 * takes a plain file handle (an HFILE) and then works on the file itself. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/lz_szdd.h"
#include "syscalls/kernel32/openfile.h"
#include "syscalls/ntdll/nt_file.h"
#include "syscalls/ntdll/status.h"
#include "syscalls/ntdll/struct32.h"
#include "syscalls/win32_errors.h"

/* lzexpand.h's results */
#define LZERROR_BADINHANDLE (-1)
#define LZERROR_BADOUTHANDLE (-2)
#define LZERROR_READ (-3)
#define LZERROR_WRITE (-4)
#define LZERROR_GLOBALLOC (-5)
#define LZERROR_BADVALUE (-7)
#define LZERROR_UNKNOWNALG (-8)

#define LZ_FIRST_HANDLE 0x400u
#define LZ_MAX_STATES 16u
#define LZ_MAX_EXPANDED (256u << 20) /* larger files are refused (LZERROR_GLOBALLOC) */
#define OF_ACCESS_MASK 0x0003u
#define OF_NO_LZINIT 0x5300u /* OF_EXIST, OF_DELETE, OF_PARSE, OF_CREATE: nothing to expand */
#define COPY_CHUNK 65536u
#define NAME_BUFFER 260u   /* GetExpandedName's buffer is MAX_PATH long */

static uint64_t lz_result(int32_t v) { return (uint32_t)v; }

struct lz_state {
    bool used;
    uint32_t file; /* the compressed file's handle, closed by LZClose */
    uint8_t *data; /* the expanded contents */
    uint32_t size, pos;
};

static struct lz_state states[LZ_MAX_STATES];
static pthread_mutex_t states_lock = PTHREAD_MUTEX_INITIALIZER;

static struct lz_state *lz_state_of(int32_t h)
{
    uint32_t i = (uint32_t)h - LZ_FIRST_HANDLE;
    return i < LZ_MAX_STATES && states[i].used ? &states[i] : NULL;
}

static bool read_at(uint32_t h, uint64_t offset, void *buf, uint32_t n, uint32_t *done)
{
    int64_t off = (int64_t)offset;
    NTSTATUS st = nt_read_file(h, buf, n, &off, done);
    return !st || st == STATUS_END_OF_FILE;
}

static bool file_size(uint32_t h, uint64_t *size)
{
    FILE_STANDARD_INFORMATION32 std;
    uint32_t got;
    if (nt_query_information_file(h, FileStandardInformation, &std, sizeof std, &got))
        return false;
    *size = (uint64_t)std.EndOfFile;
    return true;
}

/* Decodes an SZDD file whose header is hd into a new buffer; 0 or an
 * LZERROR. */
static int32_t expand_file(uint32_t h, const struct szdd_header *hd, uint8_t **out, uint32_t *out_size)
{
    uint64_t size;
    if (hd->mode != SZDD_MODE_LZSS)
        return LZERROR_UNKNOWNALG;
    if (hd->size > LZ_MAX_EXPANDED)
        return LZERROR_GLOBALLOC;
    if (!file_size(h, &size) || size < SZDD_HEADER_SIZE)
        return LZERROR_READ;
    if (size - SZDD_HEADER_SIZE > 2ull * LZ_MAX_EXPANDED)
        return LZERROR_GLOBALLOC;
    uint32_t in_len = (uint32_t)(size - SZDD_HEADER_SIZE), got = 0;
    uint8_t *in = malloc(in_len ? in_len : 1), *data = malloc(hd->size ? hd->size : 1);
    if (!in || !data) {
        free(in), free(data);
        return LZERROR_GLOBALLOC;
    }
    if (!read_at(h, SZDD_HEADER_SIZE, in, in_len, &got)) {
        free(in), free(data);
        return LZERROR_READ;
    }
    /* a stream that ends early gives what it holds, as reading it would */
    *out_size = (uint32_t)szdd_decode(in, got, data, hd->size);
    free(in);
    *out = data;
    return 0;
}

/* Whether h's file is compressed: 1 with the header, 0 if not, or an LZERROR. */
static int32_t probe(uint32_t h, struct szdd_header *hd)
{
    uint8_t head[SZDD_HEADER_SIZE];
    uint32_t got = 0;
    if (!kernel32_io_handle(h))
        return LZERROR_BADINHANDLE;
    if (!read_at(h, 0, head, sizeof head, &got))
        return LZERROR_READ;
    return szdd_parse_header(head, got, hd) ? 1 : 0;
}

/* LZInit: an LZ handle for a compressed file, the file's own handle
 * (rewound) for any other, or an LZERROR. */
static int32_t lz_init(uint32_t h)
{
    struct szdd_header hd;
    int32_t r = probe(h, &hd);
    if (r < 0)
        return r;
    if (r == 0) {
        int64_t pos;
        k32_set_file_pointer(h, 0, 0 /* FILE_BEGIN */, &pos);
        return (int32_t)h;
    }
    uint8_t *data;
    uint32_t size;
    if ((r = expand_file(h, &hd, &data, &size)) < 0)
        return r;
    pthread_mutex_lock(&states_lock);
    for (uint32_t i = 0; i < LZ_MAX_STATES; i++) {
        if (states[i].used)
            continue;
        states[i] = (struct lz_state){ true, h, data, size, 0 };
        pthread_mutex_unlock(&states_lock);
        return (int32_t)(LZ_FIRST_HANDLE + i);
    }
    pthread_mutex_unlock(&states_lock);
    free(data);
    return LZERROR_GLOBALLOC;
}

static void lz_release(struct lz_state *s, bool close_file)
{
    pthread_mutex_lock(&states_lock);
    if (close_file)
        nt_close(s->file);
    free(s->data);
    *s = (struct lz_state){ 0 };
    pthread_mutex_unlock(&states_lock);
}

uint64_t kernel32_LZStart(struct thunk_call *c) { (void)c; return 1; }
uint64_t kernel32_LZDone(struct thunk_call *c) { (void)c; return 0; }

uint64_t kernel32_LZInit(struct thunk_call *c)
{
    API_ARGS(kernel32, LZInit, a);
    if (lz_state_of(a.hfSource))
        return lz_result(LZERROR_BADINHANDLE);
    return lz_result(lz_init((uint32_t)a.hfSource));
}

/* LZOpenFile: OpenFile, then LZInit when the file was opened for reading. */
static uint64_t lz_open(gaddr name, gaddr of, uint32_t style, bool wide)
{
    uint32_t err = 0;
    char *path = k32_open_file_name(name, of, style, wide, &err);
    if (!path) {
        teb_set_last_error(err);
        return lz_result(LZERROR_BADINHANDLE);
    }
    uint32_t h = k32_open_file(path, of, style);
    free(path);
    if (h == 0xFFFFFFFFu)
        return lz_result(LZERROR_BADINHANDLE);
    if ((style & OF_ACCESS_MASK) || (style & OF_NO_LZINIT))
        return h;
    int32_t r = lz_init(h);
    if (r < 0)
        nt_close(h);
    return lz_result(r);
}

uint64_t kernel32_LZOpenFileA(struct thunk_call *c) { API_ARGS(kernel32, LZOpenFileA, a); return lz_open(a.lpFileName, a.lpReOpenBuf, a.wStyle, false); }
uint64_t kernel32_LZOpenFileW(struct thunk_call *c) { API_ARGS(kernel32, LZOpenFileW, a); return lz_open(a.lpFileName, a.lpReOpenBuf, a.wStyle, true); }

uint64_t kernel32_LZRead(struct thunk_call *c)
{
    API_ARGS(kernel32, LZRead, a);
    if ((int32_t)a.cbRead < 0)
        return lz_result(LZERROR_BADVALUE);
    uint32_t n = (uint32_t)a.cbRead, done = 0;
    struct lz_state *s = lz_state_of(a.hFile);
    if (!s) {
        if (!kernel32_io_handle((uint32_t)a.hFile))
            return lz_result(LZERROR_BADINHANDLE);
        if (n && !gm_ptr(a.lpBuffer, n, true))
            return lz_result(LZERROR_READ);
        NTSTATUS st = nt_read_file_guest((uint32_t)a.hFile, a.lpBuffer, n, NULL, &done);
        return st && st != STATUS_END_OF_FILE ? lz_result(LZERROR_READ) : done;
    }
    if (n > s->size - s->pos)
        n = s->size - s->pos;
    if (n && !gm_write(a.lpBuffer, s->data + s->pos, n))
        return lz_result(LZERROR_READ);
    s->pos += n;
    return n;
}

uint64_t kernel32_LZSeek(struct thunk_call *c)
{
    API_ARGS(kernel32, LZSeek, a);
    struct lz_state *s = lz_state_of(a.hFile);
    int32_t offset = (int32_t)a.lOffset;
    if (a.iOrigin > 2)
        return lz_result(LZERROR_BADVALUE);
    if (!s) {
        int64_t pos;
        uint32_t err = k32_set_file_pointer(a.hFile, offset, a.iOrigin, &pos);
        if (err)
            return lz_result(err == ERROR_INVALID_HANDLE ? LZERROR_BADINHANDLE : LZERROR_BADVALUE);
        return (uint32_t)pos;
    }
    int64_t base = a.iOrigin == 0 ? 0 : a.iOrigin == 1 ? s->pos : s->size;
    int64_t pos = base + offset;
    if (pos < 0 || pos > s->size)
        return lz_result(LZERROR_BADVALUE);
    s->pos = (uint32_t)pos;
    return (uint32_t)pos;
}

static int32_t write_all(uint32_t dst, const uint8_t *p, uint32_t n)
{
    while (n) {
        uint32_t done = 0;
        if (nt_write_file(dst, p, n, NULL, &done) || !done)
            return LZERROR_WRITE;
        p += done, n -= done;
    }
    return 0;
}

/* A plain file, from its file pointer on: the bytes copied or an LZERROR. */
static int32_t copy_plain(uint32_t src, uint32_t dst)
{
    uint8_t *buf = malloc(COPY_CHUNK);
    int64_t total = 0;
    if (!buf)
        return LZERROR_GLOBALLOC;
    for (;;) {
        uint32_t got = 0;
        NTSTATUS st = nt_read_file(src, buf, COPY_CHUNK, NULL, &got);
        if (st == STATUS_END_OF_FILE || (!st && !got))
            break;
        if (st) {
            total = LZERROR_READ;
            break;
        }
        if (write_all(dst, buf, got) < 0) {
            total = LZERROR_WRITE;
            break;
        }
        total += got;
    }
    free(buf);
    return total > 0x7FFFFFFF ? 0x7FFFFFFF : (int32_t)total;
}

/* LZCopy: the expanded contents of a compressed source (an LZ handle, or a
 * plain handle whose file is compressed), else the file as it is. */
static int32_t lz_copy(int32_t src, int32_t dst)
{
    if (!kernel32_io_handle((uint32_t)dst))
        return LZERROR_BADOUTHANDLE;
    struct lz_state *s = lz_state_of(src);
    bool temporary = false;
    if (!s) {
        int32_t h = lz_init((uint32_t)src);
        if (h < 0)
            return h;
        if ((uint32_t)h == (uint32_t)src)
            return copy_plain((uint32_t)src, (uint32_t)dst);
        s = lz_state_of(h);
        temporary = true;
    }
    uint32_t n = s->size - s->pos;
    int32_t r = write_all((uint32_t)dst, s->data + s->pos, n);
    s->pos = s->size;
    if (temporary)
        lz_release(s, false); /* the caller's handle stays open */
    return r < 0 ? r : (int32_t)n;
}

uint64_t kernel32_LZCopy(struct thunk_call *c) { API_ARGS(kernel32, LZCopy, a); return lz_result(lz_copy(a.hfSource, a.hfDest)); }
uint64_t kernel32_CopyLZFile(struct thunk_call *c) { API_ARGS(kernel32, CopyLZFile, a); return lz_result(lz_copy(a.hfSource, a.hfDest)); }

uint64_t kernel32_LZClose(struct thunk_call *c)
{
    API_ARGS(kernel32, LZClose, a);
    struct lz_state *s = lz_state_of(a.hFile);
    if (s)
        lz_release(s, true);
    else
        nt_close((uint32_t)a.hFile);
    return 0;
}

/* GetExpandedName: the original name of a compressed file (the last
 * character its header keeps in place of the final '_'), or the name as
 * it is for any other file; 1 or an LZERROR. */
static uint64_t expanded_name(gaddr source, gaddr buffer, bool wide)
{
    uint32_t err = 0;
    char *path = k32_path_arg(source, wide, &err);
    if (!path)
        return lz_result(LZERROR_BADINHANDLE);
    uint32_t h = k32_create_file(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING,
                                 FILE_ATTRIBUTE_NORMAL, &err);
    if (!h) {
        free(path);
        return lz_result(LZERROR_BADINHANDLE);
    }
    struct szdd_header hd;
    int32_t r = probe(h, &hd);
    nt_close(h);
    if (r == 1)
        szdd_expanded_name(path, hd.last_char);
    uint32_t n = r < 0 ? 0 : k32_put_string(path, buffer, NAME_BUFFER, wide);
    free(path);
    if (r < 0)
        return lz_result(r);
    return n && n < NAME_BUFFER ? 1 : lz_result(LZERROR_BADVALUE);
}

uint64_t kernel32_GetExpandedNameA(struct thunk_call *c) { API_ARGS(kernel32, GetExpandedNameA, a); return expanded_name(a.lpszSource, a.lpszBuffer, false); }
uint64_t kernel32_GetExpandedNameW(struct thunk_call *c) { API_ARGS(kernel32, GetExpandedNameW, a); return expanded_name(a.lpszSource, a.lpszBuffer, true); }
