/* The wowbox command line: run a program, inspect an image, or run a
 * regression suite of sample programs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/host_io.h"
#include "core/identity.h"
#include "core/log.h"
#include "core/app/start.h"
#include "core/app/test_runner.h"
#include "core/trace.h"
#include "cpu/cpu.h"
#include "core/app/reg_cli.h"
#include "loader/inspect.h"
#include "redirect/prefix.h"
#include "syscalls/builtin_dlls.h"
#include "syscalls/codepage.h"
#include "syscalls/dispatch.h"
#include "syscalls/kernel32/child_spec.h"
#include "syscalls/unimplemented.h"
#include "syscalls/ws2_32/sock.h"

#define WOWBOX_VERSION "0.1.0"

static const char usage[] =
    "usage: wowbox [OPTIONS] PROGRAM.exe [ARGS...]\n"
    "       wowbox inspect FILE\n"
    "       wowbox test [OPTIONS] DIR\n"
    "       wowbox --list-unimplemented [DLL]\n"
    "       wowbox [--prefix DIR] reg query KEY | reg export KEY [FILE] | reg import FILE.reg\n"
    "                                   | reg check FILE.reg\n"
    "\n"
    "Runs a 32-bit x86 Windows program (PE32) inside this 64-bit Linux process.\n"
    "The program's exit code becomes wowbox's exit status (low 8 bits).\n"
    "\n"
    "options:\n"
    "  --prefix DIR        the virtual Windows installation (default: $WOWBOX_PREFIX,\n"
    "                      else ~/.local/share/wowbox/default); created on first use\n"
    "  --cpu=BACKEND       native (32-bit compatibility mode on the real CPU; the\n"
    "                      default where the host allows it) or unicorn (emulation)\n"
    "  --trace             one line per API call on stderr (docs/trace-format.md)\n"
    "  --trace=FILTER      only some calls: a comma list of classes (file, registry,\n"
    "                      net, memory, process, thread, sync, module, console, other)\n"
    "                      and dll!function globs (kernel32!Create*, *!Reg*Value*)\n"
    "  --trace-file=FILE   write the trace to FILE instead (implies --trace)\n"
    "  --trace-format=text|jsonl|etw-csv|chrome\n"
    "                      text lines (default), one JSON object per event, the\n"
    "                      kernel logger's records as tracerpt's dumpfile.csv, or\n"
    "                      Trace Event Format JSON for Perfetto (implies --trace)\n"
    "  --trace-failed      only the calls that failed (by each export's declared\n"
    "                      failure convention: docs/trace-format.md)\n"
    "  --summary           at exit, a table on stderr of calls, failures and time\n"
    "                      per function (like strace -c); --trace not needed\n"
    "  --trace-layer=api|nt|all\n"
    "                      which calls the trace shows (implies --trace): api =\n"
    "                      Win32/CRT exports (default), nt = NT services (ntdll!Nt*,\n"
    "                      and those kernel32/msvcrt issue for the program), all = both,\n"
    "                      NT calls nested under the API call that issued them\n"
    "  --strict            stop at the first unimplemented API (exit status 127)\n"
    "  --env NAME=value    start the program with this variable (repeatable; wins\n"
    "                      over the host's and Windows' own)\n"
    "  --env-clear         pass no host variables (the program still gets the\n"
    "                      Windows variables: SystemRoot, Path, TEMP...)\n"
    "  --cmdline=TEXT      pass the arguments as one raw Windows command-line tail\n"
    "                      (quoted as on Windows) instead of ARGS\n"
    "  --net=host|loopback|none\n"
    "                      what the program's sockets may reach: host = everything\n"
    "                      the host reaches (default), loopback = 127.0.0.0/8 and ::1\n"
    "                      only (else WSAEACCES), none = nothing (WSAENETUNREACH);\n"
    "                      each refusal is a line in the trace\n"
    "  --codepage=ACP[,OEMCP]\n"
    "                      the ANSI code page (GetACP, CP_ACP, every A function's\n"
    "                      strings) and the OEM one (GetOEMCP, the console's);\n"
    "                      default 1252,437; e.g. 932 (Japanese), 936, 949, 950,\n"
    "                      1251, 65001 (UTF-8)\n"
    "  --no-fs-redirect    no WoW64 file-system redirection in the whole process\n"
    "                      (and its children): C:\\Windows\\System32 is the real one,\n"
    "                      not SysWOW64, on every thread, whatever the program\n"
    "                      asks (for comparisons); the trace's NtCreateFile lines\n"
    "                      show the path asked for and the path used\n"
    "  --sandbox[=best-effort]\n"
    "                      confine the whole wowbox process (and its children)\n"
    "                      to the prefix and the --drive directories, whatever\n"
    "                      the program does: Landlock, a seccomp filter (no\n"
    "                      sockets with --net=none), no_new_privs; implies\n"
    "                      --no-host-drive. Refused when the kernel lacks\n"
    "                      Landlock, unless =best-effort (docs/security.md)\n"
    "  --deterministic     a reproducible run (docs/cli.md): a fake clock that starts at\n"
    "                      --fake-time and moves only as the program reads it and\n"
    "                      waits; fixed process ids, user and host names; random\n"
    "                      bytes from a fixed seed (`wowbox test` runs so by default;\n"
    "                      --no-deterministic undoes it)\n"
    "  --fake-time=ISO8601 the fake clock's start, UTC: 2024-05-01 or\n"
    "                      2024-05-01T12:30:00Z (default " CLOCK_DEFAULT_FAKE_TIME ")\n"
    "  --time-scale=F      guest time runs F times faster than the host's (F > 0):\n"
    "                      Sleep, timed waits and timers end F times sooner, clocks\n"
    "                      advance F times faster; socket timeouts are not scaled\n"
    "  --vmmap             print the guest address-space map at exit (stderr)\n"
    "  --unimplemented-log=FILE\n"
    "                      append dll!Name to FILE for each unimplemented export the\n"
    "                      program calls (once each; what wowbox test collects)\n"
    "  --verbose           say which backend and layout run, and the full exit code\n"
    "  --child-spec=FD, --trace-fd=N, --guest-pid=N, --fake-time-filetime=N\n"
    "                      internal: how a wowbox started by CreateProcess gets its\n"
    "                      spec, its parent's trace, which it continues in the\n"
    "                      same format, and in a deterministic run the process id\n"
    "                      and fake clock its parent chose (docs/architecture.md)\n"
    "  --help              this text\n"
    "  --version           version and CPU backends\n"
    "  --list-unimplemented [DLL]\n"
    "                      per builtin DLL (or only DLL, e.g. kernel32): implemented/total\n"
    "                      exports, then each unimplemented export with its return type\n"
    "                      and the failure its stub returns\n"
    "\n"
    "commands:\n"
    "  inspect FILE        print what the loader sees: headers, sections, imports,\n"
    "                      exports, relocations, TLS and the address-space layout\n"
    "  reg query KEY       the prefix's registry key (HKLM\\..., HKCU\\...): values, subkeys\n"
    "  reg export KEY [FILE]  the key and everything below it as a .reg file (version 5.00)\n"
    "  reg import FILE.reg    REGEDIT4 or version 5.00 files, UTF-8 or UTF-16 (docs/registry.md)\n"
    "  reg check FILE.reg     the keys and values FILE names (NAME.reg syntax, docs/cli.md) are\n"
    "                      there, in the 32-bit view; prints each difference, status 1 if any\n"
    "  test [OPTIONS] DIR  run every sample program below DIR in parallel, each in its\n"
    "                      own scratch directory and prefix, and check it against its\n"
    "                      sidecar files (NAME.stdout, .exit, .args, .stdin, .stderr,\n"
    "                      .timeout, .opts, .trace, .files, .reg, .skip); -j N, --filter,\n"
    "                      --shard I/N, --repeat, --junit, --json: `wowbox test --help`\n"
    "                      and docs/cli.md\n";

static void print_version(void)
{
    char why[256], uwhy[256];
    printf("wowbox %s\n", WOWBOX_VERSION);
    bool unicorn = cpu_unicorn.available(uwhy, sizeof uwhy);
    bool native = cpu_native.available(why, sizeof why);
    printf("cpu backends:\n");
    if (native)
        printf("  native   available, default\n");
    else
        printf("  native   unavailable: %s\n", why);
    if (unicorn)
        printf("  unicorn  available%s\n", native ? "" : ", default");
    else
        printf("  unicorn  unavailable: %s\n", uwhy);
}

/* --name=value or --name value; returns the value or NULL. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] == 0 && *i + 1 < argc)
        return argv[++*i];
    return NULL;
}

/* --trace=FILTER: which calls to trace (core/trace_filter.h). */
static bool parse_trace_filter(const char *v, struct trace_config *cfg)
{
    char why[200];
    if (v && !trace_filter_check(v, why, sizeof why)) {
        wb_error("--trace=%s: %s", v, why);
        return false;
    }
    cfg->filter = v;
    return true;
}

