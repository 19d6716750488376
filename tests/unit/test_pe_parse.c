/* Unit tests for loader/pe_parse.c: PE32 images built in memory, one
 * malformed field at a time, plus the odd layouts Windows accepts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader/pe.h"
#include "tests/unit/pe_builder.h"

#define BASE 0x400000u
#define TEXT_CH (IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_MEM_READ)
#define DATA_CH (IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE)
#define BSS_CH  (IMAGE_SCN_CNT_UNINITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE)

static struct pe_builder b;
static struct pe_image img;

/* .text at 0x1000 (file 0x200), .data at 0x2000 (file 0x400), .bss at 0x3000. */
static void build_good(void)
{
    pb_init(&b, BASE);
    pb_add_section(&b, ".text", 0x100, 0x200, TEXT_CH);
    pb_add_section(&b, ".data", 0x80, 0x200, DATA_CH);
    pb_add_section(&b, ".bss", 0x400, 0, BSS_CH);
    pb_set_entry(&b, 0x1000);
}

static const char *parse(void)
{
    return pe_parse(&img, b.buf, b.size);
}

static void assert_parses(void)
{
    const char *err = parse();
    if (err)
        fail_msg("pe_parse: %s", err);
}

static void assert_error(const char *want)
{
    const char *err = parse();
    if (!err)
        fail_msg("pe_parse accepted an image that should fail with \"%s\"", want);
    if (!strstr(err, want))
        fail_msg("pe_parse: got \"%s\", want \"%s\"", err, want);
}

static void test_good_image(void **state)
{
    build_good();
    assert_parses();
    assert_int_equal(img.nt_offset, 0x80);
    assert_int_equal(img.machine, IMAGE_FILE_MACHINE_I386);
    assert_int_equal(img.timestamp, 0x5F000000u);
    assert_int_equal(img.entry_rva, 0x1000);
    assert_int_equal(img.image_base, BASE);
    assert_int_equal(img.section_align, 0x1000);
    assert_int_equal(img.file_align, 0x200);
    assert_int_equal(img.size_of_image, 0x4000);
    assert_int_equal(img.size_of_headers, 0x200);
    assert_int_equal(img.subsystem, 3);
    assert_int_equal(img.stack_reserve, 0x100000);
    assert_int_equal(img.ndirs, 16);
    assert_false(pe_is_dll(&img));
    assert_false(pe_large_address_aware(&img));
    assert_int_equal(img.nsections, 3);
    assert_string_equal(img.sections[0].name, ".text");
    assert_int_equal(img.sections[0].vaddr, 0x1000);
    assert_int_equal(img.sections[0].vsize, 0x100);
    assert_int_equal(img.sections[0].raw_offset, 0x200);
    assert_int_equal(img.sections[0].raw_size, 0x200);
    assert_int_equal(img.sections[0].characteristics, TEXT_CH);
    assert_string_equal(img.sections[1].name, ".data");
    assert_int_equal(img.sections[1].raw_offset, 0x400);
    assert_int_equal(img.sections[2].raw_size, 0);
    pe_free(&img);
}

static void test_flags(void **state)
{
    build_good();
    pb_set16(&b, pb_fh(&b, 18), IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_32BIT_MACHINE |
                                    IMAGE_FILE_DLL | IMAGE_FILE_LARGE_ADDRESS_AWARE);
    assert_parses();
    assert_true(pe_is_dll(&img));
    assert_true(pe_large_address_aware(&img));
    pe_free(&img);
}

/* Each malformed image fails with its own reason. */
static const char *bad_cases[][2] = {
    { "no_mz", "no MZ signature" },
    { "lfanew_eof", "e_lfanew points past the end of the file" },
    { "no_pe_sig", "no PE signature" },
    { "amd64", "64-bit image (x86-64)" },
    { "pe32plus", "64-bit image (PE32+)" },
    { "opt_truncated", "truncated or too small optional header" },
    { "sect_table_cut", "section table cut off" },
    { "beyond_image", "a section lies beyond SizeOfImage" },
    { "data_past_eof", "section data extends past the end of the file" },
    { "not_pow2", "not a power of two" },
    { "low_align_unequal", "section alignment below 4 KB must equal file alignment" },
    { "entry_outside", "entry point outside the image" },
    { "import_outside", "import or TLS directory points outside the image" },
    { "arm", "unsupported machine type" },
    { "object_file", "not an executable image" },
    { "bad_magic", "bad optional header magic" },
    { "base_unaligned", "ImageBase is not 64 KB aligned" },
    { "file_gt_section", "file alignment larger than section alignment" },
    { "overlap", "sections overlap or are out of order" },
    { "tiny", "DOS header incomplete" },
    { "headers_gt_image", "SizeOfHeaders is larger than SizeOfImage" },
};

