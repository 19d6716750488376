/* Unit tests for the trace event pipeline (core/trace.c, trace_text.c,
 * trace_sig.c): a recording sink checks entry/exit pairing, nesting depth,
 * sequence numbers, the layer filter and per-thread buffering flushed when
 * a thread ends; the text sink's lines are checked against guest memory
 * holding a real argument block. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <signal.h>
#include <sys/wait.h>

#include "core/guest_mem.h"
#include "core/host_crash.h"
#include "core/thread.h"
#include "core/trace.h"
#include "core/trace_sig.h"
#include "core/vm.h"

static struct vm vm;
#define MEM    0x00400000u
#define STACK  (MEM + 0x0000) /* argument block */
#define BUF    (MEM + 0x1000)
#define COUNT  (MEM + 0x1100)
#define CALLER 0x00401234u

static int setup(void **state)
{
    (void)state;
    if (vm_init(&vm, false) != STATUS_SUCCESS)
        return -1;
    g_vm = &vm;
    gaddr a = MEM;
    if (vm_reserve(&vm, &a, 0x10000, 0, PAGE_READWRITE, false) != STATUS_SUCCESS)
        return -1;
    return vm_commit(&vm, MEM, 0x2000, PAGE_READWRITE) == STATUS_SUCCESS ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    g_vm = NULL;
    vm_destroy(&vm);
    return 0;
}

/* ------------------------------------------------------ recording sink */

/* One line per event: "E seq depth layer dll!func tid" / "X seq depth layer
 * dll!func tid entry_seq". */
static void rec_event(struct trace_sink *s, struct trace_out *o, const struct trace_event *ev)
{
    (void)s;
    if (ev->phase == TRACE_NOTE) {
        strbuf_printf(&o->buf, "N %llu %s\n", (unsigned long long)ev->seq, ev->text);
        return;
    }
    strbuf_printf(&o->buf, "%c %llu %d %s %s!%s %u", ev->phase == TRACE_ENTRY ? 'E' : 'X',
                  (unsigned long long)ev->seq, ev->depth, ev->layer == TRACE_LAYER_NT ? "nt" : "api",
                  ev->dll, ev->func, ev->tid);
    if (ev->phase == TRACE_EXIT)
        strbuf_printf(&o->buf, " %llu", (unsigned long long)ev->entry_seq);
    strbuf_putc(&o->buf, '\n');
}

static const struct trace_sink_ops rec_sink = { .name = "rec", .event = rec_event };

/* "NET start end" for network records. */
static void net_event(struct trace_sink *s, struct trace_out *o, const struct trace_event *ev)
{
    (void)s;
    if (ev->phase == TRACE_NET)
        strbuf_printf(&o->buf, "NET %llu %llu\n", (unsigned long long)ev->net->start_filetime,
                      (unsigned long long)ev->filetime);
}

static const struct trace_sink_ops net_sink = { .name = "net", .event = net_event };

static char tmpl[64];

/* A fresh file for a sink; returns its fd (the trace owns it). */
static int temp_fd(void)
{
    strcpy(tmpl, "/tmp/wowbox-trace-XXXXXX");
    int fd = mkstemp(tmpl);
    assert_true(fd > 2);
    return fd;
}

static char *slurp(void)
{
    FILE *f = fopen(tmpl, "r");
    assert_non_null(f);
    static char text[1 << 16];
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = 0;
    fclose(f);
    return text;
}

static size_t file_size(void)
{
    return strlen(slurp());
}

static int api_begin(const char *func)
{
    struct trace_call c = { .layer = TRACE_LAYER_API, .dll = "kernel32", .func = func, .sig = "",
                            .ret_sig = "b", .caller = CALLER, .self = 0x7b001000 };
    return trace_call_begin(&c);
}

