/* test-covers.c: covers appear in the gallery while the cover job runs, the ones on
 * screen first
 *
 * A generated library of a few hundred books (build-aux/make-corpus.py) is added as a
 * user adds a folder: the scan runs, then its cover job. The test holds the cover job
 * at its start, scrolls the gallery to its end (the books the job would reach last),
 * lets it go, and holds it again as soon as the books on screen are made: the cells
 * on screen then show their covers although most of the library has none yet.
 * Screenshots at the start, in the middle and at the end go to meson-logs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "app-test-util.h"
#include "bindery-application.h"
#include "bindery-cover-cell.h"
#include "bindery-cover-priority.h"
#include "bindery-library-row.h"
#include "bindery-thumbnail-job.h"
#include "bindery-window.h"

#define N_BOOKS      360
#define PER_SERIES   6

typedef struct {
  BinderyApplication *app;
  BinderyWindow      *window;
  BinderyJob         *covers;        /* the cover job, once queued */
  GHashTable         *made;          /* gint64 book ids announced by the cover job */
  GArray             *wanted;        /* the books on screen, as handed to the job */
  guint               n_made_when_held;
  gboolean            scan_finished;
  gboolean            held_at_start;
  gboolean            hold_when_wanted_made;
} CoversTest;

/* --- the generated library ------------------------------------------------------------- */

static char *
make_corpus (void)
{
  const char *script = g_getenv ("BINDERY_MAKE_CORPUS");
  g_autofree char *books = g_strdup_printf ("%d", N_BOOKS);
  g_autofree char *per_series = g_strdup_printf ("%d", PER_SERIES);
  g_autofree char *dest = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (script == NULL)
    {
      g_test_skip ("BINDERY_MAKE_CORPUS is not set");
      return NULL;
    }
  /* Kept in the build tree between runs (make-corpus.py reuses a complete corpus). */
  dest = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "covers-corpus", NULL);
  {
    const char *argv[] = { script, dest, "--books", books, "--per-series", per_series, "--pages", "1", NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status, &error);
  }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("make-corpus.py failed: %s", err);
  return g_steal_pointer (&dest);
}

/* --- the gallery ------------------------------------------------------------------------- */

static GtkGridView *
grid_view (BinderyWindow *window)
{
  GObject *grid = gtk_widget_get_template_child (GTK_WIDGET (window), BINDERY_TYPE_WINDOW, "grid_view");

  g_assert_true (GTK_IS_GRID_VIEW (grid));
  return GTK_GRID_VIEW (grid);
}

/* The cover cells on screen (at least partly), found from the widgets, not from what
 * the cover priority thinks. */
static GPtrArray *
cells_on_screen (BinderyWindow *window)
{
  GtkWidget *grid = GTK_WIDGET (grid_view (window));
  GPtrArray *cells = g_ptr_array_new ();
  int height = gtk_widget_get_height (grid);

  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *cell = gtk_widget_get_first_child (child);
      graphene_rect_t bounds;

      if (!BINDERY_IS_COVER_CELL (cell) || !gtk_widget_get_mapped (cell) ||
          bindery_cover_cell_get_item (BINDERY_COVER_CELL (cell)) == NULL ||
          !gtk_widget_compute_bounds (cell, grid, &bounds))
        continue;
      if (bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < height)
        g_ptr_array_add (cells, cell);
    }
  return cells;
}

/* The cell has its cover and shows it, cross-fade over. */
static gboolean
cover_shown (GtkWidget *cell)
{
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (cell, BINDERY_TYPE_COVER_CELL, "cover_stack"));

  return bindery_cover_cell_has_cover (BINDERY_COVER_CELL (cell)) &&
         g_strcmp0 (gtk_stack_get_visible_child_name (stack), "cover") == 0 &&
         !gtk_stack_get_transition_running (stack);
}

static gboolean
screen_has_covers (gpointer data)
{
  CoversTest *test = data;
  g_autoptr(GPtrArray) cells = cells_on_screen (test->window);

  if (cells->len == 0)
    return FALSE;
  for (guint i = 0; i < cells->len; i++)
    {
      if (!cover_shown (g_ptr_array_index (cells, i)))
        return FALSE;
    }
  return TRUE;
}

