/* bindery-job-window.c: a job's report and log (live while the job runs)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-app"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bindery-job-queue.h"
#include "bindery-job-row.h"
#include "bindery-job-target.h"
#include "bindery-job-window.h"
#include "bindery-library.h"

struct _BinderyJobWindow
{
  AdwWindow             parent_instance;

  /* template */
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack         *stack;
  AdwPreferencesGroup  *summary_group;
  AdwPreferencesGroup  *report_group;
  BinderyLogView       *log_view;

  /* owned */
  BinderyCatalog       *catalog;
  BinderyJob           *job;
  gint64                job_id;
  GListStore           *lines;
  GPtrArray            *rows;   /* rows added to the groups, to remove on reload */
};

G_DEFINE_FINAL_TYPE (BinderyJobWindow, bindery_job_window, ADW_TYPE_WINDOW)

/* Report keys of the jobs, in the order shown; a key whose meaning depends on the job type
 * has a row for that type before the row for every type (type NULL). */
static const struct {
  const char *key;
  const char *label;
  const char *type;
} report_labels[] = {
  { "converted", N_("Books converted"), "convert" },
  { "skipped", N_("Books skipped"), "convert" },
  { "failed", N_("Books that could not be converted"), "convert" },
  { "bytes_before", N_("Size before"), "convert" },
  { "bytes_after", N_("Size after"), "convert" },
  { "trashed", N_("Originals moved to the trash"), "convert" },
  { "deleted", N_("Originals deleted"), "convert" },
  { "kept", N_("Originals left in place"), "convert" },
  { "library", N_("Library") },
  { "series", N_("Series") },
  { "mode", N_("Mode") },
  { "target", N_("Target") },
  { "deep", N_("Deep scan") },
  /* Translators: a yes/no report row: everything was read or made again */
  { "force", N_("Everything again") },
  { "unavailable", N_("Library unavailable") },
  { "files_seen", N_("Files seen") },
  { "files_ignored", N_("Files ignored") },
  { "files_skipped", N_("Files skipped") },
  { "series_created", N_("Series added") },
  { "series_updated", N_("Series updated") },
  { "series_missing", N_("Series missing") },
  { "series_restored", N_("Series restored") },
  { "books_created", N_("Books added") },
  { "books_updated", N_("Books updated") },
  { "books_unchanged", N_("Books unchanged") },
  { "books_missing", N_("Books missing") },
  { "books_restored", N_("Books restored") },
  { "books_moved", N_("Books moved or renamed") },
  { "errored", N_("Books that could not be read") },
  /* Translators: a yes/no report row: the scan also read all the data of its books */
  { "verify", N_("Book data verified") },
  { "verified", N_("Books whose data reads clean") },
  { "damaged", N_("Books with damaged data") },
  { "verify_skipped", N_("Books unchanged since verified") },
  { "verify_unreadable", N_("Books that could not be opened to verify") },
  { "verify_bytes_read", N_("Data verified") },
  { "books", N_("Books considered") },
  { "generated", N_("Covers made") },
  { "skipped", N_("Covers already fresh") },
  { "failed", N_("Covers that could not be made") },
  { "no_cover", N_("Books without a cover") },
  { "height", N_("Cover height") },
  { "quality", N_("Cover quality") },
  { "bytes_read", N_("Data read") },
  { "bytes_written", N_("Data written") },
  { "threads", N_("Threads") },
  { "duration", N_("Duration") },
};

static void
add_row (BinderyJobWindow    *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (label, value);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static char *
format_value (const char *key,
              JsonNode   *node)
{
  GType type = json_node_get_value_type (node);

  /* The books a thumbnail, verify or convert job worked on: null for the whole library. */
  if (g_str_equal (key, "target") && (JSON_NODE_HOLDS_NULL (node) || type == G_TYPE_STRING))
    return bindery_job_target_describe (JSON_NODE_HOLDS_NULL (node) ? NULL : json_node_get_string (node));
  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));
  if ((g_str_has_prefix (key, "bytes_") || g_str_has_suffix (key, "_bytes_read")) && type == G_TYPE_INT64)
    return g_format_size ((guint64) MAX (json_node_get_int (node), 0));
  if (g_str_equal (key, "duration"))
    return g_strdup_printf (_("%.1f s"), json_node_get_double (node));
  if (g_str_equal (key, "height") && type == G_TYPE_INT64)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

      return g_strdup_printf (_("%s px"), number);
    }
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%'" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    return g_strdup_printf ("%.2f", json_node_get_double (node));
  if (g_str_equal (key, "mode") && type == G_TYPE_STRING)
    {
      /* The scan modes, as the library preferences name them. */
      if (g_strcmp0 (json_node_get_string (node), "batched") == 0)
        return g_strdup (_("Batched"));
      if (g_strcmp0 (json_node_get_string (node), "sync") == 0)
        return g_strdup (_("Book by Book"));
    }
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