static void test_pairing_nesting_sequence(void **state)
{
    (void)state;
    assert_true(trace_add_sink(&rec_sink, temp_fd(), TRACE_LAYER_ALL, NULL));
    assert_true(trace_enabled);
    int outer = api_begin("VirtualAlloc");
    assert_int_equal(outer, 1);
    int nt = TRACE_NT_BEGIN("NtAllocateVirtualMemory", "x BaseAddress, x RegionSize", 0u, 0x1000u);
    assert_int_equal(nt, 2);
    /* an NT service inside an NT service does not nest */
    int inner = TRACE_NT_BEGIN("NtAllocateVirtualMemory", "x BaseAddress", 0u);
    assert_int_equal(inner, 0);
    TRACE_NT_END(inner, 0, "");
    TRACE_NT_END(nt, 0, "x BaseAddress", 0x340000u);
    trace_call_end(outer, 1, 0, false, false);
    /* buffered: nothing written before a flush */
    assert_int_equal(file_size(), 0);
    trace_thread_flush();
    char *text = slurp();
    unsigned long long seq[4], entry_of_nt, entry_of_outer;
    int n = sscanf(text,
                   "E %llu 0 api kernel32!VirtualAlloc 0\n"
                   "E %llu 1 nt ntdll!NtAllocateVirtualMemory 0\n"
                   "X %llu 1 nt ntdll!NtAllocateVirtualMemory 0 %llu\n"
                   "X %llu 0 api kernel32!VirtualAlloc 0 %llu\n",
                   &seq[0], &seq[1], &seq[2], &entry_of_nt, &seq[3], &entry_of_outer);
    if (n != 6)
        fail_msg("unexpected events:\n%s", text);
    for (int i = 1; i < 4; i++)
        assert_true(seq[i] > seq[i - 1]);
    assert_int_equal(entry_of_nt, seq[1]);
    assert_int_equal(entry_of_outer, seq[0]);
    trace_close();
    assert_false(trace_enabled);
    unlink(tmpl);
}

static void test_layer_filter(void **state)
{
    (void)state;
    assert_true(trace_add_sink(&rec_sink, temp_fd(), TRACE_LAYER_NT, NULL));
    int a = api_begin("VirtualFree");
    int nt = TRACE_NT_BEGIN("NtFreeVirtualMemory", "x BaseAddress", 0x340000u);
    TRACE_NT_END(nt, 0, "");
    trace_call_end(a, 1, 0, false, false);
    trace_close();
    char *text = slurp();
    assert_null(strstr(text, "kernel32"));
    assert_non_null(strstr(text, "E "));
    assert_non_null(strstr(text, "X "));
    /* the depth counts the unshown API call around it */
    assert_non_null(strstr(text, " 1 nt ntdll!NtFreeVirtualMemory"));
    unlink(tmpl);
}

/* Calls nested deeper than the trace keeps are left out, and said so once. */
static void test_nesting_too_deep(void **state)
{
    (void)state;
    assert_true(trace_add_sink(&rec_sink, temp_fd(), TRACE_LAYER_ALL, NULL));
    int tokens[40];
    for (int i = 0; i < 40; i++)
        tokens[i] = api_begin("EnumWindows");
    for (int i = 0; i < 40; i++)
        assert_int_equal(tokens[i], i < 32 ? i + 1 : 0);
    for (int i = 39; i >= 0; i--)
        trace_call_end(tokens[i], 0, 0, false, false);
    trace_close();
    int entries = 0, exits = 0, notes = 0;
    for (char *line = strtok(slurp(), "\n"); line; line = strtok(NULL, "\n")) {
        entries += line[0] == 'E';
        exits += line[0] == 'X';
        notes += line[0] == 'N' && strstr(line, "deeper than 32") != NULL;
    }
    assert_int_equal(entries, 32);
    assert_int_equal(exits, 32);
    assert_int_equal(notes, 1);
    unlink(tmpl);
}

/* A thread emitting calls; half the threads end through trace_thread_end,
 * the others just end (the thread-exit destructor flushes them). */
struct worker {
    struct guest_thread gt;
    int calls;
    bool explicit_end;
};