static bool parse_trace_format(const char *v, struct trace_config *cfg)
{
    if (trace_format_parse(v, &cfg->format))
        return true;
    wb_error("--trace-format=%s: expected text, jsonl, etw-csv or chrome", v);
    return false;
}

static bool parse_trace_layer(const char *v, unsigned *layers)
{
    if (strcmp(v, "api") == 0)
        *layers = TRACE_LAYER_API;
    else if (strcmp(v, "nt") == 0)
        *layers = TRACE_LAYER_NT;
    else if (strcmp(v, "all") == 0)
        *layers = TRACE_LAYER_ALL;
    else {
        wb_error("--trace-layer=%s: expected api, nt or all", v);
        return false;
    }
    return true;
}

/* --net=host|loopback|none: what the guest's sockets may reach. */
static bool parse_net(const char *v)
{
    static const struct { const char *name; enum ws_net_policy policy; } policies[] = {
        { "host", WS_NET_HOST }, { "loopback", WS_NET_LOOPBACK }, { "none", WS_NET_NONE },
    };
    for (size_t i = 0; i < sizeof policies / sizeof policies[0]; i++)
        if (strcmp(v, policies[i].name) == 0) {
            ws_net_policy = policies[i].policy;
            return true;
        }
    wb_error("--net=%s: expected host, loopback or none", v);
    return false;
}

