/* bindery-jobs-panel.c: the running jobs (live rows) and the history of finished ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-app"

#include "config.h"

#include <glib/gi18n.h>

#include "bindery-job-row.h"
#include "bindery-jobs-panel.h"

#define HISTORY_ROWS 30

struct _BinderyJobsPanel
{
  GtkWidget           parent_instance;

  /* template */
  GtkListBox         *active_list;
  GtkListBox         *history_list;
  GtkButton          *clear_button;

  /* borrowed */
  BinderyApplication *application;

  gboolean            queue_connected;
};

G_DEFINE_FINAL_TYPE (BinderyJobsPanel, bindery_jobs_panel, GTK_TYPE_WIDGET)

enum {
  OPEN_JOB,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
create_job_row (gpointer item,
                gpointer user_data)
{
  BinderyJobsPanel *self = user_data;
  GtkWidget *row = bindery_job_row_new (BINDERY_JOB (item));
  BinderyLibrary *library = bindery_application_find_library (self->application,
                                                              bindery_job_get_library_id (BINDERY_JOB (item)));

  if (library != NULL)
    bindery_job_row_set_root (BINDERY_JOB_ROW (row), bindery_library_get_path (library));
  return row;
}

static GtkWidget *
placeholder_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

/* The icon, its style class and what it says, for a finished job. */
static void
state_icon (JsonObject       *summary,
            BinderyJobState   state,
            const char      **icon_name,
            const char      **css_class,
            char            **label)
{
  /* A scan's books it could not read, a thumbnails job's covers it could not make. */
  gint64 errored = json_object_get_int_member_with_default (summary, "errored", 0);
  gint64 failed = json_object_get_int_member_with_default (summary, "failed", 0);

  switch (state)
    {
    case BINDERY_JOB_STATE_COMPLETED:
      if (errored > 0 || failed > 0)
        {
          gulong n = (gulong) (errored > 0 ? errored : failed);

          *icon_name = "dialog-warning-symbolic";
          *css_class = "warning";
          if (errored > 0)
            *label = g_strdup_printf (ngettext ("Finished with problems: %lu book could not be read",
                                                "Finished with problems: %lu books could not be read", n), n);
          else
            *label = g_strdup_printf (ngettext ("Finished with problems: %lu cover could not be made",
                                                "Finished with problems: %lu covers could not be made", n), n);
          return;
        }
      *icon_name = "bindery-done-symbolic";
      *css_class = "success";
      *label = g_strdup (_("Finished"));
      return;
    case BINDERY_JOB_STATE_FAILED:
      *icon_name = "dialog-error-symbolic";
      *css_class = "error";
      *label = g_strdup (_("Failed"));
      return;
    case BINDERY_JOB_STATE_CANCELLED:
      *icon_name = "process-stop-symbolic";
      *css_class = "dim-label";
      *label = g_strdup (_("Cancelled"));
      return;
    case BINDERY_JOB_STATE_INTERRUPTED:
    case BINDERY_JOB_STATE_QUEUED:
    case BINDERY_JOB_STATE_RUNNING:
    case BINDERY_JOB_STATE_PAUSED:
    default:
      *icon_name = "media-playback-pause-symbolic";
      *css_class = "warning";
      *label = g_strdup (_("Interrupted"));
      return;
    }
}

static char *
history_subtitle (JsonObject      *summary,
                  BinderyJobState  state)
{
  g_autofree char *state_text = bindery_job_state_display (state);
  g_autofree char *items = NULL;
  g_autofree char *when = NULL;
  const char *finished = json_object_get_string_member_with_default (summary, "finished_at", NULL);
  const char *error = json_object_get_string_member_with_default (summary, "error", NULL);
  GString *subtitle = g_string_new (state_text);

  if (finished != NULL)
    {
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();
      g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (finished, local);
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      if (time != NULL)
        when = g_date_time_format (time, g_date_time_get_day_of_year (time) == g_date_time_get_day_of_year (now) &&
                                           g_date_time_get_year (time) == g_date_time_get_year (now)
                                         ? "%H:%M" : "%x %H:%M");
    }
  items = bindery_format_items (json_object_get_string_member_with_default (summary, "type", NULL),
                                (guint64) json_object_get_int_member_with_default (summary, "items_done", 0),
                                (guint64) json_object_get_int_member_with_default (summary, "items_total", 0));
  if (when != NULL)
    g_string_append_printf (subtitle, " · %s", when);
  if (items[0] != '\0')
    g_string_append_printf (subtitle, " · %s", items);
  if (state == BINDERY_JOB_STATE_FAILED && error != NULL)
    g_string_append_printf (subtitle, "\n%s", error);

  return g_string_free (subtitle, FALSE);
}

/* A shown popover keeps the size it opened with when rows come and go (GTK 4.8):
 * present it again so it fits its content. */
static void
refit_popover (BinderyJobsPanel *self)
{
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_POPOVER);

  if (popover != NULL && gtk_widget_get_visible (popover))
    gtk_popover_present (GTK_POPOVER (popover));
}

