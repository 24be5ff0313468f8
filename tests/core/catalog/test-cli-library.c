/* test-cli-library.c: `bindery-cli library …` round trips through the real binary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "catalog-test-util.h"
#include "test-unprivileged.h"

typedef struct {
  CatalogTestDir *dir;
  char           *data_dir;
  char           *catalog;
  char           *cli;           /* NULL: $BINDERY_CLI */
  gboolean        unprivileged;  /* run it through test_unprivileged_add_prefix() */
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
  fixture->dir = catalog_test_dir_new ();
  fixture->data_dir = g_build_filename (fixture->dir->path, "data", NULL);
  fixture->catalog = g_build_filename (fixture->data_dir, "catalog.sqlite", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  catalog_test_dir_free (fixture->dir);
  g_free (fixture->data_dir);
  g_free (fixture->catalog);
  g_free (fixture->cli);
}

/* Runs bindery-cli --data-dir DATA ARGS… (NULL-terminated) to its end. */
static void
run_cli (Fixture *fixture,
         Result  *result,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = fixture->cli != NULL ? fixture->cli : g_getenv ("BINDERY_CLI");
  const char *arg;
  va_list ap;

  g_assert_nonnull (cli);
  if (fixture->unprivileged)
    test_unprivileged_add_prefix (args);
  g_ptr_array_add (args, (char *) cli);
  g_ptr_array_add (args, (char *) "--data-dir");
  g_ptr_array_add (args, fixture->data_dir);
  va_start (ap, result);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "BINDERY_DATA_DIR");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
}

static void
assert_usage_error (Result     *result,
                    const char *mentions)
{
  if (result->status != 2)
    g_error ("expected exit status 2, got %d; stderr: %s", result->status, result->err);
  g_assert_true (g_str_has_prefix (result->err, "bindery-cli: "));
  if (mentions != NULL && strstr (result->err, mentions) == NULL)
    g_error ("stderr “%s” does not mention “%s”", result->err, mentions);
}

static void
assert_ok (Result *result)
{
  if (result->status != 0)
    g_error ("expected exit status 0, got %d; stderr: %s", result->status, result->err);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* `library list --json` as a parsed array (owned by the returned node). */
static JsonNode *
list_json (Fixture *fixture)
{
  g_auto(Result) result = { 0 };
  JsonNode *node;

  run_cli (fixture, &result, "library", "list", "--json", NULL);
  assert_ok (&result);
  node = parse_json (result.out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return node;
}

static char *
list_json_text (Fixture *fixture)
{
  g_auto(Result) result = { 0 };

  run_cli (fixture, &result, "library", "list", "--json", NULL);
  assert_ok (&result);
  return g_steal_pointer (&result.out);
}

static JsonObject *
find_by_name (JsonNode   *list,
              const char *name)
{
  JsonArray *array = json_node_get_array (list);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      if (g_strcmp0 (json_object_get_string_member (object, "name"), name) == 0)
        return object;
    }
  return NULL;
}

static void
test_add_list (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *comics = catalog_test_dir_mkdir (fixture->dir, "lib/Comics");
  g_autofree char *manga = catalog_test_dir_mkdir (fixture->dir, "other/Manga");
  g_autofree char *comics_slash = g_strconcat (comics, "/", NULL);
  g_autoptr(JsonNode) added = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_auto(Result) result = { 0 };
  g_auto(Result) second = { 0 };
  g_auto(Result) human = { 0 };
  JsonObject *object, *options;

  run_cli (fixture, &result, "library", "add", comics_slash, "--json", NULL);
  assert_ok (&result);
  added = parse_json (result.out);
  g_assert_true (g_file_test (fixture->catalog, G_FILE_TEST_IS_REGULAR));

  run_cli (fixture, &second, "library", "add", manga, "--name", "My Manga", "--pattern", "collection", NULL);
  assert_ok (&second);

  list = list_json (fixture);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);

  object = find_by_name (list, "Comics");
  g_assert_nonnull (object);
  g_assert_cmpint (json_object_get_int_member (object, "id"),
                   ==, json_object_get_int_member (json_node_get_object (added), "id"));
  g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, comics);
  g_assert_cmpstr (json_object_get_string_member (object, "pattern"), ==, "series");
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "new");
  g_assert_cmpint (json_object_get_int_member (object, "book_count"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "series_count"), ==, 0);
  options = json_object_get_object_member (object, "options");
  g_assert_cmpstr (json_object_get_string_member (options, "scan-mode"), ==, "batched");
  g_assert_true (json_object_get_boolean_member (options, "thumbnails"));
  g_assert_cmpint (json_object_get_int_member (options, "thumbnail-height"), ==, 400);
  g_assert_cmpint (json_object_get_int_member (options, "thumbnail-quality"), ==, 80);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (options, "ignore")), ==, 0);
  g_assert_false (json_object_get_boolean_member (options, "deep-scan"));
  g_assert_false (json_object_get_boolean_member (options, "verify-data"));

  object = find_by_name (list, "My Manga");
  g_assert_nonnull (object);
  g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, manga);
  g_assert_cmpstr (json_object_get_string_member (object, "pattern"), ==, "collection");

  /* The human listing names both. */
  run_cli (fixture, &human, "library", "list", NULL);
  assert_ok (&human);
  g_assert_nonnull (strstr (human.out, "My Manga"));
  g_assert_nonnull (strstr (human.out, comics));
}

