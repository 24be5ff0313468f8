/* convert-test-util.h: what the conversion tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One archive entry as read back, in archive order. */
typedef struct {
  char    *name;     /* raw; a folder ends with '/' */
  char    *kind;     /* "file" "dir" "link" */
  GBytes  *data;     /* a file's bytes, a link's target; NULL for a folder */
} ConvertTestEntry;

/* Every entry of an archive through libarchive (any format), or of a ZIP through libzip. */
GPtrArray *convert_test_read_archive (const char *path);
GPtrArray *convert_test_read_zip     (const char *path);
/* Asserts the ZIP's entries are the archive's: same order, names, kinds and bytes. */
void       convert_test_assert_same_entries (GPtrArray *source, GPtrArray *converted);
/* SHA-256 of a file's bytes. */
char      *convert_test_file_sha256  (const char *path);
/* Names in dir (not recursive) that are our temporary files. */
guint      convert_test_count_temp_files (const char *dir);
/* Paths (relative to the fixtures folder) of every RAR4/RAR5/7z fixture readable as an
 * archive (manifest.json: no expected error or no-pages; no entry with a data_error), not named .cbz. */
GPtrArray *convert_test_archive_fixtures (void);

/* A RAR (make-rar.py, format "rar4" or "rar5") of n_pages random pages of about
 * page_len bytes each (001.jpg …). FALSE with a message for g_test_skip otherwise. */
gboolean   convert_test_make_big_rar (const char  *path,
                                      const char  *format,
                                      guint        n_pages,
                                      gsize        page_len,
                                      char       **why_not);

G_END_DECLS