static guint
n_covers_on_screen (BinderyWindow *window)
{
  g_autoptr(GPtrArray) cells = cells_on_screen (window);
  guint n = 0;

  for (guint i = 0; i < cells->len; i++)
    n += bindery_cover_cell_has_cover (BINDERY_COVER_CELL (g_ptr_array_index (cells, i)));
  return n;
}

/* win.count-covers (for build-aux/bench covers) counts what the widgets show. */
static void
assert_count_covers (BinderyWindow *window,
                     gboolean       last_shown)
{
  g_autoptr(GPtrArray) cells = cells_on_screen (window);
  g_autoptr(GVariant) state = NULL;
  guint cards, covers;
  gboolean last;

  g_action_group_activate_action (G_ACTION_GROUP (window), "count-covers", NULL);
  state = g_action_group_get_action_state (G_ACTION_GROUP (window), "count-covers");
  g_variant_get (state, "(uub)", &cards, &covers, &last);
  g_assert_cmpuint (cards, >, 0);
  g_assert_cmpuint (cards, ==, cells->len);
  g_assert_cmpuint (covers, ==, n_covers_on_screen (window));
  g_assert_true (last == last_shown);
}

/* Scrolls to the end until the last item is on screen. */
static gboolean
scrolled_to_end (gpointer data)
{
  CoversTest *test = data;
  BinderyCoverPriority *priority = bindery_window_get_cover_priority (test->window);
  GListModel *model = bindery_window_get_gallery_model (test->window);
  guint last = 0;

  g_action_group_activate_action (G_ACTION_GROUP (test->window), "scroll-gallery", g_variant_new_double (1.0));
  bindery_cover_priority_update (priority);
  return bindery_cover_priority_get_visible_range (priority, NULL, &last) &&
         last + 1 == g_list_model_get_n_items (model);
}

/* Scrolls to the top until the first item is on screen. */
static gboolean
scrolled_to_top (gpointer data)
{
  CoversTest *test = data;
  BinderyCoverPriority *priority = bindery_window_get_cover_priority (test->window);
  guint first = G_MAXUINT;

  g_action_group_activate_action (G_ACTION_GROUP (test->window), "scroll-gallery", g_variant_new_double (0.0));
  bindery_cover_priority_update (priority);
  return bindery_cover_priority_get_visible_range (priority, &first, NULL) && first == 0;
}

/* --- the jobs ------------------------------------------------------------------------------ */

static gboolean
wanted_all_made (CoversTest *test)
{
  if (test->wanted == NULL || test->wanted->len == 0)
    return FALSE;
  for (guint i = 0; i < test->wanted->len; i++)
    {
      if (!g_hash_table_contains (test->made, &g_array_index (test->wanted, gint64, i)))
        return FALSE;
    }
  return TRUE;
}

static void
on_covers_made (BinderyJob *job,
                GArray     *ids,
                CoversTest *test)
{
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (test->made, g_memdup2 (&g_array_index (ids, gint64, i), sizeof (gint64)));

  if (test->hold_when_wanted_made && wanted_all_made (test))
    {
      test->hold_when_wanted_made = FALSE;
      test->n_made_when_held = g_hash_table_size (test->made);
      bindery_job_pause (job);
    }
}

/* The cover job is held as it starts, before it made anything. */
static void
on_covers_state (BinderyJob *job,
                 GParamSpec *pspec,
                 CoversTest *test)
{
  if (bindery_job_get_state (job) == BINDERY_JOB_STATE_RUNNING && !test->held_at_start)
    {
      test->held_at_start = TRUE;
      bindery_job_pause (job);
    }
}

static void
on_job_added (BinderyJobQueue *queue,
              BinderyJob      *job,
              CoversTest      *test)
{
  if (!BINDERY_IS_THUMBNAIL_JOB (job))
    return;
  g_assert_null (test->covers);
  test->covers = g_object_ref (job);
  g_signal_connect (job, "books-changed", G_CALLBACK (on_covers_made), test);
  g_signal_connect (job, "notify::state", G_CALLBACK (on_covers_state), test);
}