static void
test_unique_names (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *a = catalog_test_dir_mkdir (fixture->dir, "a/Comics");
  g_autofree char *b = catalog_test_dir_mkdir (fixture->dir, "b/Comics");
  g_autofree char *c = catalog_test_dir_mkdir (fixture->dir, "c/Other");
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(Result) r1 = { 0 };
  g_auto(Result) r2 = { 0 };
  g_auto(Result) r3 = { 0 };

  run_cli (fixture, &r1, "library", "add", a, NULL);
  assert_ok (&r1);
  run_cli (fixture, &r2, "library", "add", b, NULL);
  assert_ok (&r2);
  list = list_json (fixture);
  g_assert_nonnull (find_by_name (list, "Comics"));
  g_assert_nonnull (find_by_name (list, "Comics (2)"));

  before = list_json_text (fixture);
  run_cli (fixture, &r3, "library", "add", c, "--name", "Comics", NULL);
  assert_usage_error (&r3, "Comics");
  after = list_json_text (fixture);
  g_assert_cmpstr (before, ==, after);
}

static void
test_set (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *comics = catalog_test_dir_mkdir (fixture->dir, "Comics");
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(Result) added = { 0 };
  JsonObject *options;
  static const char *good[][2] = {
    { "scan-mode", "sync" },
    { "thumbnails", "false" },
    { "thumbnail-height", "300" },
    { "thumbnail-quality", "90" },
    { "ignore", "extras/**,*.tmp" },
    { "deep-scan", "true" },
    { "verify-data", "true" },
  };
  static const char *bad[][2] = {
    { "scan-mode", "fast" },
    { "thumbnails", "maybe" },
    { "thumbnail-height", "10" },
    { "thumbnail-quality", "1000" },
    { "deep-scan", "on" },
  };

  run_cli (fixture, &added, "library", "add", comics, NULL);
  assert_ok (&added);

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_auto(Result) result = { 0 };
      /* by name, by id and by path in turn */
      const char *spec = i % 3 == 0 ? "Comics" : i % 3 == 1 ? "1" : comics;

      run_cli (fixture, &result, "library", "set", spec, good[i][0], good[i][1], NULL);
      assert_ok (&result);
    }

  list = list_json (fixture);
  options = json_object_get_object_member (find_by_name (list, "Comics"), "options");
  g_assert_cmpstr (json_object_get_string_member (options, "scan-mode"), ==, "sync");
  g_assert_false (json_object_get_boolean_member (options, "thumbnails"));
  g_assert_cmpint (json_object_get_int_member (options, "thumbnail-height"), ==, 300);
  g_assert_cmpint (json_object_get_int_member (options, "thumbnail-quality"), ==, 90);
  g_assert_true (json_object_get_boolean_member (options, "deep-scan"));
  g_assert_true (json_object_get_boolean_member (options, "verify-data"));
  {
    JsonArray *ignore = json_object_get_array_member (options, "ignore");
    g_assert_cmpuint (json_array_get_length (ignore), ==, 2);
    g_assert_cmpstr (json_array_get_string_element (ignore, 0), ==, "extras/**");
    g_assert_cmpstr (json_array_get_string_element (ignore, 1), ==, "*.tmp");
  }

  /* Bad values and keys: exit 2, the cause on stderr, nothing written. */
  before = list_json_text (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(Result) result = { 0 };

      run_cli (fixture, &result, "library", "set", "Comics", bad[i][0], bad[i][1], NULL);
      assert_usage_error (&result, bad[i][0]);
      g_assert_nonnull (strstr (result.err, bad[i][1]));
    }
  {
    g_auto(Result) result = { 0 };

    run_cli (fixture, &result, "library", "set", "Comics", "colour", "blue", NULL);
    assert_usage_error (&result, "colour");
    /* lists the valid keys */
    for (guint i = 0; i < G_N_ELEMENTS (good); i++)
      g_assert_nonnull (strstr (result.err, good[i][0]));
  }
  {
    g_auto(Result) result = { 0 };

    run_cli (fixture, &result, "library", "set", "Nobody", "thumbnails", "true", NULL);
    assert_usage_error (&result, "Nobody");
  }
  {
    g_auto(Result) result = { 0 };

    run_cli (fixture, &result, "library", "set", "Comics", "thumbnails", NULL);
    assert_usage_error (&result, NULL);
  }
  after = list_json_text (fixture);
  g_assert_cmpstr (before, ==, after);
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *comics = catalog_test_dir_mkdir (fixture->dir, "Comics");
  g_autofree char *book = g_build_filename (comics, "Saga 01.cbz", NULL);
  g_autoptr(JsonNode) list = NULL;
  g_auto(Result) added = { 0 };
  g_auto(Result) removed = { 0 };
  g_auto(Result) again = { 0 };

  g_assert_true (g_file_set_contents (book, "PK\x03\x04", 4, NULL));
  run_cli (fixture, &added, "library", "add", comics, NULL);
  assert_ok (&added);

  run_cli (fixture, &removed, "library", "remove", "Comics", NULL);
  assert_ok (&removed);
  list = list_json (fixture);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 0);
  /* the folder and its books are untouched */
  g_assert_true (g_file_test (book, G_FILE_TEST_IS_REGULAR));

  run_cli (fixture, &again, "library", "remove", "Comics", NULL);
  assert_usage_error (&again, "Comics");
}

