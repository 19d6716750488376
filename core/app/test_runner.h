/* `wowbox test [OPTIONS] DIR`: runs a suite of sample programs in parallel,
 * each in its own scratch directory and prefix, checks them against their
 * sidecar files and reports (docs/cli.md). */
#ifndef WOWBOX_CORE_APP_TEST_RUNNER_H
#define WOWBOX_CORE_APP_TEST_RUNNER_H

/* self: argv[0] (each sample runs in a child wowbox); argv: what follows
 * "test". Returns 0 when every case passed, 1 when one failed, 2 when the
 * runner could not run (bad option, directory or sidecar). */
int test_runner_main(const char *self, int argc, char **argv);

#endif
