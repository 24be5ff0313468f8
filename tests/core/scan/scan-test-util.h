/* scan-test-util.h: data dirs, tree copies, scans and catalog dumps for the scan tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bindery-catalog.h"
#include "bindery-context.h"
#include "bindery-job-queue.h"
#include "bindery-library.h"

G_BEGIN_DECLS

typedef struct {
  char            *dir;       /* temp dir: holds data/ and the trees a test makes */
  BinderyContext  *context;
  BinderyJobQueue *queue;
  BinderyCatalog  *catalog;   /* the queue's connection (main thread) */
} ScanFixture;

void         scan_fixture_set_up     (ScanFixture   *fixture,
                                      gconstpointer  data);
void         scan_fixture_tear_down  (ScanFixture   *fixture,
                                      gconstpointer  data);
/* A second data dir in the same temp dir (name: its folder). */
void         scan_fixture_init_data  (ScanFixture   *fixture,
                                      const char    *parent,
                                      const char    *name);
void         scan_fixture_clear_data (ScanFixture   *fixture);

const char  *scan_test_fixtures      (void);
/* cp -a src dest (dest must not exist). */
void         scan_test_copy          (const char    *src,
                                      const char    *dest);
/* Removes path and everything below it; never follows symbolic links. */
void         scan_test_rm_rf         (const char    *path);
void         scan_test_write_file    (const char    *path,
                                      const char    *contents,
                                      gsize          len);

gint64       scan_test_add_library   (ScanFixture           *fixture,
                                      const char            *path,
                                      BinderyLibraryPattern  pattern);
/* Runs a scan (series_path NULL: the library) to its end on the fixture's queue.
 * options may be NULL. Returns the report (NULL if none) and the final state. */
JsonObject  *scan_test_run           (ScanFixture     *fixture,
                                      gint64           library_id,
                                      const char      *series_path,
                                      JsonObject      *options,
                                      BinderyJobState *state);
/* Shorthand: a library scan that must complete; returns its report. */
JsonObject  *scan_test_scan          (ScanFixture     *fixture,
                                      gint64           library_id,
                                      const char      *mode);
gint64       scan_test_report_int    (JsonObject      *report,
                                      const char      *key);

JsonArray   *scan_test_books         (ScanFixture     *fixture,
                                      gint64           library_id);
/* The book whose rel_path (display form) is rel_path, or NULL. */
JsonObject  *scan_test_find_book     (JsonArray       *books,
                                      const char      *rel_path);
JsonArray   *scan_test_series        (ScanFixture     *fixture,
                                      gint64           library_id);
char        *scan_test_library_state (ScanFixture     *fixture,
                                      gint64           library_id);

/* Canonical text of a library's series, books, metadata and lists, without
 * timestamps: equal catalogs give equal dumps. */
char        *scan_test_dump          (BinderyCatalog  *catalog,
                                      gint64           library_id);

G_END_DECLS
