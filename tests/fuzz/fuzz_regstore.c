/* Fuzz target: the registry store (syscalls/ntdll/registry_store.c) opening
 * a corrupt or hostile registry.sqlite, then the NT registry services
 * walking it. Input: the file's bytes. Opening must either fail with an
 * NTSTATUS or give a store every key and value of which can be read. */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/process.h"
#include "redirect/prefix.h"
#include "syscalls/ntdll/nt_registry.h"
#include "syscalls/ntdll/struct32_registry.h"
#include "tests/fuzz/fuzz_prefix.h"
#include "tests/fuzz/fuzz_target.h"

static struct prefix pfx;
static struct process fuzz_proc;
static char store[PATH_MAX];

static void setup_once(void)
{
    static bool done;
    char tmp[FUZZ_TMPDIR_SIZE];
    if (done)
        return;
    done = true;
    fuzz_prefix_open(&pfx, "regstore", tmp);
    fuzz_proc.prefix = &pfx;
    proc = &fuzz_proc;
    snprintf(store, sizeof store, "%s/registry.sqlite", pfx.root);
}

static void write_store(const uint8_t *data, size_t size)
{
    char side[PATH_MAX + 16];
    snprintf(side, sizeof side, "%s-journal", store);
    unlink(side);
    snprintf(side, sizeof side, "%s-wal", store);
    unlink(side);
    FILE *f = fopen(store, "wb");
    if (!f || fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
}

/* Every subkey and value, to a bounded depth and breadth. */
static void walk(uint32_t key, int depth)
{
    uint8_t buf[4096];
    uint32_t need;
    for (uint32_t i = 0; i < 64; i++)
        if (nt_enumerate_value_key(key, i, KeyValueFullInformation, buf, sizeof buf, &need) ==
            STATUS_NO_MORE_ENTRIES)
            break;
    for (uint32_t i = 0; i < 64 && depth < 4; i++) {
        NTSTATUS st = nt_enumerate_key(key, i, KeyBasicInformation, buf, sizeof buf, &need);
        if (st == STATUS_NO_MORE_ENTRIES)
            break;
        if (st != STATUS_SUCCESS)
            continue;
        const KEY_BASIC_INFORMATION32 *k = (const KEY_BASIC_INFORMATION32 *)buf;
        char name[3 * 256 + 1];
        size_t n = 0;
        for (uint32_t c = 0; c < k->NameLength / 2 && n + 1 < sizeof name; c++)
            name[n++] = k->Name[c] < 0x80 && k->Name[c] ? (char)k->Name[c] : '_';
        name[n] = '\0';
        uint32_t child;
        if (nt_open_key(key, name, KEY_WOW64_64KEY, &child) == STATUS_SUCCESS) {
            walk(child, depth + 1);
            nt_close_key(child);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup_once();
    write_store(data, size);
    if (nt_registry_open(pfx.root) != STATUS_SUCCESS)
        return 0;
    uint32_t root;
    if (nt_open_key(0, "\\REGISTRY", KEY_WOW64_64KEY, &root) == STATUS_SUCCESS) {
        walk(root, 0);
        nt_close_key(root);
    }
    regstore_close();
    return 0;
}
