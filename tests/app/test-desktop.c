/* test-desktop.c: what the desktop sees of the app: the About window, the keyboard
 * shortcuts window, and book files opened with Bindery (Open With, `bindery FILE`)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "app-test-util.h"
#include "bindery-application.h"
#include "bindery-book-details.h"
#include "bindery-window.h"

typedef void (*AppTestBody) (BinderyApplication *app,
                             const char         *data_dir);

typedef struct {
  AppTestBody body;
  char       *data_dir;
} RunData;

static void
on_activate (BinderyApplication *app,
             RunData            *run)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  run->body (app, run->data_dir);

  /* Book details and dialogs are not application windows: they go first. */
  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (app)))
    gtk_window_destroy (l->data);
  g_application_quit (G_APPLICATION (app));
}

static void
run_in_app (AppTestBody body)
{
  g_autoptr(BinderyApplication) app = NULL;
  RunData run = { body, app_test_make_tmp_dir ("bindery-desktop-test") };
  char *argv[] = { (char *) "bindery-test", NULL };

  g_setenv ("BINDERY_DATA_DIR", run.data_dir, TRUE);
  app = bindery_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);

  app_test_rm_rf (run.data_dir);
  g_free (run.data_dir);
}

static gboolean
window_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

/* The first toplevel of type, or NULL. */
static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
toplevel_shown (gpointer data)
{
  GtkWindow *window = find_toplevel (GPOINTER_TO_SIZE (data));

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

static GtkWindow *
wait_for_toplevel (GType type)
{
  app_test_wait_until (toplevel_shown, GSIZE_TO_POINTER (type), 60);
  return find_toplevel (type);
}

static GtkWindow *
main_window (BinderyApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (BINDERY_IS_WINDOW (window));
  app_test_wait_until (window_mapped, window, 30);
  return window;
}

/* --- About ------------------------------------------------------------------------------ */

static void
about_body (BinderyApplication *app,
            const char         *data_dir)
{
  GtkWindow *window = main_window (app);
  GtkWindow *about;
  const char * const *developers;
  GtkIconTheme *theme;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = wait_for_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_true (gtk_window_get_transient_for (about) == window);

  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Bindery");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_website (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_WEBSITE);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==, GTK_LICENSE_GPL_3_0);
  g_assert_nonnull (adw_about_window_get_copyright (ADW_ABOUT_WINDOW (about)));
  g_assert_true (g_str_has_prefix (adw_about_window_get_issue_url (ADW_ABOUT_WINDOW (about)), PACKAGE_WEBSITE));
  developers = adw_about_window_get_developers (ADW_ABOUT_WINDOW (about));
  g_assert_nonnull (developers);
  g_assert_nonnull (developers[0]);

  /* The icon it shows is the application's own (from the resources), not a missing one. */
  g_assert_cmpstr (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), ==, APP_ID);
  theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (about)));
  g_assert_true (gtk_icon_theme_has_icon (theme, APP_ID));
  g_assert_true (gtk_icon_theme_has_icon (theme, APP_ID "-symbolic"));

  app_test_save_screenshot (GTK_WIDGET (about), "about");
  gtk_window_destroy (about);
}

static void
test_about (void)
{
  run_in_app (about_body);
}

/* --- Keyboard shortcuts ------------------------------------------------------------------ */

static void
collect_shortcuts (GtkWidget  *widget,
                   GPtrArray  *actions,
                   GPtrArray  *accelerators)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *action = NULL;
      g_autofree char *accelerator = NULL;

      g_object_get (widget, "action-name", &action, "accelerator", &accelerator, NULL);
      if (action != NULL)
        g_ptr_array_add (actions, g_steal_pointer (&action));
      if (accelerator != NULL)
        g_ptr_array_add (accelerators, g_steal_pointer (&accelerator));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_shortcuts (child, actions, accelerators);
}

