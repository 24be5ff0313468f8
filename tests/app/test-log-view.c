/* test-log-view.c: the log viewer filters by level and text, copies a line, exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "app-test-util.h"
#include "bindery-log-view.h"

static const struct {
  BinderyLogLevel level;
  const char     *path;
  const char     *message;
} lines[] = {
  { BINDERY_LOG_DEBUG, NULL, "walking the tree" },
  { BINDERY_LOG_INFO, NULL, "Scan of Comics started" },
  { BINDERY_LOG_INFO, "Saga/Saga 001.cbz", "Added" },
  { BINDERY_LOG_WARNING, "Saga/Saga 002.cbz", "ComicInfo.xml is not well-formed: metadata skipped" },
  { BINDERY_LOG_ERROR, "Broken/truncated.cbz", "Corrupt archive: truncated input" },
  { BINDERY_LOG_WARNING, "Batman/Batman 001.cbz", "Cover is not a JPEG: used page 2" },
  { BINDERY_LOG_ERROR, "Batman/Locked.cbr", "Encrypted: a password is needed" },
  { BINDERY_LOG_DEBUG, "Batman/Batman 002.cbz", "unchanged" },
  { BINDERY_LOG_INFO, NULL, "Scan of Comics finished: 6 books" },
};

static GListStore *
make_lines (void)
{
  GListStore *store = g_list_store_new (BINDERY_TYPE_LOG_LINE);
  g_autoptr(GDateTime) time = g_date_time_new_local (2024, 5, 1, 10, 0, 0);

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(BinderyLogLine) line = bindery_log_line_new (time, lines[i].level, lines[i].path, lines[i].message);

      g_list_store_append (store, line);
    }
  return store;
}

/* The lines the filter should keep, decided from the table above: level, then every
 * word of the search somewhere in the message or path, ignoring case. */
static guint
expected_count (BinderyLogLevel  min_level,
                const char      *search)
{
  g_auto(GStrv) words = search != NULL ? g_strsplit (search, " ", -1) : NULL;
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      gboolean keep = lines[i].level >= min_level;

      for (guint w = 0; keep && words != NULL && words[w] != NULL; w++)
        {
          g_autofree char *word = g_ascii_strdown (words[w], -1);
          g_autofree char *message = g_ascii_strdown (lines[i].message, -1);
          g_autofree char *path = g_ascii_strdown (lines[i].path != NULL ? lines[i].path : "", -1);

          keep = word[0] == '\0' || strstr (message, word) != NULL || strstr (path, word) != NULL;
        }
      n += keep;
    }
  return n;
}

static void
assert_shown (BinderyLogView  *view,
              BinderyLogLevel  min_level,
              const char      *search)
{
  GListModel *shown;
  guint n;

  bindery_log_view_set_min_level (view, min_level);
  bindery_log_view_set_search (view, search);
  app_test_flush ();

  shown = bindery_log_view_get_shown (view);
  n = g_list_model_get_n_items (shown);
  g_assert_cmpuint (n, ==, expected_count (min_level, search));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BinderyLogLine) line = g_list_model_get_item (shown, i);

      g_assert_cmpint (bindery_log_line_get_level (line), >=, min_level);
    }
}