static void
on_job_finished (BinderyJobQueue *queue,
                 BinderyJob      *job,
                 CoversTest      *test)
{
  if (g_strcmp0 (bindery_job_get_type_name (job), "scan") == 0)
    test->scan_finished = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
covers_paused (gpointer data)
{
  CoversTest *test = data;

  return test->covers != NULL && bindery_job_get_state (test->covers) == BINDERY_JOB_STATE_PAUSED;
}

static gboolean
covers_finished (gpointer data)
{
  CoversTest *test = data;

  return bindery_job_state_is_finished (bindery_job_get_state (test->covers));
}

static gboolean
gallery_full (gpointer data)
{
  CoversTest *test = data;
  GListModel *model = bindery_window_get_gallery_model (test->window);

  bindery_application_flush_changes (test->app);
  return g_strcmp0 (bindery_window_get_page_name (test->window), "grid") == 0 &&
         model != NULL && g_list_model_get_n_items (model) == N_BOOKS / PER_SERIES;
}

/* --- the first frame of a gallery -------------------------------------------------------- */

static void
on_after_paint (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Waits for the window's next frame (the window's own after-paint handler, connected
 * when it was realized, has run by then). */
static void
wait_for_frame (BinderyWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gboolean painted = FALSE;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);

  gtk_widget_queue_draw (GTK_WIDGET (window));
  app_test_wait_until (flag_set, &painted, 30);
  g_signal_handler_disconnect (clock, id);
}

static const char *
library_count_text (BinderyWindow *window)
{
  GtkWidget *list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), BINDERY_TYPE_WINDOW,
                                                               "sidebar_list"));

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (BINDERY_IS_LIBRARY_ROW (child))
      return gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (child, BINDERY_TYPE_LIBRARY_ROW,
                                                                            "count_label")));
  return NULL;
}

/* A new gallery's first frame makes the cards of one screenful, and every one on screen;
 * the rest come with the next frame. The title and the view state count them all at once.
 * The sidebar's counts come after a frame too. */
static void
assert_first_frame_staged (BinderyWindow *window)
{
  GListModel *shown;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  guint staged, items = 0;

  g_action_group_activate_action (G_ACTION_GROUP (window), "show-view", g_variant_new_string ("all-books"));
  shown = G_LIST_MODEL (gtk_grid_view_get_model (grid_view (window)));
  staged = g_list_model_get_n_items (shown);
  g_test_message ("first frame of All Books: %u of %d cards", staged, N_BOOKS);
  g_assert_cmpuint (staged, >, 0);
  g_assert_cmpuint (staged, <, N_BOOKS);
  g_assert_cmpuint (g_list_model_get_n_items (bindery_window_get_gallery_model (window)), ==, N_BOOKS);
  state = g_action_group_get_action_state (G_ACTION_GROUP (gtk_window_get_application (GTK_WINDOW (window))),
                                           "view-state");
  g_assert_true (g_variant_lookup (state, "items", "u", &items));
  g_assert_cmpuint (items, ==, N_BOOKS);

  wait_for_frame (window);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, N_BOOKS);
  wait_for_frame (window);
  cells = cells_on_screen (window);
  g_assert_cmpuint (cells->len, >, 0);
  g_assert_cmpuint (cells->len, <=, staged);

  {
    g_autofree char *books = g_strdup_printf ("%d books", N_BOOKS);

    g_assert_cmpstr (library_count_text (window), ==, books);
  }
}

/* --- the test ---------------------------------------------------------------------------- */

