/* catalog-test-util.h: temp dirs and small helpers for the catalog tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  char *path;   /* a fresh temp dir, removed with everything in it on free */
} CatalogTestDir;

CatalogTestDir *catalog_test_dir_new      (void);
void            catalog_test_dir_free     (CatalogTestDir *dir);
/* Creates dir->path/relative (and its parents); returns the full path. */
char           *catalog_test_dir_mkdir    (CatalogTestDir *dir, const char *relative);
gboolean        catalog_test_file_exists  (const char *dir, const char *name);
/* Removes path and everything below it (chmods folders writable first). */
void            catalog_test_rm_rf        (const char *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CatalogTestDir, catalog_test_dir_free)

G_END_DECLS
