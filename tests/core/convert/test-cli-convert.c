/* test-cli-convert.c: bindery-cli convert through the real binary, and killed at random
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "bindery-converter.h"
#include "book-test-util.h"
#include "convert-test-util.h"
#include "test-fixtures.h"

typedef struct {
  char *dir;
  char *data_dir;
  char *root;
  char *xdg;
} Fixture;

static void
copy_fixture (Fixture    *fixture,
              const char *rel,
              const char *dest_rel)
{
  g_autofree char *src = book_test_fixture (rel);
  g_autofree char *dest = g_build_filename (fixture->root, dest_rel, NULL);
  g_autofree char *parent = g_path_get_dirname (dest);
  g_autofree char *base = g_path_get_basename (dest);
  g_autofree char *copy = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  copy = book_test_copy (src, parent, base);
  g_assert_cmpint (g_chmod (copy, 0644), ==, 0);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = book_test_tmpdir ();
  fixture->data_dir = g_build_filename (fixture->dir, "data", NULL);
  fixture->root = g_build_filename (fixture->dir, "Comics", NULL);
  fixture->xdg = g_build_filename (fixture->dir, "xdg", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->root, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (fixture->xdg, 0755), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  book_test_rmtree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->data_dir);
  g_free (fixture->root);
  g_free (fixture->xdg);
}

static GSubprocess *
spawn_cli (Fixture     *fixture,
           const char **args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, (gpointer) g_getenv ("BINDERY_CLI"));
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, fixture->data_dir);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  /* The trash of the book's file system: ours, under the temp dir. */
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", fixture->xdg, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

/* Runs bindery-cli --data-dir DIR ARGS…; the exit status, stdout in *out. */
static int
run_cli (Fixture     *fixture,
         char       **out,
         const char **args)
{
  g_autoptr(GSubprocess) process = spawn_cli (fixture, args);
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;

  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  if (stderr_text != NULL && *stderr_text != '\0')
    g_test_message ("stderr: %s", stderr_text);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  return g_subprocess_get_exit_status (process);
}

#define CLI(fixture, out, ...) run_cli ((fixture), (out), (const char *[]) { __VA_ARGS__, NULL })

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* The id of the book at rel_path (through `books --json`), 0 when none. */
static gint64
book_id (Fixture    *fixture,
         const char *rel_path,
         char      **format)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *books;

  g_assert_cmpint (CLI (fixture, &out, "books", "--json"), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  books = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (books); i++)
    {
      JsonObject *book = json_array_get_object_element (books, i);
      if (g_strcmp0 (json_object_get_string_member (book, "rel_path"), rel_path) == 0 &&
          g_strcmp0 (json_object_get_string_member (book, "status"), "missing") != 0)
        {
          if (format != NULL)
            *format = g_strdup (json_object_get_string_member (book, "format"));
          return json_object_get_int_member (book, "id");
        }
    }
  return 0;
}

