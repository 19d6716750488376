/* Unit tests for the trace sinks and filters: JSON string escaping (valid
 * JSON out of any bytes), CSV quoting, the glob matcher (and that it does
 * not blow up on adversarial patterns), --trace=SPEC parsing and matching,
 * the class and failure derived from the export tables, --trace-failed
 * holding entries back, and the jsonl, etw-csv, chrome and summary sinks
 * on a real trace file. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/trace.h"
#include "core/trace_filter.h"
#include "core/trace_format.h"
#include "core/trace_record.h"
#include "syscalls/builtin_dlls.h"
#include "syscalls/dispatch.h"
#include "syscalls/trace_class.h"

static const char *json(const char *s, size_t n)
{
    static struct strbuf sb;
    sb.len = 0;
    trace_json_string(&sb, s, n);
    return sb.data;
}

static void test_json_escaping(void **state)
{
    (void)state;
    assert_string_equal(json("a\"b\\c", 5), "\"a\\\"b\\\\c\"");
    assert_string_equal(json("\n\r\t\b\f", 5), "\"\\n\\r\\t\\b\\f\"");
    assert_string_equal(json("\x01\x1f", 2), "\"\\u0001\\u001f\"");
    /* a NUL inside the given length is a character, not the end */
    assert_string_equal(json("a\0b", 3), "\"a\\u0000b\"");
    /* valid UTF-8 passes; stray bytes, overlongs and surrogates become U+FFFD */
    assert_string_equal(json("\xc3\xa9", 2), "\"\xc3\xa9\"");
    assert_string_equal(json("\xe2\x82\xac", 3), "\"\xe2\x82\xac\"");
    assert_string_equal(json("\xff", 1), "\"\xef\xbf\xbd\"");
    assert_string_equal(json("\xc0\xaf", 2), "\"\xef\xbf\xbd\xef\xbf\xbd\"");
    assert_string_equal(json("\xed\xa0\x80", 3), "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
    assert_string_equal(json("\xe2\x82", 2), "\"\xef\xbf\xbd\xef\xbf\xbd\""); /* cut short */
    assert_string_equal(json("/", 1), "\"/\"");
}

static void test_json_scalars(void **state)
{
    (void)state;
    struct strbuf sb;
    strbuf_init(&sb);
    trace_json_scalar(&sb, 'i', 0xFFFFFFFFu, 0);
    strbuf_putc(&sb, ' ');
    trace_json_scalar(&sb, 'u', 0xFFFFFFFFu, 0);
    strbuf_putc(&sb, ' ');
    trace_json_scalar(&sb, 'l', (uint64_t)-5, 0);
    strbuf_putc(&sb, ' ');
    trace_json_scalar(&sb, 'b', 7, 0);
    strbuf_putc(&sb, ' ');
    trace_json_scalar(&sb, 'f', 0, 0.5);
    strbuf_putc(&sb, ' ');
    trace_json_scalar(&sb, 'f', 0, 1.0 / 0.0);
    assert_string_equal(sb.data, "-1 4294967295 -5 true 0.5 null");
    strbuf_free(&sb);
}

static void test_csv_quoting(void **state)
{
    (void)state;
    struct strbuf sb;
    strbuf_init(&sb);
    trace_csv_string(&sb, "C:\\a \"b\", c\nd");
    assert_string_equal(sb.data, "\"C:\\a \"\"b\"\", c d\"");
    sb.len = 0;
    trace_csv_string(&sb, NULL);
    assert_string_equal(sb.data, "\"\"");
    strbuf_free(&sb);
}

