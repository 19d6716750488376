/* std::terminate: the Universal CRT keeps the terminate handler per thread
 * (set_terminate changes the calling thread's); terminate() calls it and,
 * should it return, aborts, as the C++ standard asks. */
#include "syscalls/ucrtbase/terminate.h"

#include "core/log.h"
#include "syscalls/ucrtbase/abort.h"
#include "syscalls/ucrtbase/api_args.h"

static _Thread_local gaddr terminate_handler;

uint64_t ucrt_terminate(struct thunk_call *c)
{
    if (terminate_handler) {
        uint32_t ignored;
        if (!thunk_call_guest(c, terminate_handler, NULL, 0, &ignored))
            return 0; /* the process is going away (the handler exited) */
        wb_note("the terminate handler returned; aborting");
    }
    c->no_return = true;
    return ucrt_abort(c);
}

uint64_t ucrtbase_terminate(struct thunk_call *c) { return ucrt_terminate(c); }

uint64_t ucrtbase_set_terminate(struct thunk_call *c)
{
    API_ARGS(ucrtbase, set_terminate, a);
    gaddr old = terminate_handler;
    terminate_handler = a.handler;
    return old;
}

uint64_t ucrtbase__get_terminate(struct thunk_call *c)
{
    (void)c;
    return terminate_handler;
}