static void
visible_first_body (BinderyApplication *app,
                    const char         *corpus)
{
  CoversTest test = { app, BINDERY_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app))), };
  BinderyJobQueue *queue = bindery_application_get_queue (app);
  g_autoptr(GFile) folder = g_file_new_for_path (corpus);
  GtkAdjustment *vadjustment;
  double scrolled;

  test.made = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_signal_connect (queue, "job-added", G_CALLBACK (on_job_added), &test);
  g_signal_connect (queue, "job-finished", G_CALLBACK (on_job_finished), &test);

  /* Add the folder; the scan fills the series gallery, its cover job is held at once. */
  bindery_window_add_folder (test.window, folder);
  app_test_wait_until (flag_set, &test.scan_finished, 120);
  app_test_wait_until (covers_paused, &test, 30);
  app_test_wait_until (gallery_full, &test, 30);
  g_assert_cmpuint (g_hash_table_size (test.made), ==, 0);

  /* The end of the gallery: the series the job's own order reaches last. */
  app_test_wait_until (scrolled_to_end, &test, 30);
  g_assert_cmpuint (bindery_cover_priority_update (bindery_window_get_cover_priority (test.window)), >, 0);
  test.wanted = g_array_copy (bindery_cover_priority_get_wanted (bindery_window_get_cover_priority (test.window)));
  g_assert_cmpuint (test.wanted->len, >, 0);
  g_assert_cmpuint (n_covers_on_screen (test.window), ==, 0);
  assert_count_covers (test.window, TRUE);
  app_test_save_screenshot (GTK_WIDGET (test.window), "covers-1-start");

  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (grid_view (test.window)));
  scrolled = gtk_adjustment_get_value (vadjustment);
  g_assert_cmpfloat (scrolled, >, 0);

  /* Go on; held again as soon as every book on screen has its cover. */
  test.hold_when_wanted_made = TRUE;
  bindery_job_resume (test.covers);
  app_test_wait_until (covers_paused, &test, 120);
  g_assert_false (test.hold_when_wanted_made);

  /* The covers reach the cells on screen, live, while most of the library has none. */
  app_test_wait_until (screen_has_covers, &test, 60);
  g_assert_cmpint (bindery_job_get_state (test.covers), ==, BINDERY_JOB_STATE_PAUSED);
  g_test_message ("covers made when the books on screen were: %u of %d (%u wanted)",
                  test.n_made_when_held, N_BOOKS, test.wanted->len);
  g_assert_cmpuint (test.n_made_when_held, <, N_BOOKS / 2);
  g_assert_cmpuint (bindery_job_get_items_done (test.covers), <, bindery_job_get_items_total (test.covers));
  /* In place: the gallery kept its scroll position. */
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, scrolled);
  assert_count_covers (test.window, TRUE);
  app_test_save_screenshot (GTK_WIDGET (test.window), "covers-2-visible-first");

  /* The rest. */
  bindery_job_resume (test.covers);
  app_test_wait_until (covers_finished, &test, 300);
  g_assert_cmpint (bindery_job_get_state (test.covers), ==, BINDERY_JOB_STATE_COMPLETED);
  g_assert_cmpuint (g_hash_table_size (test.made), ==, N_BOOKS);
  bindery_application_flush_changes (app);
  app_test_wait_until (screen_has_covers, &test, 60);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, scrolled);

  /* Back at the top, the first series have theirs too. */
  app_test_wait_until (scrolled_to_top, &test, 30);
  app_test_wait_until (screen_has_covers, &test, 60);
  assert_count_covers (test.window, FALSE);
  app_test_save_screenshot (GTK_WIDGET (test.window), "covers-3-end");

  assert_first_frame_staged (test.window);

  g_signal_handlers_disconnect_by_data (queue, &test);
  g_signal_handlers_disconnect_by_data (test.covers, &test);
  g_clear_object (&test.covers);
  g_hash_table_unref (test.made);
  g_array_unref (test.wanted);
}

/* --- running the application -------------------------------------------------------------- */

typedef struct {
  char *corpus;
} RunData;

static void
on_activate (BinderyApplication *app,
             RunData            *run)
{
  visible_first_body (app, run->corpus);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (app)))
    gtk_window_destroy (l->data);
  g_application_quit (G_APPLICATION (app));
}

static void
test_visible_first (void)
{
  g_autoptr(BinderyApplication) app = NULL;
  g_autofree char *data_dir = NULL;
  char *argv[] = { (char *) "bindery-test", NULL };
  RunData run = { make_corpus () };

  if (run.corpus == NULL)
    return;
  data_dir = app_test_make_tmp_dir ("bindery-covers-test");
  g_setenv ("BINDERY_DATA_DIR", data_dir, TRUE);
  app = bindery_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);

  app_test_rm_rf (data_dir);
  g_free (run.corpus);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/covers/visible-first-and-live", test_visible_first);

  return g_test_run ();
}