static void test_glob(void **state)
{
    (void)state;
    assert_true(trace_glob_match("kernel32!Create*", "kernel32!CreateFileA"));
    assert_true(trace_glob_match("KERNEL32!create*", "kernel32!CreateFileA"));
    assert_false(trace_glob_match("kernel32!Create*", "kernel32!OpenFile"));
    assert_true(trace_glob_match("*!Reg*Value*", "advapi32!RegQueryValueExA"));
    assert_false(trace_glob_match("*!Reg*Value*", "advapi32!RegOpenKeyExA"));
    assert_true(trace_glob_match("Nt?lose", "NtClose"));
    assert_false(trace_glob_match("Nt?lose", "NtCclose"));
    assert_true(trace_glob_match("*", ""));
    assert_false(trace_glob_match("a", ""));
    assert_true(trace_glob_match("a*b*c", "aXbYbZc"));
    assert_false(trace_glob_match("a*b*c", "aXbYbZ"));
    assert_true(trace_glob_match("*a", "aaa"));
    /* the pathological case for backtracking matchers stays fast */
    char text[4097], pat[64];
    memset(text, 'a', 4096);
    text[4096] = 0;
    strcpy(pat, "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b");
    clock_t t0 = clock();
    for (int i = 0; i < 20; i++)
        assert_false(trace_glob_match(pat, text));
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_true(secs < 1.0);
}

static void test_filter_spec(void **state)
{
    (void)state;
    struct trace_filter f;
    char why[200];
    assert_true(trace_filter_compile(&f, "file,registry", why, sizeof why));
    assert_true(trace_filter_match(&f, TRACE_CLASS_FILE, "kernel32", "ReadFile"));
    assert_true(trace_filter_match(&f, TRACE_CLASS_REGISTRY, "advapi32", "RegOpenKeyExA"));
    assert_false(trace_filter_match(&f, TRACE_CLASS_MEMORY, "kernel32", "VirtualAlloc"));
    assert_true(trace_filter_match_class(&f, TRACE_CLASS_FILE));
    assert_false(trace_filter_match_class(&f, TRACE_CLASS_NET));
    assert_true(trace_filter_compile(&f, "kernel32!Create*,Nt*Key", why, sizeof why));
    assert_true(trace_filter_match(&f, TRACE_CLASS_SYNC, "kernel32", "CreateEventA"));
    assert_false(trace_filter_match(&f, TRACE_CLASS_SYNC, "msvcrt", "CreateEventA"));
    assert_true(trace_filter_match(&f, TRACE_CLASS_REGISTRY, "ntdll", "NtOpenKey"));
    assert_false(trace_filter_match_class(&f, TRACE_CLASS_FILE)); /* globs keep no record */
    assert_true(trace_filter_compile(&f, NULL, why, sizeof why));
    assert_true(trace_filter_match(&f, TRACE_CLASS_OTHER, "x", "y"));
    assert_true(trace_filter_compile(&f, "all", why, sizeof why));
    assert_true(trace_filter_match_class(&f, TRACE_CLASS_NET));
    assert_false(trace_filter_compile(&f, "files", why, sizeof why));
    assert_non_null(strstr(why, "files"));
    assert_false(trace_filter_compile(&f, "file,,net", why, sizeof why));
    assert_false(trace_filter_compile(&f, "kernel32!Cre ate*", why, sizeof why));
}

/* ------------------------------------------ classes and failures from data */

static const struct thunk_entry *entry_of(const char *dll, const char *name)
{
    uint32_t n;
    const struct thunk_entry *t = thunk_table(&n);
    for (uint32_t i = 0; i < n; i++)
        if (!strcasecmp(t[i].dll->name, dll) && !strcmp(t[i].exp->name, name))
            return &t[i];
    fail_msg("%s!%s not in the tables", dll, name);
    return NULL;
}

