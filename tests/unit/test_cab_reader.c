/* Unit tests for the cabinet reader (syscalls/cabinet/cab_reader.c) on
 * cabinets built here in memory: the paths the sample programs' cabinets
 * do not take (reserve areas in the header, folders and data blocks; the
 * names of the previous and next cabinet of a set; files read out of
 * order; a file spanning two stored blocks), the checksum on a known
 * block, and the failures: not a cabinet, another version, Quantum/LZX,
 * cut short, a file past its folder's data, a span into another cabinet. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "syscalls/cabinet/cab_reader.h"

struct buf {
    uint8_t b[4096];
    uint32_t n;
};

static void put(struct buf *o, const void *p, uint32_t n)
{
    memcpy(o->b + o->n, p, n);
    o->n += n;
}
static void put16(struct buf *o, uint16_t v) { put(o, &v, 2); }
static void put32(struct buf *o, uint32_t v) { put(o, &v, 4); }

static bool mem_read(void *ctx, uint32_t off, void *dst, uint32_t len)
{
    const struct buf *b = ctx;
    if (off > b->n || len > b->n - off)
        return false;
    memcpy(dst, b->b + off, len);
    return true;
}

struct out {
    char s[256];
    uint32_t n;
};

static bool sink(void *ctx, const void *p, uint32_t len)
{
    struct out *o = ctx;
    memcpy(o->s + o->n, p, len);
    o->n += len;
    o->s[o->n] = 0;
    return true;
}

static void data_block(struct buf *o, uint8_t reserve, const char *text)
{
    uint16_t n = (uint16_t)strlen(text);
    put32(o, 0); /* no checksum */
    put16(o, n);
    put16(o, n);
    for (uint8_t i = 0; i < reserve; i++)
        put(o, "R", 1);
    put(o, text, n);
}

/* A stored cabinet: one folder of two blocks, "hello " + "world!"; files
 * a.txt = "hello " (0-5), b.txt = "o wor" (4-8, across the blocks), and
 * c.txt in folder `c_folder`. With reserve sizes and set names as asked. */
static void build(struct buf *o, bool reserve, bool set, uint16_t type, uint16_t c_folder)
{
    memset(o, 0, sizeof *o);
    put(o, "MSCF", 4);
    put32(o, 0);
    uint32_t size_at = o->n;
    put32(o, 0);
    put32(o, 0);
    uint32_t files_at = o->n;
    put32(o, 0);
    put32(o, 0);
    uint8_t version[2] = { 3, 1 };
    put(o, version, 2);
    put16(o, 1); /* folders */
    put16(o, 3); /* files */
    put16(o, (reserve ? 4 : 0) | (set ? 3 : 0));
    put16(o, 0x1234); /* set id */
    put16(o, 2);      /* cabinet number */
    uint8_t folder_res = reserve ? 2 : 0, data_res = reserve ? 3 : 0;
    if (reserve) {
        put16(o, 5);
        put(o, &folder_res, 1);
        put(o, &data_res, 1);
        put(o, "HHHHH", 5);
    }
    if (set)
        put(o, "prev.cab\0disk 1\0next.cab\0disk 3\0", 32);
    uint32_t folder_at = o->n;
    put32(o, 0);
    put16(o, 2);
    put16(o, type);
    for (uint8_t i = 0; i < folder_res; i++)
        put(o, "F", 1);
    uint32_t files = o->n;
    memcpy(o->b + files_at, &files, 4);
    static const struct { uint32_t size, off; const char *name; } f[3] = {
        { 6, 0, "a.txt" }, { 5, 4, "b.txt" }, { 3, 9, "c.txt" } };
    for (int i = 0; i < 3; i++) {
        put32(o, f[i].size);
        put32(o, f[i].off);
        put16(o, i == 2 ? c_folder : 0);
        put16(o, 0x5822);
        put16(o, 0x645c);
        put16(o, 0x20);
        put(o, f[i].name, (uint32_t)strlen(f[i].name) + 1);
    }
    uint32_t data = o->n;
    memcpy(o->b + folder_at, &data, 4);
    data_block(o, data_res, "hello ");
    data_block(o, data_res, "world!");
    memcpy(o->b + size_at, &o->n, 4);
}

static enum cab_error extract(struct cab *cab, unsigned i, struct out *o)
{
    memset(o, 0, sizeof *o);
    return cab_extract(cab, i, sink, o);
}