static void
fill_report (BinderyJobWindow *self,
             const char       *type,
             JsonObject       *report)
{
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GList) members = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (report_labels); i++)
    {
      JsonNode *node = json_object_get_member (report, report_labels[i].key);
      g_autofree char *value = NULL;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node) ||
          g_hash_table_contains (shown, report_labels[i].key) ||
          (report_labels[i].type != NULL && g_strcmp0 (report_labels[i].type, type) != 0))
        continue;
      value = format_value (report_labels[i].key, node);
      add_row (self, self->report_group, _(report_labels[i].label), value);
      g_hash_table_add (shown, (gpointer) report_labels[i].key);
    }

  /* Members added by newer jobs (a key this version has no label for) still show,
   * under their own name. */
  members = json_object_get_members (report);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *node = json_object_get_member (report, key);
      g_autofree char *title = NULL;
      g_autofree char *value = NULL;

      if (g_hash_table_contains (shown, key) || g_str_has_suffix (key, "_id") ||
          JSON_NODE_HOLDS_OBJECT (node) || JSON_NODE_HOLDS_ARRAY (node))
        continue;
      title = g_strdelimit (g_strdup (key), "_", ' ');
      title[0] = g_ascii_toupper (title[0]);
      value = format_value (key, node);
      add_row (self, self->report_group, title, value);
    }
}

static void
reload (BinderyJobWindow *self)
{
  BinderyCatalog *catalog = self->catalog;
  g_autoptr(JsonObject) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state_text = NULL;
  g_autofree char *items = NULL;
  g_autofree char *export_name = NULL;
  BinderyJobState state = BINDERY_JOB_STATE_QUEUED;
  JsonObject *report;
  const char *text;

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);

  if (catalog == NULL || (job = bindery_catalog_get_job (catalog, self->job_id, &error)) == NULL)
    {
      adw_preferences_group_set_title (self->summary_group, _("Job Not Found"));
      adw_preferences_group_set_description (self->summary_group,
                                             error != NULL ? error->message : NULL);
      return;
    }

  text = json_object_get_string_member_with_default (job, "title", _("Job"));
  gtk_window_set_title (GTK_WINDOW (self), text);
  adw_preferences_group_set_title (self->summary_group, text);
  export_name = g_strdup_printf ("%s-%" G_GINT64_FORMAT ".log",
                                 json_object_get_string_member_with_default (job, "type", "job"), self->job_id);
  bindery_log_view_set_export_name (self->log_view, export_name);
  if (json_object_has_member (job, "library_id") && !json_object_get_null_member (job, "library_id"))
    {
      g_autoptr(BinderyLibrary) library = NULL;
      g_autoptr(GError) library_error = NULL;

      library = bindery_catalog_get_library (catalog, json_object_get_int_member (job, "library_id"), &library_error);
      if (library != NULL)
        bindery_log_view_set_root (self->log_view, bindery_library_get_path (library));
      else
        g_debug ("No library for job %" G_GINT64_FORMAT ": %s", self->job_id, library_error->message);
    }

  bindery_job_state_from_string (json_object_get_string_member_with_default (job, "state", ""), &state);
  state_text = bindery_job_state_display (state);
  add_row (self, self->summary_group, _("State"), state_text);
  if ((text = json_object_get_string_member_with_default (job, "error", NULL)) != NULL)
    {
      /* An error message is a sentence: it goes under the title, wrapped. */
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Error"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
      gtk_widget_add_css_class (row, "property");
      adw_preferences_group_add (self->summary_group, row);
      g_ptr_array_add (self->rows, row);
    }
  if ((text = json_object_get_string_member_with_default (job, "started_at", NULL)) != NULL)
    {
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();
      g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, local);
      g_autofree char *formatted = time != NULL ? g_date_time_format (time, "%c") : g_strdup (text);

      add_row (self, self->summary_group, _("Started"), formatted);
    }
  items = bindery_format_items (json_object_get_string_member_with_default (job, "type", NULL),
                                (guint64) json_object_get_int_member_with_default (job, "items_done", 0),
                                (guint64) json_object_get_int_member_with_default (job, "items_total", 0));
  if (items[0] != '\0')
    add_row (self, self->summary_group, _("Progress"), items);

  report = json_object_get_object_member (job, "report");
  gtk_widget_set_visible (GTK_WIDGET (self->report_group), report != NULL);
  if (report != NULL)
    fill_report (self, json_object_get_string_member_with_default (job, "type", NULL), report);

  /* A live job appends its own lines; a finished one shows what the catalog kept. */
  if (self->job == NULL || self->lines == NULL)
    {
      g_clear_object (&self->lines);
      self->lines = bindery_log_lines_from_json (json_object_get_array_member (job, "logs"));
      bindery_log_view_set_lines (self->log_view, G_LIST_MODEL (self->lines));
    }
}