/* --codepage=ACP[,OEMCP]: pages the host's iconv has (or 65001). */
static bool parse_codepage(const char *v, struct options *opt)
{
    char *end;
    unsigned long acp = strtoul(v, &end, 10), oem = 437;
    if (end != v && *end == ',') {
        const char *o = end + 1;
        oem = strtoul(o, &end, 10);
        if (end == o)
            end = (char *)"x";
    }
    if (end == v || *end || acp < 4 || oem < 4 || acp > 65535 || oem > 65535) {
        wb_error("--codepage=%s: expected ACP or ACP,OEMCP (code page numbers, e.g. 932 or 1252,437)", v);
        return false;
    }
    if (acp == CP_UTF7 || oem == CP_UTF7) {
        wb_error("--codepage=%s: UTF-7 (65000) cannot be a process code page, as on Windows", v);
        return false;
    }
    if (!cp_valid((uint32_t)acp) || !cp_valid((uint32_t)oem)) {
        wb_error("--codepage=%s: code page %lu is not one wowbox converts (the host's iconv lacks it)", v,
                 cp_valid((uint32_t)acp) ? oem : acp);
        return false;
    }
    opt->acp = (uint32_t)acp;
    opt->oemcp = (uint32_t)oem;
    return true;
}

/* --env NAME=value: a variable the guest starts with (over the host's). */
static bool add_env(struct options *opt, const char *kv)
{
    const char *eq = strchr(kv, '=');
    if (!eq || eq == kv) {
        wb_error("--env %s: expected NAME=value", kv);
        return false;
    }
    const char **n = realloc(opt->env_add, (opt->nenv_add + 1) * sizeof *n);
    if (!n) {
        wb_error("out of memory");
        return false;
    }
    n[opt->nenv_add++] = kv;
    opt->env_add = n;
    return true;
}

