/* ucrtbase: abort() and its behaviour flags (syscalls/ucrtbase/abort.c). */
API(abort, "", "v")
API(_set_abort_behavior, "x flags, x mask", "x fails:never")
