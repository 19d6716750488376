/* What `wowbox test` tells: progress while it runs (in place on a terminal,
 * one line per sample elsewhere), the summary, and the JUnit, JSON and
 * unimplemented-API reports. */
#ifndef WOWBOX_CORE_APP_TEST_REPORT_H
#define WOWBOX_CORE_APP_TEST_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/app/test_job.h"
#include "core/app/test_suite.h"

enum case_outcome { CASE_PASS, CASE_FAIL, CASE_FLAKY, CASE_SKIP };

/* One sample under one backend, run --repeat times. */
struct test_case {
    const struct test_sample *sample;
    const char *backend;      /* "native" or "unicorn" */
    char *skip;               /* why it does not run; NULL: it runs */
    struct run_result *runs;  /* one per repeat */
    size_t nruns;
    enum case_outcome outcome;
    double seconds;           /* all runs together */
};

struct report {
    FILE *out;
    bool tty;                 /* progress line in place */
    bool show_backend;        /* --cpu=all: name the backend on every line */
    size_t total, done, passed, failed, skipped;
    double started;           /* monotonic seconds */
    int progress_width;       /* characters of the progress line on screen */
};

void report_begin(struct report *rep, FILE *out, bool tty, bool show_backend, size_t total);
/* A case finished: its line (and details when it failed). */
void report_case(struct report *rep, const struct test_case *c);
/* Failures, the slowest cases, then "N passed, N failed, N skipped". */
void report_summary(struct report *rep, const struct test_case *cases, size_t n, int jobs);

bool report_junit(const char *path, const struct test_case *cases, size_t n, double seconds);
bool report_json(const char *path, const struct test_case *cases, size_t n, double seconds);
/* Each missing export with the number of samples that called it, most hit first. */
void report_unimplemented(FILE *out, const struct test_case *cases, size_t n);

double report_now(void);

#endif
