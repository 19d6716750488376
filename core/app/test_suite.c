/* Finds the samples of a `wowbox test` suite and reads their sidecars: every
 * sidecar is parsed before the first sample runs, so a malformed one stops the
 * run with its file and line instead of failing a sample half-way. */
#define _GNU_SOURCE
#include "core/app/test_suite.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/app/reg_expect.h"
#include "core/strbuf.h"

char *read_whole_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct strbuf sb;
    strbuf_init(&sb);
    char buf[16384];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        strbuf_put(&sb, buf, n);
    fclose(f);
    if (len)
        *len = sb.len;
    return sb.data ? strbuf_release(&sb) : strdup("");
}

/* Collects what is wrong with the sidecars. */
struct loader {
    struct test_suite *suite;
    size_t cap;
    bool ok;
};

__attribute__((format(printf, 4, 5)))
static void malformed(struct loader *ld, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "wowbox: %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    ld->ok = false;
}

static char *sidecar(const struct test_sample *t, const char *ext, size_t *len, char *path, size_t pathsz)
{
    snprintf(path, pathsz, "%s/%s.%s", t->dir, t->name, ext);
    return read_whole_file(path, len);
}

/* The next line of text (NUL-terminated in place, CR and LF removed);
 * NULL at the end. *cursor advances. */
static char *next_line(char **cursor)
{
    char *s = *cursor;
    if (!s || !*s)
        return NULL;
    char *nl = strchr(s, '\n');
    *cursor = nl ? nl + 1 : s + strlen(s);
    if (nl)
        *nl = 0;
    size_t n = strlen(s);
    while (n && s[n - 1] == '\r')
        s[--n] = 0;
    return s;
}

static bool blank(const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    return !*s;
}

static char *trimmed(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = 0;
    return s;
}

/* Calls each(ld, t, path, lineno, line, ctx) for every line of the
 * sidecar NAME.ext (CR and LF removed) until it returns false; with
 * comments, blank lines and lines starting with '#' are skipped and the
 * others trimmed. False when there is no such sidecar. */
typedef bool (*line_fn)(struct loader *ld, struct test_sample *t, const char *path, int lineno, char *line,
                        void *ctx);

static bool each_line(struct loader *ld, struct test_sample *t, const char *ext, bool comments, line_fn each,
                      void *ctx)
{
    char path[4096];
    char *text = sidecar(t, ext, NULL, path, sizeof path);
    if (!text)
        return false;
    char *cur = text, *line;
    int lineno = 0;
    while ((line = next_line(&cur))) {
        lineno++;
        char *l = comments ? trimmed(line) : line;
        if (comments && (!*l || *l == '#'))
            continue;
        if (!each(ld, t, path, lineno, l, ctx))
            break;
    }
    free(text);
    return true;
}

/* NAME.exit: one integer, decimal (may be negative: -1 is 0xffffffff) or 0x hex. */
static void load_exit(struct loader *ld, struct test_sample *t)
{
    char path[4096];
    char *text = sidecar(t, "exit", NULL, path, sizeof path);
    if (!text)
        return;
    char *cur = text, *line;
    int lineno = 0;
    bool seen = false;
    while ((line = next_line(&cur))) {
        lineno++;
        char *v = trimmed(line), *end;
        if (!*v)
            continue;
        errno = 0;
        long long code = strtoll(v, &end, 0);
        if (seen || *end || errno || code < -2147483648LL || code > 0xFFFFFFFFLL) {
            malformed(ld, path, lineno, seen ? "one exit code only" : "expected an exit code (decimal or 0x hex), got \"%s\"", v);
            break;
        }
        t->has_exit = seen = true;
        t->want_exit = (uint32_t)code;
    }
    if (!seen && ld->ok)
        malformed(ld, path, lineno ? lineno : 1, "empty: expected an exit code");
    free(text);
}

/* NAME.timeout: seconds, a positive number. */
static void load_timeout(struct loader *ld, struct test_sample *t)
{
    char path[4096];
    char *text = sidecar(t, "timeout", NULL, path, sizeof path);
    if (!text)
        return;
    char *v = trimmed(text), *end;
    double s = strtod(v, &end);
    if (!*v || *end || !(s > 0) || s > 86400)
        malformed(ld, path, 1, "expected a number of seconds (0 < s <= 86400), got \"%s\"", v);
    else
        t->timeout_s = s;
    free(text);
}

