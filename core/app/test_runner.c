/* `wowbox test DIR`: the regression-suite runner. Each NAME.exe in DIR runs
 * in a child wowbox with a fresh scratch directory; its stdout, exit code
 * and stderr are compared with the sidecar files NAME.stdout, NAME.exit and
 * NAME.stderr (NAME.args and NAME.stdin feed it), and its traces with the
 * golden NAME.trace-api, -nt and -all. */
#include "core/app/test_runner.h"

#include <dirent.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/strbuf.h"

#define DEFAULT_TIMEOUT_S 60

struct child_result {
    struct strbuf out, err;
    int status;       /* exit status, or -1 */
    bool timed_out;
};

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct strbuf sb;
    strbuf_init(&sb);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        strbuf_put(&sb, buf, n);
    fclose(f);
    if (len)
        *len = sb.len;
    return sb.data ? strbuf_release(&sb) : strdup("");
}

static char *read_sidecar(const char *dir, const char *name, const char *ext, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%.3000s/%.1000s.%.16s", dir, name, ext);
    return read_file(path, len);
}

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = 0;
}

/* Pumps stdin in and stdout/stderr out until the child closes them or the
 * deadline passes. */
static void pump(int in_fd, const char *input, size_t inlen, int out_fd, int err_fd,
                 struct child_result *r, time_t deadline)
{
    size_t sent = 0;
    if (inlen == 0 && in_fd >= 0) {
        close(in_fd);
        in_fd = -1;
    }
    while (out_fd >= 0 || err_fd >= 0) {
        struct pollfd p[3] = { { out_fd, POLLIN, 0 }, { err_fd, POLLIN, 0 }, { in_fd, POLLOUT, 0 } };
        int left = (int)(deadline - time(NULL));
        if (left <= 0) {
            r->timed_out = true;
            break;
        }
        if (poll(p, 3, left * 1000) <= 0)
            continue;
        char buf[65536];
        for (int i = 0; i < 2; i++) {
            int *fd = i == 0 ? &out_fd : &err_fd;
            if (*fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t n = read(*fd, buf, sizeof buf);
            if (n > 0) {
                strbuf_put(i == 0 ? &r->out : &r->err, buf, (size_t)n);
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
    if (in_fd >= 0)
        close(in_fd);
    if (out_fd >= 0)
        close(out_fd);
    if (err_fd >= 0)
        close(err_fd);
}

static void run_child(char *const argv[], const char *cwd, const char *input, size_t inlen,
                      int timeout_s, struct child_result *r)
{
    int in[2], out[2], err[2];
    strbuf_init(&r->out);
    strbuf_init(&r->err);
    r->status = -1;
    r->timed_out = false;
    if (pipe(in) || pipe(out) || pipe(err))
        return;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        for (int i = 0; i < 2; i++)
            close(in[i]), close(out[i]), close(err[i]);
        if (chdir(cwd) != 0)
            _exit(126);
        execv(argv[0], argv);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    close(err[1]);
    signal(SIGPIPE, SIG_IGN);
    pump(in[1], input, inlen, out[0], err[0], r, time(NULL) + timeout_s);
    if (r->timed_out)
        kill(pid, SIGKILL);
    int st;
    waitpid(pid, &st, 0);
    if (!r->timed_out && WIFEXITED(st))
        r->status = WEXITSTATUS(st);
}

/* The expected exit code: decimal or 0x hex; default 0. Compared on the
 * low 8 bits the process status carries. */
static long expected_exit(const char *dir, const char *name)
{
    char *s = read_sidecar(dir, name, "exit", NULL);
    if (!s)
        return 0;
    long v = strtol(s, NULL, 0);
    if (strncmp(s, "0x", 2) == 0 || strncmp(s, "0X", 2) == 0)
        v = (long)strtoul(s, NULL, 16);
    free(s);
    return v;
}

static void show_excerpt(const char *label, const char *text, size_t len)
{
    fprintf(stdout, "    %s (%zu bytes):\n", label, len);
    size_t shown = len < 600 ? len : 600;
    fputs("      ", stdout);
    for (size_t i = 0; i < shown; i++) {
        char ch = text[i];
        if (ch == '\r')
            fputs("\\r", stdout);
        else if (ch == '\n')
            fputs("\\n\n      ", stdout);
        else
            fputc(ch, stdout);
    }
    fputs(shown < len ? "...\n" : "\n", stdout);
}

/* Returns NULL when the run matches, else a reason (static text). */
static const char *compare(const char *dir, const char *name, const struct child_result *r)
{
    if (r->timed_out)
        return "timed out";
    long want = expected_exit(dir, name);
    if (r->status != (int)(want & 0xFF)) {
        static char why[96];
        snprintf(why, sizeof why, "exit status %d, expected %d (code %#lx)", r->status, (int)(want & 0xFF), want);
        return why;
    }
    size_t elen;
    char *exp = read_sidecar(dir, name, "stdout", &elen);
    if (exp && (elen != r->out.len || memcmp(exp, r->out.data ? r->out.data : "", elen) != 0)) {
        show_excerpt("expected stdout", exp, elen);
        show_excerpt("actual stdout", r->out.data ? r->out.data : "", r->out.len);
        free(exp);
        return "stdout differs";
    }
    free(exp);
    char *errs = read_sidecar(dir, name, "stderr", NULL);
    const char *why = NULL;
    for (char *line = errs ? strtok(errs, "\n") : NULL; line; line = strtok(NULL, "\n")) {
        chomp(line);
        if (*line && (!r->err.data || !strstr(r->err.data, line))) {
            fprintf(stdout, "    missing in stderr: %s\n", line);
            why = "stderr lacks an expected line";
        }
    }
    free(errs);
    return why;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* NAME.exe files in dir, sorted. */
static char **list_programs(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l > 4 && strcmp(e->d_name + l - 4, ".exe") == 0) {
            names = realloc(names, (n + 1) * sizeof *names);
            names[n++] = strndup(e->d_name, l - 4);
        }
    }
    closedir(d);
    if (n > 1) /* names is NULL when there are none */
        qsort(names, n, sizeof *names, cmp_names);
    *count = n;
    return names;
}

/* NAME.skip holds the reason a sample cannot pass yet (a feature that is
 * not built); it is reported, never silently dropped. */
static bool skipped(const char *dir, const char *name)
{
    char *why = read_sidecar(dir, name, "skip", NULL);
    if (!why)
        return false;
    chomp(why);
    printf("SKIP %s: %s\n", name, why);
    free(why);
    return true;
}

/* One run of a sample in a fresh scratch directory, with extra options. */
static void run_sample(const char *self, const char *dir, const char *name, const struct options *opt,
                       const char *prefix, int timeout_s, const char *const *extra, struct child_result *r)
{
    char exe[4096], scratch[] = "/tmp/wowbox-test-XXXXXX", cmdline_opt[8192], prefix_opt[4096], cpu_opt[64];
    snprintf(exe, sizeof exe, "%.3000s/%.1000s.exe", dir, name);
    strbuf_init(&r->out);
    strbuf_init(&r->err);
    r->status = -1;
    r->timed_out = false;
    if (!mkdtemp(scratch)) {
        strbuf_puts(&r->err, "cannot create a scratch directory");
        return;
    }
    char *args = read_sidecar(dir, name, "args", NULL);
    if (args)
        chomp(args);
    size_t inlen = 0;
    char *input = read_sidecar(dir, name, "stdin", &inlen);
    char *argv[12];
    int n = 0;
    argv[n++] = (char *)self;
    snprintf(prefix_opt, sizeof prefix_opt, "--prefix=%.4000s", prefix);
    argv[n++] = prefix_opt;
    if (opt->cpu) {
        snprintf(cpu_opt, sizeof cpu_opt, "--cpu=%s", opt->cpu);
        argv[n++] = cpu_opt;
    }
    if (opt->strict)
        argv[n++] = "--strict";
    for (; extra && *extra; extra++)
        argv[n++] = (char *)*extra;
    snprintf(cmdline_opt, sizeof cmdline_opt, "--cmdline=%.8000s", args ? args : "");
    argv[n++] = cmdline_opt;
    argv[n++] = exe;
    argv[n] = NULL;
    run_child(argv, scratch, input ? input : "", inlen, timeout_s, r);
    free(args);
    free(input);
    char rm[128];
    snprintf(rm, sizeof rm, "rm -rf '%s'", scratch);
    if (system(rm) != 0)
        fprintf(stderr, "wowbox: could not remove %s\n", scratch);
}

/* What varies between runs and builds leaves a golden trace: addresses
 * (hex of five digits or more, but 0xffffffff) and module offsets become
 * 0x?, thread switch lines lose their id, the scratch directory's name
 * (NT paths in nt events) loses its random part. */
/* mkdtemp's six random characters. */
static bool scratch_suffix(const char *s)
{
    for (int k = 0; k < 6; k++)
        if (!isalnum((unsigned char)s[k]))
            return false;
    return true;
}

static char *normalize_trace(const char *text, size_t len)
{
    struct strbuf sb;
    strbuf_init(&sb);
    for (size_t i = 0; i < len;) {
        if ((i == 0 || text[i - 1] == '\n') && !strncmp(text + i, "--- thread ", 11)) {
            strbuf_puts(&sb, "--- thread ---");
            while (i < len && text[i] != '\n')
                i++;
            continue;
        }
        if (i + 18 <= len && !strncmp(text + i, "wowbox-test-", 12) && scratch_suffix(text + i + 12)) {
            strbuf_puts(&sb, "wowbox-test-?");
            i += 18;
            continue;
        }
        if (text[i] == '0' && i + 1 < len && text[i + 1] == 'x') {
            size_t j = i + 2;
            while (j < len && text[j] && strchr("0123456789abcdef", text[j]))
                j++;
            bool minus_one = j - (i + 2) == 8 && !strncmp(text + i + 2, "ffffffff", 8);
            if ((j - (i + 2) >= 5 && !minus_one) || (i > 0 && text[i - 1] == '+' && j > i + 2)) {
                strbuf_puts(&sb, "0x?");
                i = j;
                continue;
            }
        }
        strbuf_putc(&sb, text[i++]);
    }
    return sb.data ? strbuf_release(&sb) : strdup("");
}

/* Shows the first line where two traces differ. */
static void show_trace_difference(const char *want, const char *got)
{
    int line = 1;
    const char *w = want, *g = got; /* starts of the current line */
    for (size_t i = 0; want[i] && want[i] == got[i]; i++)
        if (want[i] == '\n') {
            line++;
            w = want + i + 1;
            g = got + i + 1;
        }
    printf("    first difference in line %d:\n", line);
    printf("      expected: %.*s\n", (int)strcspn(w, "\n"), w);
    printf("      actual:   %.*s\n", (int)strcspn(g, "\n"), g);
}

/* NAME.trace-LAYER: the program's trace with --trace-layer=LAYER, normalized.
 * On a difference the actual trace is left in DIR/NAME.trace-LAYER.actual. */
static const char *compare_trace(const char *self, const char *dir, const char *name, const char *layer,
                                 const struct options *opt, const char *prefix, int timeout_s)
{
    char ext[32];
    snprintf(ext, sizeof ext, "trace-%s", layer);
    size_t wlen;
    char *want = read_sidecar(dir, name, ext, &wlen);
    if (!want)
        return NULL;
    char file[] = "/tmp/wowbox-trace-XXXXXX", layer_opt[48], file_opt[64];
    int fd = mkstemp(file);
    if (fd < 0) {
        free(want);
        return "cannot create a trace file";
    }
    close(fd);
    snprintf(layer_opt, sizeof layer_opt, "--trace-layer=%s", layer);
    snprintf(file_opt, sizeof file_opt, "--trace-file=%s", file);
    const char *extra[] = { layer_opt, file_opt, NULL };
    struct child_result r;
    run_sample(self, dir, name, opt, prefix, timeout_s, extra, &r);
    static char why[96];
    const char *result = NULL;
    if (compare(dir, name, &r)) {
        snprintf(why, sizeof why, "with --trace-layer=%s the run differs", layer);
        result = why;
    }
    size_t glen = 0;
    char *got = read_file(file, &glen);
    unlink(file);
    char *nwant = normalize_trace(want, wlen), *ngot = normalize_trace(got ? got : "", got ? glen : 0);
    if (!result && strcmp(nwant, ngot) != 0) {
        char path[4096];
        snprintf(path, sizeof path, "%.3000s/%.900s.%s.actual", dir, name, ext);
        FILE *f = fopen(path, "w");
        if (f) {
            fputs(ngot, f);
            fclose(f);
        }
        show_trace_difference(nwant, ngot);
        printf("    the whole trace: %s\n", path);
        snprintf(why, sizeof why, "trace (--trace-layer=%s) differs from %s.%s", layer, name, ext);
        result = why;
    }
    free(want);
    free(got);
    free(nwant);
    free(ngot);
    strbuf_free(&r.out);
    strbuf_free(&r.err);
    return result;
}

static bool run_one(const char *self, const char *dir, const char *name, const struct options *opt,
                    const char *prefix, int timeout_s)
{
    struct child_result r;
    run_sample(self, dir, name, opt, prefix, timeout_s, NULL, &r);
    const char *why = compare(dir, name, &r);
    if (why) {
        printf("FAIL %s: %s\n", name, why);
        if (r.err.len)
            show_excerpt("stderr", r.err.data, r.err.len);
    }
    static const char *const layers[] = { "api", "nt", "all" };
    for (size_t i = 0; i < 3 && !why; i++)
        if ((why = compare_trace(self, dir, name, layers[i], opt, prefix, timeout_s)))
            printf("FAIL %s: %s\n", name, why);
    if (!why)
        printf("PASS %s\n", name);
    fflush(stdout);
    strbuf_free(&r.out);
    strbuf_free(&r.err);
    return why == NULL;
}

int test_runner_run(const char *self, const char *dir, const struct options *opt)
{
    char self_path[4096];
    if (!realpath(self, self_path) && readlink("/proc/self/exe", self_path, sizeof self_path - 1) < 0) {
        fprintf(stderr, "wowbox: cannot locate the wowbox binary\n");
        return 2;
    }
    ssize_t l = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
    if (l > 0)
        self_path[l] = 0;
    char absdir[4096];
    if (!realpath(dir, absdir)) {
        fprintf(stderr, "wowbox: cannot open test directory %s: %s\n", dir, strerror(errno));
        return 2;
    }
    size_t count = 0;
    char **names = list_programs(absdir, &count);
    if (!names || count == 0) {
        fprintf(stderr, "wowbox: no NAME.exe programs in %s\n", absdir);
        return 2;
    }
    char prefix[] = "/tmp/wowbox-prefix-XXXXXX";
    const char *use_prefix = opt->prefix_dir;
    if (!use_prefix) {
        if (!mkdtemp(prefix)) {
            fprintf(stderr, "wowbox: cannot create a temporary prefix\n");
            return 2;
        }
        use_prefix = prefix;
    }
    const char *t = getenv("WOWBOX_TEST_TIMEOUT");
    int timeout_s = t ? atoi(t) : DEFAULT_TIMEOUT_S;
    size_t passed = 0, skips = 0;
    for (size_t i = 0; i < count; i++) {
        if (skipped(absdir, names[i]))
            skips++;
        else
            passed += run_one(self_path, absdir, names[i], opt, use_prefix,
                              timeout_s > 0 ? timeout_s : DEFAULT_TIMEOUT_S);
        free(names[i]);
    }
    free(names);
    if (!opt->prefix_dir) {
        char rm[128];
        snprintf(rm, sizeof rm, "rm -rf '%s'", prefix);
        if (system(rm) != 0)
            fprintf(stderr, "wowbox: could not remove %s\n", prefix);
    }
    printf("%zu passed, %zu failed, %zu skipped\n", passed, count - passed - skips, skips);
    return passed + skips == count ? 0 : 1;
}
