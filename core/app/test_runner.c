/* `wowbox test [OPTIONS] DIR`: the regression-suite runner. It loads the
 * suite (core/app/test_suite.c), makes one template prefix, runs the selected
 * samples on -j worker threads, each run in a child wowbox with its own
 * scratch directory and prefix (core/app/test_job.c), and reports
 * (core/app/test_report.c). Exit status: 0 all passed, 1 something failed,
 * 2 the runner could not run. */
#define _GNU_SOURCE
#include "core/app/test_runner.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/app/test_job.h"
#include "core/app/test_report.h"
#include "core/app/test_scratch.h"
#include "core/app/test_suite.h"
#include "cpu/cpu.h"

#define DEFAULT_TIMEOUT_S 60
#define WORKER_STACK (16u << 20)

enum { TEST_OK = 0, TEST_FAILED = 1, TEST_CANNOT_RUN = 2 };

struct test_options {
    const char *dir;
    int jobs;
    char **filters;
    size_t nfilters;
    unsigned shard, shards;       /* 1-based shard of shards; 0: all */
    double timeout_s;
    int repeat;
    bool keep, update, strict, report_unimplemented;
    const char *cpu;              /* native, unicorn, all or NULL (default) */
    const char *prefix;           /* the template's source */
    const char *junit, *json;
    char **pass_opts;             /* given to every run */
    size_t npass_opts;
    bool no_deterministic;        /* --no-deterministic */
    char fake_time_opt[128], time_scale_opt[64]; /* passed on as given */
};

static const char test_usage[] =
    "usage: wowbox test [OPTIONS] DIR\n"
    "Runs every sample program below DIR (NAME.exe, or a directory NAME holding\n"
    "NAME.exe) and checks it against its sidecar files (docs/cli.md).\n"
    "  -j N, --jobs=N        run N samples at once (default: the number of cores)\n"
    "  --filter GLOB         only samples whose path or name matches (repeatable)\n"
    "  --shard I/N           only the I-th of N stable parts of the suite (1 <= I <= N)\n"
    "  --timeout SECS        bound each run (default 60; NAME.timeout overrides)\n"
    "  --repeat N            run each sample N times; mixed results are reported flaky\n"
    "  --keep                keep the scratch directory and prefix of failed runs\n"
    "  --update              rewrite NAME.stdout, NAME.exit and golden traces from this run\n"
    "  --cpu=native|unicorn|all  the backend (all: each sample under each backend)\n"
    "  --strict              pass --strict to every run\n"
    "  --prefix DIR          copy DIR into every run's prefix (default: a fresh one)\n"
    "  --junit FILE          write a JUnit XML report\n"
    "  --json FILE           write a JSON report (schema in docs/cli.md)\n"
    "  --report-unimplemented  list the unimplemented APIs the samples called\n"
    "  --no-deterministic    run on the host's clock, ids and randomness (default:\n"
    "                        every run --deterministic, reproducible byte for byte)\n"
    "  --fake-time=ISO8601   the deterministic clock's start (default " CLOCK_DEFAULT_FAKE_TIME ")\n"
    "  --time-scale=F        guest time runs F times faster (long sleeps end sooner)\n"
    "exit status: 0 all passed, 1 a sample failed, 2 the runner could not run\n";

static bool parse_count(const char *opt, const char *v, int min, int *out)
{
    char *end;
    long n = v ? strtol(v, &end, 10) : 0;
    if (!v || !*v || *end || n < min || n > 100000) {
        fprintf(stderr, "wowbox: %s expects a number >= %d, got '%s'\n", opt, min, v ? v : "");
        return false;
    }
    *out = (int)n;
    return true;
}

static bool parse_shard(const char *v, unsigned *shard, unsigned *shards)
{
    unsigned i, n;
    char tail;
    if (!v || sscanf(v, "%u/%u%c", &i, &n, &tail) != 2 || n == 0 || i == 0 || i > n) {
        fprintf(stderr, "wowbox: --shard expects I/N with 1 <= I <= N, got '%s'\n", v ? v : "");
        return false;
    }
    *shard = i;
    *shards = n;
    return true;
}

/* --name=value or --name value. */
static const char *value_of(int argc, char **argv, int *i, const char *name)
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

static void push(char ***list, size_t *n, const char *s)
{
    *list = realloc(*list, (*n + 1) * sizeof **list);
    (*list)[(*n)++] = (char *)s;
}

