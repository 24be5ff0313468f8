/* test-e2e.c: the real `bindery` binary driven from outside over D-Bus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts bindery with a temporary data dir, adds a copy of fixtures/library through the
 * exported action app.add-library (org.gtk.Actions.Activate), waits (bounded) until the
 * gallery holds the series and then the books that fixtures/manifest.json lists, saves a
 * screenshot to the test log dir through app.screenshot, quits through app.quit, and
 * fails on any CRITICAL or any warning from a Bindery log domain in the app's output.
 *
 * Arguments: BINDERY_BINARY LOG_DIR
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bindery-catalog.h"

#define APP_PATH    "/io/github/bindery/Bindery"
#define WINDOW_PATH "/io/github/bindery/Bindery/window/1"
#define TIMEOUT_S   120

static const char *bindery_binary;
static const char *log_dir;

typedef struct {
  GString  *output;
  gboolean  eof;
} Output;

static void
read_output (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Output *out = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, NULL);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      out->eof = TRUE;
      return;
    }
  g_string_append_len (out->output, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_input_stream_read_bytes_async (G_INPUT_STREAM (source), 4096, G_PRIORITY_DEFAULT, NULL, read_output, out);
}

static gboolean
deadline_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until check() holds, asking again every 100 ms (a timer in
 * the main loop, not a sleep); fails after TIMEOUT_S. */
typedef gboolean (*Check) (gpointer data);

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
wait_for (Check        check,
          gpointer     data,
          const char  *what)
{
  gboolean expired = FALSE;
  guint deadline = g_timeout_add_seconds (TIMEOUT_S, deadline_cb, &expired);
  guint tick = g_timeout_add (100, tick_cb, NULL);

  while (!check (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  if (!expired)
    g_source_remove (deadline);
  if (!check (data))
    g_error ("timed out waiting for %s", what);
}

static gboolean
name_owned (gpointer data)
{
  GDBusConnection *bus = data;
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", APP_ID), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);
  return has_owner;
}

static void
activate (GDBusConnection *bus,
          const char      *object_path,
          const char      *action,
          GVariant        *parameter)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder params;

  g_variant_builder_init (&params, G_VARIANT_TYPE ("av"));
  if (parameter != NULL)
    g_variant_builder_add (&params, "v", parameter);
  reply = g_dbus_connection_call_sync (bus, APP_ID, object_path, "org.gtk.Actions", "Activate",
                                       g_variant_new ("(sava{sv})", action, &params, NULL),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 30000, NULL, &error);
  g_assert_no_error (error);
}

typedef struct {
  GDBusConnection *bus;
  const char      *view;
  guint            items;
  gint64           asked;    /* g_get_monotonic_time() when the view was asked for */
} ViewWait;

/* The app's read-only "view-state" action: {view, items, painted, busy, …}; painted is
 * when the app painted its first frame showing that view (CLOCK_MONOTONIC µs, the same
 * clock as ours), 0 until then. */
static gboolean
view_reached (gpointer data)
{
  ViewWait *wait = data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GVariant) dict = NULL;
  GVariantDict lookup;
  const char *view = NULL;
  guint items = 0;
  gint64 painted = 0;
  gboolean busy = TRUE, enabled;

  reply = g_dbus_connection_call_sync (wait->bus, APP_ID, APP_PATH, "org.gtk.Actions", "Describe",
                                       g_variant_new ("(s)", "view-state"), G_VARIANT_TYPE ("((bgav))"),
                                       G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
  if (reply == NULL)
    return FALSE;
  g_variant_get (reply, "((bg@av))", &enabled, NULL, &state);
  if (g_variant_n_children (state) != 1)
    return FALSE;
  g_variant_get_child (state, 0, "v", &dict);
  g_variant_dict_init (&lookup, dict);
  g_variant_dict_lookup (&lookup, "view", "&s", &view);
  g_variant_dict_lookup (&lookup, "items", "u", &items);
  g_variant_dict_lookup (&lookup, "busy", "b", &busy);
  g_variant_dict_lookup (&lookup, "painted", "x", &painted);
  g_variant_dict_clear (&lookup);

  return !busy && g_strcmp0 (view, wait->view) == 0 && items == wait->items && painted > wait->asked;
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

typedef struct {
  GSubprocess *process;
  gboolean     done;
} ExitWait;

static void
process_exited (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ExitWait *wait = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  wait->done = TRUE;
}

static gboolean
exit_done (gpointer data)
{
  return ((ExitWait *) data)->done;
}

static gboolean
output_done (gpointer data)
{
  return ((Output *) data)->eof;
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          rm_rf (child);
        }
    }
  g_remove (path);
}