void
bindery_jobs_panel_reload_history (BinderyJobsPanel *self)
{
  BinderyCatalog *catalog;
  g_autoptr(JsonArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *old_row;
  guint n, shown = 0;

  g_return_if_fail (BINDERY_IS_JOBS_PANEL (self));

  /* Rows only: the placeholder is a child of the list too. */
  while ((old_row = gtk_list_box_get_row_at_index (self->history_list, 0)) != NULL)
    gtk_list_box_remove (self->history_list, GTK_WIDGET (old_row));

  catalog = bindery_application_get_catalog (self->application);
  if (catalog == NULL)
    return;
  jobs = bindery_catalog_list_jobs (catalog, &error);
  if (jobs == NULL)
    {
      g_debug ("Could not list jobs: %s", error->message);
      return;
    }

  n = json_array_get_length (jobs);
  for (guint i = 0; i < n && shown < HISTORY_ROWS; i++)
    {
      JsonObject *summary = json_array_get_object_element (jobs, i);
      BinderyJobState state;
      GtkWidget *row, *icon;
      const char *icon_name, *css_class;
      g_autofree char *icon_label = NULL;
      g_autofree char *subtitle = NULL;

      if (!bindery_job_state_from_string (json_object_get_string_member_with_default (summary, "state", ""), &state) ||
          !bindery_job_state_is_finished (state))
        continue;

      subtitle = history_subtitle (summary, state);
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     json_object_get_string_member_with_default (summary, "title", _("Job")));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      state_icon (summary, state, &icon_name, &css_class, &icon_label);
      icon = gtk_image_new_from_icon_name (icon_name);
      gtk_widget_add_css_class (icon, css_class);
      gtk_widget_set_tooltip_text (icon, icon_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, icon_label, -1);
      gtk_widget_set_name (icon, "state-icon");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "job-id",
                         GSIZE_TO_POINTER ((gsize) json_object_get_int_member_with_default (summary, "id", 0)));
      gtk_list_box_append (self->history_list, row);
      shown++;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_button),
                            shown > 0 && !bindery_application_is_read_only (self->application));
  refit_popover (self);
}

static void
on_active_row_activated (BinderyJobsPanel *self,
                         GtkListBoxRow    *row)
{
  BinderyJob *job = bindery_job_row_get_job (BINDERY_JOB_ROW (row));

  g_signal_emit (self, signals[OPEN_JOB], 0, bindery_job_get_id (job), job);
}

static void
on_history_row_activated (BinderyJobsPanel *self,
                          GtkListBoxRow    *row)
{
  gint64 id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "job-id"));

  g_signal_emit (self, signals[OPEN_JOB], 0, id, NULL);
}

static void
on_clear_clicked (BinderyJobsPanel *self)
{
  BinderyCatalog *catalog = bindery_application_get_write_catalog (self->application);
  g_autoptr(GError) error = NULL;

  if (catalog == NULL)
    return;
  if (bindery_catalog_clear_jobs (catalog, &error) < 0)
    g_debug ("Could not clear jobs: %s", error->message);
  bindery_jobs_panel_reload_history (self);
}

static void
on_job_finished (BinderyJobsPanel *self)
{
  bindery_jobs_panel_reload_history (self);
}

static void
bindery_jobs_panel_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), BINDERY_TYPE_JOBS_PANEL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (bindery_jobs_panel_parent_class)->dispose (object);
}

static void
bindery_jobs_panel_class_init (BinderyJobsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bindery_jobs_panel_dispose;

  signals[OPEN_JOB] =
    g_signal_new ("open-job", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, BINDERY_TYPE_JOB);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bindery/Bindery/bindery-jobs-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, BinderyJobsPanel, active_list);
  gtk_widget_class_bind_template_child (widget_class, BinderyJobsPanel, history_list);
  gtk_widget_class_bind_template_child (widget_class, BinderyJobsPanel, clear_button);
  gtk_widget_class_bind_template_callback (widget_class, on_active_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_history_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_clicked);
}

static void
bindery_jobs_panel_init (BinderyJobsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_placeholder (self->active_list, placeholder_label (_("Nothing is running")));
  gtk_list_box_set_placeholder (self->history_list, placeholder_label (_("No finished jobs")));
}

static void
connect_queue (BinderyJobsPanel *self)
{
  BinderyJobQueue *queue = bindery_application_get_queue (self->application);

  if (queue != NULL && !self->queue_connected)
    {
      self->queue_connected = TRUE;
      gtk_list_box_bind_model (self->active_list, bindery_job_queue_get_active (queue), create_job_row, self, NULL);
      g_signal_connect_object (bindery_job_queue_get_active (queue), "items-changed", G_CALLBACK (refit_popover), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      g_signal_connect_object (queue, "job-finished", G_CALLBACK (on_job_finished), self, G_CONNECT_SWAPPED);
    }
}

static void
on_read_only_changed (BinderyJobsPanel *self)
{
  connect_queue (self);
  bindery_jobs_panel_reload_history (self);
}

GtkWidget *
bindery_jobs_panel_new (BinderyApplication *application)
{
  BinderyJobsPanel *self;

  g_return_val_if_fail (BINDERY_IS_APPLICATION (application), NULL);

  self = g_object_new (BINDERY_TYPE_JOBS_PANEL, NULL);
  self->application = application;

  connect_queue (self);
  /* Read-only until the application takes the data dir's lock. */
  g_signal_connect_object (application, "notify::read-only", G_CALLBACK (on_read_only_changed), self,
                           G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}

GtkListBox *
bindery_jobs_panel_get_active_list (BinderyJobsPanel *self)
{
  g_return_val_if_fail (BINDERY_IS_JOBS_PANEL (self), NULL);
  return self->active_list;
}

GtkListBox *
bindery_jobs_panel_get_history_list (BinderyJobsPanel *self)
{
  g_return_val_if_fail (BINDERY_IS_JOBS_PANEL (self), NULL);
  return self->history_list;
}
