/* winmm's 32-bit structures, offsets pinned. */
#ifndef WOWBOX_SYSCALLS_WINMM_STRUCT32_H
#define WOWBOX_SYSCALLS_WINMM_STRUCT32_H

#include <stdint.h>

#include "syscalls/struct32_pin.h"

/* MMTIME: wType says which member of the union holds the time. */
typedef struct {
    uint32_t wType;
    union {
        uint32_t ms, sample, cb, ticks;
        struct {
            uint8_t hour, min, sec, frame, fps, dummy, pad[2];
        } smpte;
        struct {
            uint32_t songptrpos;
        } midi;
    } u;
} MMTIME32;
PIN(MMTIME32, u, 4);
PIN_SIZE(MMTIME32, 12);

typedef struct {
    uint32_t wPeriodMin;
    uint32_t wPeriodMax;
} TIMECAPS32;
PIN(TIMECAPS32, wPeriodMax, 4);
PIN_SIZE(TIMECAPS32, 8);

#endif