static gboolean
has_string (GPtrArray  *array,
            const char *string)
{
  return g_ptr_array_find_with_equal_func (array, string, g_str_equal, NULL);
}

static void
shortcuts_body (BinderyApplication *app,
                const char         *data_dir)
{
  GtkWindow *window = main_window (app);
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) accelerators = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) described = NULL;
  GtkWindow *shortcuts;
  guint n_accel_actions = 0;

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  shortcuts = wait_for_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  collect_shortcuts (GTK_WIDGET (shortcuts), actions, accelerators);
  g_assert_cmpuint (actions->len, >, 0);

  /* Every action the application gives a shortcut is listed … */
  described = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  for (guint i = 0; described[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), described[i]);

      if (accels[0] == NULL)
        continue;
      n_accel_actions++;
      if (!has_string (actions, described[i]))
        g_error ("%s (%s) has a shortcut but the shortcuts window does not list it", described[i], accels[0]);
    }
  g_assert_cmpuint (n_accel_actions, >=, 7);

  /* … and every listed action exists, with a shortcut to show. */
  for (guint i = 0; i < actions->len; i++)
    {
      const char *detailed = g_ptr_array_index (actions, i);
      g_autofree char *name = NULL;
      g_autoptr(GVariant) target = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), detailed);
      GActionGroup *group;

      g_assert_true (g_action_parse_detailed_name (detailed, &name, &target, &error));
      g_assert_no_error (error);
      if (g_str_has_prefix (name, "app."))
        group = G_ACTION_GROUP (app);
      else if (g_str_has_prefix (name, "win."))
        group = G_ACTION_GROUP (window);
      else
        g_error ("%s is neither app.* nor win.*", detailed);
      if (!g_action_group_has_action (group, strchr (name, '.') + 1))
        g_error ("the shortcuts window lists %s, which the app does not have", detailed);
      g_assert_nonnull (accels[0]);
    }

  /* The window's own key bindings (back, close, copy) are listed by their keys. */
  g_assert_true (has_string (accelerators, "<alt>Left Escape"));
  g_assert_true (has_string (accelerators, "<ctrl>c"));

  app_test_save_screenshot (GTK_WIDGET (shortcuts), "shortcuts");
  gtk_window_destroy (shortcuts);
}

static void
test_shortcuts (void)
{
  run_in_app (shortcuts_body);
}

/* --- Open With --------------------------------------------------------------------------- */