/* A process that holds the data dir (its lock) with a job running on the library: remove and
 * move are refused (exit 2) naming the job and the process; once that process has gone (its
 * row left "running"), remove goes ahead and the history says the job was cancelled by it. */
static void
test_remove_while_job_runs (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *comics = catalog_test_dir_mkdir (fixture->dir, "Comics");
  g_autofree char *elsewhere = catalog_test_dir_mkdir (fixture->dir, "disk/Comics");
  g_autofree char *pid = g_strdup_printf ("pid %d", (int) getpid ());
  g_autofree char *lock_path = g_build_filename (fixture->data_dir, "lock", NULL);
  g_autofree char *pid_line = g_strdup_printf ("%d\n", (int) getpid ());
  sqlite3 *db = NULL;
  int lock_fd;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) jobs = NULL;
  g_auto(Result) result = { 0 };
  JsonObject *job;

  run_cli (fixture, &result, "library", "add", comics, NULL);
  assert_ok (&result);

  /* this process plays the one running a scan of Comics: it holds the data dir's lock
   * (flock, its pid in the file, as Bindery does) and the job's row says running */
  lock_fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (lock_fd, >=, 0);
  g_assert_cmpint (flock (lock_fd, LOCK_EX | LOCK_NB), ==, 0);
  g_assert_cmpint (write (lock_fd, pid_line, strlen (pid_line)), ==, (gssize) strlen (pid_line));
  g_assert_cmpint (sqlite3_open (fixture->catalog, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO jobs (id, type, library_id, state, title)"
                                 " VALUES (7, 'scan', 1, 'running', 'Scan Comics')", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  result_clear (&result);
  run_cli (fixture, &result, "library", "remove", "Comics", NULL);
  assert_usage_error (&result, pid);
  g_assert_nonnull (strstr (result.err, "job 7 (Scan Comics)"));
  result_clear (&result);
  run_cli (fixture, &result, "library", "move", "Comics", elsewhere, NULL);
  assert_usage_error (&result, pid);
  list = list_json (fixture);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (list), 0), "path"),
                   ==, comics);

  /* the holder ends without finishing its row */
  g_assert_cmpint (ftruncate (lock_fd, 0), ==, 0);
  close (lock_fd);
  result_clear (&result);
  run_cli (fixture, &result, "library", "remove", "Comics", NULL);
  assert_ok (&result);

  result_clear (&result);
  run_cli (fixture, &result, "jobs", "--json", NULL);
  assert_ok (&result);
  jobs = parse_json (result.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (jobs)), ==, 1);
  job = json_array_get_object_element (json_node_get_array (jobs), 0);
  g_assert_cmpstr (json_object_get_string_member (job, "state"), ==, "cancelled");
  g_assert_cmpstr (json_object_get_string_member (job, "error"), ==, "Cancelled: its library “Comics” was removed");
  g_assert_true (json_object_get_null_member (job, "library_id"));
}