static void
test_dry_run_and_convert (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) dry = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autofree char *moonlit = g_build_filename (fixture->root, "Moonlit", "Moonlit Garden v01.cbr", NULL);
  g_autofree char *moonlit_sha = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *format = NULL;
  gint64 id;

  copy_fixture (fixture, "comics/Moonlit Garden v01.cbr", "Moonlit/Moonlit Garden v01.cbr");
  copy_fixture (fixture, "comics/Ultra Quest 001 (2021).cbr", "Ultra/Ultra Quest 001 (2021).cbr");
  copy_fixture (fixture, "comics/Harbor Lights 003.cb7", "Harbor/Harbor Lights 003.cb7");
  copy_fixture (fixture, "broken/encrypted-pages.cbr", "Broken/encrypted-pages.cbr");
  copy_fixture (fixture, "library/Batman (2016)/Batman 001 (2016).cbr", "Batman/Batman 001 (2016).cbr");
  copy_fixture (fixture, "library/Saga/Saga 002.cbz", "Batman/Batman 001 (2016).cbz");
  moonlit_sha = convert_test_file_sha256 (moonlit);

  g_assert_cmpint (CLI (fixture, NULL, "library", "add", fixture->root, "--name", "Comics"), ==, 0);
  g_assert_cmpint (CLI (fixture, NULL, "scan", "Comics"), ==, 1);   /* the encrypted book */

  /* Usage errors: 2. */
  g_assert_cmpint (CLI (fixture, NULL, "convert"), ==, 2);
  g_assert_cmpint (CLI (fixture, NULL, "convert", "--book", "999999"), ==, 2);
  g_assert_cmpint (CLI (fixture, NULL, "convert", "No Such Library"), ==, 2);
  g_assert_cmpint (CLI (fixture, NULL, "convert", "Comics", "--series", "No Such Series"), ==, 2);

  /* The dry run changes nothing. */
  g_assert_cmpint (CLI (fixture, &out, "convert", "Comics", "--dry-run", "--json"), ==, 0);
  dry = parse_object (out);
  g_assert_cmpint (json_object_get_int_member (dry, "convert"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (dry, "skip"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (dry, "bytes_needed"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (dry, "originals"), ==, "trash");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (CLI (fixture, &out, "convert", "Comics", "--dry-run"), ==, 0);
  g_assert_nonnull (strstr (out, "3 books would be converted, 2 skipped"));
  g_assert_true (g_file_test (moonlit, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (convert_test_count_temp_files (fixture->root), ==, 0);

  /* One book. */
  id = book_id (fixture, "Moonlit/Moonlit Garden v01.cbr", NULL);
  g_assert_cmpint (id, >, 0);
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (CLI (fixture, &out, "convert", "--book", id_text, "--json"), ==, 0);
  report = parse_object (out);
  g_assert_cmpint (json_object_get_int_member (report, "converted"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (report, "books"), ==, 1);
  g_assert_cmpint (book_id (fixture, "Moonlit/Moonlit Garden v01.cbz", &format), ==, id);
  g_assert_cmpstr (format, ==, "zip");
  g_assert_false (g_file_test (moonlit, G_FILE_TEST_EXISTS));
  {
    g_autofree char *trashed = g_build_filename (fixture->xdg, "Trash", "files", "Moonlit Garden v01.cbr", NULL);
    g_autofree char *sha = convert_test_file_sha256 (trashed);
    g_assert_cmpstr (sha, ==, moonlit_sha);
  }

  /* The rest: Batman's name is taken, so some book failed: 1. */
  g_clear_pointer (&report, json_object_unref);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (CLI (fixture, &out, "convert", "Comics", "--json"), ==, 1);
  report = parse_object (out);
  g_assert_cmpint (json_object_get_int_member (report, "converted"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (report, "skipped"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (report, "failed"), ==, 1);
}

/* The trash's copy of the original: g_file_trash names it after the original, but a
 * .trashinfo left by a run killed inside g_file_trash (written before the file is moved)
 * makes the next trash pick "NAME.2.EXT"; so every file in Trash/files is looked at.
 * Returns the SHA-256 of the one whose name starts with the original's stem, or NULL. */
static char *
trashed_sha256 (const char *trash,
                const char *stem)
{
  g_autofree char *files = g_build_filename (trash, "files", NULL);
  g_autoptr(GDir) dir = g_dir_open (files, 0, NULL);
  const char *name;
  char *found = NULL;

  while (dir != NULL && found == NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, stem))
      {
        g_autofree char *path = g_build_filename (files, name, NULL);
        found = convert_test_file_sha256 (path);
      }
  return found;
}

/* SIGKILL at a random moment of `convert --book`, ≥ 50 times; each time the original is
 * intact (in place or, once the book points at the new file, in the trash) byte for byte,
 * and the next run completes the conversion: no temporary file, the book on a CBZ that
 * holds exactly the original's entries, the catalog as the disk (a rescan adds nothing). */
static void
test_killed (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *why_not = NULL;
  g_autofree char *folder = g_build_filename (fixture->root, "Big", NULL);
  g_autofree char *book = g_build_filename (folder, "Big 001.cbr", NULL);
  g_autofree char *cbz = g_build_filename (folder, "Big 001.cbz", NULL);
  g_autofree char *saved = g_build_filename (fixture->dir, "Big 001.cbr", NULL);
  g_autofree char *trash = g_build_filename (fixture->xdg, "Trash", NULL);
  g_autofree char *sha = NULL;
  g_autoptr(GPtrArray) source = NULL;
  gint64 full_us;
  guint before_rename = 0, in_place = 0;
  const guint runs = 50;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  if (!convert_test_make_big_rar (saved, "rar5", 16, 64 * 1024, &why_not))
    {
      g_test_skip (why_not);
      return;
    }
  sha = convert_test_file_sha256 (saved);
  source = convert_test_read_archive (saved);
  g_assert_cmpint (CLI (fixture, NULL, "library", "add", fixture->root, "--name", "Comics"), ==, 0);

  for (guint run = 0; run <= runs; run++)
    {
      g_autofree char *id_text = NULL;
      g_autofree char *format = NULL;
      g_autofree char *out = NULL;
      g_autoptr(GSubprocess) process = NULL;
      gint64 id, start;

      /* A fresh original, scanned. */
      book_test_rmtree (trash);
      g_unlink (cbz);
      {
        g_autoptr(GFile) from = g_file_new_for_path (saved);
        g_autoptr(GFile) to = g_file_new_for_path (book);
        g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL));
      }
      g_assert_cmpint (CLI (fixture, NULL, "scan", "Comics"), ==, 0);
      id = book_id (fixture, "Big/Big 001.cbr", NULL);
      g_assert_cmpint (id, >, 0);
      id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      process = spawn_cli (fixture, (const char *[]) { "convert", "--book", id_text, NULL });
      start = g_get_monotonic_time ();
      if (run == 0)
        {
          /* The first run is not killed: it measures how long a whole one takes. */
          g_assert_true (g_subprocess_wait_check (process, NULL, NULL));
          full_us = MAX (g_get_monotonic_time () - start, 1000);
        }
      else
        {
          g_usleep (g_test_rand_int_range (0, (gint32) (full_us * 6 / 5)));
          g_subprocess_send_signal (process, SIGKILL);
          g_subprocess_wait (process, NULL, NULL);
        }

      /* The original, byte for byte, in its place or in the trash. */
      {
        g_autofree char *now = g_file_test (book, G_FILE_TEST_EXISTS) ? convert_test_file_sha256 (book)
                                                                       : trashed_sha256 (trash, "Big 001");
        g_assert_cmpstr (now, ==, sha);
      }
      if (g_file_test (book, G_FILE_TEST_EXISTS))
        in_place++;
      if (!g_file_test (cbz, G_FILE_TEST_EXISTS))
        before_rename++;

      /* The next start: converts what is left to convert. */
      g_assert_cmpint (CLI (fixture, &out, "convert", "Comics"), ==, 0);
      g_assert_cmpuint (convert_test_count_temp_files (folder), ==, 0);
      g_assert_false (g_file_test (book, G_FILE_TEST_EXISTS));
      g_assert_cmpint (book_id (fixture, "Big/Big 001.cbz", &format), ==, id);
      g_assert_cmpstr (format, ==, "zip");
      {
        g_autoptr(GPtrArray) converted = convert_test_read_zip (cbz);
        g_autofree char *trashed_sha = trashed_sha256 (trash, "Big 001");

        convert_test_assert_same_entries (source, converted);
        g_assert_cmpstr (trashed_sha, ==, sha);
      }
      /* The catalog is the disk: a rescan finds nothing new. */
      g_clear_pointer (&out, g_free);
      g_assert_cmpint (CLI (fixture, &out, "scan", "Comics"), ==, 0);
      g_assert_cmpint (book_id (fixture, "Big/Big 001.cbz", NULL), ==, id);

      /* Next round: forget the converted book. */
      g_assert_cmpint (g_unlink (cbz), ==, 0);
    }
  g_test_message ("%u killed runs: %u before the rename, %u with the original still in place",
                  runs, before_rename, in_place);
}

int
main (int argc, char **argv)
{
  test_require_folder ("BINDERY_FIXTURES");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/convert/cli/dry-run-and-convert", Fixture, NULL, fixture_set_up,
              test_dry_run_and_convert, fixture_tear_down);
  g_test_add ("/convert/cli/killed", Fixture, NULL, fixture_set_up, test_killed, fixture_tear_down);
  return g_test_run ();
}
