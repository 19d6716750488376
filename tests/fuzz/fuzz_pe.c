/* Fuzz target: the PE32 parser (loader/pe.h) and `wowbox inspect`
 * (loader/inspect.h), which walks every directory the parser accepted. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader/inspect.h"
#include "loader/pe.h"
#include "syscalls/builtin_dlls.h"
#include "tests/fuzz/fuzz_target.h"

static char path[64];
static FILE *devnull;

static void setup_once(void)
{
    if (devnull)
        return;
    snprintf(path, sizeof path, "/tmp/wowbox-fuzz-pe-XXXXXX");
    int fd = mkstemp(path);
    devnull = fopen("/dev/null", "w");
    if (fd < 0 || !devnull)
        abort();
    close(fd);
}

static void inspect(const uint8_t *data, size_t size)
{
    struct inspect_builtin builtins[builtin_dll_count];
    for (size_t i = 0; i < builtin_dll_count; i++)
        builtins[i] = (struct inspect_builtin){ builtin_dlls[i]->name, builtin_dlls[i]->preferred_base };
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
    inspect_file(path, devnull, builtins, builtin_dll_count);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup_once();
    struct pe_image img;
    /* a copy of exactly size bytes: reads past it are the parser's bug */
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    if (!pe_parse(&img, copy, size)) {
        for (unsigned i = 0; i < img.nsections; i++)
            pe_section_of(&img, img.sections[i].vaddr);
        for (unsigned i = 0; i < img.ndirs && i < PE_DIR_COUNT; i++)
            pe_rva_to_offset(&img, img.dirs[i].rva, img.dirs[i].size);
        pe_free(&img);
    }
    free(copy);
    inspect(data, size);
    return 0;
}