/* Returns 0 to go on, or the status to exit with. */
static int parse_test_options(int argc, char **argv, struct test_options *o)
{
    const char *t = getenv("WOWBOX_TEST_TIMEOUT");
    o->timeout_s = t && atof(t) > 0 ? atof(t) : DEFAULT_TIMEOUT_S;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = cores > 0 ? (int)cores : 1;
    o->repeat = 1;
    int i;
    for (i = 0; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i], *v;
        bool ok = true;
        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(test_usage, stdout);
            exit(TEST_OK);
        } else if (!strncmp(a, "-j", 2) && a[2])
            ok = parse_count("-j", a + 2, 1, &o->jobs);
        else if (!strcmp(a, "-j"))
            ok = parse_count("-j", i + 1 < argc ? argv[++i] : NULL, 1, &o->jobs);
        else if ((v = value_of(argc, argv, &i, "--jobs")))
            ok = parse_count("--jobs", v, 1, &o->jobs);
        else if ((v = value_of(argc, argv, &i, "--filter")))
            push(&o->filters, &o->nfilters, v);
        else if ((v = value_of(argc, argv, &i, "--shard")))
            ok = parse_shard(v, &o->shard, &o->shards);
        else if ((v = value_of(argc, argv, &i, "--timeout"))) {
            char *end;
            o->timeout_s = strtod(v, &end);
            ok = *v && !*end && o->timeout_s > 0;
            if (!ok)
                fprintf(stderr, "wowbox: --timeout expects a positive number of seconds, got '%s'\n", v);
        } else if ((v = value_of(argc, argv, &i, "--repeat")))
            ok = parse_count("--repeat", v, 1, &o->repeat);
        else if (!strcmp(a, "--keep"))
            o->keep = true;
        else if (!strcmp(a, "--update"))
            o->update = true;
        else if (!strcmp(a, "--strict"))
            o->strict = true;
        else if (!strcmp(a, "--report-unimplemented"))
            o->report_unimplemented = true;
        else if ((v = value_of(argc, argv, &i, "--cpu"))) {
            o->cpu = v;
            ok = !strcmp(v, "native") || !strcmp(v, "unicorn") || !strcmp(v, "all");
            if (!ok)
                fprintf(stderr, "wowbox: --cpu=%s: expected native, unicorn or all\n", v);
        } else if ((v = value_of(argc, argv, &i, "--prefix")))
            o->prefix = v;
        else if ((v = value_of(argc, argv, &i, "--junit")))
            o->junit = v;
        else if ((v = value_of(argc, argv, &i, "--json")))
            o->json = v;
        else if (!strcmp(a, "--no-deterministic"))
            o->no_deterministic = true;
        else if ((v = value_of(argc, argv, &i, "--fake-time"))) {
            uint64_t ft;
            ok = clock_parse_iso8601(v, &ft);
            if (!ok)
                fprintf(stderr, "wowbox: --fake-time expects an ISO 8601 UTC date (2024-05-01T12:30:00Z), got '%s'\n", v);
            snprintf(o->fake_time_opt, sizeof o->fake_time_opt, "--fake-time=%s", v);
        } else if ((v = value_of(argc, argv, &i, "--time-scale"))) {
            char *end;
            double f = strtod(v, &end);
            ok = *v && !*end && f > 0 && f <= 1e9;
            if (!ok)
                fprintf(stderr, "wowbox: --time-scale expects a positive number, got '%s'\n", v);
            snprintf(o->time_scale_opt, sizeof o->time_scale_opt, "--time-scale=%s", v);
        } else {
            fprintf(stderr, "wowbox: unknown test option '%s' (see wowbox test --help)\n", a);
            ok = false;
        }
        if (!ok)
            return TEST_CANNOT_RUN;
    }
    if (i != argc - 1) {
        fputs(test_usage, stderr);
        return TEST_CANNOT_RUN;
    }
    o->dir = argv[i];
    /* every run reproducible unless asked otherwise; a sample's own
     * NAME.opts come after these and may say --no-deterministic */
    if (!o->no_deterministic)
        push(&o->pass_opts, &o->npass_opts, "--deterministic");
    if (o->fake_time_opt[0])
        push(&o->pass_opts, &o->npass_opts, o->fake_time_opt);
    if (o->time_scale_opt[0])
        push(&o->pass_opts, &o->npass_opts, o->time_scale_opt);
    return TEST_OK;
}

/* The backends a run uses, and why one that cannot run here is missing. */
struct backends {
    const char *names[2];
    char *unavailable[2]; /* reason, per name; NULL: available */
    size_t count;
};

static bool pick_backends(const char *cpu, struct backends *b)
{
    memset(b, 0, sizeof *b);
    char why[256];
    bool native = cpu_native.available(why, sizeof why);
    if (!cpu || !strcmp(cpu, "all")) {
        if (!cpu) {
            b->names[b->count++] = native ? "native" : "unicorn";
            return true;
        }
        b->names[b->count] = "native";
        if (!native && asprintf(&b->unavailable[b->count], "--cpu=native is not available: %s", why) < 0)
            b->unavailable[b->count] = NULL;
        b->count++;
        b->names[b->count++] = "unicorn";
        return true;
    }
    if (!strcmp(cpu, "native") && !native) {
        fprintf(stderr, "wowbox: --cpu=native is not available: %s\n", why);
        return false;
    }
    char uwhy[256];
    if (!strcmp(cpu, "unicorn") && !cpu_unicorn.available(uwhy, sizeof uwhy)) {
        fprintf(stderr, "wowbox: --cpu=unicorn is not available: %s\n", uwhy);
        return false;
    }
    b->names[b->count++] = !strcmp(cpu, "native") ? "native" : "unicorn";
    return true;
}

