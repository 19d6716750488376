/* file_io: n 64-byte writes, one WriteFile/write call each, then n 64-byte
 * reads checked against what was written, then the file is deleted.
 * usage: file_io [n] [path]   (records, default 200000; path file_io.tmp) */
#include <stdio.h>
#include <stdlib.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <unistd.h>
#endif

#include "bench.h"

#define RECORD 64

#ifdef _WIN32
typedef HANDLE file_t;
#define NO_FILE INVALID_HANDLE_VALUE

static file_t open_file(const char *path, int create)
{
    return CreateFileA(path, create ? GENERIC_WRITE : GENERIC_READ, 0, NULL,
                       create ? CREATE_ALWAYS : OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
}

static int write_record(file_t f, const void *p)
{
    DWORD done = 0;
    return WriteFile(f, p, RECORD, &done, NULL) && done == RECORD;
}

static int read_record(file_t f, void *p)
{
    DWORD done = 0;
    return ReadFile(f, p, RECORD, &done, NULL) && done == RECORD;
}

static void close_file(file_t f) { CloseHandle(f); }
static int delete_file(const char *path) { return DeleteFileA(path) != 0; }
#else
typedef int file_t;
#define NO_FILE (-1)

static file_t open_file(const char *path, int create)
{
    return create ? open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644) : open(path, O_RDONLY);
}

static int write_record(file_t f, const void *p) { return write(f, p, RECORD) == RECORD; }
static int read_record(file_t f, void *p) { return read(f, p, RECORD) == RECORD; }
static void close_file(file_t f) { close(f); }
static int delete_file(const char *path) { return unlink(path) == 0; }
#endif

static void fill_record(uint32_t i, unsigned char *rec)
{
    uint32_t x = bench_mix(i + 1);
    for (int k = 0; k < RECORD; k++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        rec[k] = (unsigned char)x;
    }
}

int main(int argc, char **argv)
{
    uint32_t n = bench_arg(argc, argv, 1, 200000);
    const char *path = argc > 2 ? argv[2] : "file_io.tmp";
    unsigned char rec[RECORD], want[RECORD];
    uint32_t sum = 0;

    file_t f = open_file(path, 1);
    if (f == NO_FILE)
        return printf("file_io: cannot create %s\n", path), 1;
    for (uint32_t i = 0; i < n; i++) {
        fill_record(i, rec);
        if (!write_record(f, rec))
            return printf("file_io: write %u failed\n", i), 1;
    }
    close_file(f);

    if ((f = open_file(path, 0)) == NO_FILE)
        return printf("file_io: cannot open %s\n", path), 1;
    for (uint32_t i = 0; i < n; i++) {
        if (!read_record(f, rec))
            return printf("file_io: read %u failed\n", i), 1;
        fill_record(i, want);
        for (int k = 0; k < RECORD; k++) {
            if (rec[k] != want[k])
                return printf("file_io: record %u differs\n", i), 1;
            sum = sum * 31 + rec[k];
        }
    }
    close_file(f);
    if (!delete_file(path))
        return printf("file_io: cannot delete %s\n", path), 1;

    printf("file_io records=%u bytes=%u checksum=%08x\n", n, n * RECORD, sum);
    return 0;
}
