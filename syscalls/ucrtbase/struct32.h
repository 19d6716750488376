/* ucrtbase's 32-bit structures, in the i386 layout of the UCRT headers. */
#ifndef WOWBOX_SYSCALLS_UCRTBASE_STRUCT32_H
#define WOWBOX_SYSCALLS_UCRTBASE_STRUCT32_H

#include <stdint.h>

#include "syscalls/struct32_pin.h"

/* _onexit_table_t: a growable array of function pointers [first, last),
 * room up to end. */
typedef struct {
    uint32_t first, last, end;
} ONEXIT_TABLE32;
PIN(ONEXIT_TABLE32, first, 0);
PIN(ONEXIT_TABLE32, last, 4);
PIN(ONEXIT_TABLE32, end, 8);
PIN_SIZE(ONEXIT_TABLE32, 12);

/* struct _timespec32 and _timespec64 */
typedef struct {
    int32_t tv_sec;
    int32_t tv_nsec;
} TIMESPEC32;
PIN(TIMESPEC32, tv_nsec, 4);
PIN_SIZE(TIMESPEC32, 8);

typedef struct {
    int64_t tv_sec;
    int32_t tv_nsec;
    int32_t pad;
} TIMESPEC64;
PIN(TIMESPEC64, tv_nsec, 8);
PIN_SIZE(TIMESPEC64, 16);

#endif
