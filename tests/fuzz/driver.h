/* The standalone driver every fuzz target shares when it is built without
 * libFuzzer (FUZZING_ENGINE not defined): it replays the files under the
 * seed directories given, then N deterministic random mutations of them
 * (bit flips, byte changes, cuts, copies, splices of other seeds and of the
 * words of a libFuzzer dictionary), each as a buffer of exactly its length
 * so that a read past the end is an ASan error.
 *
 *   fuzz-NAME [-d DICT] [-n MUTATIONS] [-m MAX_LEN] SEED_DIR_OR_FILE...
 *
 * A target defines LLVMFuzzerTestOneInput and, when it needs set-up,
 * LLVMFuzzerInitialize, which the driver calls too. */
#ifndef TENURED_FUZZ_DRIVER_H
#define TENURED_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#endif
