/* The samples of a `wowbox test` suite: found by walking the directory tree,
 * each with its sidecar files read and checked before anything runs, then
 * selected by --filter and --shard. */
#ifndef WOWBOX_CORE_APP_TEST_SUITE_H
#define WOWBOX_CORE_APP_TEST_SUITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A golden trace: lines that must appear in the sample's trace. */
struct trace_golden {
    char *file;        /* sidecar path, for messages and --update */
    const char *layer; /* "api", "nt" or "all" */
    bool exact;        /* the whole normalized trace must equal lines */
    char *lines;       /* the expected lines, directives and comments removed */
};

/* One line of NAME.files: a file the run must leave in the prefix. */
struct file_expect {
    char *win_path;    /* "C:\\Users\\Public\\out.txt" */
    long long size;    /* -1: any size */
    char sha256[65];   /* lower-case hex; empty: any contents */
};

struct test_sample {
    char *id;          /* path below the suite directory without ".exe": "sub/hello" */
    char *dir;         /* directory holding the sidecars */
    char *name;        /* base name: "hello" */
    char *exe;         /* the program (inside sample_dir for a directory sample) */
    char *sample_dir;  /* a directory sample: its directory, copied for each run; else NULL */
    char *args;        /* NAME.args, one line; NULL: none */
    char *input;       /* NAME.stdin */
    size_t input_len;
    char *want_stdout; /* NAME.stdout; NULL: not compared */
    size_t want_stdout_len;
    char *want_stderr; /* NAME.stderr: lines that must occur */
    bool has_exit;
    uint32_t want_exit; /* NAME.exit (default 0) */
    double timeout_s;  /* NAME.timeout; 0: the runner's */
    char **opts;       /* NAME.opts: extra wowbox options */
    size_t nopts;
    const char *opts_cpu; /* a --cpu=X among opts: the only backend the sample runs on */
    char *skip;        /* NAME.skip's reason; NULL: runs */
    struct trace_golden *traces;
    size_t ntraces;
    struct file_expect *files;
    size_t nfiles;
    char *reg_path;    /* NAME.reg (checked well-formed at load); NULL: none */
};

struct test_suite {
    char *root;        /* absolute suite directory */
    struct test_sample *samples; /* sorted by id */
    size_t count;
};

/* Walks root. Each malformed sidecar prints one line
 * "wowbox: FILE:LINE: what is wrong" on stderr; returns false then, or when
 * root cannot be read (also said). A suite with no sample is not an error. */
bool suite_load(struct test_suite *s, const char *root);
void suite_free(struct test_suite *s);

/* True when id matches one of the shell patterns (fnmatch) or there are none.
 * A pattern matches the whole id ("sub/hello") or its last component. */
bool suite_filter_match(const char *id, char *const *globs, size_t nglobs);

/* The shard (0-based) a sample belongs to when the suite is split in n: a
 * hash of its id, so adding a sample moves no other. */
unsigned suite_shard_of(const char *id, unsigned n);

/* Reads a whole file; NULL when it cannot be read. */
char *read_whole_file(const char *path, size_t *len);

#endif
