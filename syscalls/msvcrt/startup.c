/* msvcrt start-up and exit: argv/environment for __getmainargs, _initterm
 * tables, atexit/_onexit handlers run LIFO on exit, errno per thread
 * (syscalls/msvcrt/thread.c keeps the cells of threads but the first),
 * and the data exports mingw and MSVC start-up code read. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/handles.h"
#include "core/heap.h"
#include "core/log.h"
#include "core/process.h"
#include "core/unicode.h"
#include "loader/dll_load.h"
#include "loader/peb.h"
#include "syscalls/api.h"
#include "syscalls/msvcrt/api_args.h"
#include "syscalls/msvcrt/struct32.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/msvcrt/cmdline.h"
#include "syscalls/msvcrt/state.h"

struct msvcrt_data msvcrt;

static gaddr *atexit_fns;
static size_t atexit_count, atexit_cap;
static gaddr fmode_cell;

/* Data exports: remember where they live; values are filled at start. */
void msvcrt_init_iob(gaddr a, uint32_t sz) { (void)sz; msvcrt.iob = a; }
void msvcrt_init_initenv(gaddr a, uint32_t sz) { (void)sz; msvcrt.initenv = a; }
void msvcrt_init_winitenv(gaddr a, uint32_t sz) { (void)sz; msvcrt.winitenv = a; }
void msvcrt_init_mb_cur_max(gaddr a, uint32_t sz) { (void)sz; msvcrt.mb_cur_max = a; }
void msvcrt_init_fmode(gaddr a, uint32_t sz) { (void)sz; msvcrt.fmode = a; }
void msvcrt_init_commode(gaddr a, uint32_t sz) { (void)sz; msvcrt.commode = a; }
void msvcrt_init_acmdln(gaddr a, uint32_t sz) { (void)sz; msvcrt.acmdln = a; }
void msvcrt_init_wcmdln(gaddr a, uint32_t sz) { (void)sz; msvcrt.wcmdln = a; }
void msvcrt_init_argc(gaddr a, uint32_t sz) { (void)sz; msvcrt.argc = a; }
void msvcrt_init_argv(gaddr a, uint32_t sz) { (void)sz; msvcrt.argv = a; }
void msvcrt_init_wargv(gaddr a, uint32_t sz) { (void)sz; msvcrt.wargv = a; }
void msvcrt_init_environ(gaddr a, uint32_t sz) { (void)sz; msvcrt.environ_ = a; }
void msvcrt_init_wenviron(gaddr a, uint32_t sz) { (void)sz; msvcrt.wenviron = a; }

static gaddr galloc(size_t n)
{
    return heap_alloc(proc->process_heap, (uint32_t)n, HEAP_ZERO_MEMORY);
}

static gaddr put_bytes(const void *p, size_t n)
{
    gaddr g = galloc(n);
    if (g)
        gm_write(g, p, n);
    return g;
}

/* argv as a guest array of guest strings, narrow (ANSI) or wide. */
static gaddr build_argv(char **argv, int argc, bool wide)
{
    gaddr arr = galloc(((size_t)argc + 1) * 4);
    for (int i = 0; arr && i < argc; i++) {
        gaddr s;
        if (wide) {
            size_t n;
            uint16_t *w = utf8_to_utf16(argv[i], &n);
            s = w ? put_bytes(w, (n + 1) * 2) : 0;
            free(w);
        } else {
            char *a = utf8_to_ansi(argv[i]);
            s = a ? put_bytes(a, strlen(a) + 1) : 0;
            free(a);
        }
        if (!s)
            return 0;
        gm_write_u32(arr + 4 * (gaddr)i, s);
    }
    return arr;
}

