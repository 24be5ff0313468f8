/* test-scan-ignore.c: default ignore rules and per-library globs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bindery-ignore.h"

static void
test_default_names (void)
{
  const char *ignored[] = {
    ".hidden-book.cbz", ".DS_Store", "._Saga 001.cbz", ".Trash-1000", "__MACOSX", "@eaDir",
    "#recycle", "Thumbs.db", "thumbs.db", "desktop.ini", "Desktop.INI",
  };
  const char *kept[] = {
    "Saga 001.cbz", "MACOSX", "__MACOSX_", "eaDir", "recycle", "Thumbs.db.cbz", "a.hidden.cbz", "#1.cbz",
  };

  for (guint i = 0; i < G_N_ELEMENTS (ignored); i++)
    g_assert_true (bindery_ignore_is_default_name (ignored[i]));
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    g_assert_false (bindery_ignore_is_default_name (kept[i]));
}

static void
test_defaults_at_any_depth (void)
{
  g_autoptr(BinderyIgnore) ignore = bindery_ignore_new (NULL);

  g_assert_true (bindery_ignore_match (ignore, "__MACOSX", TRUE));
  g_assert_true (bindery_ignore_match (ignore, "Saga/__MACOSX", TRUE));
  g_assert_true (bindery_ignore_match (ignore, "a/b/.hidden", TRUE));
  g_assert_true (bindery_ignore_match (ignore, "a/b/@eaDir", TRUE));
  g_assert_false (bindery_ignore_match (ignore, ".x/visible.cbz", FALSE));   /* the walker never gets there */
  g_assert_false (bindery_ignore_match (ignore, "Saga/Saga 001.cbz", FALSE));
}

static void
test_glob_segments (void)
{
  /* no '/': the name at any depth */
  g_assert_true (bindery_ignore_glob_match ("*.tmp", "a.tmp", FALSE));
  g_assert_true (bindery_ignore_glob_match ("*.tmp", "x/y/a.tmp", FALSE));
  g_assert_false (bindery_ignore_glob_match ("*.tmp", "x/a.tmp/b.cbz", FALSE));
  g_assert_true (bindery_ignore_glob_match ("extras", "Saga/extras", TRUE));
  g_assert_false (bindery_ignore_glob_match ("extras", "Saga/extras2", TRUE));
  g_assert_true (bindery_ignore_glob_match ("Saga 00?.cbz", "Saga/Saga 001.cbz", FALSE));
  g_assert_false (bindery_ignore_glob_match ("Saga 00?.cbz", "Saga/Saga 0010.cbz", FALSE));
  g_assert_true (bindery_ignore_glob_match ("[Vv]ol *", "Manga/vol 1.cbz", FALSE));
  g_assert_true (bindery_ignore_glob_match ("v[0-9][0-9].cbz", "v07.cbz", FALSE));
  g_assert_false (bindery_ignore_glob_match ("v[!0-9]*", "v07.cbz", FALSE));
  g_assert_true (bindery_ignore_glob_match ("\\*literal", "*literal", FALSE));
  g_assert_false (bindery_ignore_glob_match ("\\*literal", "xliteral", FALSE));
  g_assert_true (bindery_ignore_glob_match ("*", "anything", FALSE));

  /* with '/': anchored at the root */
  g_assert_true (bindery_ignore_glob_match ("Manga/raw", "Manga/raw", TRUE));
  g_assert_false (bindery_ignore_glob_match ("Manga/raw", "Other/Manga/raw", TRUE));
  g_assert_true (bindery_ignore_glob_match ("/extras", "extras", TRUE));
  g_assert_false (bindery_ignore_glob_match ("/extras", "Saga/extras", TRUE));
  g_assert_false (bindery_ignore_glob_match ("*/x.cbz", "a/b/x.cbz", FALSE));   /* '*' stays in one segment */
  g_assert_true (bindery_ignore_glob_match ("*/x.cbz", "a/x.cbz", FALSE));

  /* '**' = zero or more segments */
  g_assert_true (bindery_ignore_glob_match ("**/scans", "scans", TRUE));
  g_assert_true (bindery_ignore_glob_match ("**/scans", "a/b/scans", TRUE));
  g_assert_true (bindery_ignore_glob_match ("Manga/**/*.cbr", "Manga/x.cbr", FALSE));
  g_assert_true (bindery_ignore_glob_match ("Manga/**/*.cbr", "Manga/a/b/x.cbr", FALSE));
  g_assert_false (bindery_ignore_glob_match ("Manga/**/*.cbr", "Comics/a/x.cbr", FALSE));
  g_assert_true (bindery_ignore_glob_match ("Old/**", "Old/a/b.cbz", FALSE));
  g_assert_true (bindery_ignore_glob_match ("a/**/b/**/c", "a/x/b/y/z/c", FALSE));
  g_assert_false (bindery_ignore_glob_match ("a/**/b/**/c", "a/x/y/c", FALSE));

  /* trailing '/': folders only */
  g_assert_true (bindery_ignore_glob_match ("extras/", "extras", TRUE));
  g_assert_false (bindery_ignore_glob_match ("extras/", "extras", FALSE));

  /* bytes, not characters: a Latin-1 name */
  g_assert_true (bindery_ignore_glob_match ("Caf? *", "Caf\xe9 Stories 001.cbz", FALSE));

  /* blank globs match nothing */
  g_assert_false (bindery_ignore_glob_match ("  ", "x", FALSE));
  g_assert_false (bindery_ignore_glob_match ("/", "x", TRUE));
}

static void
test_library_globs (void)
{
  const char * const globs[] = { "extras", "*.tmp.cbz", "Manga/raw/", "", NULL };
  g_autoptr(BinderyIgnore) ignore = bindery_ignore_new (globs);

  g_assert_true (bindery_ignore_match (ignore, "Saga/extras", TRUE));
  g_assert_true (bindery_ignore_match (ignore, "Saga/part.tmp.cbz", FALSE));
  g_assert_true (bindery_ignore_match (ignore, "Manga/raw", TRUE));
  g_assert_false (bindery_ignore_match (ignore, "Manga/raw", FALSE));
  g_assert_false (bindery_ignore_match (ignore, "Saga/Saga 001.cbz", FALSE));
  g_assert_true (bindery_ignore_match (ignore, "Saga/.hidden", FALSE));   /* defaults still apply */
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scan/ignore/default-names", test_default_names);
  g_test_add_func ("/scan/ignore/defaults-at-any-depth", test_defaults_at_any_depth);
  g_test_add_func ("/scan/ignore/glob-segments", test_glob_segments);
  g_test_add_func ("/scan/ignore/library-globs", test_library_globs);

  return g_test_run ();
}