static gboolean
queue_idle (gpointer data)
{
  BinderyApplication *app = data;
  BinderyJobQueue *queue = bindery_application_get_queue (app);

  return queue != NULL && !bindery_job_queue_is_busy (queue);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) dest = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_copy (source, dest, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
open_file (BinderyApplication *app,
           const char         *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_application_open (G_APPLICATION (app), &file, 1, "");
}

static BinderyBookItem *
wait_for_details (void)
{
  GtkWindow *details = wait_for_toplevel (BINDERY_TYPE_BOOK_DETAILS);

  return bindery_book_details_get_book (BINDERY_BOOK_DETAILS (details));
}

static guint
n_libraries (BinderyApplication *app)
{
  return g_list_model_get_n_items (bindery_application_get_libraries (app));
}

/* A library of one series (Saga, two books), scanned. */
static char *
make_library (BinderyApplication *app,
              const char         *data_dir,
              BinderyLibrary    **library_out)
{
  g_autofree char *saga = app_test_fixture ("library/Saga");
  g_autofree char *root = g_build_filename (data_dir, "Comics", NULL);
  g_autofree char *dest = g_build_filename (root, "Saga", NULL);
  g_autoptr(GError) error = NULL;
  BinderyLibrary *library;

  g_assert_cmpint (g_mkdir (root, 0700), ==, 0);
  app_test_copy_tree (saga, dest);
  library = bindery_application_add_library (app, root, BINDERY_LIBRARY_PATTERN_SERIES, &error);
  g_assert_no_error (error);
  app_test_wait_until (queue_idle, app, 120);
  *library_out = library;
  return g_steal_pointer (&root);
}

static void
open_in_library_body (BinderyApplication *app,
                      const char         *data_dir)
{
  g_autoptr(BinderyLibrary) library = NULL;
  g_autofree char *root = NULL;
  g_autofree char *book = NULL;
  BinderyBookItem *item;

  main_window (app);
  root = make_library (app, data_dir, &library);
  book = g_build_filename (root, "Saga", "Saga 002.cbz", NULL);

  open_file (app, book);
  item = wait_for_details ();
  g_assert_cmpstr (bindery_book_item_get_path (item), ==, book);
  g_assert_cmpint (bindery_book_item_get_library_id (item), ==, bindery_library_get_id (library));
  g_assert_cmpuint (n_libraries (app), ==, 1);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

static void
test_open_in_library (void)
{
  run_in_app (open_in_library_body);
}

static void
open_new_in_library_body (BinderyApplication *app,
                          const char         *data_dir)
{
  g_autoptr(BinderyLibrary) library = NULL;
  g_autofree char *root = NULL;
  g_autofree char *from = NULL;
  g_autofree char *book = NULL;
  BinderyBookItem *item;

  main_window (app);
  root = make_library (app, data_dir, &library);
  /* A book that arrived after the scan: the catalog has no row for it yet. */
  from = g_build_filename (root, "Saga", "Saga 002.cbz", NULL);
  book = g_build_filename (root, "Saga", "Saga 003.cbz", NULL);
  copy_file (from, book);

  open_file (app, book);
  item = wait_for_details ();
  g_assert_cmpstr (bindery_book_item_get_path (item), ==, book);
  g_assert_cmpint (bindery_book_item_get_library_id (item), ==, bindery_library_get_id (library));
  g_assert_cmpuint (n_libraries (app), ==, 1);
}

static void
test_open_new_in_library (void)
{
  run_in_app (open_new_in_library_body);
}

/* What a click on a response does after emitting it. */
static void
close_dialog (GtkWindow *dialog)
{
  if (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == dialog)
    gtk_window_destroy (dialog);
}

static void
open_outside_body (BinderyApplication *app,
                   const char         *data_dir)
{
  g_autofree char *epub = app_test_fixture ("library/Short Story.epub");
  g_autofree char *folder = g_build_filename (data_dir, "Downloads", NULL);
  g_autofree char *book = g_build_filename (folder, "Short Story.epub", NULL);
  g_autoptr(BinderyLibrary) library = NULL;
  GtkWindow *dialog;
  BinderyBookItem *item;

  main_window (app);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  copy_file (epub, book);

  /* Cancelled, nothing is added. */
  open_file (app, book);
  dialog = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Short Story.epub"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  close_dialog (dialog);
  app_test_flush ();
  g_assert_cmpuint (n_libraries (app), ==, 0);

  /* Accepted: its folder becomes a library, is scanned, and the book is shown. */
  open_file (app, book);
  dialog = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "add");
  close_dialog (dialog);
  item = wait_for_details ();
  g_assert_cmpstr (bindery_book_item_get_path (item), ==, book);
  g_assert_cmpuint (n_libraries (app), ==, 1);
  library = g_list_model_get_item (bindery_application_get_libraries (app), 0);
  g_assert_cmpstr (bindery_library_get_path (library), ==, folder);
  g_assert_cmpint (bindery_book_item_get_library_id (item), ==, bindery_library_get_id (library));
}

static void
test_open_outside (void)
{
  run_in_app (open_outside_body);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/desktop/about", test_about);
  g_test_add_func ("/app/desktop/shortcuts", test_shortcuts);
  g_test_add_func ("/app/desktop/open/in-library", test_open_in_library);
  g_test_add_func ("/app/desktop/open/new-in-library", test_open_new_in_library);
  g_test_add_func ("/app/desktop/open/outside-libraries", test_open_outside);

  return g_test_run ();
}
