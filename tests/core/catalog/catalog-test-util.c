/* catalog-test-util.c: temp dirs and small helpers for the catalog tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "catalog-test-util.h"

CatalogTestDir *
catalog_test_dir_new (void)
{
  g_autoptr(GError) error = NULL;
  CatalogTestDir *dir = g_new0 (CatalogTestDir, 1);

  dir->path = g_dir_make_tmp ("bindery-catalog-XXXXXX", &error);
  g_assert_no_error (error);
  return dir;
}

void
catalog_test_rm_rf (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          catalog_test_rm_rf (child);
        }
      if (g_rmdir (path) != 0)
        g_printerr ("Cannot remove %s: %s\n", path, g_strerror (errno));
    }
  else if (g_unlink (path) != 0)
    {
      g_printerr ("Cannot remove %s: %s\n", path, g_strerror (errno));
    }
}

void
catalog_test_dir_free (CatalogTestDir *dir)
{
  catalog_test_rm_rf (dir->path);
  g_free (dir->path);
  g_free (dir);
}

char *
catalog_test_dir_mkdir (CatalogTestDir *dir,
                        const char     *relative)
{
  char *path = g_build_filename (dir->path, relative, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
  return path;
}

gboolean
catalog_test_file_exists (const char *dir,
                          const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}