/* NAME.args: the command-line tail, one line. */
static void load_args(struct loader *ld, struct test_sample *t)
{
    char path[4096];
    char *text = sidecar(t, "args", NULL, path, sizeof path);
    if (!text)
        return;
    char *cur = text, *line;
    int lineno = 0;
    while ((line = next_line(&cur))) {
        lineno++;
        if (lineno == 1)
            t->args = strdup(line);
        else if (!blank(line)) {
            malformed(ld, path, lineno, "the command line is one line");
            break;
        }
    }
    if (!t->args)
        t->args = strdup("");
    free(text);
}

/* The wowbox options a sample may add: those of a single run that the runner
 * does not set itself (it owns --prefix, --cmdline and --trace-file). */
static const char *const sample_options[] = {
    "--cpu=", "--strict", "--trace", "--trace=", "--trace-layer=", "--env ", "--env=", "--env-clear",
    "--vmmap", "--verbose", "--net=", "--drive=", "--no-host-drive", "--no-fs-redirect", "--codepage=", "--sandbox", "--sandbox=best-effort",
    "--deterministic", "--no-deterministic", "--fake-time=", "--time-scale=",
};

static bool sample_option_known(const char *opt)
{
    for (size_t i = 0; i < sizeof sample_options / sizeof *sample_options; i++) {
        const char *k = sample_options[i];
        size_t n = strlen(k);
        bool takes_value = k[n - 1] == '=' || k[n - 1] == ' ';
        if (takes_value ? !strncmp(opt, k, n) && opt[n] : !strcmp(opt, k))
            return true;
    }
    return false;
}

static void add_opt(struct test_sample *t, const char *arg)
{
    t->opts = realloc(t->opts, (t->nopts + 1) * sizeof *t->opts);
    t->opts[t->nopts++] = strdup(arg);
}

static bool opt_line(struct loader *ld, struct test_sample *t, const char *path, int lineno, char *o, void *ctx)
{
    (void)ctx;
    if (!sample_option_known(o)) {
        malformed(ld, path, lineno, "\"%s\" is not an option a sample may set (see docs/cli.md)", o);
        return true;
    }
    if (!strncmp(o, "--env ", 6)) {
        add_opt(t, "--env");
        add_opt(t, trimmed(o + 6));
        return true;
    }
    add_opt(t, o);
    if (!strncmp(o, "--cpu=", 6))
        t->opts_cpu = t->opts[t->nopts - 1] + 6;
    return true;
}

/* NAME.opts: one option per line ("--env NAME=value" keeps its space: the
 * value may hold more), '#' starts a comment line. */
static void load_opts(struct loader *ld, struct test_sample *t)
{
    each_line(ld, t, "opts", true, opt_line, NULL);
}

static void add_trace(struct test_sample *t, const char *file, const char *layer, bool exact, char *lines)
{
    t->traces = realloc(t->traces, (t->ntraces + 1) * sizeof *t->traces);
    t->traces[t->ntraces++] = (struct trace_golden){ strdup(file), layer, exact, lines };
}

static const char *known_layer(const char *v)
{
    static const char *const layers[] = { "api", "nt", "all" };
    for (int i = 0; i < 3; i++)
        if (!strcmp(v, layers[i]))
            return layers[i];
    return NULL;
}

/* NAME.trace: golden lines matched in order (other lines may come between);
 * "%layer nt" and "%exact" directives, '#' comment lines. */
static void load_trace(struct loader *ld, struct test_sample *t)
{
    char path[4096];
    char *text = sidecar(t, "trace", NULL, path, sizeof path);
    if (!text)
        return;
    const char *layer = "api";
    bool exact = false;
    struct strbuf lines;
    strbuf_init(&lines);
    char *cur = text, *line;
    int lineno = 0;
    while ((line = next_line(&cur))) {
        lineno++;
        if (*line == '#')
            continue;
        if (*line != '%') {
            if (!blank(line))
                strbuf_printf(&lines, "%s\n", line);
            continue;
        }
        char *d = trimmed(line + 1);
        if (!strncmp(d, "layer ", 6) && known_layer(trimmed(d + 6)))
            layer = known_layer(trimmed(d + 6));
        else if (!strcmp(d, "exact"))
            exact = true;
        else
            malformed(ld, path, lineno, "unknown directive \"%%%s\" (expected %%layer api|nt|all or %%exact)", d);
    }
    add_trace(t, path, layer, exact, lines.data ? strbuf_release(&lines) : strdup(""));
    free(text);
}