/* Why a sample does not run under backend, or NULL. */
static char *skip_reason(const struct test_sample *t, const char *backend, const char *unavailable, bool cpu_given)
{
    char *why = NULL;
    if (t->skip)
        return strdup(*t->skip ? t->skip : "NAME.skip");
    if (unavailable)
        return strdup(unavailable);
    if (t->opts_cpu && cpu_given && strcmp(t->opts_cpu, backend) != 0 &&
        asprintf(&why, "%s.opts runs it with --cpu=%s only", t->name, t->opts_cpu) < 0)
        return NULL;
    return why;
}

/* The cases to run: selected samples × backends. */
static struct test_case *make_cases(const struct test_suite *s, const struct test_options *o,
                                    const struct backends *b, size_t *count)
{
    struct test_case *cases = calloc(s->count * b->count + 1, sizeof *cases);
    size_t n = 0;
    for (size_t i = 0; i < s->count; i++) {
        const struct test_sample *t = &s->samples[i];
        if (!suite_filter_match(t->id, o->filters, o->nfilters))
            continue;
        if (o->shards && suite_shard_of(t->id, o->shards) != o->shard - 1)
            continue;
        for (size_t k = 0; k < b->count; k++) {
            struct test_case *c = &cases[n++];
            c->sample = t;
            /* with no --cpu, a sample's own --cpu=X picks its backend */
            c->backend = !o->cpu && t->opts_cpu && !strcmp(t->opts_cpu, "native") ? "native"
                         : !o->cpu && t->opts_cpu ? "unicorn"
                                                  : b->names[k];
            c->skip = skip_reason(t, c->backend, b->unavailable[k], o->cpu != NULL);
        }
    }
    *count = n;
    return cases;
}

struct pool {
    const struct job_config *cfg;
    struct test_case *cases;
    size_t count, next;
    int repeat;
    struct report *rep;
    pthread_mutex_t lock;
};

static void run_case(const struct job_config *cfg, struct test_case *c, int repeat)
{
    if (c->skip) {
        c->outcome = CASE_SKIP;
        return;
    }
    c->runs = calloc((size_t)repeat, sizeof *c->runs);
    size_t passed = 0;
    for (int k = 0; k < repeat; k++) {
        job_run(cfg, c->sample, c->backend, &c->runs[k]);
        c->nruns++;
        c->seconds += c->runs[k].seconds;
        passed += c->runs[k].verdict == RUN_PASS;
    }
    c->outcome = passed == c->nruns ? CASE_PASS : passed == 0 ? CASE_FAIL : CASE_FLAKY;
}

static void *worker(void *arg)
{
    struct pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        size_t i = p->next < p->count ? p->next++ : p->count;
        pthread_mutex_unlock(&p->lock);
        if (i == p->count)
            return NULL;
        run_case(p->cfg, &p->cases[i], p->repeat);
        pthread_mutex_lock(&p->lock);
        report_case(p->rep, &p->cases[i]);
        pthread_mutex_unlock(&p->lock);
    }
}

static void run_pool(struct pool *p, int jobs)
{
    if ((size_t)jobs > p->count)
        jobs = p->count ? (int)p->count : 1;
    pthread_t *threads = calloc((size_t)jobs, sizeof *threads);
    /* a forked run goes on on its worker's stack: give it a main thread's room */
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, WORKER_STACK);
    int started = 0;
    for (int k = 0; k < jobs; k++)
        started += pthread_create(&threads[started], &attr, worker, p) == 0;
    pthread_attr_destroy(&attr);
    if (started == 0)
        worker(p);
    for (int k = 0; k < started; k++)
        pthread_join(threads[k], NULL);
    free(threads);
}

/* Ctrl-C or a CI job's kill: the runs still going are ended too (each is
 * its own process group, out of reach of the terminal's signal). */
static void on_interrupt(int sig)
{
    job_kill_all();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Where the run's scratch directories go: $TMPDIR, else /dev/shm (memory:
 * a disk with online discard spends tens of milliseconds removing one
 * prefix), else /tmp. */
static const char *scratch_parent(void)
{
    const char *tmp = getenv("TMPDIR");
    if (tmp && *tmp)
        return tmp;
    return access("/dev/shm", W_OK | X_OK) == 0 ? "/dev/shm" : "/tmp";
}