/* The environment as "NAME=value" strings from the PEB's block. */
static gaddr build_environ(bool wide)
{
    uint32_t block = 0;
    gm_read_u32(proc->params + PARAMS_ENVIRONMENT, &block);
    size_t count = 0;
    for (gaddr p = block;;) {
        long n = gm_wcsnlen(p, 1u << 20);
        if (n <= 0)
            break;
        count++;
        p += (gaddr)(n + 1) * 2;
    }
    gaddr arr = galloc((count + 1) * 4);
    gaddr p = block;
    for (size_t i = 0; arr && i < count; i++) {
        long n = gm_wcsnlen(p, 1u << 20);
        gaddr s;
        if (wide) {
            s = galloc((size_t)(n + 1) * 2);
            uint16_t *w = gm_ptr(p, (size_t)(n + 1) * 2, false);
            if (s && w)
                gm_write(s, w, (size_t)(n + 1) * 2);
        } else {
            char *u = gm_wcs_to_utf8(p);
            char *a = u ? utf8_to_ansi(u) : NULL;
            s = a ? put_bytes(a, strlen(a) + 1) : 0;
            free(u);
            free(a);
        }
        gm_write_u32(arr + 4 * (gaddr)i, s);
        p += (gaddr)(n + 1) * 2;
    }
    return arr;
}

static void init_iob(void)
{
    static const int32_t flags[3] = { 0x0001 /* _IOREAD */, 0x0002 /* _IOWRT */, 0x0002 };
    for (int32_t i = 0; i < 3; i++) {
        FILE32 f = { ._flag = flags[i], ._file = i };
        gm_write(msvcrt.iob + (gaddr)(i * sizeof f), &f, sizeof f);
    }
}

bool msvcrt_process_start(char *err, size_t errsz)
{
    int argc;
    char **argv = crt_split_cmdline(proc->command_line, &argc);
    if (!argv) {
        snprintf(err, errsz, "out of memory splitting the command line");
        return false;
    }
    gaddr a = build_argv(argv, argc, false), w = build_argv(argv, argc, true);
    free(argv);
    gaddr env = build_environ(false), wenv = build_environ(true);
    char *acmd = utf8_to_ansi(proc->command_line);
    gaddr acmdln = acmd ? put_bytes(acmd, strlen(acmd) + 1) : 0;
    free(acmd);
    uint32_t wcmd = 0;
    gm_read_u32(proc->params + PARAMS_COMMAND_LINE + 4, &wcmd);
    msvcrt_mbcs_start();
    msvcrt.errno_cell = galloc(sizeof(CRT_THREAD_DATA32));
    msvcrt.doserrno_cell = msvcrt.errno_cell + 4;
    if (!a || !w || !env || !wenv || !acmdln || !msvcrt.errno_cell) {
        snprintf(err, errsz, "out of guest memory setting up msvcrt");
        return false;
    }
    gm_write_u32(msvcrt.argc, (uint32_t)argc);
    gm_write_u32(msvcrt.argv, a);
    gm_write_u32(msvcrt.wargv, w);
    gm_write_u32(msvcrt.environ_, env);
    gm_write_u32(msvcrt.wenviron, wenv);
    gm_write_u32(msvcrt.initenv, env);
    gm_write_u32(msvcrt.winitenv, wenv);
    gm_write_u32(msvcrt.acmdln, acmdln);
    gm_write_u32(msvcrt.wcmdln, wcmd);
    gm_write_u32(msvcrt.mb_cur_max, 1);
    fmode_cell = msvcrt.fmode;
    init_iob();
    return true;
}

void msvcrt_set_errno(int e)
{
    gm_write_u32(msvcrt_errno_addr(), (uint32_t)e);
}

int msvcrt_errno_from_host(int e)
{
    /* msvcrt's numbering agrees with Linux for 1-34 except EAGAIN (11) */
    if (e == EAGAIN)
        return 11;
    if (e == EDEADLK)
        return 36;
    if (e == ENAMETOOLONG)
        return 38;
    if (e == ENOTEMPTY)
        return 41;
    if (e == EILSEQ)
        return 42;
    return e <= 34 ? e : 22 /* EINVAL */;
}