static void make_bad(const char *name)
{
    build_good();
    if (!strcmp(name, "no_mz"))
        b.buf[0] = 'X';
    else if (!strcmp(name, "lfanew_eof"))
        pb_set32(&b, 0x3C, b.size - 8);
    else if (!strcmp(name, "no_pe_sig"))
        b.buf[b.lfanew + 1] = 'X';
    else if (!strcmp(name, "amd64"))
        pb_set16(&b, pb_fh(&b, 0), IMAGE_FILE_MACHINE_AMD64);
    else if (!strcmp(name, "pe32plus"))
        pb_set16(&b, pb_oh(&b, 0), 0x20B);
    else if (!strcmp(name, "opt_truncated"))
        b.size = pb_oh(&b, 60);
    else if (!strcmp(name, "sect_table_cut"))
        b.size = pb_sec(&b, 1, 20);
    else if (!strcmp(name, "beyond_image"))
        pb_set32(&b, pb_oh(&b, 56), 0x2000);
    else if (!strcmp(name, "data_past_eof"))
        pb_set32(&b, pb_sec(&b, 1, 16), 0x1000);
    else if (!strcmp(name, "not_pow2"))
        pb_set32(&b, pb_oh(&b, 32), 0x1800);
    else if (!strcmp(name, "low_align_unequal"))
        pb_set32(&b, pb_oh(&b, 32), 0x800);
    else if (!strcmp(name, "entry_outside"))
        pb_set_entry(&b, 0x4000);
    else if (!strcmp(name, "import_outside"))
        pb_set_dir(&b, PE_DIR_IMPORT, 0x3F00, 0x200);
    else if (!strcmp(name, "arm"))
        pb_set16(&b, pb_fh(&b, 0), 0x01C0);
    else if (!strcmp(name, "object_file"))
        pb_set16(&b, pb_fh(&b, 18), IMAGE_FILE_32BIT_MACHINE);
    else if (!strcmp(name, "bad_magic"))
        pb_set16(&b, pb_oh(&b, 0), 0x107);
    else if (!strcmp(name, "base_unaligned"))
        pb_set32(&b, pb_oh(&b, 28), BASE + 0x1000);
    else if (!strcmp(name, "file_gt_section"))
        pb_set32(&b, pb_oh(&b, 36), 0x2000);
    else if (!strcmp(name, "overlap"))
        pb_set32(&b, pb_sec(&b, 1, 12), 0x1000);
    else if (!strcmp(name, "tiny"))
        b.size = 0x30;
    else if (!strcmp(name, "headers_gt_image")) /* once copied the whole file over the image */
        pb_set32(&b, pb_oh(&b, 60), 0xFFFFFFFFu);
    else
        fail_msg("unknown case %s", name);
}

static void test_malformed(void **state)
{
    size_t n = sizeof bad_cases / sizeof bad_cases[0];
    const char *seen[sizeof bad_cases / sizeof bad_cases[0]];
    for (size_t i = 0; i < n; i++) {
        make_bad(bad_cases[i][0]);
        const char *err = parse();
        if (!err)
            fail_msg("%s: accepted", bad_cases[i][0]);
        if (!strstr(err, bad_cases[i][1]))
            fail_msg("%s: got \"%s\", want \"%s\"", bad_cases[i][0], err, bad_cases[i][1]);
        assert_null(img.sections); /* a failed parse owns nothing */
        seen[i] = err;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(seen[j], err))
                fail_msg("%s and %s give the same reason \"%s\"", bad_cases[j][0], bad_cases[i][0], err);
    }
}

static void test_pe32plus_machine_first(void **state)
{
    /* a real x64 image says AMD64 in the COFF header: named as 64-bit */
    build_good();
    pb_set16(&b, pb_fh(&b, 0), IMAGE_FILE_MACHINE_AMD64);
    pb_set16(&b, pb_oh(&b, 0), 0x20B);
    assert_error("64-bit");
}

static void test_headers_at_0x40(void **state)
{
    pb_init_at(&b, BASE, 0x40); /* no DOS stub at all */
    pb_add_section(&b, ".text", 0x100, 0x200, TEXT_CH);
    pb_set_entry(&b, 0x1000);
    assert_parses();
    assert_int_equal(img.nt_offset, 0x40);
    assert_int_equal(img.nsections, 1);
    pe_free(&img);
}