static void *work(void *arg)
{
    struct worker *w = arg;
    current_thread = &w->gt;
    for (int i = 0; i < w->calls; i++) {
        int t = api_begin("Sleep");
        trace_call_end(t, 0, 0, false, false);
    }
    if (w->explicit_end)
        trace_thread_end();
    current_thread = NULL;
    return NULL;
}

static void test_per_thread_buffers_flushed_at_thread_end(void **state)
{
    (void)state;
    assert_true(trace_add_sink(&rec_sink, temp_fd(), TRACE_LAYER_ALL, NULL));
    struct worker w[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].gt.tid = 100 + 4 * (uint32_t)i;
        w[i].calls = 200;
        w[i].explicit_end = i % 2 == 0;
        assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    /* everything is written by the time the threads are gone (no close yet) */
    char *text = slurp();
    int lines[4] = { 0 }, runs = 0;
    unsigned last_tid = 0;
    unsigned long long last_seq[4] = { 0 };
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char ph;
        unsigned long long seq;
        int depth;
        unsigned tid;
        assert_int_equal(sscanf(line, "%c %llu %d api kernel32!Sleep %u", &ph, &seq, &depth, &tid), 4);
        assert_int_equal(depth, 0);
        int i = (int)(tid - 100) / 4;
        assert_true(i >= 0 && i < 4);
        assert_true(seq > last_seq[i]); /* each thread's events in order */
        last_seq[i] = seq;
        lines[i]++;
        if (tid != last_tid)
            runs++;
        last_tid = tid;
    }
    for (int i = 0; i < 4; i++)
        assert_int_equal(lines[i], 2 * 200);
    /* each thread's buffer went out whole: one run of lines per thread */
    assert_int_equal(runs, 4);
    trace_close();
    unlink(tmpl);
}

/* ------------------------------------------------------------ text sink */

static void put_u32(gaddr a, uint32_t v)
{
    assert_true(gm_write_u32(a, v));
}

static void test_text_sink_lines(void **state)
{
    (void)state;
    int fd = temp_fd();
    close(fd);
    assert_true(trace_open(tmpl, TRACE_LAYER_ALL));
    /* ReadFile(8, BUF, 100, COUNT, NULL) */
    static const char *sig = "h hFile, p lpBuffer out[*lpNumberOfBytesRead], u nNumberOfBytesToRead, "
                             "p lpNumberOfBytesRead out u, p lpOverlapped";
    put_u32(STACK, 8);
    put_u32(STACK + 4, BUF);
    put_u32(STACK + 8, 100);
    put_u32(STACK + 12, COUNT);
    put_u32(STACK + 16, 0);
    struct trace_call c = { .layer = TRACE_LAYER_API, .dll = "kernel32", .func = "ReadFile", .sig = sig,
                            .ret_sig = "b", .args_at = STACK, .caller = CALLER, .self = 0x7b001000 };
    int t = trace_call_begin(&c);
    /* the "handler": an NT read it issues, then what it wrote */
    int nt = TRACE_NT_BEGIN("NtReadFile", "h FileHandle, S Name, p Buffer, u Length", 8u, "\\??\\C:\\a.txt",
                            BUF, 100u);
    assert_true(gm_write(BUF, "Hello world\r\n", 13));
    put_u32(COUNT, 13);
    TRACE_NT_END(nt, 0, "p Buffer out[Information], u Information, B Bounce out[Information]", BUF, 13u,
                 "Hello world\r\n");
    trace_call_end(t, 1, 0, false, false);
    /* WriteFile-like in-buffer longer than the preview, and a wide string */
    assert_true(gm_write(BUF, "0123456789abcdefXYZ", 19));
    put_u32(STACK + 8, 19);
    c.func = "WriteFile";
    c.sig = "h hFile, p lpBuffer in[nNumberOfBytesToWrite], u nNumberOfBytesToWrite";
    t = trace_call_begin(&c);
    trace_call_end(t, 1, 0, false, false);
    /* a call left running when the trace ends */
    c.func = "Sleep";
    c.sig = "u dwMilliseconds";
    trace_call_begin(&c);
    trace_close();
    const char *want =
        "kernel32!ReadFile(hFile=0x8, lpBuffer=0x401000, nNumberOfBytesToRead=100, lpNumberOfBytesRead=0x401100, "
        "lpOverlapped=0) <unfinished ...>\n"
        "  ntdll!NtReadFile(FileHandle=0x8, Name=\"\\\\??\\\\C:\\\\a.txt\", Buffer=0x401000, Length=100) = 0 "
        "{Buffer=[13: 48 65 6c 6c 6f 20 77 6f 72 6c 64 0d 0a |Hello world..|], Information=13, "
        "Bounce=[13: 48 65 6c 6c 6f 20 77 6f 72 6c 64 0d 0a |Hello world..|]} from 0x7b001000\n"
        "<... kernel32!ReadFile resumed> = TRUE {lpBuffer=[13: 48 65 6c 6c 6f 20 77 6f 72 6c 64 0d 0a "
        "|Hello world..|], lpNumberOfBytesRead=13} from 0x401234\n"
        "kernel32!WriteFile(hFile=0x8, lpBuffer=0x401000 [19: 30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66 ... "
        "|0123456789abcdef|...], nNumberOfBytesToWrite=19) = TRUE from 0x401234\n"
        "kernel32!Sleep(dwMilliseconds=8) <unfinished ...>\n";
    assert_string_equal(slurp(), want);
    unlink(tmpl);
}

