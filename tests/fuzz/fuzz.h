/* fuzz.h — what every fuzz target in tests/fuzz/ provides, and the check
 * macro the targets use for their invariants.
 *
 * A target is one C file defining LLVMFuzzerInitialize (one-time set-up) and
 * LLVMFuzzerTestOneInput (one input, must return 0). It is linked either with
 * libFuzzer (-Dfuzzing=true, clang) or with replay.c, the plain main that
 * feeds the committed seed files to it in `meson test`. */
#ifndef NG_TESTS_FUZZ_FUZZ_H
#define NG_TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken invariant is a finding: say which one, then abort so that libFuzzer
 * (and the sanitizers) record the input as a crash. */
#define NG_FUZZ_CHECK(cond)                                                    \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__,          \
              __LINE__, #cond);                                                \
      abort();                                                                 \
    }                                                                          \
  } while (0)

#endif