/* The classic tiny PE: NT headers at 4 inside the DOS header, e_lfanew
 * doubling as SectionAlignment, no sections, everything flat. */
static void test_headers_inside_dos_header(void **state)
{
    pb_init_at(&b, BASE, 4);
    b.buf[0] = 'M';
    b.buf[1] = 'Z';
    pb_set_ndirs(&b, 0);
    pb_set16(&b, pb_fh(&b, 2), 0);
    pb_set32(&b, pb_oh(&b, 32), 4); /* SectionAlignment, also e_lfanew at 0x3C */
    pb_set32(&b, pb_oh(&b, 36), 4);
    b.size = pb_oh(&b, 96) + 4;
    b.buf[b.size - 1] = 0xC3;
    pb_set32(&b, pb_oh(&b, 56), b.size);
    pb_set32(&b, pb_oh(&b, 60), b.size);
    pb_set_entry(&b, b.size - 1);
    assert_int_equal(pb_get32(b.buf + 0x3C), 4);
    assert_parses();
    assert_int_equal(img.nt_offset, 4);
    assert_int_equal(img.section_align, 4);
    assert_int_equal(img.nsections, 0);
    assert_int_equal(img.ndirs, 0);
    assert_int_equal(pe_rva_to_offset(&img, b.size - 1, 1), b.size - 1);
    assert_int_equal(pe_rva_to_offset(&img, b.size - 1, 2), -1);
    pe_free(&img);
}

static void test_low_alignment_flat(void **state)
{
    pb_init(&b, BASE);
    pb_set32(&b, pb_oh(&b, 32), 0x200);
    pb_add_section(&b, ".text", 0x200, 0x200, TEXT_CH | IMAGE_SCN_MEM_WRITE);
    pb_set32(&b, pb_sec(&b, 0, 12), 0x200); /* VA == file offset */
    pb_set32(&b, pb_oh(&b, 56), 0x400);
    pb_set_entry(&b, 0x200);
    assert_parses();
    assert_int_equal(img.section_align, 0x200);
    assert_int_equal(img.sections[0].vaddr, 0x200);
    assert_int_equal(pe_rva_to_offset(&img, 0x210, 4), 0x210);
    assert_int_equal(pe_rva_to_offset(&img, 0x3FC, 4), 0x3FC);
    assert_int_equal(pe_rva_to_offset(&img, 0x3FE, 4), -1);
    pe_free(&img);
    /* file bytes past the mapped size (an overlay) are not image bytes */
    b.size = 0x1400;
    assert_parses();
    assert_int_equal(pe_rva_to_offset(&img, 0xFFC, 4), 0xFFC);
    assert_int_equal(pe_rva_to_offset(&img, 0x1100, 4), -1);
    pe_free(&img);
}

static void test_few_directories(void **state)
{
    pb_init(&b, BASE);
    pb_set_ndirs(&b, 2);
    uint32_t data = pb_add_section(&b, ".data", 0x100, 0x200, DATA_CH);
    pb_set_entry(&b, data);
    pb_set_dir(&b, PE_DIR_IMPORT, data, 0x28);
    /* where directory 5 would be lies the section table: fields the parser ignores */
    pb_set32(&b, pb_sec(&b, 0, 24), 0x1234);
    pb_set32(&b, pb_sec(&b, 0, 28), 0x1234);
    assert_int_equal(pb_oh(&b, 96 + 8 * PE_DIR_BASERELOC), pb_sec(&b, 0, 24));
    assert_parses();
    assert_int_equal(img.ndirs, 2);
    assert_int_equal(img.dirs[PE_DIR_IMPORT].rva, data);
    assert_int_equal(img.dirs[PE_DIR_IMPORT].size, 0x28);
    assert_int_equal(img.dirs[PE_DIR_BASERELOC].rva, 0);
    assert_int_equal(img.dirs[PE_DIR_TLS].rva, 0);
    assert_string_equal(img.sections[0].name, ".data");
    pe_free(&img);
}

static void test_ndirs_clamped_to_optional_header(void **state)
{
    pb_init(&b, BASE);
    pb_set_ndirs(&b, 2);
    pb_set32(&b, pb_oh(&b, 92), 16); /* claims 16, room for 2 */
    pb_add_section(&b, ".text", 0x100, 0x200, TEXT_CH);
    pb_set_entry(&b, 0x1000);
    assert_parses();
    assert_int_equal(img.ndirs, 2);
    pe_free(&img);
}

