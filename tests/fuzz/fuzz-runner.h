/* fuzz-runner.h: what a fuzz target gives the standalone mutation runner (fuzz-runner.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each target defines LLVMFuzzerTestOneInput() (with clang and -DBINDERY_LIBFUZZER it is a
 * libFuzzer target) and, for the runner, the two functions below. Without libFuzzer the
 * runner's main() walks the fixture files and folders named on the command line, takes the
 * target's seeds from each, and runs the target over every seed and deterministic mutations
 * of it: truncations, byte changes, insertions and deletions, spliced dictionary tokens.
 * `RUNNER --write-seeds DIR FIXTURES…` writes the seeds as files, a corpus for libFuzzer.
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

int  LLVMFuzzerTestOneInput (const uint8_t *data,
                             size_t         size);

/* Appends the seeds (GBytes) the fixture file at path gives, if any. */
void fuzz_target_add_seeds  (const char    *path,
                             const char    *relative_path,
                             GPtrArray     *seeds);

/* Tokens spliced into mutations (NULL-terminated). */
extern const char * const fuzz_target_dictionary[];

/* Mutations made of each seed. */
extern const guint fuzz_target_mutations;

G_END_DECLS