static uint64_t getmainargs(gaddr pargc, gaddr pargv, gaddr penv, bool wide)
{
    gm_write_u32(pargc, 0);
    uint32_t argc = 0, argv = 0, env = 0;
    gm_read_u32(msvcrt.argc, &argc);
    gm_read_u32(wide ? msvcrt.wargv : msvcrt.argv, &argv);
    gm_read_u32(wide ? msvcrt.wenviron : msvcrt.environ_, &env);
    if (!gm_write_u32(pargc, argc) || !gm_write_u32(pargv, argv) || !gm_write_u32(penv, env))
        return (uint64_t)-1;
    return 0;
}

uint64_t msvcrt___getmainargs(struct thunk_call *c)
{
    API_ARGS(msvcrt, __getmainargs, a);
    return getmainargs(a.pargc, a.pargv, a.penv, false);
}
uint64_t msvcrt___wgetmainargs(struct thunk_call *c)
{
    API_ARGS(msvcrt, __wgetmainargs, a);
    return getmainargs(a.pargc, a.pargv, a.penv, true);
}
uint64_t msvcrt___set_app_type(struct thunk_call *c) { (void)c; return 0; }
uint64_t msvcrt___p__fmode(struct thunk_call *c) { (void)c; return msvcrt.fmode; }
uint64_t msvcrt___p__commode(struct thunk_call *c) { (void)c; return msvcrt.commode; }
uint64_t msvcrt___p__acmdln(struct thunk_call *c) { (void)c; return msvcrt.acmdln; }
uint64_t msvcrt___p__wcmdln(struct thunk_call *c) { (void)c; return msvcrt.wcmdln; }
uint64_t msvcrt___p___argc(struct thunk_call *c) { (void)c; return msvcrt.argc; }
uint64_t msvcrt___p___argv(struct thunk_call *c) { (void)c; return msvcrt.argv; }
uint64_t msvcrt___p___wargv(struct thunk_call *c) { (void)c; return msvcrt.wargv; }
uint64_t msvcrt___p__environ(struct thunk_call *c) { (void)c; return msvcrt.environ_; }
uint64_t msvcrt___p___initenv(struct thunk_call *c) { (void)c; return msvcrt.initenv; }
uint64_t msvcrt___p___mb_cur_max(struct thunk_call *c) { (void)c; return msvcrt.mb_cur_max; }
uint64_t msvcrt___mb_cur_max_func(struct thunk_call *c) { (void)c; return 1; }
/* The program's _matherr hook is kept as msvcrt keeps it; the math
 * functions do not call it yet (they set errno only), which the closing
 * note of the foundation issues records. */
gaddr msvcrt_user_matherr;
uint64_t msvcrt___setusermatherr(struct thunk_call *c)
{
    API_ARGS(msvcrt, __setusermatherr, a);
    msvcrt_user_matherr = a.pf;
    return 0;
}
uint64_t msvcrt___iob_func(struct thunk_call *c) { (void)c; return msvcrt.iob; }
uint64_t msvcrt__errno(struct thunk_call *c) { (void)c; return msvcrt_errno_addr(); }
uint64_t msvcrt___doserrno(struct thunk_call *c) { (void)c; return msvcrt_errno_addr() + 4; }

/* Calls each non-NULL pointer in [start, end); stops at a failure for _e. */
uint32_t msvcrt_initterm(struct thunk_call *c, gaddr start, gaddr end, bool check)
{
    for (gaddr p = start; p < end; p += 4) {
        uint32_t fn = 0, ret = 0;
        if (!gm_read_u32(p, &fn))
            break;
        if (!fn)
            continue;
        if (!thunk_call_guest(c, fn, NULL, 0, &ret))
            return 0;
        if (check && ret)
            return ret;
    }
    return 0;
}

uint64_t msvcrt__initterm(struct thunk_call *c)
{
    API_ARGS(msvcrt, _initterm, a);
    return msvcrt_initterm(c, a.start, a.end, false);
}

