/* test-damage.h: damaged copies of good books, made at test time (verification tests)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each helper rewrites the file at path in place (a copy the test made) and keeps its
 * container intact: the central directory, headers and cross-reference table still read,
 * so a scan lists the book as ready and only reading the data shows the damage.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ZIP (no ZIP64): the second half of entry's compressed data is cut out of the file; the
 * offsets after it are moved back, its central directory record is left as it was. */
void  test_damage_zip_cut_entry   (const char *path,
                                   const char *entry);
/* ZIP: one byte in the middle of entry's compressed data inverted. */
void  test_damage_zip_flip_entry  (const char *path,
                                   const char *entry);
/* Any archive that stores data as is (RAR "stored", tar): one byte in the middle of the
 * first occurrence of data (the entry's bytes, read beforehand) inverted. */
void  test_damage_flip_stored     (const char *path,
                                   GBytes     *data);
/* One byte at offset inverted. */
void  test_damage_flip_at         (const char *path,
                                   gsize       offset);
/* The first occurrence of what replaced by replacement (same length). */
void  test_damage_replace         (const char *path,
                                   const char *what,
                                   const char *replacement);

G_END_DECLS
