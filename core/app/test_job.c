/* One run of one sample for `wowbox test`: a scratch directory of its own
 * (current directory, prefix copied from the run's template, trace and
 * unimplemented-API logs), a child wowbox bounded by a timeout, and the
 * checks of what it did against the sample's sidecars. */
#define _GNU_SOURCE
#include "core/app/test_job.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/app/test_scratch.h"
#include "core/app/test_trace.h"
#include "core/sha256.h"
#include "redirect/path.h"
#include "redirect/prefix.h"

/* How a child wowbox ended. */
struct child {
    struct strbuf out, err;
    int status;        /* exit status, or -1 */
    int signal;        /* the signal that killed wowbox itself, or 0 */
    bool timed_out;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fail(struct run_result *r, const char *kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(struct run_result *r, const char *kind, const char *fmt, ...)
{
    if (r->verdict == RUN_FAIL)
        return; /* the first failure is the reason */
    r->verdict = RUN_FAIL;
    r->kind = strdup(kind);
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&r->reason, fmt, ap) < 0)
        r->reason = NULL;
    va_end(ap);
}

/* Feeds stdin and collects stdout/stderr until the child closes them or the
 * deadline passes. */
static void pump(int in_fd, const char *input, size_t inlen, int out_fd, int err_fd, struct child *c,
                 double deadline)
{
    size_t sent = 0;
    if (inlen == 0) {
        close(in_fd);
        in_fd = -1;
    }
    while (out_fd >= 0 || err_fd >= 0) {
        double left = deadline - now_s();
        if (left <= 0) {
            c->timed_out = true;
            break;
        }
        struct pollfd p[3] = { { out_fd, POLLIN, 0 }, { err_fd, POLLIN, 0 }, { in_fd, POLLOUT, 0 } };
        if (poll(p, 3, (int)(left * 1000) + 1) <= 0)
            continue;
        char buf[65536];
        for (int i = 0; i < 2; i++) {
            int *fd = i == 0 ? &out_fd : &err_fd;
            if (*fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t n = read(*fd, buf, sizeof buf);
            if (n > 0) {
                strbuf_put(i == 0 ? &c->out : &c->err, buf, (size_t)n);
            } else if (n == 0 || errno != EINTR) {
                close(*fd);
                *fd = -1;
            }
        }
        if (in_fd >= 0 && (p[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t n = write(in_fd, input + sent, inlen - sent);
            if (n > 0)
                sent += (size_t)n;
            if (n <= 0 || sent == inlen) {
                close(in_fd);
                in_fd = -1;
            }
        }
    }
    for (int i = 0; i < 3; i++) {
        int fd = i == 0 ? in_fd : i == 1 ? out_fd : err_fd;
        if (fd >= 0)
            close(fd);
    }
}

/* The runs going on, for job_kill_all (read from a signal handler). */
#define MAX_RUNNING 512
static volatile pid_t running[MAX_RUNNING];

static void track(pid_t pid)
{
    for (int i = 0; i < MAX_RUNNING; i++)
        if (__sync_bool_compare_and_swap(&running[i], 0, pid))
            return;
}

static void untrack(pid_t pid)
{
    for (int i = 0; i < MAX_RUNNING; i++)
        if (running[i] == pid)
            running[i] = 0;
}

void job_kill_all(void)
{
    for (int i = 0; i < MAX_RUNNING; i++) {
        pid_t pid = running[i];
        if (pid > 0)
            kill(-pid, SIGKILL);
    }
}

/* Runs argv in cwd as the leader of its own process group, so a timeout
 * ends whatever it started too. The pipes are close-on-exec: other runs
 * started at the same time from other threads do not inherit them. */
/* In a child forked from the runner: what a freshly executed wowbox would
 * have. The runner's other threads are gone, but their descriptors (other
 * runs' pipes) and the runner's signal dispositions and unwritten stdout
 * are not. */
static void become_fresh_process(void)
{
    syscall(SYS_close_range, 3u, ~0u, 0u);
    static const int reset[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
    for (size_t i = 0; i < sizeof reset / sizeof *reset; i++)
        signal(reset[i], SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    __fpurge(stdout);
    __fpurge(stderr);
    /* Unicorn asks for huge pages for its translation buffer: each first
     * write there zeroes 2 MB, more than a short sample's whole translated
     * code (12% of a hello run's CPU time, docs/performance.md) */
    prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
}

/* Under an emulator the kernel does not know (WOWBOX_EMULATOR: qemu-user
 * without binfmt_misc), wowbox is executed through it; NULL otherwise. */
static char **emulated_argv(char *const argv[])
{
    const char *emulator = getenv("WOWBOX_EMULATOR");
    if (!emulator || !*emulator)
        return NULL;
    size_t n = 0;
    while (argv[n])
        n++;
    char **e = malloc((n + 2) * sizeof *e);
    if (!e)
        return NULL;
    e[0] = (char *)emulator;
    memcpy(e + 1, argv, (n + 1) * sizeof *e);
    return e;
}

static void run_child(int (*run_in_fork)(int, char **), char *const argv[], const char *cwd, const char *input,
                      size_t inlen, double timeout_s, struct child *c)
{
    int in[2], out[2], err[2];
    strbuf_init(&c->out);
    strbuf_init(&c->err);
    c->status = -1;
    c->signal = 0;
    c->timed_out = false;
    if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) {
        strbuf_printf(&c->err, "wowbox test: cannot create pipes: %s\n", strerror(errno));
        return;
    }
    /* Another worker may be printing a report line: a child forked while it
     * holds stdout's lock would inherit the lock with no owner to release it,
     * and hang at its first printf. Holding both locks across fork makes the
     * child's copies ours to release. */
    char **emulated = run_in_fork ? NULL : emulated_argv(argv);
    flockfile(stdout);
    flockfile(stderr);
    pid_t pid = fork();
    funlockfile(stderr);
    funlockfile(stdout);
    if (pid == 0) {
        /* only async-signal-safe calls before exec or become_fresh_process */
        setpgid(0, 0);
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        if (chdir(cwd) != 0)
            _exit(126);
        if (run_in_fork) {
            become_fresh_process();
            int argc = 0;
            while (argv[argc])
                argc++;
            exit(run_in_fork(argc, (char **)argv));
        }
        if (emulated)
            execvp(emulated[0], emulated);
        else
            execv(argv[0], argv);
        _exit(127);
    }
    free(emulated);
    close(in[0]);
    close(out[1]);
    close(err[1]);
    if (pid < 0) {
        close(in[1]);
        close(out[0]);
        close(err[0]);
        strbuf_printf(&c->err, "wowbox test: cannot fork: %s\n", strerror(errno));
        return;
    }
    setpgid(pid, pid); /* also here: the child may not have run yet when a timeout kills the group */
    track(pid);
    pump(in[1], input, inlen, out[0], err[0], c, now_s() + timeout_s);
    if (c->timed_out)
        kill(-pid, SIGKILL);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    untrack(pid);
    if (c->timed_out)
        return;
    if (WIFEXITED(st))
        c->status = WEXITSTATUS(st);
    else if (WIFSIGNALED(st))
        c->signal = WTERMSIG(st);
}

/* The scratch directory of one run: cwd/ is the program's current
 * directory, prefix/ its prefix. */
struct scratch {
    char dir[3000];
    char cwd[3100], prefix[3100], trace[3100], unimpl[3100];
    char exe[4200];
};

static bool scratch_make(const struct job_config *cfg, const struct test_sample *t, struct scratch *s,
                         struct run_result *r)
{
    char err[1024] = "";
    snprintf(s->dir, sizeof s->dir, "%.2900s/wowbox-test-XXXXXX", cfg->run_root);
    if (!mkdtemp(s->dir)) {
        fail(r, "runner", "cannot create a scratch directory in %s: %s", cfg->run_root, strerror(errno));
        s->dir[0] = 0;
        return false;
    }
    snprintf(s->cwd, sizeof s->cwd, "%s/cwd", s->dir);
    snprintf(s->prefix, sizeof s->prefix, "%s/prefix", s->dir);
    snprintf(s->unimpl, sizeof s->unimpl, "%s/unimplemented.txt", s->dir);
    snprintf(s->exe, sizeof s->exe, "%s", t->exe);
    bool ok;
    if (t->sample_dir) {
        ok = tree_copy(t->sample_dir, s->cwd, err, sizeof err);
        snprintf(s->exe, sizeof s->exe, "%.3100s/%.1000s.exe", s->cwd, t->name);
    } else {
        ok = mkdir(s->cwd, 0755) == 0;
        if (!ok)
            snprintf(err, sizeof err, "cannot create %.700s: %.200s", s->cwd, strerror(errno));
    }
    ok = ok && manifest_copy(cfg->template_prefix, s->prefix, err, sizeof err);
    if (!ok)
        fail(r, "runner", "%s", err);
    return ok;
}

/* The child's command line: runner options, then the sample's, then what
 * this run needs. */
static void run_in_scratch(const struct job_config *cfg, const struct test_sample *t, const char *backend,
                           const char *trace_layer, const struct scratch *s, struct child *c)
{
    size_t max = 16 + cfg->npass_opts + t->nopts;
    char **argv = calloc(max, sizeof *argv);
    size_t n = 0;
    char *prefix_opt, *cpu_opt, *unimpl_opt, *cmdline_opt, *layer_opt = NULL, *file_opt = NULL;
    argv[n++] = (char *)cfg->self;
    argv[n++] = asprintf(&prefix_opt, "--prefix=%s", s->prefix) < 0 ? NULL : prefix_opt;
    argv[n++] = asprintf(&cpu_opt, "--cpu=%s", backend) < 0 ? NULL : cpu_opt;
    argv[n++] = asprintf(&unimpl_opt, "--unimplemented-log=%s", s->unimpl) < 0 ? NULL : unimpl_opt;
    if (cfg->strict)
        argv[n++] = "--strict";
    for (size_t i = 0; i < cfg->npass_opts; i++)
        argv[n++] = cfg->pass_opts[i];
    for (size_t i = 0; i < t->nopts; i++)
        argv[n++] = t->opts[i];
    if (trace_layer) {
        argv[n++] = asprintf(&layer_opt, "--trace-layer=%s", trace_layer) < 0 ? NULL : layer_opt;
        argv[n++] = asprintf(&file_opt, "--trace-file=%s", s->trace) < 0 ? NULL : file_opt;
    }
    argv[n++] = asprintf(&cmdline_opt, "--cmdline=%s", t->args ? t->args : "") < 0 ? NULL : cmdline_opt;
    argv[n++] = (char *)s->exe;
    bool complete = true;
    for (size_t i = 0; i < n; i++)
        complete &= argv[i] != NULL;
    double timeout = t->timeout_s > 0 ? t->timeout_s : cfg->timeout_s;
    if (complete)
        run_child(cfg->run_in_fork, argv, s->cwd, t->input ? t->input : "",
                  t->input ? t->input_len : 0, timeout, c);
    else
        strbuf_init(&c->out), strbuf_init(&c->err), c->status = -1, c->signal = 0, c->timed_out = false;
    free(prefix_opt);
    free(cpu_opt);
    free(unimpl_opt);
    free(cmdline_opt);
    free(layer_opt);
    free(file_opt);
    free(argv);
}

/* Up to 8 lines of text, for a failure's details. */
static void excerpt(struct strbuf *d, const char *label, const char *text, size_t len)
{
    strbuf_printf(d, "    %s (%zu bytes):\n", label, len);
    int lines = 0;
    size_t i = 0;
    strbuf_puts(d, "      ");
    for (; i < len && lines < 8; i++) {
        char ch = text[i];
        if (ch == '\r')
            strbuf_puts(d, "\\r");
        else if (ch == '\n') {
            strbuf_puts(d, "\\n\n      ");
            lines++;
        } else
            strbuf_putc(d, ch);
    }
    strbuf_puts(d, i < len ? "...\n" : "\n");
}

/* The first line where want and got differ, both shown. */
static void first_difference(struct strbuf *d, const char *want, size_t wlen, const char *got, size_t glen)
{
    size_t i = 0, line = 1, wstart = 0;
    while (i < wlen && i < glen && want[i] == got[i]) {
        if (want[i] == '\n') {
            line++;
            wstart = i + 1;
        }
        i++;
    }
    size_t wend = wstart, gend = wstart;
    while (wend < wlen && want[wend] != '\n')
        wend++;
    while (gend < glen && got[gend] != '\n')
        gend++;
    strbuf_printf(d, "    first difference in line %zu:\n", line);
    strbuf_printf(d, "      expected: %.*s%s\n", (int)(wend - wstart), want + wstart, wstart >= wlen ? "(end of output)" : "");
    strbuf_printf(d, "      actual:   %.*s%s\n", (int)(gend - wstart), got + wstart, wstart >= glen ? "(end of output)" : "");
}

/* wowbox's crash report on stderr: the guest's unhandled exception. */
static bool crash_report(const struct child *c)
{
    return c->err.data && strstr(c->err.data, "wowbox: unhandled exception");
}

static void check_process(const struct test_sample *t, const struct child *c, struct run_result *r)
{
    double timeout = t->timeout_s;
    if (c->timed_out) {
        fail(r, "timeout", "timed out%s", timeout > 0 ? " (NAME.timeout)" : "");
        return;
    }
    if (c->signal) {
        fail(r, "crash", "wowbox itself died of signal %d (%s)", c->signal, strsignal(c->signal));
        return;
    }
    uint32_t want = t->has_exit ? t->want_exit : 0;
    if (c->status != (int)(want & 0xFF)) {
        bool crashed = crash_report(c);
        fail(r, crashed ? "crash" : "exit", "%sexit status %d, expected %u (code %#x)",
             crashed ? "unhandled exception: " : "", c->status, want & 0xFF, want);
    }
}

static void check_output(const struct test_sample *t, const struct child *c, struct run_result *r)
{
    const char *out = c->out.data ? c->out.data : "";
    if (t->want_stdout && (t->want_stdout_len != c->out.len || memcmp(t->want_stdout, out, c->out.len) != 0)) {
        bool first = r->verdict != RUN_FAIL;
        fail(r, "stdout", "stdout differs from %s.stdout", t->name);
        if (first) {
            first_difference(&r->details, t->want_stdout, t->want_stdout_len, out, c->out.len);
            excerpt(&r->details, "expected stdout", t->want_stdout, t->want_stdout_len);
            excerpt(&r->details, "actual stdout", out, c->out.len);
        }
    }
    if (!t->want_stderr)
        return;
    char *lines = strdup(t->want_stderr), *save = NULL;
    for (char *line = strtok_r(lines, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        size_t n = strlen(line);
        while (n && line[n - 1] == '\r')
            line[--n] = 0;
        if (*line && (!c->err.data || !strstr(c->err.data, line))) {
            bool first = r->verdict != RUN_FAIL;
            fail(r, "stderr", "stderr lacks a line of %s.stderr", t->name);
            if (first || !strcmp(r->kind, "stderr"))
                strbuf_printf(&r->details, "    missing in stderr: %s\n", line);
        }
    }
    free(lines);
}

/* The Windows form of a host directory as the program sees it (Z:\...). */
static char *win_dir(const char *host)
{
    struct prefix p = { .root = (char *)"/nonexistent", .drive_c = (char *)"/nonexistent/drive_c",
                        .user = (char *)"user", .map_z_to_root = true };
    char out[4200];
    return path_host_to_win(&p, host, out, sizeof out) == 0 ? strdup(out) : NULL;
}

static void update_trace_golden(const struct trace_golden *g, const char *normalized, struct run_result *r);

static void check_trace(const struct test_sample *t, const struct trace_golden *g, const struct scratch *s,
                        const struct job_config *cfg, struct run_result *r)
{
    size_t len = 0;
    char *raw = read_whole_file(s->trace, &len);
    char *exedir = strdup(s->exe);
    char *slash = strrchr(exedir, '/');
    if (slash)
        *slash = 0;
    char *cwd_win = win_dir(s->cwd), *exedir_win = win_dir(exedir);
    struct trace_places where = { cwd_win, exedir_win };
    char *got = trace_normalize(raw ? raw : "", raw ? len : 0, &where);
    char *want = trace_normalize(g->lines, strlen(g->lines), NULL);
    struct strbuf why;
    strbuf_init(&why);
    if (!trace_match(want, got, g->exact, &why)) {
        if (cfg->update) {
            update_trace_golden(g, got, r);
        } else {
            bool first = r->verdict != RUN_FAIL;
            fail(r, "trace", "trace (--trace-layer=%s) does not match %s", g->layer, strrchr(g->file, '/') + 1);
            if (first) {
                strbuf_puts(&r->details, why.data ? why.data : "");
                char actual[4200];
                snprintf(actual, sizeof actual, "%s.actual", g->file);
                FILE *f = fopen(actual, "w");
                if (f) {
                    fputs(got, f);
                    fclose(f);
                    strbuf_printf(&r->details, "    the whole normalized trace: %s\n", actual);
                }
            }
        }
    }
    (void)t;
    strbuf_free(&why);
    free(raw);
    free(exedir);
    free(cwd_win);
    free(exedir_win);
    free(got);
    free(want);
}

/* SHA-256 of a host file as hex; false when it cannot be read. */
static bool file_sha256(const char *path, char hex[65])
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct sha256 h;
    sha256_init(&h);
    char buf[65536];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        sha256_update(&h, buf, (size_t)n);
    close(fd);
    sha256_final_hex(&h, hex);
    return n == 0;
}

/* NAME.files: each file must be in the prefix with its size and hash. */
static void check_files(const struct test_sample *t, const struct scratch *s, struct run_result *r)
{
    if (!t->nfiles)
        return;
    struct prefix p;
    char err[512];
    if (!prefix_open(&p, s->prefix, err, sizeof err)) {
        fail(r, "runner", "cannot open the run's prefix: %s", err);
        return;
    }
    for (size_t i = 0; i < t->nfiles; i++) {
        const struct file_expect *f = &t->files[i];
        char host[4200], hex[65];
        struct stat st;
        uint32_t status = path_win_to_host(&p, "C:\\", f->win_path, 0, host, sizeof host);
        bool exists = status == 0 && stat(host, &st) == 0 && S_ISREG(st.st_mode);
        const char *why = !exists ? "missing"
                          : f->size >= 0 && st.st_size != f->size ? "size differs"
                          : f->sha256[0] && (!file_sha256(host, hex) || strcmp(hex, f->sha256)) ? "contents differ (SHA-256)"
                                                                                                 : NULL;
        if (!why)
            continue;
        bool first = r->verdict != RUN_FAIL;
        fail(r, "files", "%s: %s", f->win_path, why);
        if (first || !strcmp(r->kind, "files")) {
            strbuf_printf(&r->details, "    %s: %s", f->win_path, why);
            if (exists)
                strbuf_printf(&r->details, " (size %lld%s%s)", (long long)st.st_size,
                              f->sha256[0] ? ", sha256 " : "", f->sha256[0] ? hex : "");
            strbuf_putc(&r->details, '\n');
        }
    }
    prefix_close(&p);
}

/* NAME.reg: `wowbox --prefix P reg check NAME.reg` on the run's prefix (a
 * process of its own: the registry store is one per process). */
static void check_registry(const struct job_config *cfg, const struct test_sample *t, const struct scratch *s,
                           struct run_result *r)
{
    if (!t->reg_path)
        return;
    char *argv[] = { (char *)cfg->self, "--prefix", (char *)s->prefix, "reg", "check", t->reg_path, NULL };
    struct child c;
    run_child(NULL, argv, s->cwd, "", 0, cfg->timeout_s, &c);
    if (c.status == 1) {
        bool first = r->verdict != RUN_FAIL;
        const char *nl = c.out.data ? strchr(c.out.data, '\n') : NULL;
        fail(r, "registry", "%.*s", nl ? (int)(nl - c.out.data) : 0, nl ? c.out.data : "");
        if (first || !strcmp(r->kind, "registry"))
            excerpt(&r->details, "registry differences", c.out.data ? c.out.data : "", c.out.len);
    } else if (c.status != 0) {
        fail(r, "runner", "cannot check %s: %s", t->reg_path, c.err.data ? c.err.data : "the check did not finish");
    }
    strbuf_free(&c.out);
    strbuf_free(&c.err);
}

/* The exports the program called that nobody implemented, from the log
 * the child wrote (one "dll!Name" per line). */
static void collect_unimplemented(const struct scratch *s, struct run_result *r)
{
    char *text = read_whole_file(s->unimpl, NULL);
    if (!text)
        return;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        bool seen = false;
        for (size_t i = 0; i < r->nunimplemented && !seen; i++)
            seen = !strcmp(r->unimplemented[i], line);
        if (seen)
            continue;
        r->unimplemented = realloc(r->unimplemented, (r->nunimplemented + 1) * sizeof *r->unimplemented);
        r->unimplemented[r->nunimplemented++] = strdup(line);
    }
    free(text);
}

static bool write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

static void note_updated(struct run_result *r, const char *path)
{
    const char *base = strrchr(path, '/');
    char *prev = r->updated;
    if (asprintf(&r->updated, "%s%s%s", prev ? prev : "", prev ? ", " : "", base ? base + 1 : path) < 0)
        r->updated = NULL;
    free(prev);
}

/* --update for a trace golden: NAME.trace keeps its directives and gets the
 * whole normalized trace (trim it by hand to the lines that matter). */
static void update_trace_golden(const struct trace_golden *g, const char *normalized, struct run_result *r)
{
    struct strbuf sb;
    strbuf_init(&sb);
    size_t n = strlen(g->file);
    bool sidecar_trace = n > 6 && !strcmp(g->file + n - 6, ".trace");
    if (sidecar_trace) {
        if (strcmp(g->layer, "api"))
            strbuf_printf(&sb, "%%layer %s\n", g->layer);
        if (g->exact)
            strbuf_puts(&sb, "%exact\n");
    }
    strbuf_puts(&sb, normalized);
    if (write_file(g->file, sb.data ? sb.data : "", sb.len))
        note_updated(r, g->file);
    strbuf_free(&sb);
}

/* --update for stdout and exit: rewrites what differs. */
static void update_goldens(const struct test_sample *t, const struct child *c, struct run_result *r)
{
    char path[4200];
    const char *out = c->out.data ? c->out.data : "";
    bool stdout_differs = t->want_stdout ? t->want_stdout_len != c->out.len || memcmp(t->want_stdout, out, c->out.len)
                                         : c->out.len > 0;
    snprintf(path, sizeof path, "%s/%s.stdout", t->dir, t->name);
    if (stdout_differs && write_file(path, out, c->out.len))
        note_updated(r, path);
    uint32_t want = t->has_exit ? t->want_exit : 0;
    if (c->status >= 0 && (uint32_t)c->status != (want & 0xFF)) {
        char code[16];
        int n = snprintf(code, sizeof code, "%d\n", c->status);
        snprintf(path, sizeof path, "%s/%s.exit", t->dir, t->name);
        if (write_file(path, code, (size_t)n))
            note_updated(r, path);
    }
}

static void take_output(struct run_result *r, struct child *c)
{
    free(r->out);
    free(r->err);
    r->out_len = c->out.len;
    r->err_len = c->err.len;
    r->out = c->out.data ? strbuf_release(&c->out) : strdup("");
    r->err = c->err.data ? strbuf_release(&c->err) : strdup("");
}

/* One child run with trace layer `layer` (or none), checked against every
 * golden of that layer. */
static void run_layer(const struct job_config *cfg, const struct test_sample *t, const char *backend,
                      const char *layer, bool first_run, struct scratch *s, struct run_result *r)
{
    if (!first_run) {
        tree_remove(s->prefix);
        tree_remove(s->cwd);
        char err[1024];
        bool ok = (t->sample_dir ? tree_copy(t->sample_dir, s->cwd, err, sizeof err) : mkdir(s->cwd, 0755) == 0) &&
                  manifest_copy(cfg->template_prefix, s->prefix, err, sizeof err);
        if (!ok) {
            fail(r, "runner", "cannot renew the scratch directory");
            return;
        }
    }
    if (layer)
        snprintf(s->trace, sizeof s->trace, "%s/trace-%s.txt", s->dir, layer);
    struct child c;
    run_in_scratch(cfg, t, backend, layer, s, &c);
    enum run_verdict before = r->verdict;
    if (cfg->update && !c.timed_out && !c.signal && first_run)
        update_goldens(t, &c, r);
    else if (first_run) {
        check_process(t, &c, r);
        check_output(t, &c, r);
    } else {
        check_process(t, &c, r);
        check_output(t, &c, r);
        if (r->verdict == RUN_FAIL && before != RUN_FAIL) {
            char *why = r->reason;
            if (asprintf(&r->reason, "with --trace-layer=%s: %s", layer, why) < 0)
                r->reason = NULL;
            free(why);
        }
    }
    if (layer && !c.timed_out)
        for (size_t i = 0; i < t->ntraces; i++)
            if (t->traces[i].layer == layer)
                check_trace(t, &t->traces[i], s, cfg, r);
    if (first_run) {
        r->exit_status = c.status;
        check_files(t, s, r);
        check_registry(cfg, t, s, r);
        take_output(r, &c);
    }
    collect_unimplemented(s, r);
    strbuf_free(&c.out);
    strbuf_free(&c.err);
}

void job_run(const struct job_config *cfg, const struct test_sample *t, const char *backend, struct run_result *r)
{
    memset(r, 0, sizeof *r);
    strbuf_init(&r->details);
    r->verdict = RUN_PASS;
    double start = now_s();
    struct scratch s;
    if (!scratch_make(cfg, t, &s, r)) {
        if (s.dir[0])
            tree_remove(s.dir);
        return;
    }
    /* the first run traces the first golden's layer; each other layer needs a run of its own */
    const char *layers[3];
    size_t nlayers = 0;
    for (size_t i = 0; i < t->ntraces; i++) {
        bool seen = false;
        for (size_t k = 0; k < nlayers; k++)
            seen |= layers[k] == t->traces[i].layer;
        if (!seen)
            layers[nlayers++] = t->traces[i].layer;
    }
    run_layer(cfg, t, backend, nlayers ? layers[0] : NULL, true, &s, r);
    for (size_t k = 1; k < nlayers && (r->verdict != RUN_FAIL || cfg->update); k++)
        run_layer(cfg, t, backend, layers[k], false, &s, r);
    r->seconds = now_s() - start;
    if (r->verdict == RUN_FAIL && cfg->keep) {
        char path[4300];
        r->kept = strdup(s.dir);
        snprintf(path, sizeof path, "%s/stdout", s.dir);
        write_file(path, r->out ? r->out : "", r->out_len);
        snprintf(path, sizeof path, "%s/stderr", s.dir);
        write_file(path, r->err ? r->err : "", r->err_len);
    } else {
        tree_remove(s.dir);
    }
}

void run_result_free(struct run_result *r)
{
    free(r->kind);
    free(r->reason);
    strbuf_free(&r->details);
    free(r->out);
    free(r->err);
    for (size_t i = 0; i < r->nunimplemented; i++)
        free(r->unimplemented[i]);
    free(r->unimplemented);
    free(r->kept);
    free(r->updated);
    memset(r, 0, sizeof *r);
}