static void test_class_from_tables(void **state)
{
    (void)state;
    char err[256];
    assert_true(dispatch_init(builtin_dlls, builtin_dll_count, err, sizeof err));
    /* from the concern file the API line is in */
    assert_int_equal(entry_of("kernel32.dll", "CreateFileA")->trace_class, TRACE_CLASS_FILE);
    assert_int_equal(entry_of("kernel32.dll", "VirtualAlloc")->trace_class, TRACE_CLASS_MEMORY);
    assert_int_equal(entry_of("kernel32.dll", "CreateThread")->trace_class, TRACE_CLASS_THREAD);
    assert_int_equal(entry_of("kernel32.dll", "CreateEventA")->trace_class, TRACE_CLASS_SYNC);
    assert_int_equal(entry_of("kernel32.dll", "LoadLibraryA")->trace_class, TRACE_CLASS_MODULE);
    assert_int_equal(entry_of("advapi32.dll", "RegOpenKeyExA")->trace_class, TRACE_CLASS_REGISTRY);
    assert_int_equal(entry_of("msvcrt.dll", "fopen")->trace_class, TRACE_CLASS_FILE);
    assert_int_equal(entry_of("msvcrt.dll", "malloc")->trace_class, TRACE_CLASS_MEMORY);
    /* a console function declared among the file ones */
    assert_int_equal(entry_of("kernel32.dll", "WriteConsoleA")->trace_class, TRACE_CLASS_CONSOLE);
    assert_int_equal(entry_of("ws2_32.dll", "WSAGetLastError")->trace_class, TRACE_CLASS_NET);
    assert_int_equal(entry_of("kernel32.dll", "lstrlenA")->trace_class, TRACE_CLASS_OTHER);
    /* host-issued NT services by name */
    assert_non_null(trace_classify);
    assert_int_equal(trace_classify("ntdll", "NtCreateFile"), TRACE_CLASS_FILE);
    assert_int_equal(trace_classify("ntdll", "NtOpenKey"), TRACE_CLASS_REGISTRY);
    assert_int_equal(trace_classify("ntdll", "NtAllocateVirtualMemory"), TRACE_CLASS_MEMORY);
}

static void test_failure_from_return_type(void **state)
{
    (void)state;
    char err[256];
    assert_true(dispatch_init(builtin_dlls, builtin_dll_count, err, sizeof err));
    uint8_t r = entry_of("kernel32.dll", "WriteFile")->fail_rule; /* BOOL */
    assert_true(api_call_failed(r, 0));
    assert_false(api_call_failed(r, 1));
    r = entry_of("kernel32.dll", "CreateFileA")->fail_rule; /* INVALID_HANDLE_VALUE */
    assert_true(api_call_failed(r, 0xFFFFFFFFu));
    assert_false(api_call_failed(r, 0x10));
    r = entry_of("kernel32.dll", "CreateEventA")->fail_rule; /* NULL handle */
    assert_true(api_call_failed(r, 0));
    r = entry_of("advapi32.dll", "RegOpenKeyExA")->fail_rule; /* a Win32 error code */
    assert_true(api_call_failed(r, 2));
    assert_false(api_call_failed(r, 0));
    r = entry_of("ntdll.dll", "NtClose")->fail_rule; /* NTSTATUS */
    assert_true(api_call_failed(r, 0xC0000008u));
    assert_false(api_call_failed(r, 0));
    r = entry_of("msvcrt.dll", "fopen")->fail_rule;
    assert_true(api_call_failed(r, 0));
    /* results, not statuses */
    assert_false(api_call_failed(entry_of("msvcrt.dll", "strcmp")->fail_rule, 0xFFFFFFFFu));
    assert_false(api_call_failed(entry_of("msvcrt.dll", "strchr")->fail_rule, 0));
}

/* One export of each return convention, judged from its declaration (the
 * API line's failure clause, else the C return type). */