static void
on_log_added (BinderyJob       *job,
              BinderyLogLevel   level,
              const char       *path,
              const char       *message,
              BinderyJobWindow *self)
{
  g_autoptr(BinderyLogLine) line = bindery_log_line_new (NULL, level, path, message);

  g_list_store_append (self->lines, line);
}

static void
on_job_finished (BinderyJob       *job,
                 BinderyJobWindow *self)
{
  reload (self);
}

static void
bindery_job_window_dispose (GObject *object)
{
  BinderyJobWindow *self = BINDERY_JOB_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BINDERY_TYPE_JOB_WINDOW);
  g_clear_object (&self->job);
  g_clear_object (&self->catalog);
  g_clear_object (&self->lines);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (bindery_job_window_parent_class)->dispose (object);
}

static void
bindery_job_window_class_init (BinderyJobWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bindery_job_window_dispose;

  g_type_ensure (BINDERY_TYPE_LOG_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bindery/Bindery/bindery-job-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BinderyJobWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, BinderyJobWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, BinderyJobWindow, summary_group);
  gtk_widget_class_bind_template_child (widget_class, BinderyJobWindow, report_group);
  gtk_widget_class_bind_template_child (widget_class, BinderyJobWindow, log_view);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bindery_job_window_init (BinderyJobWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

BinderyJobWindow *
bindery_job_window_new (BinderyCatalog *catalog,
                        gint64          job_id,
                        BinderyJob     *job)
{
  BinderyJobWindow *self;

  g_return_val_if_fail (catalog == NULL || BINDERY_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (job == NULL || BINDERY_IS_JOB (job), NULL);

  self = g_object_new (BINDERY_TYPE_JOB_WINDOW, NULL);
  g_set_object (&self->catalog, catalog);
  self->job_id = job_id;

  if (job != NULL && !bindery_job_state_is_finished (bindery_job_get_state (job)))
    {
      self->job = g_object_ref (job);
      reload (self);
      /* Lines logged from now on arrive through the signal; earlier ones came from the
       * catalog, where the queue writes them before it announces them. */
      if (self->lines == NULL)
        {
          self->lines = g_list_store_new (BINDERY_TYPE_LOG_LINE);
          bindery_log_view_set_lines (self->log_view, G_LIST_MODEL (self->lines));
        }
      g_signal_connect_object (job, "log-added", G_CALLBACK (on_log_added), self, 0);
      g_signal_connect_object (job, "finished", G_CALLBACK (on_job_finished), self, 0);
    }
  else
    {
      reload (self);
    }

  return self;
}

void
bindery_job_window_show_log (BinderyJobWindow *self,
                             BinderyLogLevel   min_level)
{
  g_return_if_fail (BINDERY_IS_JOB_WINDOW (self));

  bindery_log_view_set_min_level (self->log_view, min_level);
  adw_view_stack_set_visible_child_name (self->stack, "log");
}

BinderyLogView *
bindery_job_window_get_log_view (BinderyJobWindow *self)
{
  g_return_val_if_fail (BINDERY_IS_JOB_WINDOW (self), NULL);
  return self->log_view;
}
