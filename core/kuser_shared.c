/* KUSER_SHARED_DATA: created read-only at 0x7FFE0000 with the fields that
 * programs read directly (offsets from the Windows 10 layout). The page is
 * a shared-memory object mapped twice, as Windows maps it: read-only for
 * the guest and writable at a host-only address, where a timer thread
 * refreshes the clock fields 64 times a second, the rate of the Windows
 * tick (in a deterministic run: whenever the fake clock moves). */
#define _GNU_SOURCE
#include "core/kuser_shared.h"
#include "core/vm_system.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/cpu_features.h"
#include "core/guest_mem.h"
#include "core/process.h"
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
#define KU_COOKIE           0x330
#define KU_ACTIVE_PROCESSORS 0x3C0

#define TICK_NS 15625000L /* 64 Hz */

static volatile uint8_t *writer; /* host-only writable view, or NULL */

/* KSYSTEM_TIME: LowPart, High1Time, High2Time; readers retry until the two
 * high parts agree, so High2 is written first and High1 last. */
static void put_ksystem_time(volatile uint8_t *page, uint32_t off, uint64_t v)
{
    volatile uint32_t *t = (volatile uint32_t *)(page + off);
    t[2] = (uint32_t)(v >> 32);
    t[0] = (uint32_t)v;
    t[1] = (uint32_t)(v >> 32);
}

static void fill_clock(volatile uint8_t *page)
{
    uint64_t interrupt = clock_peek_uptime(); /* the clock GetTickCount uses too */
    uint64_t system = clock_peek_filetime();
    uint64_t ticks = interrupt / 156250; /* 15.625 ms timer ticks; ms = ticks * multiplier >> 24 */
    put_ksystem_time(page, KU_INTERRUPT_TIME, interrupt);
    put_ksystem_time(page, KU_SYSTEM_TIME, system);
    put_ksystem_time(page, KU_TICK_COUNT, ticks);
    *(volatile uint32_t *)(page + KU_TICK_COUNT_LOW) = (uint32_t)ticks;
}

void kuser_shared_update(void)
{
    if (writer) {
        fill_clock(writer);
        return;
    }
    uint8_t page[VM_PAGE_SIZE];
    if (!gm_read(KUSER_SHARED_DATA, page, sizeof page))
        return;
    fill_clock(page);
    gm_write_force(KUSER_SHARED_DATA, page, 0x400); /* the clock fields all lie below 0x400 */
}

static void *ticker(void *unused)
{
    (void)unused;
    struct timespec ts = { 0, TICK_NS };
    for (;;) {
        nanosleep(&ts, NULL);
        fill_clock(writer);
    }
    return NULL;
}

/* Replaces the committed page's host memory by a shared object seen twice.
 * A host page larger than 4 KB (aarch64) is mapped whole, so the object is as
 * large: no access within it can pass its end. Its reservation is 64 KB, so
 * the host page holds no other allocation. */
static void make_alias(void)
{
    size_t size = vm_host_page_size() > VM_PAGE_SIZE ? vm_host_page_size() : VM_PAGE_SIZE;
    int fd = memfd_create("wowbox-kuser", MFD_CLOEXEC);
    if (fd < 0 || ftruncate(fd, (off_t)size) != 0)
        goto out;
    void *guest_view = g_vm->host_base + KUSER_SHARED_DATA;
    void *rw = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (rw == MAP_FAILED)
        goto out;
    if (mmap(guest_view, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED) {
        munmap(rw, size);
        goto out;
    }
    writer = rw;
out:
    if (fd >= 0)
        close(fd);
}

/* Windows draws the shared Cookie (EncodeSystemPointer's secret) once per
 * boot, the same in every process: here a hash of the kernel's boot id. */
static uint32_t boot_cookie(void)
{
    char id[64] = "";
    FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
    if (f) {
        if (!fgets(id, sizeof id, f))
            id[0] = 0;
        fclose(f);
    }
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const char *p = id; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    if (!id[0] && getentropy(&h, sizeof h) != 0)
        h = (uint32_t)time(NULL) * 2654435761u;
    return h;
}

static void fill_static(uint8_t *page)
{
    uint32_t v = 0x0FA00000u; /* TickCountMultiplier: 15.625 ms per tick, in 8.24 fixed point */
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
    struct cpu_ident id = { 0 };
    if (proc && proc->cpu && proc->cpu->identify)
        proc->cpu->identify(&id);
    cpu_features_from(&id, page + KU_PROCESSOR_FEATURES);
    uint32_t cookie = boot_cookie();
    memcpy(page + KU_COOKIE, &cookie, 4);
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
    vm_system_mark(base, VM_SYSTEM_READONLY);
    make_alias();
    uint8_t page[VM_PAGE_SIZE] = { 0 };
    fill_static(page);
    gm_write(KUSER_SHARED_DATA, page, sizeof page);
    kuser_shared_update();
    st = vm_protect(g_vm, KUSER_SHARED_DATA, VM_PAGE_SIZE, PAGE_READONLY, NULL);
    /* the fake clock moves only when read or waited on: it refreshes the
     * page then, and a ticker would make reads of the page timing-dependent */
    pthread_t t;
    if (clock_settings()->deterministic)
        clock_on_advance(kuser_shared_update);
    else if (st == STATUS_SUCCESS && writer && pthread_create(&t, NULL, ticker, NULL) == 0)
        pthread_detach(t);
    return st;
}