static void test_failure_conventions(void **state)
{
    (void)state;
    char err[256];
    assert_true(dispatch_init(builtin_dlls, builtin_dll_count, err, sizeof err));
    static const struct { const char *dll, *func; uint32_t fails, succeeds; } cases[] = {
        { "ntdll.dll", "NtClose", 0xC0000008u, 0 },                       /* NTSTATUS error */
        { "ntdll.dll", "NtClose", 0x80000005u, 0x40000000u },             /* warning fails, information not */
        { "kernel32.dll", "CopyFile2", 0x80070002u, 1 },                  /* HRESULT (unimplemented) */
        { "kernel32.dll", "CloseHandle", 0, 1 },                          /* BOOL */
        { "ws2_32.dll", "WSASetEvent", 0, 1 },                            /* ws2_32 BOOL */
        { "kernel32.dll", "CreateFileW", 0xFFFFFFFFu, 0 },                /* INVALID_HANDLE_VALUE: NULL is no failure */
        { "kernel32.dll", "FindFirstFileA", 0xFFFFFFFFu, 0x20 },
        { "kernel32.dll", "OpenMutexA", 0, 0xFFFFFFFFu },                 /* NULL handle */
        { "kernel32.dll", "GetModuleHandleA", 0, 0x400000 },
        { "advapi32.dll", "RegQueryValueExA", 2, 0 },                     /* LSTATUS */
        { "kernel32.dll", "HeapAlloc", 0, 0x10000 },                      /* a pointer it makes */
        { "msvcrt.dll", "malloc", 0, 0x10000 },
        { "kernel32.dll", "GlobalFree", 0x10000, 0 },                     /* NULL is its success */
        { "kernel32.dll", "GetModuleFileNameA", 0, 12 },                  /* a count whose 0 fails */
        { "kernel32.dll", "WaitForSingleObject", 0xFFFFFFFFu, 0x102 },     /* WAIT_FAILED; WAIT_TIMEOUT is an answer */
        { "kernel32.dll", "HeapSize", 0xFFFFFFFFu, 0 },
        { "msvcrt.dll", "_open", 0xFFFFFFFFu, 3 },                        /* CRT -1 */
        { "msvcrt.dll", "fclose", 0xFFFFFFFFu, 0 },                       /* EOF */
        { "msvcrt.dll", "printf", 0xFFFFFFFEu, 0 },                       /* negative */
        { "msvcrt.dll", "fseek", 1, 0 },                                  /* non-zero */
        { "msvcrt.dll", "signal", 0xFFFFFFFFu, 0 },                       /* SIG_ERR; NULL is the previous handler */
        { "ws2_32.dll", "socket", 0xFFFFFFFFu, 0x54 },                    /* INVALID_SOCKET */
        { "ws2_32.dll", "send", 0xFFFFFFFFu, 0 },                         /* SOCKET_ERROR */
        { "ws2_32.dll", "WSAStartup", 10091, 0 },                         /* an error code */
        { "ws2_32.dll", "getaddrinfo", 11001, 0 },
        { "ws2_32.dll", "gethostbyname", 0, 0x10000 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t r = entry_of(cases[i].dll, cases[i].func)->fail_rule;
        if (!api_call_failed(r, cases[i].fails) || api_call_failed(r, cases[i].succeeds))
            fail_msg("%s!%s: rule %u", cases[i].dll, cases[i].func, r);
    }
    /* NULL, 0 or -1 that are answers */
    static const struct { const char *dll, *func; uint32_t value; } answers[] = {
        { "msvcrt.dll", "memchr", 0 },          { "msvcrt.dll", "strstr", 0 },
        { "msvcrt.dll", "getenv", 0 },          { "msvcrt.dll", "bsearch", 0 },
        { "msvcrt.dll", "strcmp", 0xFFFFFFFFu }, { "msvcrt.dll", "fgetc", 0xFFFFFFFFu },
        { "msvcrt.dll", "fgets", 0 },           /* the end of the file */
        { "kernel32.dll", "SetUnhandledExceptionFilter", 0 },
        { "kernel32.dll", "TlsGetValue", 0 },   { "kernel32.dll", "InterlockedPopEntrySList", 0 },
        { "kernel32.dll", "GetCurrentProcess", 0xFFFFFFFFu },
        { "kernel32.dll", "GetTickCount", 0 },  { "kernel32.dll", "GetLastError", 0 },
        { "ws2_32.dll", "WSAGetLastError", 0xFFFFFFFFu }, { "ws2_32.dll", "htonl", 0 },
        { "user32.dll", "CharNextA", 0 },
    };
    for (size_t i = 0; i < sizeof answers / sizeof answers[0]; i++)
        if (api_call_failed(entry_of(answers[i].dll, answers[i].func)->fail_rule, answers[i].value))
            fail_msg("%s!%s: %#x is an answer", answers[i].dll, answers[i].func, answers[i].value);
    /* the clause grammar */
    uint8_t rule;
    assert_true(api_ret_fail_clause("p", &rule));
    assert_int_equal(rule, API_FAILS_DEFAULT);
    assert_true(api_ret_fail_clause("u fails:0", &rule));
    assert_int_equal(rule, API_FAILS_ZERO);
    assert_true(api_ret_fail_clause("i fails:<0", &rule));
    assert_int_equal(rule, API_FAILS_NEGATIVE);
    assert_false(api_ret_fail_clause("p fails:sometimes", &rule));
    assert_false(api_ret_fail_clause("pp", &rule));
    assert_false(api_ret_fail_clause("", &rule));
    assert_false(api_call_failed(entry_of("kernel32.dll", "GetLastError")->fail_rule, 0));
    assert_false(api_call_failed(entry_of("kernel32.dll", "lstrcmpA")->fail_rule, 0));
}

/* ---------------------------------------------------------- sinks on a file */

static char path[64];

static char *slurp(void)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char text[1 << 16];
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = 0;
    fclose(f);
    return text;
}