static void
copy_tree (const char *source,
           const char *dest)
{
  g_autoptr(GDir) dir = g_dir_open (source, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir (dest, 0700), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (source, name, NULL);
      g_autofree char *to = g_build_filename (dest, name, NULL);
      g_autoptr(GFile) src = g_file_new_for_path (from);
      g_autoptr(GFile) dst = g_file_new_for_path (to);
      g_autoptr(GError) error = NULL;

      if (g_file_test (from, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (from, G_FILE_TEST_IS_DIR))
        copy_tree (from, to);
      else
        g_assert_true (g_file_copy (src, dst, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
    }
}

/* Series and book counts of the series-based library in fixtures/manifest.json. */
static void
expected_counts (const char *fixtures,
                 guint      *n_series,
                 guint      *n_books)
{
  g_autofree char *path = g_build_filename (fixtures, "manifest.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *series;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  series = json_object_get_array_member (json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                                        "library"),
                                         "series_based");
  *n_series = json_array_get_length (series);
  *n_books = 0;
  for (guint i = 0; i < *n_series; i++)
    *n_books += json_array_get_length (json_object_get_array_member (json_array_get_object_element (series, i),
                                                                     "books"));
}

static gint64
catalog_count (const char *data_dir,
               const char *sql)
{
  g_autofree char *path = g_build_filename (data_dir, "catalog.sqlite", NULL);
  g_autoptr(BinderyCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gint64 n = -1;

  catalog = bindery_catalog_open (path, BINDERY_CATALOG_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  stmt = bindery_catalog_prepare (catalog, sql, &error);
  g_assert_no_error (error);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static void
assert_clean_output (const char *output)
{
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);
  g_autoptr(GRegex) bad = g_regex_new ("CRITICAL|bindery-[a-z]+-WARNING", 0, 0, NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_regex_match (bad, lines[i], 0, NULL))
        g_error ("the app reported a problem: %s\n--- full output ---\n%s", lines[i], output);
    }
}

static void
test_add_library_and_browse (void)
{
  const char *fixtures = g_getenv ("BINDERY_FIXTURES");
  g_autofree char *fixture_library = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *library = NULL;
  g_autofree char *screenshot = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  Output out = { g_string_new (NULL), FALSE };
  ExitWait exit_wait = { NULL, FALSE };
  ViewWait view = { NULL, NULL, 0, 0 };
  guint n_series, n_books;

  if (fixtures == NULL || !g_file_test (fixtures, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("the fixtures are not available (BINDERY_FIXTURES)");
      return;
    }
  fixture_library = g_build_filename (fixtures, "library", NULL);
  expected_counts (fixtures, &n_series, &n_books);

  data_dir = g_dir_make_tmp ("bindery-e2e-XXXXXX", &error);
  g_assert_no_error (error);
  library = g_build_filename (data_dir, "library", NULL);
  copy_tree (fixture_library, library);

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (name_owned (bus));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_setenv (launcher, "BINDERY_DATA_DIR", data_dir, TRUE);
  /* The app's output is checked below rather than aborting it on the first warning. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  process = g_subprocess_launcher_spawn (launcher, &error, bindery_binary, NULL);
  g_assert_no_error (error);
  exit_wait.process = process;
  g_subprocess_wait_async (process, NULL, process_exited, &exit_wait);
  g_input_stream_read_bytes_async (g_subprocess_get_stdout_pipe (process), 4096, G_PRIORITY_DEFAULT, NULL,
                                   read_output, &out);

  wait_for (name_owned, bus, "the app on the session bus");

  /* Add the folder through the exported action, as `gapplication action` would. */
  activate (bus, APP_PATH, "add-library", g_variant_new_string (library));
  view.bus = bus;
  view.view = "series";
  view.items = n_series;
  wait_for (view_reached, &view, "the series of the library in the gallery, jobs done");
  g_assert_cmpint (catalog_count (data_dir, "SELECT COUNT(*) FROM books"), ==, n_books);

  /* The frame that shows them is painted after they were asked for. */
  view.asked = g_get_monotonic_time ();
  activate (bus, WINDOW_PATH, "show-view", g_variant_new_string ("all-books"));
  view.view = "books";
  view.items = n_books;
  wait_for (view_reached, &view, "every book in the All Books gallery, painted");

  /* Let covers that are still decoding land, then photograph the window. */
  screenshot = g_build_filename (log_dir, "bindery-e2e.png", NULL);
  g_remove (screenshot);
  activate (bus, APP_PATH, "screenshot", g_variant_new_string (screenshot));
  wait_for (file_exists, screenshot, "the screenshot");
  {
    g_autofree char *png = NULL;
    gsize len = 0;

    g_assert_true (g_file_get_contents (screenshot, &png, &len, NULL));
    g_assert_cmpuint (len, >, 1000);
    g_assert_true (memcmp (png, "\x89PNG", 4) == 0);
  }
  g_test_message ("screenshot: %s", screenshot);

  activate (bus, APP_PATH, "quit", NULL);
  wait_for (exit_done, &exit_wait, "the app to quit");
  wait_for (output_done, &out, "the end of the app's output");
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  g_test_message ("app output:\n%s", out.output->str);
  assert_clean_output (out.output->str);

  g_string_free (out.output, TRUE);
  rm_rf (data_dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (argc < 3)
    {
      g_printerr ("usage: %s BINDERY_BINARY LOG_DIR\n", argv[0]);
      return 2;
    }
  bindery_binary = argv[1];
  log_dir = argv[2];

  g_test_add_func ("/app/e2e/add-library-and-browse", test_add_library_and_browse);

  return g_test_run ();
}
