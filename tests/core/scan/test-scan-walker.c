/* test-scan-walker.c: what the walker finds — symbolic links (loops, a second link,
 * dangling links, links to files), folders named like books, ignore rules, raw names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bindery-walker.h"
#include "scan-test-util.h"
#include "test-fixtures.h"

typedef struct {
  char      *root;
  GPtrArray *logs;    /* "level rel_path: message" */
} Tree;

static void
tree_set_up (Tree          *tree,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  tree->root = g_dir_make_tmp ("bindery-walk-XXXXXX", &error);
  g_assert_no_error (error);
  tree->logs = g_ptr_array_new_with_free_func (g_free);
}

static void
tree_tear_down (Tree          *tree,
                gconstpointer  data)
{
  scan_test_rm_rf (tree->root);
  g_clear_pointer (&tree->root, g_free);
  g_clear_pointer (&tree->logs, g_ptr_array_unref);
}

static void
tree_file (Tree       *tree,
           const char *rel_path)
{
  g_autofree char *path = g_build_filename (tree->root, rel_path, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  scan_test_write_file (path, "PK\x05\x06", 4);
}

static void
tree_dir (Tree       *tree,
          const char *rel_path)
{
  g_autofree char *path = g_build_filename (tree->root, rel_path, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
}

static void
tree_link (Tree       *tree,
           const char *target,
           const char *rel_path)
{
  g_autofree char *path = g_build_filename (tree->root, rel_path, NULL);

  g_assert_cmpint (symlink (target, path), ==, 0);
}

static void
log_func (gpointer         user_data,
          BinderyLogLevel  level,
          const char      *rel_path,
          const char      *message)
{
  Tree *tree = user_data;

  g_ptr_array_add (tree->logs, g_strdup_printf ("%s %s: %s", bindery_log_level_to_string (level), rel_path, message));
}

static BinderyWalk *
tree_walk (Tree               *tree,
           const char * const *globs)
{
  g_autoptr(BinderyIgnore) ignore = bindery_ignore_new (globs);
  g_autoptr(GError) error = NULL;
  BinderyWalkOptions options = { 0 };
  BinderyWalk *walk;

  options.root = tree->root;
  options.recursive = TRUE;
  options.ignore = ignore;
  options.log = log_func;
  options.user_data = tree;
  walk = bindery_walk_run (&options, &error);
  g_assert_no_error (error);
  return walk;
}

/* The walk's book paths, joined with '\n' in walk order. */
static char *
walk_books (BinderyWalk *walk)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < walk->files->len; i++)
    {
      g_string_append (out, g_array_index (walk->files, BinderyWalkFile, i).rel_path);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static gboolean
logs_contain (Tree       *tree,
              const char *prefix,
              const char *needle)
{
  for (guint i = 0; i < tree->logs->len; i++)
    {
      const char *line = g_ptr_array_index (tree->logs, i);

      if (g_str_has_prefix (line, prefix) && strstr (line, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_books_and_order (Tree          *tree,
                      gconstpointer  data)
{
  g_autoptr(BinderyWalk) walk = NULL;
  g_autofree char *books = NULL;
  struct stat st;
  g_autofree char *saga = NULL;
  g_autofree char *fifo = NULL;

  tree_file (tree, "b.CBZ");
  tree_file (tree, "a.pdf");
  tree_file (tree, "notes.txt");
  tree_file (tree, "cover.jpg");
  tree_file (tree, "Saga/Saga 002.cbr");
  tree_file (tree, "Saga/Saga 001.cbz");
  tree_file (tree, "Saga/Saga 001.opf");          /* a sidecar, not a book */
  tree_file (tree, "Saga/series.json");
  tree_file (tree, "Folder.cbz/inner.cb7");       /* a folder named like a book is a folder */
  tree_file (tree, "A/B/deep.epub");
  fifo = g_build_filename (tree->root, "fifo.cbz", NULL);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);

  walk = tree_walk (tree, NULL);
  books = walk_books (walk);
  /* per folder: files in byte order, then subfolders */
  g_assert_cmpstr (books, ==,
                   "a.pdf\nb.CBZ\nA/B/deep.epub\nFolder.cbz/inner.cb7\nSaga/Saga 001.cbz\nSaga/Saga 002.cbr\n");

  /* size, mtime and inode as stat gives them */
  saga = g_build_filename (tree->root, "Saga/Saga 001.cbz", NULL);
  g_assert_cmpint (g_stat (saga, &st), ==, 0);
  for (guint i = 0; i < walk->files->len; i++)
    {
      BinderyWalkFile *file = &g_array_index (walk->files, BinderyWalkFile, i);

      if (strcmp (file->rel_path, "Saga/Saga 001.cbz") != 0)
        continue;
      g_assert_cmpstr (file->name, ==, "Saga 001.cbz");
      g_assert_cmpint (file->size, ==, 4);
      g_assert_cmpuint (file->inode, ==, st.st_ino);
      g_assert_cmpint (file->mtime, ==, (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000);
      g_assert_cmpstr (g_array_index (walk->dirs, BinderyWalkDir, file->dir).rel_path, ==, "Saga");
      g_assert_true (g_array_index (walk->dirs, BinderyWalkDir, file->dir).has_series_json);
    }

  g_assert_true (logs_contain (tree, "info fifo.cbz", "Not a regular file"));
  g_assert_cmpuint (walk->n_skipped, ==, 1);
  g_assert_cmpuint (walk->n_root_entries, ==, 8);
}

static void
test_symlinks (Tree          *tree,
               gconstpointer  data)
{
  g_autoptr(BinderyWalk) walk = NULL;
  g_autofree char *books = NULL;

  tree_file (tree, "Real/book.cbz");
  tree_file (tree, "Z/other.cbz");
  tree_link (tree, "..", "Real/up");                  /* loop: points at the root */
  tree_link (tree, ".", "Real/self");                 /* loop: points at itself */
  tree_link (tree, "Real", "Second");                 /* a second way to the same folder */
  tree_link (tree, "Z", "A-link-first");              /* sorts before its real folder */
  tree_link (tree, "nowhere.cbz", "dangling.cbz");    /* dangling */
  tree_link (tree, "Real/book.cbz", "link.cbz");      /* a link to a file is not a book */
  tree_dir (tree, "Outside");
  tree_file (tree, "Outside/elsewhere.cbz");
  {
    /* a link to a folder visited nowhere else is followed */
    g_autofree char *outside = g_build_filename (tree->root, "Outside", NULL);
    g_autofree char *hidden = g_build_filename (tree->root, ".outside", NULL);

    g_assert_cmpint (g_rename (outside, hidden), ==, 0);
    tree_link (tree, ".outside", "Via link");
  }

  walk = tree_walk (tree, NULL);
  books = walk_books (walk);
  g_assert_cmpstr (books, ==, "Real/book.cbz\nZ/other.cbz\nVia link/elsewhere.cbz\n");

  g_assert_true (logs_contain (tree, "warning Real/up", "loop"));
  g_assert_true (logs_contain (tree, "warning Real/self", "loop"));
  g_assert_true (logs_contain (tree, "info Second", "already visited"));
  g_assert_true (logs_contain (tree, "info A-link-first", "already visited"));
  g_assert_true (logs_contain (tree, "warning dangling.cbz", "does not exist"));
  g_assert_true (logs_contain (tree, "info link.cbz", "not books"));
}

static void
test_ignore_rules (Tree          *tree,
                   gconstpointer  data)
{
  const char * const globs[] = { "extras", "*.tmp.cbz", "Manga/raw/", "Old/**", NULL };
  g_autoptr(BinderyWalk) walk = NULL;
  g_autofree char *books = NULL;

  tree_file (tree, ".hidden-book.cbz");
  tree_file (tree, "__MACOSX/Stray 001.cbz");
  tree_file (tree, "Saga/@eaDir/thumb.cbz");
  tree_file (tree, "#recycle/old.cbz");
  tree_file (tree, ".Trash-1000/files/x.cbz");
  tree_file (tree, "Saga/Saga 001.cbz");
  tree_file (tree, "Saga/extras/bonus.cbz");
  tree_file (tree, "Saga/part.tmp.cbz");
  tree_file (tree, "Manga/raw/scan.cbz");
  tree_file (tree, "Manga/Vol 01.cbz");
  tree_file (tree, "Other/Manga/raw/kept.cbz");
  tree_file (tree, "Old/a/b.cbz");

  walk = tree_walk (tree, globs);
  books = walk_books (walk);
  g_assert_cmpstr (books, ==, "Manga/Vol 01.cbz\nOther/Manga/raw/kept.cbz\nSaga/Saga 001.cbz\n");
  /* hidden file, __MACOSX, #recycle, .Trash-1000, Old, @eaDir, extras, part.tmp.cbz, raw */
  g_assert_cmpuint (walk->n_ignored, ==, 9);
}

static void
test_raw_names (Tree          *tree,
                gconstpointer  data)
{
  g_autofree char *src = NULL;
  g_autofree char *dest = g_build_filename (tree->root, "Caf\xe9", "Caf\xe9 Stories 001.cbz", NULL);
  g_autofree char *dir = g_path_get_dirname (dest);
  g_autoptr(BinderyWalk) walk = NULL;
  BinderyWalkFile *file;

  if (!test_have_folder ("BINDERY_FIXTURES"))
    return;
  src = g_build_filename (scan_test_fixtures (), "broken", "Caf\xe9 Stories 001.cbz", NULL);
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  scan_test_copy (src, dest);

  walk = tree_walk (tree, NULL);
  g_assert_cmpuint (walk->files->len, ==, 1);
  file = &g_array_index (walk->files, BinderyWalkFile, 0);
  g_assert_cmpstr (file->rel_path, ==, "Caf\xe9/Caf\xe9 Stories 001.cbz");
  g_assert_cmpstr (file->name, ==, "Caf\xe9 Stories 001.cbz");
}

/* "size:mtime" of a file, as stat(2) gives them */
static char *
stat_stamp (Tree       *tree,
            const char *rel_path)
{
  g_autofree char *path = g_build_filename (tree->root, rel_path, NULL);
  struct stat st;

  g_assert_cmpint (stat (path, &st), ==, 0);
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, (gint64) st.st_size,
                          (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000);
}

static void
test_sidecars (Tree          *tree,
               gconstpointer  data)
{
  g_autoptr(BinderyWalk) walk = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *path = NULL;

  tree_file (tree, "A/Book.epub");
  tree_file (tree, "A/Book.opf");
  tree_file (tree, "A/Other.epub");
  tree_file (tree, "A/Lonely.opf");
  tree_file (tree, "A/Sub/Book.epub");   /* the parent's Book.opf is not its sidecar */
  tree_file (tree, "B/Two.kepub.epub");
  tree_file (tree, "B/Two.kepub.OPF");
  tree_file (tree, "B/Two.opf");          /* stem "Two.kepub": not this one */
  tree_file (tree, "C/Both.epub");
  tree_file (tree, "C/Both.OPF");
  tree_file (tree, "C/Both.opf");
  tree_dir (tree, "D/Dir.opf");           /* a folder is no sidecar */
  tree_file (tree, "D/Dir.epub");
  path = g_build_filename (tree->root, "C/Both.opf", NULL);
  scan_test_write_file (path, "<package/>", 10);   /* not the size of Both.OPF */

  plain = stat_stamp (tree, "A/Book.opf");
  upper = stat_stamp (tree, "B/Two.kepub.OPF");
  lower = stat_stamp (tree, "C/Both.opf");

  walk = tree_walk (tree, NULL);
  g_assert_cmpuint (walk->files->len, ==, 6);
  for (guint i = 0; i < walk->files->len; i++)
    {
      const BinderyWalkFile *file = &g_array_index (walk->files, BinderyWalkFile, i);

      if (strcmp (file->rel_path, "A/Book.epub") == 0)
        g_assert_cmpstr (file->sidecar, ==, plain);
      else if (strcmp (file->rel_path, "B/Two.kepub.epub") == 0)
        g_assert_cmpstr (file->sidecar, ==, upper);
      else if (strcmp (file->rel_path, "C/Both.epub") == 0)
        g_assert_cmpstr (file->sidecar, ==, lower);
      else
        g_assert_null (file->sidecar);
    }
}

static void
test_missing_root (void)
{
  g_autoptr(GError) error = NULL;
  BinderyWalkOptions options = { 0 };

  options.root = "/nonexistent/bindery/library";
  options.recursive = TRUE;
  g_assert_null (bindery_walk_run (&options, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static gboolean
cancel_check (gpointer   user_data,
              GError   **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "stop");
  return FALSE;
}

static void
test_check_stops (Tree          *tree,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  BinderyWalkOptions options = { 0 };

  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *name = g_strdup_printf ("d/%03u.cbz", i);
      tree_file (tree, name);
    }

  options.root = tree->root;
  options.recursive = TRUE;
  options.check = cancel_check;
  g_assert_null (bindery_walk_run (&options, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/scan/walker/books-and-order", Tree, NULL, tree_set_up, test_books_and_order, tree_tear_down);
  g_test_add ("/scan/walker/symlinks", Tree, NULL, tree_set_up, test_symlinks, tree_tear_down);
  g_test_add ("/scan/walker/ignore-rules", Tree, NULL, tree_set_up, test_ignore_rules, tree_tear_down);
  g_test_add ("/scan/walker/raw-names", Tree, NULL, tree_set_up, test_raw_names, tree_tear_down);
  g_test_add ("/scan/walker/sidecars", Tree, NULL, tree_set_up, test_sidecars, tree_tear_down);
  g_test_add_func ("/scan/walker/missing-root", test_missing_root);
  g_test_add ("/scan/walker/check-stops", Tree, NULL, tree_set_up, test_check_stops, tree_tear_down);

  return g_test_run ();
}
