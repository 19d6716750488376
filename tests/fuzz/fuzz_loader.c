/* Fuzz target: the loader's mapping stages (loader/pe_load.h) on a guest
 * address space without a CPU: parse, map (sections, relocation when the
 * preferred base is taken), bind the imports against the builtin DLLs (as
 * images built for a stand-in backend), TLS, then unmap for the next input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vm.h"
#include "cpu/cpu.h"
#include "loader/module.h"
#include "loader/pe.h"
#include "loader/pe_load.h"
#include "syscalls/builtin_dlls.h"
#include "syscalls/builtin_image.h"
#include "syscalls/dispatch.h"
#include "tests/fuzz/fuzz_target.h"

static struct vm vm;

static void stub(uint8_t *buf, gaddr at, uint32_t index, uint16_t pop_bytes)
{
    (void)at;
    (void)pop_bytes;
    memset(buf, 0xCC, CPU_STUB_SIZE);
    memcpy(buf, &index, 4);
}

static void stub_range(gaddr base, uint32_t count, uint32_t first_index)
{
    (void)base;
    (void)count;
    (void)first_index;
}

static const struct cpu_backend no_cpu = { .name = "fuzz", .write_stub = stub, .add_stub_range = stub_range };

static void setup_once(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    if (vm_init(&vm, false) != STATUS_SUCCESS)
        abort();
    g_vm = &vm;
    char err[256];
    if (!dispatch_init(builtin_dlls, builtin_dll_count, err, sizeof err))
        abort();
    for (size_t i = 0; i < builtin_dll_count; i++) {
        struct module *m = NULL;
        if (builtin_image_load(builtin_dlls[i], dispatch_first_index(builtin_dlls[i]), &no_cpu, &m, NULL) !=
            STATUS_SUCCESS)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup_once();
    struct pe_image img;
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    if (pe_parse(&img, copy, size)) {
        free(copy);
        return 0;
    }
    char err[512];
    struct module *m = NULL;
    bool is_exe = !pe_is_dll(&img);
    if (pe_map(&img, "fuzz.exe", "C:\\fuzz.exe", is_exe, &m, err, sizeof err) == STATUS_SUCCESS && m) {
        struct pe_tls_info tls;
        pe_bind(&img, m, err, sizeof err);
        pe_tls_info(&img, m->base, &tls);
        vm_release(&vm, m->base);
        module_remove(m);
    }
    pe_free(&img);
    free(copy);
    return 0;
}
