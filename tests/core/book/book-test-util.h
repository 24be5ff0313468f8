/* book-test-util.h: building test archives (libzip, make-rar.py, Python tarfile)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *name;   /* raw bytes */
  const char *data;   /* NULL: a folder */
  gsize       len;    /* 0: strlen (data) */
} TestEntry;

char     *book_test_tmpdir   (void);
void      book_test_rmtree   (const char       *dir);
/* ZIP with libzip; deflated unless store. Names are written as given (raw bytes). */
void      book_test_make_zip (const char       *path,
                              const TestEntry  *entries,
                              guint             n_entries,
                              gboolean          store);
/* RAR with $BINDERY_SHARED_TOOLS/make-rar.py. format: "rar4" or "rar5". FALSE (with a
 * message for g_test_skip) when the generator cannot run here (no AES tool). */
gboolean  book_test_make_rar (const char       *path,
                              const char       *format,
                              const char       *password,
                              const TestEntry  *entries,
                              guint             n_entries,
                              char            **why_not);
/* tar with Python's tarfile; compression: "" or "gz". */
void      book_test_make_tar (const char       *path,
                              const char       *compression,
                              const TestEntry  *entries,
                              guint             n_entries);
char     *book_test_fixture  (const char       *relative);
char     *book_test_copy     (const char       *src,
                              const char       *dir,
                              const char       *name);

G_END_DECLS
