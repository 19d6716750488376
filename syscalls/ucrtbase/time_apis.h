/* ucrtbase: the time-zone variables through the UCRT's accessors
 * (syscalls/ucrtbase/time.c); the values are msvcrt's, from kernel32's zone. */
API(__timezone, "", "p")
API(__daylight, "", "p")
API(__dstbias, "", "p")
API(__tzname, "", "p")
API(_get_timezone, "p seconds", "i")
API(_get_daylight, "p hours", "i")
API(_get_dstbias, "p seconds", "i")
API(_get_tzname, "p length, p buffer, u size, i index", "i")
