/* test-cli-scan.c: bindery-cli scan / books / series round trips through the real binary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "scan-test-util.h"
#include "test-damage.h"
#include "test-fixtures.h"

typedef struct {
  char *dir;
  char *data_dir;
  char *root;
} CliFixture;

static void
cli_set_up (CliFixture    *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *library = g_build_filename (scan_test_fixtures (), "library", NULL);
  g_autofree char *cafe = g_build_filename (scan_test_fixtures (), "broken", "Caf\xe9 Stories 001.cbz", NULL);
  g_autofree char *empty = g_build_filename (scan_test_fixtures (), "broken", "empty.cbz", NULL);
  g_autofree char *cafe_copy = NULL;
  g_autofree char *empty_copy = NULL;

  fixture->dir = g_dir_make_tmp ("bindery-cli-scan-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->data_dir = g_build_filename (fixture->dir, "data", NULL);
  fixture->root = g_build_filename (fixture->dir, "library", NULL);
  scan_test_copy (library, fixture->root);
  cafe_copy = g_build_filename (fixture->root, "Saga", "Caf\xe9 Stories 001.cbz", NULL);
  scan_test_copy (cafe, cafe_copy);
  empty_copy = g_build_filename (fixture->root, "Broken 001.cbz", NULL);
  scan_test_copy (empty, empty_copy);
}

static void
cli_tear_down (CliFixture    *fixture,
               gconstpointer  data)
{
  scan_test_rm_rf (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->data_dir, g_free);
  g_clear_pointer (&fixture->root, g_free);
}

/* Runs bindery-cli --data-dir DIR ARGS…; returns the exit status, stdout in *out. */
static int
run_cli (CliFixture  *fixture,
         char       **out,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  const char *cli = g_getenv ("BINDERY_CLI");
  const char *arg;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, fixture->data_dir);
  va_start (args, out);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  g_test_message ("stderr: %s", stderr_text);

  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  return g_subprocess_get_exit_status (process);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_round_trip (CliFixture    *fixture,
                 gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) books = NULL;
  g_autoptr(JsonNode) series = NULL;
  g_autoptr(JsonNode) errors = NULL;
  g_autoptr(JsonNode) saga = NULL;
  g_autofree char *cafe_path = NULL;
  JsonObject *object;
  JsonArray *array;
  gboolean found_cafe = FALSE;

  g_assert_cmpint (run_cli (fixture, NULL, "library", "add", fixture->root, NULL), ==, 0);

  /* one book is broken (a zero-byte .cbz): the scan completes with exit status 1 */
  g_assert_cmpint (run_cli (fixture, &out, "scan", "library", "--mode", "sync", "--json", NULL), ==, 1);
  report = parse (out);
  object = json_node_get_object (report);
  g_assert_cmpint (json_object_get_int_member (object, "books_created"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (object, "errored"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "mode"), ==, "sync");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (fixture, &out, "books", "--json", NULL), ==, 0);
  books = parse (out);
  array = json_node_get_array (books);
  g_assert_cmpuint (json_array_get_length (array), ==, 12);
  cafe_path = g_build_filename (fixture->root, "Saga", "Caf\xef\xbf\xbd Stories 001.cbz", NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *book = json_array_get_object_element (array, i);

      g_assert_true (json_object_has_member (book, "id"));
      g_assert_true (json_object_has_member (book, "metadata"));
      g_assert_true (g_str_has_prefix (json_object_get_string_member (book, "path"), fixture->root));
      if (g_strcmp0 (json_object_get_string_member (book, "path"), cafe_path) == 0)
        {
          found_cafe = TRUE;
          /* the display path cannot be opened; path_bytes gives the real name back */
          {
            g_autofree char *expected = g_build_filename (fixture->root, "Saga", "Caf\\xe9 Stories 001.cbz", NULL);

            g_assert_cmpstr (json_object_get_string_member (book, "path_bytes"), ==, expected);
          }
          g_assert_cmpstr (json_object_get_string_member (book, "series"), ==, "Saga");
          g_assert_cmpint (json_object_get_int_member (book, "pages"), ==, 3);
        }
    }
  g_assert_true (found_cafe);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (fixture, &out, "books", "--status", "error", "--json", NULL), ==, 0);
  errors = parse (out);
  array = json_node_get_array (errors);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  object = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "error_kind"), ==, "corrupt");
  g_assert_cmpstr (json_object_get_string_member (object, "series"), ==, "library");
  g_clear_pointer (&out, g_free);

  /* a series in reading order: by number sort key, then number text, then name
   * (the Latin-1 name says 001 too) */
  g_assert_cmpint (run_cli (fixture, &out, "books", "--library", "library", "--series", "Saga", "--json", NULL), ==, 0);
  saga = parse (out);
  array = json_node_get_array (saga);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "path"), ==, cafe_path);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "name"), ==, "Saga 001.cbz");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 2), "name"), ==, "Saga 002.cbz");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 2), "number"), ==, "2");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (fixture, &out, "series", "--json", NULL), ==, 0);
  series = parse (out);
  array = json_node_get_array (series);
  g_assert_cmpuint (json_array_get_length (array), ==, 6);
  g_clear_pointer (&out, g_free);

  /* one series: no broken book in it, exit 0; unchanged */
  g_clear_pointer (&report, json_node_unref);
  g_assert_cmpint (run_cli (fixture, &out, "scan", "library", "--series", "Saga", "--json", NULL), ==, 0);
  report = parse (out);
  object = json_node_get_object (report);
  g_assert_cmpint (json_object_get_int_member (object, "books_unchanged"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (object, "series"), ==, "Saga");
  g_clear_pointer (&out, g_free);

  /* bad usage */
  g_assert_cmpint (run_cli (fixture, NULL, "scan", "library", "--mode", "fast", NULL), ==, 2);
  g_assert_cmpint (run_cli (fixture, NULL, "scan", "no-such-library", NULL), ==, 2);
  g_assert_cmpint (run_cli (fixture, NULL, "books", "--status", "lost", NULL), ==, 2);
  g_assert_cmpint (run_cli (fixture, NULL, "scan", "library", "--series", "No Such Series", NULL), ==, 2);
}