/* NAME.trace-api, -nt, -all: the whole trace of that layer, exactly. */
static void load_layer_traces(struct test_sample *t)
{
    static const char *const layers[] = { "api", "nt", "all" };
    for (int i = 0; i < 3; i++) {
        char ext[16], path[4096];
        snprintf(ext, sizeof ext, "trace-%s", layers[i]);
        char *text = sidecar(t, ext, NULL, path, sizeof path);
        if (text)
            add_trace(t, path, layers[i], true, text);
    }
}

static bool parse_hash(const char *v, char out[65])
{
    if (!strcmp(v, "-")) {
        out[0] = 0;
        return true;
    }
    if (strlen(v) != 64)
        return false;
    for (int i = 0; i < 64; i++) {
        if (!isxdigit((unsigned char)v[i]))
            return false;
        out[i] = (char)tolower((unsigned char)v[i]);
    }
    out[64] = 0;
    return true;
}

/* NAME.reg: registry keys and values that must exist afterwards (or not),
 * in .reg syntax (core/app/reg_expect.h); parsed now so a malformed line
 * stops the suite, checked after the run by `wowbox reg check`. */
static void load_reg(struct loader *ld, struct test_sample *t)
{
    char path[4096];
    char *text = sidecar(t, "reg", NULL, path, sizeof path);
    if (!text)
        return;
    struct reg_expect_list l;
    int line = 0;
    char why[300];
    if (reg_expect_parse(text, &l, &line, why, sizeof why)) {
        reg_expect_free(&l);
        t->reg_path = strdup(path);
    } else {
        malformed(ld, path, line, "%s", why);
    }
    free(text);
}

/* NAME.files: "WINDOWS-PATH SIZE SHA256" per line, fields read from the right
 * (the path may hold spaces); "-" accepts any size or contents. */
static bool file_line(struct loader *ld, struct test_sample *t, const char *path, int lineno, char *l, void *ctx)
{
    (void)ctx;
    char *hash = strrchr(l, ' ');
    char *size = NULL;
    if (hash) {
        *hash++ = 0;
        trimmed(l);
        size = strrchr(l, ' ');
    }
    if (size)
        *size++ = 0;
    struct file_expect f = { 0 };
    char *end = NULL;
    f.size = size && strcmp(size, "-") ? strtoll(size, &end, 10) : -1;
    bool size_ok = size && (!end || (!*end && f.size >= 0 && end != size));
    if (!hash || !size || !size_ok || !parse_hash(hash, f.sha256) || strlen(trimmed(l)) < 3 || l[1] != ':' ||
        l[2] != '\\') {
        malformed(ld, path, lineno, "expected \"C:\\path\\file SIZE SHA256\" (SIZE or SHA256 may be -)");
        return true;
    }
    f.win_path = strdup(trimmed(l));
    t->files = realloc(t->files, (t->nfiles + 1) * sizeof *t->files);
    t->files[t->nfiles++] = f;
    return true;
}

static void load_files(struct loader *ld, struct test_sample *t)
{
    each_line(ld, t, "files", true, file_line, NULL);
}

static void load_sidecars(struct loader *ld, struct test_sample *t)
{
    char path[4096];
    t->skip = sidecar(t, "skip", NULL, path, sizeof path);
    if (t->skip) {
        char *cur = t->skip, *first = next_line(&cur);
        memmove(t->skip, first ? first : "", strlen(first ? first : "") + 1);
    }
    t->want_stdout = sidecar(t, "stdout", &t->want_stdout_len, path, sizeof path);
    t->want_stderr = sidecar(t, "stderr", NULL, path, sizeof path);
    t->input = sidecar(t, "stdin", &t->input_len, path, sizeof path);
    load_exit(ld, t);
    load_timeout(ld, t);
    load_args(ld, t);
    load_opts(ld, t);
    load_trace(ld, t);
    load_layer_traces(t);
    load_files(ld, t);
    load_reg(ld, t);
}

static char *join_path(const char *a, const char *b)
{
    char *s;
    return asprintf(&s, "%s/%s", a, b) < 0 ? NULL : s;
}