/* --drive X:=DIR[:ro]: checked and mapped once the prefix is open. */
static bool add_drive(struct options *opt, const char *spec)
{
    const char **n = realloc(opt->drives, (opt->ndrives + 1) * sizeof *n);
    if (!n) {
        wb_error("out of memory");
        return false;
    }
    n[opt->ndrives++] = spec;
    opt->drives = n;
    return true;
}

/* A descriptor number handed over by a parent wowbox. */
static bool parse_fd(const char *v, int *fd, const char *name)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (*v == 0 || *end || n < 3 || n > 1 << 20) {
        wb_error("%s=%s: expected a descriptor number", name, v);
        return false;
    }
    *fd = (int)n;
    return true;
}

/* --time-scale=F: a positive factor. */
static bool parse_time_scale(const char *v, double *scale)
{
    char *end;
    double f = strtod(v, &end);
    if (!*v || *end || !(f > 0) || f > 1e9) {
        wb_error("--time-scale=%s: expected a positive number (e.g. 60)", v);
        return false;
    }
    *scale = f;
    return true;
}

/* The internal numbers a parent wowbox passes (pid, fake clock start). */
static bool parse_u64(const char *v, uint64_t max, uint64_t *out, const char *name)
{
    char *end;
    unsigned long long n = strtoull(v, &end, 10);
    if (!*v || *end || n == 0 || n > max) {
        wb_error("%s=%s: expected a number", name, v);
        return false;
    }
    *out = n;
    return true;
}