static void
test_filters (void)
{
  g_autoptr(GListStore) store = make_lines ();
  GtkWidget *window = gtk_window_new ();
  BinderyLogView *view = BINDERY_LOG_VIEW (bindery_log_view_new ());
  GObject *dropdown;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  bindery_log_view_set_lines (view, G_LIST_MODEL (store));

  /* Info and above by default. */
  g_assert_cmpint (bindery_log_view_get_min_level (view), ==, BINDERY_LOG_INFO);
  g_assert_cmpuint (g_list_model_get_n_items (bindery_log_view_get_shown (view)), ==,
                    expected_count (BINDERY_LOG_INFO, NULL));

  assert_shown (view, BINDERY_LOG_DEBUG, NULL);
  assert_shown (view, BINDERY_LOG_WARNING, NULL);
  assert_shown (view, BINDERY_LOG_ERROR, NULL);
  assert_shown (view, BINDERY_LOG_DEBUG, "batman");
  assert_shown (view, BINDERY_LOG_WARNING, "batman");
  assert_shown (view, BINDERY_LOG_INFO, "SAGA 00");
  assert_shown (view, BINDERY_LOG_DEBUG, "scan comics");
  assert_shown (view, BINDERY_LOG_DEBUG, "no such words");

  /* The level drop-down and the entry drive the same filter. */
  bindery_log_view_set_search (view, NULL);
  dropdown = gtk_widget_get_template_child (GTK_WIDGET (view), BINDERY_TYPE_LOG_VIEW, "level_dropdown");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), BINDERY_LOG_ERROR);
  app_test_flush ();
  g_assert_cmpint (bindery_log_view_get_min_level (view), ==, BINDERY_LOG_ERROR);
  g_assert_cmpuint (g_list_model_get_n_items (bindery_log_view_get_shown (view)), ==,
                    expected_count (BINDERY_LOG_ERROR, NULL));

  /* Lines appended later (a running job) are filtered too. */
  {
    g_autoptr(BinderyLogLine) late = bindery_log_line_new (NULL, BINDERY_LOG_ERROR, "x.cbz", "late error");
    g_autoptr(BinderyLogLine) quiet = bindery_log_line_new (NULL, BINDERY_LOG_INFO, NULL, "late info");

    g_list_store_append (store, late);
    g_list_store_append (store, quiet);
    app_test_flush ();
    g_assert_cmpuint (g_list_model_get_n_items (bindery_log_view_get_shown (view)), ==,
                      expected_count (BINDERY_LOG_ERROR, NULL) + 1);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
clipboard_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
text_arrived (gpointer data)
{
  return *(char **) data != NULL;
}

static void
test_copy_and_export (void)
{
  g_autoptr(GListStore) store = make_lines ();
  GtkWidget *window = gtk_window_new ();
  BinderyLogView *view = BINDERY_LOG_VIEW (bindery_log_view_new ());
  g_autofree char *dir = app_test_make_tmp_dir ("bindery-log-view");
  g_autofree char *path = g_build_filename (dir, "errors.log", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *copied = NULL;
  g_auto(GStrv) exported = NULL;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  bindery_log_view_set_lines (view, G_LIST_MODEL (store));
  bindery_log_view_set_min_level (view, BINDERY_LOG_ERROR);
  app_test_flush ();

  /* Nothing selected: nothing to copy. */
  g_assert_false (bindery_log_view_copy_selected (view));
  bindery_log_view_select (view, 1);
  g_assert_true (bindery_log_view_copy_selected (view));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (view)), NULL, clipboard_read, &copied);
  app_test_wait_until (text_arrived, &copied, 10);
  g_assert_true (g_str_has_suffix (copied, "\terror\tBatman/Locked.cbr\tEncrypted: a password is needed"));

  /* Export writes the shown lines, one per line. */
  g_assert_true (bindery_log_view_export (view, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  exported = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (exported), ==, expected_count (BINDERY_LOG_ERROR, NULL) + 1);
  g_assert_true (g_str_has_suffix (exported[0], "\terror\tBroken/truncated.cbz\tCorrupt archive: truncated input"));
  g_assert_cmpstr (exported[g_strv_length (exported) - 1], ==, "");

  gtk_window_destroy (GTK_WINDOW (window));
  app_test_rm_rf (dir);
}

static void
test_lines_from_json (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GListStore) store = NULL;
  g_autoptr(BinderyLogLine) first = NULL;
  g_autoptr(BinderyLogLine) second = NULL;
  g_autoptr(GError) error = NULL;
  const char *json =
    "[{\"time\": \"2024-05-01T10:00:07+02:00\", \"level\": \"warning\", \"path\": \"a.cbz\", \"message\": \"m1\"},"
    " {\"time\": null, \"level\": \"error\", \"path\": null, \"message\": \"m2\"}]";

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  store = bindery_log_lines_from_json (json_node_get_array (json_parser_get_root (parser)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  first = g_list_model_get_item (G_LIST_MODEL (store), 0);
  second = g_list_model_get_item (G_LIST_MODEL (store), 1);
  g_assert_cmpint (bindery_log_line_get_level (first), ==, BINDERY_LOG_WARNING);
  g_assert_cmpstr (bindery_log_line_get_path (first), ==, "a.cbz");
  g_assert_cmpint (g_date_time_get_second (bindery_log_line_get_time (first)), ==, 7);
  g_assert_cmpint (bindery_log_line_get_level (second), ==, BINDERY_LOG_ERROR);
  g_assert_null (bindery_log_line_get_path (second));
  g_assert_cmpstr (bindery_log_line_get_message (second), ==, "m2");
}

/* --- the File column: relative to the library, the whole path as tooltip ---------------- */

typedef struct {
  GtkWidget  *window;
  const char *text;
  const char *tooltip;
  gboolean    found;
} CellSearch;

static void
find_inscription (GtkWidget  *widget,
                  CellSearch *search)
{
  if (GTK_IS_INSCRIPTION (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (widget)), search->text) == 0 &&
      g_strcmp0 (gtk_widget_get_tooltip_text (widget), search->tooltip) == 0)
    search->found = TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL && !search->found;
       child = gtk_widget_get_next_sibling (child))
    find_inscription (child, search);
}