bool msvcrt_add_atexit(gaddr fn)
{
    if (atexit_count == atexit_cap) {
        size_t cap = atexit_cap ? atexit_cap * 2 : 32;
        gaddr *n = realloc(atexit_fns, cap * sizeof *n);
        if (!n)
            return false;
        atexit_fns = n;
        atexit_cap = cap;
    }
    atexit_fns[atexit_count++] = fn;
    return true;
}

uint64_t msvcrt_atexit(struct thunk_call *c)
{
    API_ARGS(msvcrt, atexit, a);
    return msvcrt_add_atexit(a.func) ? 0 : (uint64_t)-1;
}
uint64_t msvcrt__onexit(struct thunk_call *c) { API_ARGS(msvcrt, _onexit, a); return msvcrt_add_atexit(a.func) ? a.func : 0; }

/* A DLL's private onexit table: [*pbegin, *pend) grown on the guest heap. */
uint64_t msvcrt___dllonexit(struct thunk_call *c)
{
    API_ARGS(msvcrt, __dllonexit, a);
    gaddr fn = a.func, pbegin = a.pbegin, pend = a.pend;
    uint32_t begin = 0, end = 0;
    if (!gm_read_u32(pbegin, &begin) || !gm_read_u32(pend, &end))
        return 0;
    uint32_t n = begin ? (end - begin) / 4 : 0;
    gaddr nb = begin ? heap_realloc(proc->process_heap, begin, (n + 1) * 4, 0)
                     : heap_alloc(proc->process_heap, 4, 0);
    if (!nb)
        return 0;
    gm_write_u32(nb + n * 4, fn);
    gm_write_u32(pbegin, nb);
    gm_write_u32(pend, nb + (n + 1) * 4);
    return fn;
}

static bool run_atexit(struct thunk_call *c)
{
    while (atexit_count) {
        gaddr fn = atexit_fns[--atexit_count];
        if (!thunk_call_guest(c, fn, NULL, 0, NULL))
            return false;
    }
    return true;
}

uint64_t msvcrt_exit_process(struct thunk_call *c, uint32_t code, bool handlers)
{
    if (handlers && !run_atexit(c)) {
        c->no_return = true;
        return 0;
    }
    msvcrt_flush_all();
    /* exit() ends in ExitProcess: the other threads end, then the DLLs
     * are detached */
    if (!threads_terminate_others()) {
        c->no_return = true;
        return 0;
    }
    dll_detach_all();
    process_exit(code);
    c->no_return = true;
    return 0;
}

uint64_t msvcrt_exit(struct thunk_call *c) { API_ARGS(msvcrt, exit, a); return msvcrt_exit_process(c, a.status, true); }
uint64_t msvcrt__exit(struct thunk_call *c) { API_ARGS(msvcrt, _exit, a); return msvcrt_exit_process(c, a.status, false); }

uint64_t msvcrt__cexit(struct thunk_call *c)
{
    if (run_atexit(c))
        msvcrt_flush_all();
    return 0;
}

uint64_t msvcrt__c_exit(struct thunk_call *c) { (void)c; return 0; }

uint64_t msvcrt__amsg_exit(struct thunk_call *c)
{
    API_ARGS(msvcrt, _amsg_exit, a);
    fprintf(stderr, "\r\nruntime error R60%02u\r\n", a.rterrnum);
    return msvcrt_exit_process(c, 255, false);
}

/* msvcrt's abort: its message, then raise(SIGABRT) (a handler that
 * returns changes nothing), then _exit(3). The Universal CRT's differs
 * (syscalls/ucrtbase/abort.c). */
uint64_t msvcrt_abort(struct thunk_call *c)
{
    fprintf(stderr, "\r\nThis application has requested the Runtime to terminate it in an unusual way.\n"
                    "Please contact the application's support team for more information.\r\n");
    if (!msvcrt_call_signal_handler(c, 22 /* SIGABRT */))
        return 0;
    return msvcrt_exit_process(c, 3, false);
}

