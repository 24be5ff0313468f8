/* test-cli-failures.c: what cannot be read never makes books missing, what cannot be
 * written is never reported as done, and the exit status says so (bindery-cli on a copy of
 * the fixture library)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Root reads everything, so as root every bindery-cli here runs as nobody (setpriv) on a
 * tree given to nobody; the modes are changed by this process. A full disk is the file size
 * limit (RLIMIT_FSIZE) of the bindery-cli process: its writes past it fail as on a full
 * file system, for any user, without mounting anything.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "scan-test-util.h"
#include "test-fixtures.h"
#include "test-unprivileged.h"

typedef struct {
  char     *dir;
  char     *data_dir;
  char     *root;
  char     *cli;
  gboolean  skipped;
  gint64    file_size_limit;   /* > 0: RLIMIT_FSIZE of the next bindery-cli */
} Fixture;

typedef struct {
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *library = g_build_filename (scan_test_fixtures (), "library", NULL);
  g_autofree char *why_not = NULL;
  const char *cli = g_getenv ("BINDERY_CLI");

  g_assert_nonnull (cli);
  fixture->dir = g_dir_make_tmp ("bindery-unreadable-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->data_dir = g_build_filename (fixture->dir, "data", NULL);
  fixture->root = g_build_filename (fixture->dir, "library", NULL);
  fixture->cli = g_strdup (cli);
  scan_test_copy (library, fixture->root);

  if (!test_unprivileged_commands_available (&why_not))
    {
      fixture->skipped = TRUE;
      g_test_skip (why_not);
      return;
    }
  if (geteuid () == 0)
    {
      /* The build tree may be out of nobody's reach: run a copy. */
      if (!test_unprivileged_access (cli, X_OK))
        {
          g_autoptr(GFile) from = g_file_new_for_path (cli);
          g_autoptr(GFile) to = NULL;

          g_free (fixture->cli);
          fixture->cli = g_build_filename (fixture->dir, "bindery-cli", NULL);
          to = g_file_new_for_path (fixture->cli);
          g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpint (g_chmod (fixture->cli, 0755), ==, 0);
        }
      test_unprivileged_chown (fixture->dir);
      g_assert_true (test_unprivileged_access (fixture->dir, W_OK));
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *argv[] = { "chmod", "-R", "u+rwX", "--", fixture->dir, NULL };

  /* give back what a test took away, then remove it all */
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, NULL, NULL);
  scan_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->data_dir);
  g_free (fixture->root);
  g_free (fixture->cli);
}

/* In the child, before exec: no file may grow past the limit (writes fail with EFBIG
 * instead of killing the process). */
static void
limit_file_size (gpointer data)
{
  struct rlimit limit;

  limit.rlim_cur = limit.rlim_max = (rlim_t) *(gint64 *) data;
  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

/* bindery-cli --data-dir DATA ARGS… (NULL-terminated), as the unprivileged user. */
static void
run_cli (Fixture *fixture,
         Result  *result,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  result_clear (result);
  test_unprivileged_add_prefix (args);
  g_ptr_array_add (args, fixture->cli);
  g_ptr_array_add (args, (char *) "--data-dir");
  g_ptr_array_add (args, fixture->data_dir);
  va_start (ap, result);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "BINDERY_DATA_DIR");
  if (fixture->file_size_limit > 0)
    {
      g_subprocess_launcher_set_child_setup (launcher, limit_file_size, &fixture->file_size_limit, NULL);
      /* a catalog that cannot be written makes the CLI warn on stderr: not fatal here */
      g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
    }
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
  g_test_message ("bindery-cli exit %d; stderr: %s", result->status, result->err);
}

static void
assert_status (Result *result,
               int     status)
{
  if (result->status != status)
    g_error ("expected exit status %d, got %d; stdout: %s; stderr: %s",
             status, result->status, result->out, result->err);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static gint64
report_int (JsonObject *report,
            const char *member)
{
  g_assert_true (json_object_has_member (report, member));
  return json_object_get_int_member (report, member);
}

/* Whether mode 0 keeps the unprivileged user out of path (not so on every file system). */
static gboolean
lock_out (const char *path)
{
  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  if (test_unprivileged_access (path, R_OK))
    {
      g_test_skip ("file permissions are not enforced here: a mode 000 file stays readable");
      return FALSE;
    }
  return TRUE;
}

static char *
library_state (Fixture *fixture)
{
  g_auto(Result) result = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *libraries;

  run_cli (fixture, &result, "library", "list", "--json", NULL);
  assert_status (&result, 0);
  json_parser_load_from_data (parser, result.out, -1, &error);
  g_assert_no_error (error);
  libraries = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (libraries), ==, 1);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (libraries, 0), "state"));
}

