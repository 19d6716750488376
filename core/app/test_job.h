/* One run of one sample under one CPU backend, isolated in its own scratch
 * directory and prefix, and the checks of its results against the sidecars. */
#ifndef WOWBOX_CORE_APP_TEST_JOB_H
#define WOWBOX_CORE_APP_TEST_JOB_H

#include <stdbool.h>
#include <stddef.h>

#include "core/app/test_scratch.h"
#include "core/app/test_suite.h"
#include "core/strbuf.h"

/* What every run of a test invocation shares. */
struct job_config {
    const char *self;          /* the wowbox binary */
    /* wowbox's command line in a forked child, which has the libraries (the
     * Unicorn engine's is large) loaded and relocated already; NULL: exec self */
    int (*run_in_fork)(int argc, char **argv);
    const char *run_root;      /* the run's temporary directory */
    const struct tree_manifest *template_prefix; /* copied for every run */
    double timeout_s;          /* per run, unless NAME.timeout says */
    bool strict;
    bool keep;                 /* keep the scratch directory of a failed run */
    bool update;               /* --update: rewrite the golden files from this run */
    char *const *pass_opts;    /* extra wowbox options for every run */
    size_t npass_opts;
};

enum run_verdict { RUN_PASS, RUN_FAIL, RUN_SKIP };

struct run_result {
    enum run_verdict verdict;
    char *kind;            /* what failed: exit, stdout, stderr, trace, files, timeout, crash, runner */
    char *reason;          /* one line */
    struct strbuf details; /* the first differing lines, for people and JUnit */
    char *out, *err;       /* the program's stdout and stderr */
    size_t out_len, err_len;
    int exit_status;       /* of the first child; -1: timed out or killed */
    double seconds;        /* wall time of the run(s) */
    char **unimplemented;  /* "dll!Name" the program called, each once */
    size_t nunimplemented;
    char *kept;            /* the scratch directory left for inspection (--keep) */
    char *updated;         /* --update: which golden files this run rewrote */
};

/* Runs t once under backend ("native"/"unicorn"): the run itself, traced
 * when t has golden traces, plus one run more per further trace layer. */
void job_run(const struct job_config *cfg, const struct test_sample *t, const char *backend,
             struct run_result *r);
void run_result_free(struct run_result *r);

/* Ends every run still going (async-signal-safe: for the runner's SIGINT). */
void job_kill_all(void);

#endif