static void
test_move (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *old_path = catalog_test_dir_mkdir (fixture->dir, "usb/Comics");
  g_autofree char *new_path = catalog_test_dir_mkdir (fixture->dir, "disk/Comics");
  g_autofree char *other = catalog_test_dir_mkdir (fixture->dir, "Manga");
  g_autofree char *inside_other = catalog_test_dir_mkdir (fixture->dir, "Manga/Seinen");
  g_autofree char *missing = g_build_filename (fixture->dir->path, "gone", NULL);
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(Result) r1 = { 0 };
  g_auto(Result) r2 = { 0 };
  g_auto(Result) moved = { 0 };
  JsonObject *object;
  gint64 id;

  run_cli (fixture, &r1, "library", "add", old_path, NULL);
  assert_ok (&r1);
  run_cli (fixture, &r2, "library", "add", other, NULL);
  assert_ok (&r2);
  list = list_json (fixture);
  id = json_object_get_int_member (find_by_name (list, "Comics"), "id");

  run_cli (fixture, &moved, "library", "move", old_path, new_path, NULL);
  assert_ok (&moved);
  g_clear_pointer (&list, json_node_unref);
  list = list_json (fixture);
  object = find_by_name (list, "Comics");
  g_assert_cmpint (json_object_get_int_member (object, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, new_path);

  before = list_json_text (fixture);
  {
    g_auto(Result) result = { 0 };
    run_cli (fixture, &result, "library", "move", "Comics", missing, NULL);
    assert_usage_error (&result, missing);
  }
  {
    g_auto(Result) result = { 0 };
    run_cli (fixture, &result, "library", "move", "Comics", inside_other, NULL);
    assert_usage_error (&result, "inside");
  }
  {
    g_auto(Result) result = { 0 };
    run_cli (fixture, &result, "library", "move", "Comics", other, NULL);
    assert_usage_error (&result, "Manga");
  }
  after = list_json_text (fixture);
  g_assert_cmpstr (before, ==, after);
}

static void
test_bad_input_writes_nothing (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir->path, "nowhere", NULL);
  g_autofree char *file = g_build_filename (fixture->dir->path, "book.cbz", NULL);
  g_autofree char *comics = catalog_test_dir_mkdir (fixture->dir, "Comics");
  g_autofree char *inner = catalog_test_dir_mkdir (fixture->dir, "Comics/Marvel");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *bytes_before = NULL;
  g_autofree char *bytes_after = NULL;
  gsize len_before, len_after;

  g_assert_true (g_file_set_contents (file, "PK", 2, NULL));

  /* On a fresh data dir nothing at all is created for bad input. */
  {
    g_auto(Result) result = { 0 };
    run_cli (fixture, &result, "library", "add", missing, NULL);
    assert_usage_error (&result, missing);
    g_assert_false (g_file_test (fixture->data_dir, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(Result) result = { 0 };
    run_cli (fixture, &result, "library", "add", file, NULL);
    assert_usage_error (&result, file);
    g_assert_false (g_file_test (fixture->data_dir, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(Result) result = { 0 };
    run_cli (fixture, &result, "library", "add", comics, "--pattern", "tree", NULL);
    assert_usage_error (&result, "tree");
    g_assert_false (g_file_test (fixture->data_dir, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(Result) result = { 0 };
    run_cli (fixture, &result, "library", "add", comics, "--name", "", NULL);
    assert_usage_error (&result, "name");
    g_assert_false (g_file_test (fixture->data_dir, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(Result) result = { 0 };
    run_cli (fixture, &result, "library", "remove", "Comics", NULL);
    assert_usage_error (&result, "Comics");
    g_assert_false (g_file_test (fixture->catalog, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(Result) result = { 0 };
    run_cli (fixture, &result, "library", NULL);
    assert_usage_error (&result, NULL);
  }
  {
    g_auto(Result) result = { 0 };
    run_cli (fixture, &result, "library", "rename", "x", NULL);
    assert_usage_error (&result, "rename");
  }
  {
    g_auto(Result) result = { 0 };
    run_cli (fixture, &result, "library", "add", NULL);
    assert_usage_error (&result, NULL);
  }

  /* With a catalog: duplicates and nesting change nothing. */
  {
    g_auto(Result) result = { 0 };
    run_cli (fixture, &result, "library", "add", comics, NULL);
    assert_ok (&result);
  }
  before = list_json_text (fixture);
  g_assert_true (g_file_get_contents (fixture->catalog, &bytes_before, &len_before, NULL));
  {
    g_auto(Result) result = { 0 };
    run_cli (fixture, &result, "library", "add", comics, NULL);
    assert_usage_error (&result, comics);
  }
  {
    g_auto(Result) result = { 0 };
    run_cli (fixture, &result, "library", "add", inner, NULL);
    assert_usage_error (&result, inner);
    g_assert_nonnull (strstr (result.err, "inside"));
  }
  {
    g_auto(Result) result = { 0 };
    run_cli (fixture, &result, "library", "add", fixture->dir->path, NULL);
    assert_usage_error (&result, "contains");
  }
  after = list_json_text (fixture);
  g_assert_cmpstr (before, ==, after);
  g_assert_true (g_file_get_contents (fixture->catalog, &bytes_after, &len_after, NULL));
  g_assert_cmpmem (bytes_before, len_before, bytes_after, len_after);
}

static void
test_list_empty (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(JsonNode) list = list_json (fixture);
  g_auto(Result) human = { 0 };

  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 0);
  g_assert_false (g_file_test (fixture->catalog, G_FILE_TEST_EXISTS));

  run_cli (fixture, &human, "library", "list", NULL);
  assert_ok (&human);
  g_assert_nonnull (strstr (human.out, "No libraries"));
}

static void
test_refused_catalogs (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *comics = catalog_test_dir_mkdir (fixture->dir, "Comics");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize len_before, len_after;
  sqlite3 *db = NULL;

  /* A catalog from a newer Bindery */
  g_assert_cmpint (g_mkdir_with_parents (fixture->data_dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (fixture->catalog, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE libraries (x); PRAGMA user_version = 42", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (fixture->catalog, &before, &len_before, NULL));

  {
    g_auto(Result) result = { 0 };
    run_cli (fixture, &result, "library", "add", comics, NULL);
    assert_usage_error (&result, "newer");
    g_assert_nonnull (strstr (result.err, fixture->catalog));
  }
  {
    g_auto(Result) result = { 0 };
    run_cli (fixture, &result, "library", "list", NULL);
    assert_usage_error (&result, "newer");
  }
  g_assert_true (g_file_get_contents (fixture->catalog, &after, &len_after, NULL));
  g_assert_cmpmem (before, len_before, after, len_after);

  /* Not a catalog at all */
  g_assert_true (g_file_set_contents (fixture->catalog, "hello, not a database, certainly not\n", -1, NULL));
  {
    g_auto(Result) result = { 0 };
    run_cli (fixture, &result, "library", "add", comics, NULL);
    assert_usage_error (&result, fixture->catalog);
    g_assert_nonnull (strstr (result.err, "not a Bindery catalog"));
  }
  {
    g_autofree char *text = NULL;
    g_assert_true (g_file_get_contents (fixture->catalog, &text, NULL, NULL));
    g_assert_cmpstr (text, ==, "hello, not a database, certainly not\n");
  }
}

/* As root, every bindery-cli here runs as nobody, for whom the mode 0444 catalog is read-only. */
static void
test_read_only_catalog (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *comics = catalog_test_dir_mkdir (fixture->dir, "Comics");
  g_autofree char *manga = catalog_test_dir_mkdir (fixture->dir, "Manga");
  g_autofree char *why_not = NULL;
  g_autoptr(JsonNode) list = NULL;

  if (!test_unprivileged_commands_available (&why_not))
    {
      g_test_skip (why_not);
      return;
    }
  if (geteuid () == 0)
    {
      const char *cli = g_getenv ("BINDERY_CLI");

      g_assert_nonnull (cli);
      /* The build tree may be out of nobody's reach (under /root): run a copy. */
      if (!test_unprivileged_access (cli, X_OK))
        {
          g_autoptr(GFile) from = g_file_new_for_path (cli);
          g_autoptr(GFile) to = NULL;
          g_autoptr(GError) error = NULL;

          fixture->cli = g_build_filename (fixture->dir->path, "bindery-cli", NULL);
          to = g_file_new_for_path (fixture->cli);
          g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpint (g_chmod (fixture->cli, 0755), ==, 0);
        }
      test_unprivileged_chown (fixture->dir->path);
      fixture->unprivileged = TRUE;
      g_assert_true (test_unprivileged_access (fixture->dir->path, W_OK));
      g_assert_true (test_unprivileged_access (fixture->cli != NULL ? fixture->cli : cli, X_OK));
    }

  {
    g_auto(Result) result = { 0 };
    run_cli (fixture, &result, "library", "add", comics, NULL);
    assert_ok (&result);
  }
  g_assert_cmpint (g_chmod (fixture->catalog, 0444), ==, 0);
  if (test_unprivileged_access (fixture->catalog, W_OK))
    {
      g_test_skip ("file permissions are not enforced here: a mode 0444 file stays writable");
      return;
    }
  {
    g_auto(Result) result = { 0 };
    run_cli (fixture, &result, "library", "add", manga, NULL);
    assert_usage_error (&result, "read-only");
  }
  /* still readable */
  list = list_json (fixture);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  g_assert_cmpint (g_chmod (fixture->catalog, 0644), ==, 0);
}

/* Several processes adding libraries to a fresh data dir at once: every one of them
 * creates or migrates the same catalog, none may fail or see it half made. */
static void
test_concurrent_first_use (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) processes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  const char *cli = g_getenv ("BINDERY_CLI");
  const guint n = 6;
  JsonArray *array;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *relative = g_strdup_printf ("disk%u/Comics", i);
      g_autofree char *folder = catalog_test_dir_mkdir (fixture->dir, relative);
      g_autoptr(GSubprocessLauncher) launcher = NULL;
      g_autoptr(GError) error = NULL;
      GSubprocess *process;

      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
      g_subprocess_launcher_unsetenv (launcher, "BINDERY_DATA_DIR");
      process = g_subprocess_launcher_spawn (launcher, &error, cli, "--data-dir", fixture->data_dir,
                                             "library", "add", folder, NULL);
      g_assert_no_error (error);
      g_ptr_array_add (processes, process);
    }

  for (guint i = 0; i < processes->len; i++)
    {
      g_autoptr(GError) error = NULL;

      g_subprocess_wait (processes->pdata[i], NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (processes->pdata[i]));
      g_assert_cmpint (g_subprocess_get_exit_status (processes->pdata[i]), ==, 0);
    }

  list = list_json (fixture);
  array = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (array), ==, n);
  for (guint i = 0; i < n; i++)
    g_hash_table_add (names, (gpointer) json_object_get_string_member (json_array_get_object_element (array, i), "name"));
  g_assert_cmpuint (g_hash_table_size (names), ==, n);
  g_assert_true (g_hash_table_contains (names, "Comics"));
}

/* --data-dir "" is bad usage (exit 2) for every command, and nothing is made in the current
 * folder, which an empty name would otherwise mean. */
static void
test_empty_data_dir (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *commands[][3] = {
    { "library", "list", NULL }, { "jobs", NULL, NULL }, { "books", NULL, NULL },
    { "scan", "Comics", NULL }, { "library", "add", NULL },
  };
  const char *cli = g_getenv ("BINDERY_CLI");
  g_autofree char *comics = catalog_test_dir_mkdir (fixture->dir, "Comics");
  g_autofree char *cwd = catalog_test_dir_mkdir (fixture->dir, "cwd");

  g_assert_nonnull (cli);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                           G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GDir) dir = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      const char *argv[8] = { cli, "--data-dir", "", commands[i][0], commands[i][1], NULL, NULL, NULL };

      if (g_strcmp0 (commands[i][1], "add") == 0)
        argv[5] = comics;
      g_subprocess_launcher_set_cwd (launcher, cwd);
      g_subprocess_launcher_unsetenv (launcher, "BINDERY_DATA_DIR");
      process = g_subprocess_launcher_spawnv (launcher, argv, &error);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
      g_assert_nonnull (strstr (err, "data folder name is empty"));

      dir = g_dir_open (cwd, 0, &error);
      g_assert_no_error (error);
      g_assert_null (g_dir_read_name (dir));
    }
}

/* A zero-byte catalog (cut short, or not ours) is refused by every command, the ones that
 * would write first of all, saying how to start afresh; nothing is made in its place. Moved
 * away, the next command makes a new catalog. */
static void
test_empty_catalog (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *commands[][3] = {
    { "scan", "Comics", NULL }, { "library", "add", NULL }, { "library", "list", NULL },
    { "books", NULL, NULL }, { "series", NULL, NULL }, { "jobs", NULL, NULL },
    { "library", "remove", "Comics" }, { "thumbnails", "Comics", NULL },
  };
  g_autofree char *comics = catalog_test_dir_mkdir (fixture->dir, "Comics");
  g_autofree char *aside = g_strconcat (fixture->catalog, ".old", NULL);
  GStatBuf st;

  g_assert_cmpint (g_mkdir_with_parents (fixture->data_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->catalog, "", 0, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Result) result = { 0 };
      const char *third = g_strcmp0 (commands[i][1], "add") == 0 ? comics : commands[i][2];

      run_cli (fixture, &result, commands[i][0], commands[i][1], third, NULL);
      assert_usage_error (&result, "start afresh");
      g_assert_nonnull (strstr (result.err, fixture->catalog));
      g_assert_cmpint (g_stat (fixture->catalog, &st), ==, 0);
      g_assert_cmpint (st.st_size, ==, 0);
    }

  g_assert_cmpint (g_rename (fixture->catalog, aside), ==, 0);
  {
    g_auto(Result) result = { 0 };
    g_autoptr(JsonNode) list = NULL;

    run_cli (fixture, &result, "library", "add", comics, NULL);
    assert_ok (&result);
    list = list_json (fixture);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/catalog/cli/library/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("add-list", test_add_list);
  ADD ("unique-names", test_unique_names);
  ADD ("set", test_set);
  ADD ("remove", test_remove);
  ADD ("remove-while-job-runs", test_remove_while_job_runs);
  ADD ("empty-data-dir", test_empty_data_dir);
  ADD ("empty-catalog", test_empty_catalog);
  ADD ("move", test_move);
  ADD ("bad-input", test_bad_input_writes_nothing);
  ADD ("list-empty", test_list_empty);
  ADD ("refused-catalogs", test_refused_catalogs);
  ADD ("read-only", test_read_only_catalog);
  ADD ("concurrent-first-use", test_concurrent_first_use);

#undef ADD

  return g_test_run ();
}
