/* The libFuzzer entry point every target defines; tests/fuzz/replay.c
 * calls it for each corpus file in a plain build. */
#ifndef WOWBOX_TESTS_FUZZ_TARGET_H
#define WOWBOX_TESTS_FUZZ_TARGET_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
