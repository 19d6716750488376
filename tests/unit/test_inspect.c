/* Unit tests for loader/inspect.c: `wowbox inspect` on images built in
 * memory, written to a temp file, output captured in a memory stream. */
#define _GNU_SOURCE

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader/inspect.h"
#include "tests/unit/pe_builder.h"

#define BASE    0x400000u
#define TEXT_CH (IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_MEM_READ)
#define DATA_CH (IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE)

static struct pe_builder b;
/* where the builtin kernel32 lives (syscalls/builtin_dlls.c) */
static const struct inspect_builtin builtins[] = { { "KERNEL32.dll", 0x77600000u } };
static char path[64];
static char *out;

static int teardown(void **state)
{
    if (path[0])
        unlink(path);
    path[0] = 0;
    free(out);
    out = NULL;
    return 0;
}

/* Runs inspect on the builder's image; returns its status, output in `out`. */
static int inspect(void)
{
    snprintf(path, sizeof path, "/tmp/wowbox-inspect-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, b.buf, b.size), (ssize_t)b.size);
    close(fd);
    size_t len;
    free(out);
    FILE *f = open_memstream(&out, &len);
    assert_non_null(f);
    int rc = inspect_file(path, f, builtins, sizeof builtins / sizeof builtins[0]);
    fclose(f);
    return rc;
}

static void expect(const char *s)
{
    if (!strstr(out, s))
        fail_msg("inspect output lacks \"%s\":\n%s", s, out);
}

static void str_at(unsigned sect, uint32_t rva, const char *s)
{
    strcpy((char *)pb_at(&b, sect, rva), s);
}

/* .text (entry: push ebp; call [IAT]; ret), .data with one import
 * descriptor, an export directory, a TLS directory with one callback,
 * and .reloc with two HIGHLOW fixups. */
static void build_full(void)
{
    pb_init(&b, BASE);
    uint32_t text = pb_add_section(&b, ".text", 0x100, 0x200, TEXT_CH);
    uint32_t data = pb_add_section(&b, ".data", 0x800, 0x800, DATA_CH);
    uint32_t reloc = pb_add_section(&b, ".reloc", 0x10, 0x200, IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ);
    const uint8_t code[] = { 0x55, 0xFF, 0x15, 0, 0, 0, 0, 0xC3 };
    memcpy(pb_at(&b, 0, text), code, sizeof code);
    pb_put32(pb_at(&b, 0, text) + 3, BASE + data + 0x40); /* the first IAT slot */
    pb_set_entry(&b, text);

    /* imports at data: one descriptor for fake.dll; lookup 0x30, IAT 0x40 */
    uint8_t *d = pb_at(&b, 1, data);
    pb_put32(d, data + 0x30);
    pb_put32(d + 12, data + 0x60);
    pb_put32(d + 16, data + 0x40);
    str_at(1, data + 0x60, "fake.dll");
    pb_put32(pb_at(&b, 1, data + 0x30), data + 0x70);
    pb_put32(pb_at(&b, 1, data + 0x34), 0x80000007u);
    pb_put32(pb_at(&b, 1, data + 0x40), data + 0x70);
    pb_put32(pb_at(&b, 1, data + 0x44), 0x80000007u);
    pb_put16(pb_at(&b, 1, data + 0x70), 42);
    str_at(1, data + 0x72, "Alpha");
    pb_set_dir(&b, PE_DIR_IMPORT, data, 40);

    /* exports at data+0x100: base 3, Beta (ordinal 3), Fwd -> other.Gamma (4) */
    uint32_t ed = data + 0x100;
    uint8_t *e = pb_at(&b, 1, ed);
    pb_put32(e + 12, ed + 0x80);
    pb_put32(e + 16, 3);
    pb_put32(e + 20, 2);
    pb_put32(e + 24, 2);
    pb_put32(e + 28, ed + 0x40);
    pb_put32(e + 32, ed + 0x50);
    pb_put32(e + 36, ed + 0x60);
    pb_put32(pb_at(&b, 1, ed + 0x40), text + 1);
    pb_put32(pb_at(&b, 1, ed + 0x44), ed + 0xA0);
    pb_put32(pb_at(&b, 1, ed + 0x50), ed + 0x90);
    pb_put32(pb_at(&b, 1, ed + 0x54), ed + 0x98);
    pb_put16(pb_at(&b, 1, ed + 0x60), 0);
    pb_put16(pb_at(&b, 1, ed + 0x62), 1);
    str_at(1, ed + 0x80, "app.exe");
    str_at(1, ed + 0x90, "Beta");
    str_at(1, ed + 0x98, "Fwd");
    str_at(1, ed + 0xA0, "other.Gamma");
    pb_set_dir(&b, PE_DIR_EXPORT, ed, 0xC0);

    /* TLS at data+0x200: raw data 0x300..0x310, index at 0x320, callbacks at 0x330 */
    uint8_t *t = pb_at(&b, 1, data + 0x200);
    pb_put32(t, BASE + data + 0x300);
    pb_put32(t + 4, BASE + data + 0x310);
    pb_put32(t + 8, BASE + data + 0x320);
    pb_put32(t + 12, BASE + data + 0x330);
    pb_put32(pb_at(&b, 1, data + 0x330), BASE + text + 7);
    pb_set_dir(&b, PE_DIR_TLS, data + 0x200, 24);

    uint8_t *r = pb_at(&b, 2, reloc);
    pb_put32(r, text);
    pb_put32(r + 4, 12);
    pb_put16(r + 8, 0x3003);
    pb_put16(r + 10, 0);
    pb_set_dir(&b, PE_DIR_BASERELOC, reloc, 12);
}

static void test_full_listing(void **state)
{
    build_full();
    assert_int_equal(inspect(), 0);
    expect("Machine:             0x014c (i386)");
    expect("EXECUTABLE_IMAGE 32BIT_MACHINE");
    expect("0x5f000000 (2020-07-04 04:05:20 UTC)");
    expect("Entry point:         RVA 0x1000 (VA 0x401000, .text)");
    expect("Windows console");
    expect("Import            RVA 0x00002000");
    expect(".text            0x00001000  0x00000100  0x00000200  0x00000200  r-x code");
    expect(".data            0x00002000  0x00000800  0x00000400  0x00000800  rw- data");
    expect("fake.dll  (lookup RVA 0x2030, IAT RVA 0x2040)");
    expect("0x00002040  hint 42     Alpha");
    expect("0x00002044  ordinal 7");
    expect("DLL name:            app.exe");
    expect("Ordinal base:        3");
    expect("      3  0x00001001  Beta");
    expect("      4  0x000021a0  Fwd  -> forwarded to other.Gamma");
    expect("Blocks:              1 (pages 0x1000-0x1000)");
    expect("HIGHLOW            1");
    expect("ABSOLUTE (padding) 1");
    expect("Raw data:            0x00402300-0x00402310 (16 bytes)");
    expect("Index address:       0x00402320");
    expect("0x00401007  (RVA 0x1007, .text)");
    expect("Large address aware: no");
    expect("2 GB (user addresses up to 0x7FFEFFFF)");
    expect("relocatable (1 HIGHLOW fixups)");
    expect("loads at its preferred base 0x400000");
    expect("push ebp");
    expect("call dword ptr [0x402040]  ; fake.dll!Alpha");
    expect("ret");
}

static void test_large_address_aware(void **state)
{
    build_full();
    pb_set16(&b, pb_fh(&b, 18), IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_32BIT_MACHINE |
                                    IMAGE_FILE_LARGE_ADDRESS_AWARE | IMAGE_FILE_DLL);
    pb_set16(&b, pb_oh(&b, 70), 0x0140);
    assert_int_equal(inspect(), 0);
    expect("LARGE_ADDRESS_AWARE");
    expect("PE32 DLL");
    expect("DYNAMIC_BASE NX_COMPAT");
    expect("Large address aware: yes -> guest address space 4 GB (user addresses up to 0xFFFEFFFF)");
}

static void test_placement(void **state)
{
    build_full();
    pb_set32(&b, pb_oh(&b, 28), 0x77600000u); /* where the builtin kernel32 lives */
    assert_int_equal(inspect(), 0);
    expect("will be relocated");
    expect("overlaps builtin KERNEL32.dll at 0x77600000");
    pb_set16(&b, pb_fh(&b, 18), IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_32BIT_MACHINE |
                                    IMAGE_FILE_RELOCS_STRIPPED);
    pb_set_dir(&b, PE_DIR_BASERELOC, 0, 0);
    assert_int_equal(inspect(), 0);
    expect("fixed base (RELOCS_STRIPPED)");
    expect("cannot load (fixed base, no relocations)");
    pb_set32(&b, pb_oh(&b, 28), 0x7FFF0000u); /* past the 2 GB limit */
    assert_int_equal(inspect(), 0);
    expect("beyond the user address space");
}

static void test_truncated_imports(void **state)
{
    build_full();
    /* the second thunk's name lies past the file bytes of .data */
    pb_put32(pb_at(&b, 1, 0x2034), 0x2FF0);
    assert_int_equal(inspect(), 0);
    expect("(name at RVA 0x2ff0 is not in the file");
    /* the lookup table itself runs into uninitialized memory */
    pb_put32(pb_at(&b, 1, 0x2000), 0x27FC);
    pb_put32(pb_at(&b, 1, 0x27FC), 0x2070);
    assert_int_equal(inspect(), 0);
    expect("import table truncated at RVA 0x2800");
    /* the descriptors themselves */
    pb_set_dir(&b, PE_DIR_IMPORT, 0x27F0, 40);
    assert_int_equal(inspect(), 0);
    expect("import table truncated at RVA 0x27f0 (descriptor 0 is not in the file)");
}

static void test_truncated_exports(void **state)
{
    build_full();
    pb_put32(pb_at(&b, 1, 0x2100 + 20), 0x40000); /* NumberOfFunctions */
    assert_int_equal(inspect(), 0);
    expect("export table claims more than");
    build_full();
    pb_put32(pb_at(&b, 1, 0x2100 + 28), 0x27FC); /* AddressOfFunctions near the end */
    assert_int_equal(inspect(), 0);
    expect("export address table truncated at RVA 0x2800");
    build_full();
    pb_put32(pb_at(&b, 1, 0x2150), 0x9000); /* a name pointer outside the image */
    assert_int_equal(inspect(), 0);
    expect("(name 0 not in the file");
}

static void test_malformed_relocs(void **state)
{
    build_full();
    pb_put32(pb_at(&b, 2, 0x3004), 4);
    assert_int_equal(inspect(), 0);
    expect("malformed relocation block at RVA 0x3000");
}

static void test_entry_in_bss(void **state)
{
    build_full();
    pb_add_section(&b, ".bss", 0x1000, 0, IMAGE_SCN_CNT_UNINITIALIZED_DATA | IMAGE_SCN_MEM_READ |
                                           IMAGE_SCN_MEM_WRITE | IMAGE_SCN_MEM_EXECUTE);
    pb_set_entry(&b, 0x4000);
    assert_int_equal(inspect(), 0);
    expect("entry RVA 0x4000 (.bss) is not backed by file bytes");
}

static void test_not_pe(void **state)
{
    build_full();
    pb_set16(&b, pb_fh(&b, 0), IMAGE_FILE_MACHINE_AMD64);
    assert_int_equal(inspect(), 2);
    assert_string_equal(out, "");
    b.size = 10;
    assert_int_equal(inspect(), 2);
}

static void test_missing_file(void **state)
{
    size_t len;
    FILE *f = open_memstream(&out, &len);
    assert_int_equal(inspect_file("/nonexistent/x.exe", f, NULL, 0), 2);
    fclose(f);
}

#define T(f) cmocka_unit_test_teardown(f, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_full_listing),
        T(test_large_address_aware),
        T(test_placement),
        T(test_truncated_imports),
        T(test_truncated_exports),
        T(test_malformed_relocs),
        T(test_entry_in_bss),
        T(test_not_pe),
        T(test_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