static void test_reserve_and_set_names(void **state)
{
    (void)state;
    static struct buf b;
    build(&b, true, true, CAB_COMPRESS_NONE, 0);
    struct cab cab;
    struct out o;
    assert_int_equal(cab_open(&cab, mem_read, &b), CAB_OK);
    assert_int_equal(cab.folder_reserve, 2);
    assert_int_equal(cab.data_reserve, 3);
    assert_string_equal(cab.prev_cabinet, "prev.cab");
    assert_string_equal(cab.prev_disk, "disk 1");
    assert_string_equal(cab.next_cabinet, "next.cab");
    assert_string_equal(cab.next_disk, "disk 3");
    assert_int_equal(cab.header.setID, 0x1234);
    assert_int_equal(cab.header.iCabinet, 2);
    assert_string_equal(cab.files[1].name, "b.txt");
    /* out of order: b (across both blocks), then a (the folder restarts), then c */
    assert_int_equal(extract(&cab, 1, &o), CAB_OK);
    assert_string_equal(o.s, "o wor");
    assert_int_equal(extract(&cab, 0, &o), CAB_OK);
    assert_string_equal(o.s, "hello ");
    assert_int_equal(extract(&cab, 2, &o), CAB_OK);
    assert_string_equal(o.s, "ld!");
    cab_close(&cab);
}

static void test_plain_names_empty(void **state)
{
    (void)state;
    static struct buf b;
    build(&b, false, false, CAB_COMPRESS_NONE, 0);
    struct cab cab;
    struct out o;
    assert_int_equal(cab_open(&cab, mem_read, &b), CAB_OK);
    assert_string_equal(cab.next_cabinet, "");
    assert_string_equal(cab.prev_disk, "");
    assert_int_equal(extract(&cab, 2, &o), CAB_OK);
    assert_string_equal(o.s, "ld!");
    cab_close(&cab);
}

static void test_failures(void **state)
{
    (void)state;
    static struct buf b;
    struct cab cab;
    struct out o;
    build(&b, false, false, CAB_COMPRESS_NONE, 0);
    b.b[0] = 'X';
    assert_int_equal(cab_open(&cab, mem_read, &b), CAB_NOT_A_CABINET);
    build(&b, false, false, CAB_COMPRESS_NONE, 0);
    b.b[25] = 2; /* version 1.3 -> 2.3 */
    assert_int_equal(cab_open(&cab, mem_read, &b), CAB_UNKNOWN_VERSION);
    build(&b, false, false, CAB_COMPRESS_NONE, 0);
    b.n = 60; /* cut inside the file list */
    assert_int_equal(cab_open(&cab, mem_read, &b), CAB_CORRUPT);

    build(&b, false, false, CAB_COMPRESS_LZX | (15 << 8), 0);
    assert_int_equal(cab_open(&cab, mem_read, &b), CAB_OK);
    assert_int_equal(extract(&cab, 0, &o), CAB_BAD_COMPRESSION);
    cab_close(&cab);

    build(&b, false, false, CAB_COMPRESS_NONE, CAB_FOLDER_CONTINUED_TO_NEXT);
    assert_int_equal(cab_open(&cab, mem_read, &b), CAB_OK);
    assert_int_equal(extract(&cab, 2, &o), CAB_CORRUPT);
    cab.files[2].size = 9; /* now in folder 0 but running past its 12 bytes */
    cab.files[2].folder = 0;
    assert_int_equal(extract(&cab, 2, &o), CAB_CORRUPT);
    cab_close(&cab);
}

/* A known block: "abcdefg" (a 3-byte tail) and its sizes 7/7, as gcab and
 * tests/wine/cab/mkcab.py compute it. */
static void test_checksum(void **state)
{
    (void)state;
    const uint8_t sizes[4] = { 7, 0, 7, 0 };
    uint32_t data = cab_checksum((const uint8_t *)"abcdefg", 7, 0);
    assert_int_equal(data, 0x64636261u ^ 0x656667u);
    assert_int_equal(cab_checksum(sizes, 4, data), data ^ 0x00070007u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reserve_and_set_names),
        cmocka_unit_test(test_plain_names_empty),
        cmocka_unit_test(test_failures),
        cmocka_unit_test(test_checksum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
