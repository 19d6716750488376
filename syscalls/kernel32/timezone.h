/* The guest's time zone as Windows describes it (a bias and two yearly
 * transition rules), derived from the host's zone, and the conversions
 * between UTC and local time under such a description. */
#ifndef WOWBOX_SYSCALLS_KERNEL32_TIMEZONE_H
#define WOWBOX_SYSCALLS_KERNEL32_TIMEZONE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "syscalls/kernel32/struct32.h"

/* The zone of the C library's current TZ (tzset) as Windows would report
 * it, seen at unix time `now`: the Windows names and key when `iana` (an
 * IANA name such as "Europe/Berlin", or NULL) is in wowbox's small table,
 * else names of the form "UTC+01:00"; the transition rules are the next
 * changes between standard and daylight time within a year of `now`
 * (none: a zone without daylight saving). */
void tz_derive(const char *iana, time_t now, DYNAMIC_TIME_ZONE_INFORMATION32 *out);

/* The names of a zone whose standard and daylight offsets (seconds east of
 * UTC) are std_off and dst_off: Windows' when `iana` is in wowbox's table,
 * else "UTC+01:00" forms. */
void tz_set_names(DYNAMIC_TIME_ZONE_INFORMATION32 *out, const char *iana, long std_off, long dst_off);

/* A TZ value as the guest gives it, read without the C library's tzset: a
 * zone file name ("Europe/Berlin", ":America/New_York", an absolute path),
 * whose TZif footer holds the zone's current rule, or a POSIX TZ string
 * ("EST5EDT,M3.2.0,M11.1.0"); false when it is neither. */
bool tz_from_tz(const char *tz, time_t now, DYNAMIC_TIME_ZONE_INFORMATION32 *out);
/* A POSIX TZ string as Windows rules; `iana` names the zone (or NULL). */
bool tz_from_posix(const char *posix, const char *iana, time_t now, DYNAMIC_TIME_ZONE_INFORMATION32 *out);

/* The guest's zone (kernel32's GetDynamicTimeZoneInformation), which the C
 * runtime's local time uses too. */
const DYNAMIC_TIME_ZONE_INFORMATION32 *tz_guest_zone(void);

/* GetLocalTime's answer (the fake clock moves as for any read). */
void tz_local_now(SYSTEMTIME32 *st);

/* UTC, the zone of a --deterministic run. */
void tz_utc(DYNAMIC_TIME_ZONE_INFORMATION32 *out);

/* Whether the zone has daylight saving at all (a DaylightDate month). */
bool tz_has_daylight(const TIME_ZONE_INFORMATION32 *tzi);

/* Conversions under a zone's rules for the year concerned; false when
 * the rules or the time are malformed. `daylight` (may be NULL) tells
 * which bias applied. */
bool tz_utc_to_local(const TIME_ZONE_INFORMATION32 *tzi, uint64_t utc, uint64_t *local, bool *daylight);
bool tz_local_to_utc(const TIME_ZONE_INFORMATION32 *tzi, uint64_t local, uint64_t *utc);

#endif
