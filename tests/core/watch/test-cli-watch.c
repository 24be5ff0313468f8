/* test-cli-watch.c: bindery-cli watch in the foreground, library list shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "scan-test-util.h"
#include "test-fixtures.h"

#define WAIT_SECONDS 60

typedef struct {
  char        *dir;
  char        *data_dir;
  char        *root;
  GString     *output;      /* the watcher's stdout so far */
  gboolean     eof;
} CliWatchFixture;

static void
cli_watch_set_up (CliWatchFixture *fixture,
                  gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *src = g_build_filename (scan_test_fixtures (), "library", NULL);
  const char *argv[] = { "chmod", "-R", "u+w", NULL, NULL };
  int status;

  fixture->dir = g_dir_make_tmp ("bindery-cli-watch-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->data_dir = g_build_filename (fixture->dir, "data", NULL);
  fixture->root = g_build_filename (fixture->dir, "library", NULL);
  scan_test_copy (src, fixture->root);
  argv[3] = fixture->root;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  fixture->output = g_string_new (NULL);
}

static void
cli_watch_tear_down (CliWatchFixture *fixture,
                     gconstpointer    data)
{
  scan_test_rm_rf (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->data_dir, g_free);
  g_clear_pointer (&fixture->root, g_free);
  g_string_free (fixture->output, TRUE);
}

static GSubprocess *
spawn_cli (CliWatchFixture  *fixture,
           GSubprocessFlags  flags,
           const char       *first,
           ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("BINDERY_CLI");
  GSubprocess *process;
  const char *arg;
  va_list args;

  g_assert_nonnull (cli);
  g_subprocess_launcher_setenv (launcher, "BINDERY_WATCH_QUIET_MS", "300", TRUE);
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, fixture->data_dir);
  g_ptr_array_add (argv, (gpointer) first);
  va_start (args, first);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

static char *
run_cli (CliWatchFixture *fixture,
         const char      *first,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("BINDERY_CLI"));
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, fixture->data_dir);
  g_ptr_array_add (argv, (gpointer) first);
  va_start (args, first);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  return out;
}

/* The watch state of the first library in `library list --json`. */
static char *
listed_watch_state (CliWatchFixture *fixture)
{
  g_autofree char *out = run_cli (fixture, "library", "list", "--json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *library;

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  library = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  return g_strdup (json_object_get_string_member (json_object_get_object_member (library, "watch"), "state"));
}

static void
read_more (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  CliWatchFixture *fixture = user_data;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  g_autofree char *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), result, &len, &error);

  g_assert_no_error (error);
  if (line == NULL)
    {
      fixture->eof = TRUE;
      return;
    }
  g_test_message ("watch: %s", line);
  g_string_append_printf (fixture->output, "%s\n", line);
  g_data_input_stream_read_line_async (G_DATA_INPUT_STREAM (source), G_PRIORITY_DEFAULT, NULL, read_more, fixture);
}

static gboolean
wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Bounded wait for text in the output (or the end of it when text is NULL). */
static void
wait_output (CliWatchFixture *fixture,
             const char      *text)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  guint ticker = g_timeout_add (50, wake, NULL);

  while (text != NULL ? strstr (fixture->output->str, text) == NULL : !fixture->eof)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for “%s” in:\n%s", text != NULL ? text : "the end", fixture->output->str);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (ticker);
}

static void
test_watch_foreground (CliWatchFixture *fixture,
                       gconstpointer    data)
{
  g_autoptr(GSubprocess) watcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *out = NULL;
  g_autofree char *src = g_build_filename (scan_test_fixtures (), "comics", "Harbor Lights 003.cb7", NULL);
  g_autofree char *dest = g_build_filename (fixture->root, "Saga", "Saga 003.cb7", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  g_free (run_cli (fixture, "library", "add", fixture->root, "--name", "Comics", NULL));
  state = listed_watch_state (fixture);
  g_assert_cmpstr (state, ==, "not watched");
  g_clear_pointer (&state, g_free);

  watcher = spawn_cli (fixture, G_SUBPROCESS_FLAGS_STDOUT_PIPE, "watch", "Comics", NULL);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (watcher));
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, read_more, fixture);

  /* the reconcile scan of a library never scanned: every book is new */
  wait_output (fixture, "library “Comics”: watching (6 folders)");
  wait_output (fixture, "Scan library (start-up) (10 new, 0 changed, 0 moved, 0 missing, 0 restored)");
  state = listed_watch_state (fixture);
  g_assert_cmpstr (state, ==, "watching");
  g_clear_pointer (&state, g_free);

  /* a new book: one scoped scan, printed when queued, started and finished */
  g_file_get_contents (src, &contents, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (dest, contents, (gssize) len, &error);
  g_assert_no_error (error);
  wait_output (fixture, "Scan folder “Saga” [scan-folders folder:Saga]");
  wait_output (fixture, "Scan folder “Saga” (1 new, 0 changed, 0 moved, 0 missing, 0 restored)");

  /* Ctrl+C / SIGTERM: a clean stop */
  g_subprocess_send_signal (watcher, SIGTERM);
  wait_output (fixture, NULL);
  g_subprocess_wait (watcher, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (watcher));
  g_assert_cmpint (g_subprocess_get_exit_status (watcher), ==, 0);
  g_assert_nonnull (strstr (fixture->output->str, "stopped"));
  state = listed_watch_state (fixture);
  g_assert_cmpstr (state, ==, "not watched");

  out = run_cli (fixture, "books", "--library", "Comics", NULL);
  g_assert_nonnull (strstr (out, "Saga 003.cb7"));
}

static void
test_watch_usage (CliWatchFixture *fixture,
                  gconstpointer    data)
{
  g_autoptr(GSubprocess) process = spawn_cli (fixture, G_SUBPROCESS_FLAGS_STDERR_SILENCE, "watch", NULL);
  g_autoptr(GError) error = NULL;

  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_require_folder ("BINDERY_FIXTURES");

  g_test_add ("/cli/watch/foreground", CliWatchFixture, NULL, cli_watch_set_up, test_watch_foreground,
              cli_watch_tear_down);
  g_test_add ("/cli/watch/usage", CliWatchFixture, NULL, cli_watch_set_up, test_watch_usage,
              cli_watch_tear_down);
  return g_test_run ();
}