static void test_raw_pointer_rounded_down(void **state)
{
    build_good();
    pb_set32(&b, pb_sec(&b, 0, 20), 0x201);
    b.buf[0x200] = 0xAA;
    assert_parses();
    assert_int_equal(img.sections[0].raw_offset, 0x200);
    assert_int_equal(pe_rva_to_offset(&img, 0x1000, 4), 0x200);
    pe_free(&img);
}

static void test_rva_to_offset(void **state)
{
    build_good();
    assert_parses();
    assert_int_equal(pe_rva_to_offset(&img, 0, 2), 0);                /* headers */
    assert_int_equal(pe_rva_to_offset(&img, 0x1FE, 2), 0x1FE);
    assert_int_equal(pe_rva_to_offset(&img, 0x1FF, 2), -1);           /* past the headers */
    assert_int_equal(pe_rva_to_offset(&img, 0x1000, 0x200), 0x200);   /* all of .text's raw data */
    assert_int_equal(pe_rva_to_offset(&img, 0x1000, 0x201), -1);
    assert_int_equal(pe_rva_to_offset(&img, 0x11FC, 4), 0x3FC);
    assert_int_equal(pe_rva_to_offset(&img, 0x1200, 4), -1);          /* virtual tail of .text */
    assert_int_equal(pe_rva_to_offset(&img, 0x2010, 4), 0x410);
    assert_int_equal(pe_rva_to_offset(&img, 0x1FFE, 4), -1);          /* straddles two sections */
    assert_int_equal(pe_rva_to_offset(&img, 0x3000, 4), -1);          /* .bss has no file bytes */
    assert_int_equal(pe_rva_to_offset(&img, 0x5000, 4), -1);          /* outside the image */
    assert_int_equal(pe_rva_to_offset(&img, 0xFFFFFFFEu, 4), -1);     /* wraps around */
    assert_ptr_equal(pe_section_of(&img, 0x1FFF), &img.sections[0]);
    assert_ptr_equal(pe_section_of(&img, 0x3FFF), &img.sections[2]);
    assert_null(pe_section_of(&img, 0x4000));
    assert_null(pe_section_of(&img, 0x100));
    pe_free(&img);
}

static void test_helpers(void **state)
{
    assert_string_equal(pe_dir_name(PE_DIR_IMPORT), "Import");
    assert_string_equal(pe_dir_name(PE_DIR_BASERELOC), "Base relocation");
    assert_string_equal(pe_dir_name(99), "unknown");
    assert_string_equal(pe_subsystem_name(2), "Windows GUI");
    assert_string_equal(pe_subsystem_name(3), "Windows console");
}

static void test_clam_exe(void **state)
{
    const char *path = "/usr/share/clamav-testfiles/clam.exe";
    if (access(path, R_OK) != 0)
        skip();
    char err[256];
    size_t size;
    uint8_t *data = pe_read_file(path, &size, err, sizeof err);
    assert_non_null(data);
    const char *why = pe_parse(&img, data, size);
    if (why)
        fail_msg("clam.exe: %s", why);
    assert_int_equal(img.machine, IMAGE_FILE_MACHINE_I386);
    assert_true(img.nsections > 0);
    /* a section's PointerToRawData of 1 is read as 0, as Windows does */
    bool rounded = false;
    for (uint32_t i = 0; i < img.nsections; i++)
        rounded |= img.sections[i].raw_size && img.sections[i].raw_offset == 0;
    assert_true(rounded);
    assert_true(pe_rva_to_offset(&img, img.entry_rva, 1) >= 0);
    pe_free(&img);
    free(data);
}

static void test_read_file_missing(void **state)
{
    char err[256];
    size_t size;
    assert_null(pe_read_file("/nonexistent/wowbox-test.exe", &size, err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/wowbox-test.exe"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_image),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_pe32plus_machine_first),
        cmocka_unit_test(test_headers_at_0x40),
        cmocka_unit_test(test_headers_inside_dos_header),
        cmocka_unit_test(test_low_alignment_flat),
        cmocka_unit_test(test_few_directories),
        cmocka_unit_test(test_ndirs_clamped_to_optional_header),
        cmocka_unit_test(test_raw_pointer_rounded_down),
        cmocka_unit_test(test_rva_to_offset),
        cmocka_unit_test(test_helpers),
        cmocka_unit_test(test_clam_exe),
        cmocka_unit_test(test_read_file_missing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
