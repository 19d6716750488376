/* The Gregorian calendar of SYSTEMTIME and FILETIME (syscalls/kernel32/time.c),
 * shared with the time-zone rules (syscalls/kernel32/timezone.c). */
#ifndef WOWBOX_SYSCALLS_KERNEL32_CALENDAR_H
#define WOWBOX_SYSCALLS_KERNEL32_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

#include "syscalls/kernel32/struct32.h"

unsigned calendar_month_days(unsigned year, unsigned month);

/* FileTimeToSystemTime's conversion (wDayOfWeek filled in); false past
 * 0x7FFFFFFFFFFFFFFF. */
bool calendar_filetime_to_st(uint64_t ft, SYSTEMTIME32 *st);

/* SystemTimeToFileTime's: false when a field is out of range (wDayOfWeek
 * is ignored). */
bool calendar_st_to_filetime(const SYSTEMTIME32 *st, uint64_t *ft);

#endif