/* Parses options up to the first non-option; returns its index or -1 on error. */
static int parse_options(int argc, char **argv, int first, struct options *opt)
{
    int i;
    for (i = first; i < argc && argv[i][0] == '-'; i++) {
        const char *v;
        if (strcmp(argv[i], "--") == 0)
            return i + 1;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            exit(0);
        }
        if (strcmp(argv[i], "--version") == 0) {
            print_version();
            exit(0);
        }
        if (strcmp(argv[i], "--trace") == 0 || strncmp(argv[i], "--trace=", 8) == 0) {
            if (!parse_trace_filter(argv[i][7] ? argv[i] + 8 : NULL, &opt->trace))
                return -1;
            opt->trace.on = true;
        } else if ((v = option_value(argc, argv, &i, "--trace-layer"))) {
            if (!parse_trace_layer(v, &opt->trace.layers))
                return -1;
            opt->trace.on = true;
        } else if ((v = option_value(argc, argv, &i, "--trace-format"))) {
            if (!parse_trace_format(v, &opt->trace))
                return -1;
            opt->trace.on = true;
        } else if (strcmp(argv[i], "--trace-failed") == 0) {
            opt->trace.failed_only = true;
            opt->trace.on = true;
        } else if (strcmp(argv[i], "--summary") == 0) {
            opt->trace.summary = true;
        } else if (strcmp(argv[i], "--strict") == 0)
            opt->strict = true;
        else if (strcmp(argv[i], "--vmmap") == 0)
            opt->vmmap = true;
        else if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0)
            wb_verbose = 1;
        else if ((v = option_value(argc, argv, &i, "--trace-file")))
            opt->trace.path = v, opt->trace.on = true;
        else if ((v = option_value(argc, argv, &i, "--prefix")))
            opt->prefix_dir = v;
        else if ((v = option_value(argc, argv, &i, "--cpu")))
            opt->cpu = v;
        else if (strcmp(argv[i], "--env-clear") == 0)
            opt->env_clear = true;
        else if ((v = option_value(argc, argv, &i, "--env"))) {
            if (!add_env(opt, v))
                return -1;
        } else if ((v = option_value(argc, argv, &i, "--child-spec"))) {
            if (!parse_fd(v, &opt->child_spec_fd, "--child-spec"))
                return -1;
            opt->child = true;
        } else if ((v = option_value(argc, argv, &i, "--trace-fd"))) {
            if (!parse_fd(v, &opt->trace_fd, "--trace-fd"))
                return -1;
            opt->trace_to_fd = opt->trace.on = true;
        } else if (strncmp(argv[i], "--cmdline=", 10) == 0)
            opt->raw_args = argv[i] + 10;
        else if ((v = option_value(argc, argv, &i, "--net"))) {
            if (!parse_net(v))
                return -1;
            opt->net = v;
        } else if ((v = option_value(argc, argv, &i, "--drive"))) {
            if (!add_drive(opt, v))
                return -1;
        } else if (strcmp(argv[i], "--no-host-drive") == 0)
            opt->no_host_drive = true;
        else if (strcmp(argv[i], "--no-fs-redirect") == 0)
            opt->no_fs_redirect = true;
        else if ((v = option_value(argc, argv, &i, "--codepage"))) {
            if (!parse_codepage(v, opt))
                return -1;
        }
        else if (strcmp(argv[i], "--sandbox") == 0)
            opt->sandbox = SANDBOX_ON;
        else if (strcmp(argv[i], "--sandbox=best-effort") == 0)
            opt->sandbox = SANDBOX_BEST_EFFORT;
        else if ((v = option_value(argc, argv, &i, "--unimplemented-log")))
            opt->unimplemented_log = v;
        else if (strcmp(argv[i], "--deterministic") == 0)
            opt->clock.deterministic = true;
        else if (strcmp(argv[i], "--no-deterministic") == 0)
            opt->clock.deterministic = false;
        else if ((v = option_value(argc, argv, &i, "--fake-time"))) {
            if (!clock_parse_iso8601(v, &opt->clock.fake_filetime)) {
                wb_error("--fake-time=%s: expected an ISO 8601 UTC date, e.g. 2024-05-01T12:30:00Z", v);
                return -1;
            }
        } else if ((v = option_value(argc, argv, &i, "--fake-time-filetime"))) {
            if (!parse_u64(v, UINT64_MAX >> 1, &opt->clock.fake_filetime, "--fake-time-filetime"))
                return -1;
        } else if ((v = option_value(argc, argv, &i, "--time-scale"))) {
            if (!parse_time_scale(v, &opt->clock.scale))
                return -1;
        } else if ((v = option_value(argc, argv, &i, "--guest-pid"))) {
            uint64_t pid;
            if (!parse_u64(v, 0xFFFC, &pid, "--guest-pid") || pid % 4)
                return -1;
            opt->guest_pid = (uint32_t)pid;
        }
        else {
            wb_error("unknown option '%s' (see wowbox --help)", argv[i]);
            return -1;
        }
    }
    return i;
}

/* The sinks the options ask for. A child's trace continues its parent's
 * (--trace-fd) in the parent's format; in text, between lines naming it. */
static bool open_trace(struct options *opt, char *why, size_t whysz)
{
    if (opt->trace_to_fd) {
        opt->trace.continued = true;
        opt->trace.fd = opt->trace_fd;
        opt->trace.summary = false; /* the parent's table counts its own calls */
        if (opt->trace.format == TRACE_FORMAT_TEXT)
            dprintf(opt->trace_fd, "--- process %u started: %.4000s ---\n", identity_pid(),
                    opt->program);
    }
    return trace_start(&opt->trace, why, whysz);
}

/* The clock and ids come first: the trace's first line carries the pid. */
static void setup_clock(struct options *opt)
{
    if (!opt->clock.fake_filetime)
        clock_parse_iso8601(CLOCK_DEFAULT_FAKE_TIME, &opt->clock.fake_filetime);
    if (!(opt->clock.scale > 0))
        opt->clock.scale = 1.0;
    clock_setup(&opt->clock);
    identity_setup(opt->guest_pid);
    prefix_user_name_source = identity_user_name;
}