/* books --json: "thumbnail" is null until `bindery-cli thumbnails` made the file, then its
 * absolute path; null again when the file is gone. */
static void
test_thumbnails (CliFixture    *fixture,
                 gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) removed = NULL;
  g_autofree char *gone = NULL;
  gint64 gone_id = 0;
  JsonArray *array;
  guint with_thumbnail = 0;
  int status;

  g_assert_cmpint (run_cli (fixture, NULL, "library", "add", fixture->root, NULL), ==, 0);
  /* no thumbnail job after the scan */
  g_assert_cmpint (run_cli (fixture, NULL, "library", "set", "library", "thumbnails", "false", NULL), ==, 0);
  g_assert_cmpint (run_cli (fixture, NULL, "scan", "library", NULL), ==, 1);

  g_assert_cmpint (run_cli (fixture, &out, "books", "--json", NULL), ==, 0);
  before = parse (out);
  array = json_node_get_array (before);
  g_assert_cmpuint (json_array_get_length (array), ==, 12);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *book = json_array_get_object_element (array, i);

      g_assert_true (json_object_has_member (book, "thumbnail"));
      g_assert_true (json_object_get_null_member (book, "thumbnail"));
    }
  g_clear_pointer (&out, g_free);

  status = run_cli (fixture, NULL, "thumbnails", "library", NULL);
  g_assert_true (status == 0 || status == 1);   /* 1: some cover could not be made */

  g_assert_cmpint (run_cli (fixture, &out, "books", "--json", NULL), ==, 0);
  after = parse (out);
  array = json_node_get_array (after);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *book = json_array_get_object_element (array, i);
      const char *thumbnail;

      g_assert_true (json_object_has_member (book, "thumbnail"));
      if (json_object_get_null_member (book, "thumbnail"))
        continue;
      thumbnail = json_object_get_string_member (book, "thumbnail");
      g_assert_true (g_path_is_absolute (thumbnail));
      g_assert_true (g_str_has_prefix (thumbnail, fixture->data_dir));
      g_assert_true (g_file_test (thumbnail, G_FILE_TEST_IS_REGULAR));
      with_thumbnail++;
      if (gone == NULL)
        {
          gone = g_strdup (thumbnail);
          gone_id = json_object_get_int_member (book, "id");
        }
    }
  /* covers were made (the library fixture's pages decode); the broken book has none */
  g_assert_cmpuint (with_thumbnail, >=, 1);
  {
    g_autofree char *errors = NULL;
    g_autoptr(JsonNode) node = NULL;

    g_assert_cmpint (run_cli (fixture, &errors, "books", "--status", "error", "--json", NULL), ==, 0);
    node = parse (errors);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
    g_assert_true (json_object_get_null_member (json_array_get_object_element (json_node_get_array (node), 0),
                                                "thumbnail"));
  }
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (g_remove (gone), ==, 0);
  g_assert_cmpint (run_cli (fixture, &out, "books", "--json", NULL), ==, 0);
  removed = parse (out);
  array = json_node_get_array (removed);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *book = json_array_get_object_element (array, i);

      if (json_object_get_int_member (book, "id") == gone_id)
        g_assert_true (json_object_get_null_member (book, "thumbnail"));
    }
}

