/* `wowbox test [OPTIONS] DIR`: runs a suite of sample programs in parallel,
 * each in its own scratch directory and prefix, checks them against their
 * sidecar files and reports (docs/cli.md). */
#ifndef WOWBOX_CORE_APP_TEST_RUNNER_H
#define WOWBOX_CORE_APP_TEST_RUNNER_H

/* wowbox's own command line (`wowbox [OPTIONS] PROGRAM.exe`), run in a
 * forked child: argv[0] is the wowbox binary. Returns the exit status. */
typedef int (*wowbox_command_fn)(int argc, char **argv);

/* self: argv[0]; argv: what follows "test"; run: how a child runs a sample
 * (NULL: it executes the wowbox binary anew). Returns 0 when every case
 * passed, 1 when one failed, 2 when the runner could not run (bad option,
 * directory or sidecar). */
int test_runner_main(const char *self, int argc, char **argv, wowbox_command_fn run);

#endif
