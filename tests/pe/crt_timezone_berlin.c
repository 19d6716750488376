/* crt_timezone_berlin.c - crt_timezone in Europe/Berlin (crt_timezone_berlin.opts). */
#include "crt_timezone.c"
