/* KUSER_SHARED_DATA: created read-only at 0x7FFE0000 with the fields that
 * programs read directly (offsets from the Windows 10 layout). Host code
 * refreshes the clock fields; the guest can only read them. */
#include "core/kuser_shared.h"

#include <string.h>
#include <time.h>

#include "core/guest_mem.h"
#include "core/vmmap.h"

#define KU_TICK_COUNT_LOW   0x000
#define KU_TICK_MULTIPLIER  0x004
#define KU_INTERRUPT_TIME   0x008
#define KU_SYSTEM_TIME      0x014
#define KU_TIME_ZONE_BIAS   0x020
#define KU_IMAGE_NUMBER_LOW 0x02C
#define KU_IMAGE_NUMBER_HIGH 0x02E
#define KU_NT_SYSTEM_ROOT   0x030
#define KU_NT_BUILD_NUMBER  0x260
#define KU_NT_PRODUCT_TYPE  0x264
#define KU_PRODUCT_VALID    0x268
#define KU_NT_MAJOR         0x26C
#define KU_NT_MINOR         0x270
#define KU_PROCESSOR_FEATURES 0x274
#define KU_TICK_COUNT       0x320
#define KU_ACTIVE_PROCESSORS 0x3C0

#define FILETIME_UNIX_EPOCH 116444736000000000ull

static void put_ksystem_time(gaddr at, uint64_t v)
{
    uint32_t t[3] = { (uint32_t)v, (uint32_t)(v >> 32), (uint32_t)(v >> 32) };
    gm_write_force(at, t, sizeof t);
}

void kuser_shared_update(void)
{
    struct timespec mono, real;
    clock_gettime(CLOCK_MONOTONIC, &mono);
    clock_gettime(CLOCK_REALTIME, &real);
    uint64_t interrupt = (uint64_t)mono.tv_sec * 10000000ull + (uint64_t)mono.tv_nsec / 100;
    uint64_t system = FILETIME_UNIX_EPOCH + (uint64_t)real.tv_sec * 10000000ull + (uint64_t)real.tv_nsec / 100;
    uint64_t ticks = interrupt / 10000;
    put_ksystem_time(KUSER_SHARED_DATA + KU_INTERRUPT_TIME, interrupt);
    put_ksystem_time(KUSER_SHARED_DATA + KU_SYSTEM_TIME, system);
    put_ksystem_time(KUSER_SHARED_DATA + KU_TICK_COUNT, ticks);
    uint32_t low = (uint32_t)ticks;
    gm_write_force(KUSER_SHARED_DATA + KU_TICK_COUNT_LOW, &low, 4);
}

NTSTATUS kuser_shared_create(void)
{
    gaddr base = KUSER_SHARED_DATA;
    NTSTATUS st = vm_reserve(g_vm, &base, VM_GRANULARITY, 0, PAGE_READONLY, false);
    if (st == STATUS_SUCCESS)
        st = vm_commit(g_vm, KUSER_SHARED_DATA, VM_PAGE_SIZE, PAGE_READWRITE);
    if (st != STATUS_SUCCESS)
        return st;
    vmmap_tag(base, "KUSER_SHARED_DATA");
    uint8_t page[VM_PAGE_SIZE] = { 0 };
    uint32_t v = 0x0FA00000u; /* tick multiplier: 1 ms ticks */
    memcpy(page + KU_TICK_MULTIPLIER, &v, 4);
    uint16_t img[2] = { 0x014C, 0x8664 };
    memcpy(page + KU_IMAGE_NUMBER_LOW, img, 4);
    const char *root = "C:\\Windows";
    for (size_t i = 0; root[i]; i++)
        page[KU_NT_SYSTEM_ROOT + 2 * i] = (uint8_t)root[i];
    uint32_t fields[][2] = { { KU_NT_BUILD_NUMBER, 19045 }, { KU_NT_PRODUCT_TYPE, 1 },
                             { KU_PRODUCT_VALID, 1 }, { KU_NT_MAJOR, 10 }, { KU_NT_MINOR, 0 },
                             { KU_ACTIVE_PROCESSORS, 2 } };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        memcpy(page + fields[i][0], &fields[i][1], 4);
    page[KU_PROCESSOR_FEATURES + 6] = 1;  /* PF_XMMI_INSTRUCTIONS_AVAILABLE */
    page[KU_PROCESSOR_FEATURES + 10] = 1; /* PF_XMMI64_INSTRUCTIONS_AVAILABLE */
    gm_write(KUSER_SHARED_DATA, page, sizeof page);
    kuser_shared_update();
    return vm_protect(g_vm, KUSER_SHARED_DATA, VM_PAGE_SIZE, PAGE_READONLY, NULL);
}