#define NSIG_CRT 23
static gaddr signal_handlers[NSIG_CRT];

static bool valid_signal(uint32_t s)
{
    return s == 2 || s == 4 || s == 8 || s == 11 || s == 15 || s == 21 || s == 22;
}

uint32_t msvcrt_signal_handler(uint32_t sig)
{
    return valid_signal(sig) ? signal_handlers[sig] : 0;
}

void msvcrt_signal_reset(uint32_t sig)
{
    if (valid_signal(sig))
        signal_handlers[sig] = 0;
}

uint64_t msvcrt_signal(struct thunk_call *c)
{
    API_ARGS(msvcrt, signal, a);
    uint32_t sig = a.sig;
    if (!valid_signal(sig)) {
        msvcrt_set_errno(22);
        return (uint64_t)(uint32_t)-1; /* SIG_ERR */
    }
    gaddr old = signal_handlers[sig];
    signal_handlers[sig] = a.func;
    return old;
}

bool msvcrt_call_signal_handler(struct thunk_call *c, uint32_t sig)
{
    gaddr h = valid_signal(sig) ? signal_handlers[sig] : 0;
    if (h <= 1) /* SIG_DFL, SIG_IGN */
        return true;
    signal_handlers[sig] = 0; /* reset to default before the call, as msvcrt does */
    uint32_t a = sig;
    return thunk_call_guest(c, h, &a, 1, NULL);
}

uint64_t msvcrt_raise(struct thunk_call *c)
{
    API_ARGS(msvcrt, raise, args);
    uint32_t sig = args.sig;
    if (!valid_signal(sig))
        return (uint64_t)-1;
    if (signal_handlers[sig] == 0) /* SIG_DFL: terminate with exit code 3, as msvcrt does */
        return msvcrt_exit_process(c, 3, false);
    msvcrt_call_signal_handler(c, sig);
    return 0;
}

/* Only the "C" locale exists; asking for it (or querying) succeeds. */
static gaddr c_locale_name;

uint64_t msvcrt_setlocale(struct thunk_call *c)
{
    API_ARGS(msvcrt, setlocale, a);
    gaddr want = a.locale;
    if (!c_locale_name)
        c_locale_name = put_bytes("C", 2);
    if (want == 0)
        return c_locale_name;
    char *s = gm_strdup(want);
    bool ok = s && (strcmp(s, "C") == 0 || strcmp(s, "") == 0);
    free(s);
    return ok ? c_locale_name : 0;
}

static gaddr lconv_addr;

uint64_t msvcrt_localeconv(struct thunk_call *c)
{
    (void)c;
    if (lconv_addr)
        return lconv_addr;
    /* the "C" locale: "." and empty strings, the guest's CHAR_MAX (not available) */
    gaddr dot = put_bytes(".", 2), empty = put_bytes("", 1);
    lconv_addr = galloc(sizeof(LCONV32));
    if (!lconv_addr || !dot || !empty)
        return 0;
    LCONV32 l = {
        .decimal_point = dot, .thousands_sep = empty, .grouping = empty, .int_curr_symbol = empty,
        .currency_symbol = empty, .mon_decimal_point = empty, .mon_thousands_sep = empty,
        .mon_grouping = empty, .positive_sign = empty, .negative_sign = empty,
        .int_frac_digits = GUEST_CHAR_MAX, .frac_digits = GUEST_CHAR_MAX, .p_cs_precedes = GUEST_CHAR_MAX,
        .p_sep_by_space = GUEST_CHAR_MAX, .n_cs_precedes = GUEST_CHAR_MAX, .n_sep_by_space = GUEST_CHAR_MAX,
        .p_sign_posn = GUEST_CHAR_MAX, .n_sign_posn = GUEST_CHAR_MAX,
    };
    gm_write(lconv_addr, &l, sizeof l);
    return lconv_addr;
}