static void start(enum trace_format format, const char *filter, bool failed_only)
{
    strcpy(path, "/tmp/wowbox-sinks-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd > 2);
    close(fd);
    struct trace_config cfg = { .on = true, .path = path, .layers = TRACE_LAYER_ALL, .format = format,
                                .filter = filter, .failed_only = failed_only };
    char why[200];
    assert_true(trace_start(&cfg, why, sizeof why));
}

/* kernel32!CreateFileA (file) issuing NtCreateFile, then VirtualAlloc (memory). */
static void some_calls(bool create_fails)
{
    struct trace_call c = { .layer = TRACE_LAYER_API, .dll = "kernel32", .func = "CreateFileA", .sig = "",
                            .ret_sig = "h", .caller = 0x401000, .cls = TRACE_CLASS_FILE };
    int t = trace_call_begin(&c);
    int nt = TRACE_NT_BEGIN("NtCreateFile", "S ObjectName", "\\??\\C:\\x \"q\".txt");
    TRACE_NT_END(nt, create_fails ? 0xC0000034u : 0, "h FileHandle", 0x10u);
    trace_call_end(t, create_fails ? 0xFFFFFFFFu : 0x10, 0, false, create_fails);
    TRACE_RECORD(TRACE_REC_FILE_READ, (uint64_t)7, 0x80000008u, 0x104u, 0x1234u, 0x1234u, 5u, 0u);
    struct trace_call m = { .layer = TRACE_LAYER_API, .dll = "kernel32", .func = "VirtualAlloc", .sig = "",
                            .ret_sig = "p", .caller = 0x401010, .cls = TRACE_CLASS_MEMORY };
    t = trace_call_begin(&m);
    trace_call_end(t, 0x340000, 0, false, false);
}

static unsigned count(const char *text, const char *what)
{
    unsigned n = 0;
    for (const char *p = text; (p = strstr(p, what)); p++)
        n++;
    return n;
}

static void test_jsonl_sink(void **state)
{
    (void)state;
    start(TRACE_FORMAT_JSONL, NULL, false);
    some_calls(false);
    trace_close();
    char *t = slurp();
    assert_int_equal(count(t, "\n"), 7); /* 3 calls x 2 + 1 record */
    assert_non_null(strstr(t, "\"phase\":\"entry\",\"class\":\"file\""));
    assert_non_null(strstr(t, "\"func\":\"NtCreateFile\""));
    assert_non_null(strstr(t, "\"value\":\"\\\\??\\\\C:\\\\x \\\"q\\\".txt\""));
    assert_non_null(strstr(t, "\"phase\":\"record\",\"class\":\"file\""));
    assert_non_null(strstr(t, "\"provider\":\"FileIo\",\"type\":\"Read\",\"fields\":{\"Offset\":7,"));
    assert_non_null(strstr(t, "\"failed\":false"));
    unlink(path);
}

static void test_filter_and_failed_only(void **state)
{
    (void)state;
    start(TRACE_FORMAT_JSONL, "memory", false);
    some_calls(false);
    trace_close();
    char *t = slurp();
    assert_int_equal(count(t, "\n"), 2);
    assert_int_equal(count(t, "VirtualAlloc"), 2);
    unlink(path);

    start(TRACE_FORMAT_JSONL, "kernel32!Create*", true);
    some_calls(false); /* nothing failed: nothing shown */
    some_calls(true);
    trace_close();
    t = slurp();
    /* the failed CreateFileA: entry then exit, nothing else (its NT call is
     * another name; records do not pass a filter of globs) */
    assert_int_equal(count(t, "\n"), 2);
    assert_non_null(strstr(t, "\"phase\":\"entry\""));
    assert_true(strstr(t, "\"phase\":\"entry\"") < strstr(t, "\"phase\":\"exit\""));
    assert_non_null(strstr(t, "\"failed\":true"));
    unlink(path);
}

static void test_etw_sink(void **state)
{
    (void)state;
    start(TRACE_FORMAT_ETW_CSV, NULL, false);
    some_calls(false);
    trace_close();
    char *t = slurp();
    assert_non_null(strstr(t, "FileIo, Read, TID, Clock-Time, Kernel(ms), User(ms), Offset, IrpPtr, TTID, "
                              "FileObject, FileKey, IoSize, IoFlags\n"));
    assert_non_null(strstr(t, "FileIo, Create, TID, Clock-Time, Kernel(ms), User(ms), IrpPtr, TTID, FileObject, "
                              "CreateOptions, FileAttributes, ShareAccess, OpenPath\n"));
    /* calls are not rows; the one record is */
    assert_null(strstr(t, "CreateFileA"));
    const char *row = strstr(t, "\nFileIo, Read, 0x");
    assert_non_null(row);
    assert_non_null(strstr(row, ", 7, 0x80000008, 0x00000104, 0x00001234, 0x00001234, 5, 0x00000000\n"));
    unlink(path);
}

/* A TCP send on loopback, as ws2_32 reports one (core/trace.h trace_net). */
static void net_send(void)
{
    struct trace_net n = { .op = TRACE_NET_SEND, .proto = TRACE_NET_TCP, .family = 4, .size = 5,
                           .saddr = { 127, 0, 0, 1 }, .daddr = { 127, 0, 0, 1 }, .sport = 50123, .dport = 7,
                           .connid = 2, .seqnum = 10, .start_filetime = trace_filetime_now() - 20000 };
    trace_net(&n);
    struct trace_net u = n;
    u.proto = TRACE_NET_UDP;
    u.op = TRACE_NET_CONNECT; /* the kernel logger has no UdpIp connect: no row */
    trace_net(&u);
    u.op = TRACE_NET_RECV;
    trace_net(&u);
}

static void test_net_records(void **state)
{
    (void)state;
    start(TRACE_FORMAT_ETW_CSV, "net", false);
    net_send();
    some_calls(false); /* a file record: not net */
    trace_close();
    char *t = slurp();
    assert_non_null(strstr(t, "TcpIp, SendIPV4, TID, Clock-Time, Kernel(ms), User(ms), PID, size, daddr, saddr, "
                              "dport, sport, startime, endtime, seqnum, connid\n"));
    assert_non_null(strstr(t, "UdpIp, RecvIPV4, TID, Clock-Time, Kernel(ms), User(ms), PID, size, daddr, saddr, "
                              "dport, sport, seqnum, connid\n"));
    assert_non_null(strstr(t, "TcpIp, ConnectIPV4, TID, Clock-Time, Kernel(ms), User(ms), PID, size, daddr, saddr, "
                              "dport, sport, mss, sackopt, tsopt, wsopt, rcvwin, rcvwinscale, sndwinscale, seqnum, "
                              "connid\n"));
    const char *row = strstr(t, "\nTcpIp, SendIPV4, 0x");
    assert_non_null(row);
    /* startime, endtime: the GetTickCount clock (ms since boot), 2 ms apart */
    unsigned startime = 0, endtime = 0;
    const char *times = strstr(row, ", 5, 127.0.0.1, 127.0.0.1, 7, 50123, ");
    assert_non_null(times);
    assert_int_equal(sscanf(times, ", 5, 127.0.0.1, 127.0.0.1, 7, 50123, %u, %u, ", &startime, &endtime), 2);
    assert_in_range(endtime - startime, 1, 3);
    struct timespec boot;
    clock_gettime(CLOCK_BOOTTIME, &boot);
    uint32_t boot_ms = (uint32_t)((uint64_t)boot.tv_sec * 1000 + (uint64_t)boot.tv_nsec / 1000000);
    assert_in_range(boot_ms - endtime, 0, 5000);
    assert_non_null(strstr(row, ", 10, 0x00000002\n"));
    assert_non_null(strstr(t, "\nUdpIp, RecvIPV4, 0x"));
    assert_null(strstr(t, "\nFileIo, Read, 0x"));
    assert_int_equal(count(t, "\nTcpIp, SendIPV4, 0x") + count(t, "\nUdpIp, RecvIPV4, 0x"), 2);
    unlink(path);

    start(TRACE_FORMAT_JSONL, NULL, false);
    net_send();
    trace_close();
    t = slurp();
    assert_int_equal(count(t, "\n"), 2);
    assert_non_null(strstr(t, "\"phase\":\"record\",\"class\":\"net\""));
    assert_non_null(strstr(t, "\"provider\":\"TcpIp\",\"type\":\"SendIPV4\",\"fields\":{\"PID\":"));
    assert_non_null(strstr(t, "\"size\":5,\"daddr\":\"127.0.0.1\",\"saddr\":\"127.0.0.1\",\"dport\":7,\"sport\":50123,"));
    unlink(path);
}

static void test_chrome_sink(void **state)
{
    (void)state;
    start(TRACE_FORMAT_CHROME, NULL, false);
    some_calls(false);
    trace_close();
    char *t = slurp();
    assert_int_equal(t[0], '[');
    assert_int_equal(count(t, "\"ph\":\"B\""), 3);
    assert_int_equal(count(t, "\"ph\":\"E\""), 3);
    assert_int_equal(count(t, "\"ph\":\"i\""), 1);
    assert_non_null(strstr(t, "\"name\":\"kernel32!CreateFileA\",\"cat\":\"api,file\""));
    assert_non_null(strstr(t, "\"name\":\"process_name\""));
    size_t n = strlen(t);
    assert_string_equal(t + n - 3, "\n]\n"); /* the array closes after the last event */
    unlink(path);
}

static void test_summary_table(void **state)
{
    (void)state;
    /* the summary goes to stderr: catch it in a file */
    strcpy(path, "/tmp/wowbox-summary-XXXXXX");
    int fd = mkstemp(path);
    int saved = dup(2);
    dup2(fd, 2);
    struct trace_config cfg = { .summary = true, .layers = TRACE_LAYER_API };
    char why[200];
    assert_true(trace_start(&cfg, why, sizeof why));
    some_calls(true);
    some_calls(false);
    some_calls(false);
    trace_close();
    dup2(saved, 2);
    close(saved);
    close(fd);
    char *t = slurp();
    assert_non_null(strstr(t, "% time     seconds  usecs/call     calls    errors function\n"));
    /* 3 calls each, one CreateFileA failed; NT calls are another layer */
    const char *cf = strstr(t, "kernel32!CreateFileA");
    assert_non_null(cf);
    assert_non_null(strstr(t, "         3         1 kernel32!CreateFileA\n"));
    assert_non_null(strstr(t, "         3         0 kernel32!VirtualAlloc\n"));
    assert_null(strstr(t, "NtCreateFile"));
    assert_non_null(strstr(t, "         6         1 total\n"));
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_escaping),
        cmocka_unit_test(test_json_scalars),
        cmocka_unit_test(test_csv_quoting),
        cmocka_unit_test(test_glob),
        cmocka_unit_test(test_filter_spec),
        cmocka_unit_test(test_class_from_tables),
        cmocka_unit_test(test_failure_from_return_type),
        cmocka_unit_test(test_failure_conventions),
        cmocka_unit_test(test_jsonl_sink),
        cmocka_unit_test(test_filter_and_failed_only),
        cmocka_unit_test(test_etw_sink),
        cmocka_unit_test(test_net_records),
        cmocka_unit_test(test_chrome_sink),
        cmocka_unit_test(test_summary_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
