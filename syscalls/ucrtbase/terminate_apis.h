/* ucrtbase: std::terminate and its handler (syscalls/ucrtbase/terminate.c). */
API(terminate, "", "v")
API(set_terminate, "p handler", "p")
API(_get_terminate, "", "p")