static gboolean
cell_shown (gpointer data)
{
  CellSearch *search = data;

  search->found = FALSE;
  find_inscription (search->window, search);
  return search->found;
}

static void
test_relative_paths (void)
{
  g_autoptr(GListStore) store = g_list_store_new (BINDERY_TYPE_LOG_LINE);
  g_autoptr(BinderyLogLine) inside = bindery_log_line_new (NULL, BINDERY_LOG_ERROR, "/srv/Comics/Saga/Saga 001.cbz",
                                                           "Corrupt archive");
  g_autoptr(BinderyLogLine) outside = bindery_log_line_new (NULL, BINDERY_LOG_ERROR, "/elsewhere/Stray.cbz",
                                                            "Not in the library");
  BinderyLogView *view = BINDERY_LOG_VIEW (bindery_log_view_new ());
  GtkWidget *window = gtk_window_new ();
  CellSearch relative = { window, "Saga/Saga 001.cbz", "/srv/Comics/Saga/Saga 001.cbz", FALSE };
  CellSearch whole = { window, "/elsewhere/Stray.cbz", "/elsewhere/Stray.cbz", FALSE };
  CellSearch before = { window, "/srv/Comics/Saga/Saga 001.cbz", "/srv/Comics/Saga/Saga 001.cbz", FALSE };

  g_list_store_append (store, inside);
  g_list_store_append (store, outside);
  bindery_log_view_set_lines (view, G_LIST_MODEL (store));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 300);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));

  /* Without a root the path shows whole; with one, relative (cells bound again). */
  app_test_wait_until (cell_shown, &before, 10);
  bindery_log_view_set_root (view, "/srv/Comics/");
  g_assert_cmpstr (bindery_log_view_get_root (view), ==, "/srv/Comics/");
  app_test_wait_until (cell_shown, &relative, 10);
  app_test_wait_until (cell_shown, &whole, 10);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/app/log-view/filters", test_filters);
  g_test_add_func ("/app/log-view/copy-and-export", test_copy_and_export);
  g_test_add_func ("/app/log-view/lines-from-json", test_lines_from_json);
  g_test_add_func ("/app/log-view/relative-paths", test_relative_paths);

  return g_test_run ();
}