/* A first scan; returns the `books --json` and `series --json` text after it. */
static void
first_scan (Fixture  *fixture,
            char    **books,
            char    **series)
{
  g_auto(Result) result = { 0 };

  run_cli (fixture, &result, "library", "add", fixture->root, "--name", "Lib", NULL);
  assert_status (&result, 0);
  run_cli (fixture, &result, "scan", "Lib", "--json", NULL);
  assert_status (&result, 0);
  run_cli (fixture, &result, "books", "--json", NULL);
  assert_status (&result, 0);
  *books = g_steal_pointer (&result.out);
  run_cli (fixture, &result, "series", "--json", NULL);
  assert_status (&result, 0);
  *series = g_steal_pointer (&result.out);
}

/* chmod 000 LIB/Saga: its books and series stay exactly as they were, the report counts
 * the folder, the exit status is 1; readable again, nothing was lost. */
static void
test_unreadable_folder (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *saga = g_build_filename (fixture->root, "Saga", NULL);
  g_autofree char *books = NULL;
  g_autofree char *series = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_auto(Result) result = { 0 };
  const char *modes[] = { "batched", "sync" };

  if (fixture->skipped)
    return;
  first_scan (fixture, &books, &series);
  g_assert_nonnull (strstr (books, "Saga 001.cbz"));

  if (!lock_out (saga))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      run_cli (fixture, &result, "scan", "Lib", "--mode", modes[i], "--json", NULL);
      assert_status (&result, 1);
      g_clear_pointer (&report, json_object_unref);
      report = parse_object (result.out);
      g_assert_cmpint (report_int (report, "folders_unreadable"), ==, 1);
      g_assert_cmpint (report_int (report, "books_unchecked"), ==, 2);
      g_assert_cmpint (report_int (report, "books_missing"), ==, 0);
      g_assert_cmpint (report_int (report, "series_missing"), ==, 0);
      g_assert_nonnull (strstr (result.err, "Saga"));
      g_assert_nonnull (strstr (result.err, "Permission denied"));

      run_cli (fixture, &result, "books", "--json", NULL);
      assert_status (&result, 0);
      g_assert_cmpstr (result.out, ==, books);
      run_cli (fixture, &result, "series", "--json", NULL);
      assert_status (&result, 0);
      g_assert_cmpstr (result.out, ==, series);
    }

  /* a scan of that series alone cannot list it either */
  run_cli (fixture, &result, "scan", "Lib", "--series", "Saga", "--json", NULL);
  g_assert_cmpint (result.status, !=, 0);
  run_cli (fixture, &result, "books", "--json", NULL);
  g_assert_cmpstr (result.out, ==, books);

  g_assert_cmpint (g_chmod (saga, 0755), ==, 0);
  run_cli (fixture, &result, "scan", "Lib", "--json", NULL);
  assert_status (&result, 0);
  g_clear_pointer (&report, json_object_unref);
  report = parse_object (result.out);
  g_assert_cmpint (report_int (report, "folders_unreadable"), ==, 0);
  g_assert_cmpint (report_int (report, "books_missing"), ==, 0);
  g_assert_cmpint (report_int (report, "books_restored"), ==, 0);
  run_cli (fixture, &result, "books", "--json", NULL);
  g_assert_cmpstr (result.out, ==, books);
}

/* chmod 000 on a book: every mode that reads it says it could not, exit 1. */
static void
test_unreadable_book (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *book = g_build_filename (fixture->root, "Saga", "Saga 002.cbz", NULL);
  g_autofree char *books = NULL;
  g_autofree char *series = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_auto(Result) result = { 0 };
  const char *flags[] = { "--deep", "--force" };

  if (fixture->skipped)
    return;
  first_scan (fixture, &books, &series);
  if (!lock_out (book))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      run_cli (fixture, &result, "scan", "Lib", flags[i], "--json", NULL);
      assert_status (&result, 1);
      g_clear_pointer (&report, json_object_unref);
      report = parse_object (result.out);
      g_assert_cmpint (report_int (report, "errored"), ==, 1);
      g_assert_cmpint (report_int (report, "books_missing"), ==, 0);
      g_assert_nonnull (strstr (result.err, "Saga 002.cbz"));

      run_cli (fixture, &result, "books", "--status", "error", "--json", NULL);
      assert_status (&result, 0);
      g_assert_nonnull (strstr (result.out, "Saga 002.cbz"));
      g_assert_nonnull (strstr (result.out, "\"unreadable\""));
    }

  /* readable again: a deep scan reads it back to ready */
  g_assert_cmpint (g_chmod (book, 0644), ==, 0);
  run_cli (fixture, &result, "scan", "Lib", "--deep", "--json", NULL);
  assert_status (&result, 0);
  run_cli (fixture, &result, "books", "--status", "error", "--json", NULL);
  g_assert_null (strstr (result.out, "Saga 002.cbz"));
}