/* scan --verify: a ZIP whose page data is cut off reads as a good book, then is found
 * corrupt (exit status 1, named in the report and the books listing). */
static void
test_verify (CliFixture    *fixture,
             gconstpointer  data)
{
  g_autofree char *src = g_build_filename (scan_test_fixtures (), "library", "Saga", "Saga 002.cbz", NULL);
  g_autofree char *root = g_build_filename (fixture->dir, "verify", NULL);
  g_autofree char *book = g_build_filename (root, "Cut 002.cbz", NULL);
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) books = NULL;
  JsonObject *object;
  JsonArray *array;

  g_assert_cmpint (g_mkdir_with_parents (root, 0755), ==, 0);
  scan_test_copy (src, book);
  test_damage_zip_cut_entry (book, "002.jpg");
  g_assert_cmpint (run_cli (fixture, NULL, "library", "add", root, "--name", "V", NULL), ==, 0);

  g_assert_cmpint (run_cli (fixture, NULL, "scan", "V", "--verify", "--no-verify", NULL), ==, 2);
  g_assert_cmpint (run_cli (fixture, &out, "scan", "V", "--json", NULL), ==, 0);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (fixture, &out, "scan", "V", "--verify", "--json", NULL), ==, 1);
  report = parse (out);
  object = json_node_get_object (report);
  g_assert_true (json_object_get_boolean_member (object, "verify"));
  g_assert_cmpint (json_object_get_int_member (object, "damaged"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "verified"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "errored"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "verify_bytes_read"), >, 0);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (fixture, &out, "books", "--library", "V", "--json", NULL), ==, 0);
  books = parse (out);
  array = json_node_get_array (books);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  object = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (object, "error_kind"), ==, "corrupt");
  g_assert_nonnull (strstr (json_object_get_string_member (object, "error_message"), "002.jpg"));
  g_clear_pointer (&out, g_free);

  /* unchanged since: skipped, still corrupt, still exit status 1 */
  g_assert_cmpint (run_cli (fixture, &out, "scan", "V", "--verify", "--json", NULL), ==, 1);
  g_clear_pointer (&report, json_node_unref);
  report = parse (out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (report), "verify_skipped"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_require_folder ("BINDERY_FIXTURES");

  g_test_add ("/scan/cli/round-trip", CliFixture, NULL, cli_set_up, test_round_trip, cli_tear_down);
  g_test_add ("/scan/cli/thumbnails", CliFixture, NULL, cli_set_up, test_thumbnails, cli_tear_down);
  g_test_add ("/scan/cli/verify", CliFixture, NULL, cli_set_up, test_verify, cli_tear_down);

  return g_test_run ();
}