/* wowbox itself crashing in a handler: the fatal-signal handler writes
 * what the thread had buffered, and the call it was in as unfinished. */
static void test_crash_flushes_the_trace(void **state)
{
    (void)state;
    int fd = temp_fd();
    close(fd);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 2); /* the crash report */
        if (!trace_open(tmpl, TRACE_LAYER_ALL))
            _exit(3);
        int t = api_begin("GetTickCount");
        trace_call_end(t, 1, 0, false, false);
        api_begin("CreateFileA");
        host_crash_install();
        raise(SIGSEGV);
        _exit(4); /* not reached: the handler aborts */
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFSIGNALED(st));
    assert_int_equal(WTERMSIG(st), SIGABRT);
    assert_string_equal(slurp(), "kernel32!GetTickCount() = TRUE from 0x401234\n"
                                 "kernel32!CreateFileA() <unfinished ...>\n");
    unlink(tmpl);
}

/* Interrupted (Ctrl-C, kill): the buffered trace is written, and the
 * process still dies of the signal. */
static void test_termination_flushes_the_trace(void **state)
{
    (void)state;
    int fd = temp_fd();
    close(fd);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGTERM, SIG_DFL);
        if (!trace_open(tmpl, TRACE_LAYER_ALL))
            _exit(3);
        int t = api_begin("GetTickCount");
        trace_call_end(t, 1, 0, false, false);
        api_begin("Sleep");
        raise(SIGTERM);
        _exit(4);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFSIGNALED(st));
    assert_int_equal(WTERMSIG(st), SIGTERM);
    assert_string_equal(slurp(), "kernel32!GetTickCount() = TRUE from 0x401234\n"
                                 "kernel32!Sleep() <unfinished ...>\n");
    unlink(tmpl);
}

/* A network record is one line, inside the call that did the work, and
 * reaches a sink whatever its layers. */