/* chmod 000 LIB: the scan cannot run (exit 2), nothing is marked missing, the library is
 * unavailable; readable again, the next scan makes it ready. */
static void
test_unreadable_root (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *books = NULL;
  g_autofree char *series = NULL;
  g_autofree char *state = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_auto(Result) result = { 0 };

  if (fixture->skipped)
    return;
  first_scan (fixture, &books, &series);
  state = library_state (fixture);
  g_assert_cmpstr (state, ==, "ready");
  g_clear_pointer (&state, g_free);

  if (!lock_out (fixture->root))
    return;
  run_cli (fixture, &result, "scan", "Lib", "--json", NULL);
  assert_status (&result, 2);
  g_assert_nonnull (strstr (result.err, "cannot be read"));
  state = library_state (fixture);
  g_assert_cmpstr (state, ==, "unavailable");
  g_clear_pointer (&state, g_free);
  run_cli (fixture, &result, "books", "--json", NULL);
  g_assert_cmpstr (result.out, ==, books);

  g_assert_cmpint (g_chmod (fixture->root, 0755), ==, 0);
  run_cli (fixture, &result, "scan", "Lib", "--json", NULL);
  assert_status (&result, 0);
  report = parse_object (result.out);
  g_assert_cmpint (report_int (report, "books_missing"), ==, 0);
  g_assert_cmpint (report_int (report, "books_created"), ==, 0);
  g_assert_cmpint (report_int (report, "books_unchanged"), >, 0);
  state = library_state (fixture);
  g_assert_cmpstr (state, ==, "ready");
  run_cli (fixture, &result, "books", "--json", NULL);
  g_assert_cmpstr (result.out, ==, books);
}

/* The catalog cannot grow (a full disk) part way through a scan: the scan fails (exit 2),
 * and its report counts only the books the catalog holds, never one whose write failed. */
static void
test_disk_full (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *book = g_build_filename (fixture->root, "Saga", "Saga 001.cbz", NULL);
  g_autofree char *more = g_build_filename (fixture->root, "More", NULL);
  g_autofree char *catalog = g_build_filename (fixture->data_dir, "catalog.sqlite", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Result) result = { 0 };
  GStatBuf st;
  gsize len;
  guint n_books;

  if (fixture->skipped)
    return;
  g_file_get_contents (book, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (more, 0755), ==, 0);
  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/More %03u.cbz", more, i + 1);

      scan_test_write_file (path, contents, len);
    }
  test_unprivileged_chown (fixture->dir);

  run_cli (fixture, &result, "library", "add", fixture->root, "--name", "Lib", NULL);
  assert_status (&result, 0);
  g_assert_cmpint (g_stat (catalog, &st), ==, 0);

  /* room for the catalog as it is and some books, not for 400 */
  fixture->file_size_limit = st.st_size + 128 * 1024;
  run_cli (fixture, &result, "scan", "Lib", "--mode", "sync", "--json", NULL);
  fixture->file_size_limit = 0;
  assert_status (&result, 2);
  report = parse_object (result.out);

  run_cli (fixture, &result, "books", "--json", NULL);
  assert_status (&result, 0);
  json_parser_load_from_data (parser, result.out, -1, &error);
  g_assert_no_error (error);
  n_books = json_array_get_length (json_node_get_array (json_parser_get_root (parser)));
  g_assert_cmpuint (n_books, >, 0);
  g_assert_cmpuint (n_books, <, 400);
  g_assert_cmpint (report_int (report, "books_created"), ==, n_books);
  g_assert_cmpint (report_int (report, "books_missing"), ==, 0);

  /* room again: the next scan finishes the work */
  run_cli (fixture, &result, "scan", "Lib", "--json", NULL);
  assert_status (&result, 0);
  g_clear_pointer (&report, json_object_unref);
  report = parse_object (result.out);
  g_assert_cmpint (report_int (report, "books_unchanged"), ==, n_books);
  g_assert_cmpint (report_int (report, "books_created") + n_books, >, 400);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_require_folder ("BINDERY_FIXTURES");

  g_test_add ("/scan/unreadable/folder", Fixture, NULL, fixture_set_up, test_unreadable_folder, fixture_tear_down);
  g_test_add ("/scan/unreadable/book", Fixture, NULL, fixture_set_up, test_unreadable_book, fixture_tear_down);
  g_test_add ("/scan/unreadable/root", Fixture, NULL, fixture_set_up, test_unreadable_root, fixture_tear_down);
  g_test_add ("/scan/disk-full/reports-what-was-committed", Fixture, NULL, fixture_set_up, test_disk_full, fixture_tear_down);

  return g_test_run ();
}