static int run_suite(const char *self, wowbox_command_fn run, struct test_options *o, const struct test_suite *s)
{
    struct backends b;
    if (!pick_backends(o->cpu, &b))
        return TEST_CANNOT_RUN;
    char run_root[4096];
    const char *tmp = scratch_parent();
    snprintf(run_root, sizeof run_root, "%s/wowbox-run-XXXXXX", tmp);
    if (!mkdtemp(run_root)) {
        fprintf(stderr, "wowbox: cannot create a directory in %s: %s\n", tmp, strerror(errno));
        return TEST_CANNOT_RUN;
    }
    char template_dir[4200], err[1024];
    snprintf(template_dir, sizeof template_dir, "%s/template-prefix", run_root);
    struct tree_manifest template_prefix;
    if (!template_prefix_make(template_dir, o->prefix, err, sizeof err) ||
        !manifest_load(&template_prefix, template_dir, err, sizeof err)) {
        fprintf(stderr, "wowbox: cannot make the template prefix: %s\n", err);
        tree_remove(run_root);
        return TEST_CANNOT_RUN;
    }
    struct job_config cfg = { self, run, run_root, &template_prefix, o->timeout_s, o->strict, o->keep, o->update,
                              o->pass_opts, o->npass_opts };
    size_t ncases;
    struct test_case *cases = make_cases(s, o, &b, &ncases);
    struct report rep;
    report_begin(&rep, stdout, isatty(STDOUT_FILENO), b.count > 1, ncases);
    struct pool pool = { &cfg, cases, ncases, 0, o->repeat, &rep, PTHREAD_MUTEX_INITIALIZER };
    signal(SIGINT, on_interrupt);
    signal(SIGTERM, on_interrupt);
    signal(SIGHUP, on_interrupt);
    run_pool(&pool, o->jobs);
    double seconds = report_now() - rep.started;
    int status = TEST_OK;
    for (size_t i = 0; i < ncases; i++)
        if (cases[i].outcome == CASE_FAIL || cases[i].outcome == CASE_FLAKY)
            status = TEST_FAILED;
    if (o->report_unimplemented)
        report_unimplemented(stdout, cases, ncases);
    if (o->junit && !report_junit(o->junit, cases, ncases, seconds)) {
        fprintf(stderr, "wowbox: cannot write %s: %s\n", o->junit, strerror(errno));
        status = TEST_CANNOT_RUN;
    }
    if (o->json && !report_json(o->json, cases, ncases, seconds)) {
        fprintf(stderr, "wowbox: cannot write %s: %s\n", o->json, strerror(errno));
        status = TEST_CANNOT_RUN;
    }
    report_summary(&rep, cases, ncases, o->jobs);
    bool kept = false;
    for (size_t i = 0; i < ncases; i++) {
        for (size_t k = 0; k < cases[i].nruns; k++) {
            kept |= cases[i].runs[k].kept != NULL;
            run_result_free(&cases[i].runs[k]);
        }
        free(cases[i].runs);
        free(cases[i].skip);
    }
    free(cases);
    for (size_t k = 0; k < b.count; k++)
        free(b.unavailable[k]);
    manifest_free(&template_prefix);
    tree_remove(template_dir);
    if (!kept)
        tree_remove(run_root);
    return status;
}

int test_runner_main(const char *self, int argc, char **argv, wowbox_command_fn run)
{
    struct test_options o = { 0 };
    int st = parse_test_options(argc, argv, &o);
    if (st != TEST_OK || !o.dir) {
        free(o.filters);
        return st;
    }
    char self_path[4096];
    ssize_t l = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
    if (l <= 0 && !realpath(self, self_path)) {
        fprintf(stderr, "wowbox: cannot locate the wowbox binary\n");
        return TEST_CANNOT_RUN;
    }
    if (l > 0)
        self_path[l] = 0;
    signal(SIGPIPE, SIG_IGN);
    struct test_suite s;
    if (!suite_load(&s, o.dir)) {
        suite_free(&s);
        free(o.filters);
        return TEST_CANNOT_RUN;
    }
    if (s.count == 0) {
        fprintf(stderr, "wowbox: no NAME.exe programs in %s\n", s.root);
        suite_free(&s);
        free(o.filters);
        return TEST_CANNOT_RUN;
    }
    /* qemu-user cannot fork a threaded process and go on in the child (its
     * CPU list breaks at the child's first thread): under an emulator each
     * run is executed */
    bool execute = getenv("WOWBOX_TEST_EXEC") || getenv("WOWBOX_EMULATOR");
    st = run_suite(self_path, execute ? NULL : run, &o, &s);
    suite_free(&s);
    free(o.filters);
    free(o.pass_opts);
    return st;
}
