/* `wowbox test DIR`: runs every NAME.exe in DIR under wowbox and compares
 * stdout, exit code and stderr with the sidecar files next to it. */
#ifndef WOWBOX_CORE_APP_TEST_RUNNER_H
#define WOWBOX_CORE_APP_TEST_RUNNER_H

#include "core/process.h"

/* self: path of the wowbox binary (each sample runs in a child process).
 * Returns 0 when every sample passed, 1 otherwise. */
int test_runner_run(const char *self, const char *dir, const struct options *opt);

#endif