static void test_net_record_text_line(void **state)
{
    (void)state;
    strcpy(tmpl, "/tmp/wowbox-trace-XXXXXX");
    close(mkstemp(tmpl));
    assert_true(trace_open(tmpl, TRACE_LAYER_ALL));
    int a = api_begin("WriteFile");
    struct trace_net r = { .op = TRACE_NET_SEND, .proto = TRACE_NET_TCP, .family = 4, .size = 5,
                           .saddr = { 127, 0, 0, 1 }, .daddr = { 127, 0, 0, 1 }, .sport = 50000,
                           .dport = 7, .connid = 3, .seqnum = 10 };
    uint64_t t0 = trace_filetime_now();
    r.start_filetime = t0;
    trace_net(&r);
    trace_call_end(a, 1, 0, false, false);
    r.op = TRACE_NET_RECV;
    r.proto = TRACE_NET_UDP;
    r.family = 6;
    memset(r.saddr, 0, 16);
    r.saddr[15] = 1;
    trace_net(&r);
    trace_close();
    char *text = slurp();
    assert_non_null(strstr(text, "kernel32!WriteFile() <unfinished ...>\n"
                                 "  net: TcpIp SendIPV4 size=5 127.0.0.1:50000 -> 127.0.0.1:7 connid=3 seqnum=10\n"
                                 "<... kernel32!WriteFile resumed> = TRUE"));
    assert_non_null(strstr(text, "\nnet: UdpIp RecvIPV6 size=5 [::1]:50000 -> [7f00:1::]:7 connid=3 seqnum=10\n"));
    assert_string_equal(trace_net_op_name(TRACE_NET_DISCONNECT), "Disconnect");
    assert_string_equal(trace_net_op_name(99), "?");
    unlink(tmpl);

    /* a sink showing only NT calls still gets the record, with its times */
    assert_true(trace_add_sink(&net_sink, temp_fd(), TRACE_LAYER_NT, NULL));
    t0 = trace_filetime_now();
    r.start_filetime = 0;
    trace_net(&r);
    trace_close();
    unsigned long long start, end;
    assert_int_equal(sscanf(slurp(), "NET %llu %llu", &start, &end), 2);
    assert_true(start >= t0 && end >= start);
    unlink(tmpl);
}

static void test_sig_grammar(void **state)
{
    (void)state;
    struct trace_param p[8];
    char why[128];
    int n = trace_sig_parse("p buf out[ret*size], u size, p got out u, w name inout, s dst out[12]", p, 8, why,
                            sizeof why);
    assert_int_equal(n, 5);
    assert_int_equal(p[0].dir, TRACE_DIR_OUT);
    assert_int_equal(p[0].nterms, 2);
    assert_int_equal(p[0].terms[0].kind, TRACE_TERM_RET);
    assert_int_equal(p[0].terms[1].kind, TRACE_TERM_ARG);
    assert_int_equal(p[0].terms[1].name_len, 4);
    assert_int_equal(p[1].dir, TRACE_DIR_NONE);
    assert_int_equal(p[2].pointee, 'u');
    assert_int_equal(p[3].dir, TRACE_DIR_INOUT);
    assert_int_equal(p[4].terms[0].kind, TRACE_TERM_CONST);
    assert_int_equal(p[4].terms[0].value, 12);
    assert_true(trace_sig_check_sizes(p, n, why, sizeof why));
    assert_int_equal(trace_sig_parse("p a out[*b], p b", p, 8, why, sizeof why), 2);
    assert_int_equal(p[0].terms[0].kind, TRACE_TERM_DEREF);
    assert_int_equal(trace_sig_parse("p a out u, p b", p, 1, why, sizeof why), -1); /* too many */
    assert_int_equal(trace_sig_parse("B host in[n], u n", p, 8, why, sizeof why), 2);
    assert_int_equal(trace_sig_parse("B host", p, 8, why, sizeof why), -1); /* needs a size */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sig_grammar),
        cmocka_unit_test(test_pairing_nesting_sequence),
        cmocka_unit_test(test_layer_filter),
        cmocka_unit_test(test_nesting_too_deep),
        cmocka_unit_test(test_per_thread_buffers_flushed_at_thread_end),
        cmocka_unit_test(test_text_sink_lines),
        cmocka_unit_test(test_net_record_text_line),
        cmocka_unit_test(test_crash_flushes_the_trace),
        cmocka_unit_test(test_termination_flushes_the_trace),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