static int run_program(struct options *opt)
{
    char why[300];
    setup_clock(opt);
    if ((opt->trace.on || opt->trace.summary) && !open_trace(opt, why, sizeof why)) {
        wb_error("%s", why);
        return 2;
    }
    host_io_init();
    bool failed;
    uint32_t code = process_run(opt, &failed);
    if (opt->trace_to_fd && opt->trace.format == TRACE_FORMAT_TEXT) {
        trace_flush_all();
        dprintf(opt->trace_fd, "--- process %u exited: code %#x ---\n", identity_pid(), code);
    }
    trace_close();
    if (opt->child && !failed)
        child_report_exit(code);
    if (failed)
        return 2;
    wb_note("exit code %#x (%u)", code, code);
    return (int)(code & 0xFF);
}

/* `wowbox inspect FILE`, told where the builtin DLLs sit. */
static int inspect(const char *path)
{
    struct inspect_builtin builtins[builtin_dll_count];
    for (size_t i = 0; i < builtin_dll_count; i++)
        builtins[i] = (struct inspect_builtin){ builtin_dlls[i]->name, builtin_dlls[i]->preferred_base };
    return inspect_file(path, stdout, builtins, builtin_dll_count);
}

/* What every run repeats identically, done once in `wowbox test` before it
 * forks the runs, which inherit it (docs/performance.md): the thunk table
 * joined from the export and implementation lists, and libunicorn loaded
 * and relocated. A failure here is no error: each run then does it itself. */
static void prepare_forked_runs(void)
{
    char why[256];
    dispatch_init(builtin_dlls, builtin_dll_count, why, sizeof why);
    cpu_unicorn.available(why, sizeof why);
}

/* wowbox [OPTIONS] PROGRAM.exe [ARGS...]; also what `wowbox test` calls in a
 * child it forked (the libraries already loaded) instead of executing wowbox. */
static int run_command_line(int argc, char **argv)
{
    struct options opt = { .child_spec_fd = -1, .trace_fd = -1 };
    int i = parse_options(argc, argv, 1, &opt);
    if (i < 0)
        return 2;
    if (i >= argc) {
        fputs(usage, stderr);
        return 2;
    }
    opt.program = argv[i];
    opt.argc = argc - i - 1;
    opt.argv = argv + i + 1;
    return run_program(&opt);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);
    if (argc >= 2 && strcmp(argv[1], "inspect") == 0) {
        if (argc != 3) {
            wb_error("usage: wowbox inspect FILE");
            return 2;
        }
        return inspect(argv[2]);
    }
    if (argc >= 2 && strcmp(argv[1], "--list-unimplemented") == 0) {
        if (argc > 3) {
            wb_error("usage: wowbox --list-unimplemented [DLL]");
            return 2;
        }
        if (!list_unimplemented(stdout, builtin_dlls, builtin_dll_count, argc == 3 ? argv[2] : NULL)) {
            wb_error("%s is not a builtin DLL (see wowbox --list-unimplemented)", argv[2]);
            return 2;
        }
        return 0;
    }
    if (argc >= 2 && (strcmp(argv[1], "reg") == 0 || (argc >= 4 && strcmp(argv[3], "reg") == 0 && strcmp(argv[1], "--prefix") == 0))) {
        bool with_prefix = strcmp(argv[1], "--prefix") == 0;
        return reg_cli(with_prefix ? argv[2] : NULL, argc - (with_prefix ? 4 : 2), argv + (with_prefix ? 4 : 2));
    }
    if (argc >= 2 && strcmp(argv[1], "test") == 0) {
        prepare_forked_runs();
        return test_runner_main(argv[0], argc - 2, argv + 2, run_command_line);
    }
    return run_command_line(argc, argv);
}