static void add_sample(struct loader *ld, const char *dir, const char *rel, const char *name, const char *sample_dir)
{
    struct test_suite *s = ld->suite;
    if (s->count == ld->cap) {
        ld->cap = ld->cap ? ld->cap * 2 : 64;
        s->samples = realloc(s->samples, ld->cap * sizeof *s->samples);
    }
    struct test_sample *t = &s->samples[s->count++];
    memset(t, 0, sizeof *t);
    t->dir = strdup(dir);
    t->name = strdup(name);
    t->id = *rel ? join_path(rel, name) : strdup(name);
    char exe[4096];
    if (sample_dir) {
        t->sample_dir = strdup(sample_dir);
        snprintf(exe, sizeof exe, "%s/%s.exe", sample_dir, name);
    } else {
        snprintf(exe, sizeof exe, "%s/%s.exe", dir, name);
    }
    t->exe = strdup(exe);
    load_sidecars(ld, t);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && !strcmp(s + n - m, suffix);
}

/* A directory NAME holding NAME.exe is a directory sample; any other
 * directory is walked (hidden ones and CMake's are not). */
static void walk(struct loader *ld, const char *dir, const char *rel)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "wowbox: cannot read %s: %s\n", dir, strerror(errno));
        ld->ok = false;
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || !strcmp(e->d_name, "CMakeFiles"))
            continue;
        char *path = join_path(dir, e->d_name);
        struct stat st;
        if (path && stat(path, &st) == 0) {
            if (S_ISREG(st.st_mode) && ends_with(e->d_name, ".exe")) {
                char *name = strndup(e->d_name, strlen(e->d_name) - 4);
                add_sample(ld, dir, rel, name, NULL);
                free(name);
            } else if (S_ISDIR(st.st_mode)) {
                char main_exe[4096];
                snprintf(main_exe, sizeof main_exe, "%s/%s.exe", path, e->d_name);
                char *sub = *rel ? join_path(rel, e->d_name) : strdup(e->d_name);
                if (stat(main_exe, &st) == 0 && S_ISREG(st.st_mode))
                    add_sample(ld, dir, rel, e->d_name, path);
                else
                    walk(ld, path, sub);
                free(sub);
            }
        }
        free(path);
    }
    closedir(d);
}

static int by_id(const void *a, const void *b)
{
    return strcmp(((const struct test_sample *)a)->id, ((const struct test_sample *)b)->id);
}

bool suite_load(struct test_suite *s, const char *root)
{
    memset(s, 0, sizeof *s);
    s->root = realpath(root, NULL);
    if (!s->root) {
        fprintf(stderr, "wowbox: cannot open test directory %s: %s\n", root, strerror(errno));
        return false;
    }
    struct loader ld = { s, 0, true };
    walk(&ld, s->root, "");
    if (s->count > 1)
        qsort(s->samples, s->count, sizeof *s->samples, by_id);
    return ld.ok;
}

static void sample_free(struct test_sample *t)
{
    free(t->id);
    free(t->dir);
    free(t->name);
    free(t->exe);
    free(t->sample_dir);
    free(t->args);
    free(t->input);
    free(t->want_stdout);
    free(t->want_stderr);
    free(t->skip);
    for (size_t i = 0; i < t->nopts; i++)
        free(t->opts[i]);
    free(t->opts);
    for (size_t i = 0; i < t->ntraces; i++) {
        free(t->traces[i].file);
        free(t->traces[i].lines);
    }
    free(t->traces);
    for (size_t i = 0; i < t->nfiles; i++)
        free(t->files[i].win_path);
    free(t->files);
    free(t->reg_path);
}

void suite_free(struct test_suite *s)
{
    for (size_t i = 0; i < s->count; i++)
        sample_free(&s->samples[i]);
    free(s->samples);
    free(s->root);
    memset(s, 0, sizeof *s);
}

bool suite_filter_match(const char *id, char *const *globs, size_t nglobs)
{
    const char *base = strrchr(id, '/');
    base = base ? base + 1 : id;
    for (size_t i = 0; i < nglobs; i++)
        if (fnmatch(globs[i], id, 0) == 0 || fnmatch(globs[i], base, 0) == 0)
            return true;
    return nglobs == 0;
}

unsigned suite_shard_of(const char *id, unsigned n)
{
    uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a: stable across builds and hosts */
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        h = (h ^ *p) * 0x100000001b3ULL;
    return (unsigned)(h % n);
}
