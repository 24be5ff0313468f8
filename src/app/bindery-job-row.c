/* bindery-job-row.c: one job in the jobs panel, bound to the job's properties
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-app"

#include "config.h"

#include <glib/gi18n.h>

#include "bindery-job-row.h"
#include "bindery-log-line.h"

struct _BinderyJobRow
{
  GtkListBoxRow   parent_instance;

  /* template */
  GtkLabel       *title_label;
  GtkLabel       *state_label;
  GtkButton      *pause_button;
  GtkButton      *cancel_button;
  GtkProgressBar *progress_bar;
  GtkLabel       *items_label;
  GtkLabel       *elapsed_label;
  GtkLabel       *path_label;

  /* owned */
  BinderyJob     *job;
  char           *root;
  guint           tick;
  guint           tick_source;
};

G_DEFINE_FINAL_TYPE (BinderyJobRow, bindery_job_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_JOB,
  PROP_ROOT,
  PROP_TICK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
bindery_job_state_display (BinderyJobState state)
{
  switch (state)
    {
    case BINDERY_JOB_STATE_QUEUED:
      return g_strdup (C_("job state", "Waiting"));
    case BINDERY_JOB_STATE_RUNNING:
      return g_strdup (C_("job state", "Running"));
    case BINDERY_JOB_STATE_PAUSED:
      return g_strdup (C_("job state", "Paused"));
    case BINDERY_JOB_STATE_COMPLETED:
      return g_strdup (C_("job state", "Completed"));
    case BINDERY_JOB_STATE_FAILED:
      return g_strdup (C_("job state", "Failed"));
    case BINDERY_JOB_STATE_CANCELLED:
      return g_strdup (C_("job state", "Stopped"));
    case BINDERY_JOB_STATE_INTERRUPTED:
    default:
      return g_strdup (C_("job state", "Interrupted"));
    }
}

char *
bindery_format_elapsed (GTimeSpan span)
{
  gint64 seconds = MAX (span, 0) / G_USEC_PER_SEC;

  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                            (int) (seconds / 60 % 60), (int) (seconds % 60));
  return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

char *
bindery_format_items (const char *type_name,
                      guint64     done,
                      guint64     total)
{
  g_autofree char *done_text = g_strdup_printf ("%'" G_GUINT64_FORMAT, done);
  g_autofree char *total_text = g_strdup_printf ("%'" G_GUINT64_FORMAT, total);
  gboolean covers = g_strcmp0 (type_name, "thumbnails") == 0;

  if (total == 0 && done == 0)
    return g_strdup ("");
  if (total == 0)
    return g_strdup_printf (covers ? g_dngettext (GETTEXT_PACKAGE, "%s cover", "%s covers", (gulong) done)
                                   : g_dngettext (GETTEXT_PACKAGE, "%s book", "%s books", (gulong) done),
                            done_text);
  /* Translators: "1,234 of 10,000 books" */
  return g_strdup_printf (covers ? g_dngettext (GETTEXT_PACKAGE, "%s of %s cover", "%s of %s covers", (gulong) total)
                                 : g_dngettext (GETTEXT_PACKAGE, "%s of %s book", "%s of %s books", (gulong) total),
                          done_text, total_text);
}

/* The core's jobs describe their phase in plain English; these are the ones the app
 * knows, shown in its own (translated) words. Others show as they are. */
static const struct {
  const char *core;
  const char *shown;
} phase_messages[] = {
  { "Listing folders", N_("Listing folders") },
  { "Reading books", N_("Reading books") },
  { "Looking for thumbnails to make", N_("Looking for missing covers") },
  { "Making thumbnails", N_("Making covers") },
};

static const char *
phase_display (const char *message)
{
  for (guint i = 0; i < G_N_ELEMENTS (phase_messages); i++)
    {
      if (g_strcmp0 (message, phase_messages[i].core) == 0)
        return _(phase_messages[i].shown);
    }
  return message;
}

/* --- template closures ------------------------------------------------------------ */

static char *
format_state (gpointer         this_,
              BinderyJobState  state,
              const char      *message,
              const char      *error_message)
{
  g_autofree char *name = bindery_job_state_display (state);

  if (state == BINDERY_JOB_STATE_FAILED && error_message != NULL && error_message[0] != '\0')
    return g_strdup_printf (_("%s: %s"), name, error_message);
  if (state == BINDERY_JOB_STATE_RUNNING && message != NULL && message[0] != '\0')
    return g_strdup_printf (_("%s · %s"), name, phase_display (message));
  return g_steal_pointer (&name);
}

static gboolean
state_is_controllable (gpointer        this_,
                       BinderyJobState state)
{
  return state == BINDERY_JOB_STATE_RUNNING || state == BINDERY_JOB_STATE_PAUSED;
}

static gboolean
state_is_cancellable (gpointer        this_,
                      BinderyJobState state)
{
  return !bindery_job_state_is_finished (state);
}

static char *
pause_icon (gpointer        this_,
            BinderyJobState state)
{
  return g_strdup (state == BINDERY_JOB_STATE_PAUSED ? "media-playback-start-symbolic"
                                                     : "media-playback-pause-symbolic");
}

static char *
pause_tooltip (gpointer        this_,
               BinderyJobState state)
{
  return g_strdup (state == BINDERY_JOB_STATE_PAUSED ? _("Resume") : _("Pause"));
}

static double
progress_fraction (gpointer        this_,
                   BinderyJobState state,
                   double          fraction)
{
  if (state == BINDERY_JOB_STATE_COMPLETED)
    return 1.0;
  return CLAMP (fraction, 0.0, 1.0);
}

static char *
format_items (gpointer    this_,
              const char *type_name,
              guint64     done,
              guint64     total)
{
  return bindery_format_items (type_name, done, total);
}

static char *
format_elapsed (gpointer   this_,
                GDateTime *started,
                GDateTime *finished,
                guint      tick)
{
  g_autoptr(GDateTime) now = NULL;

  if (started == NULL)
    return g_strdup ("");
  if (finished == NULL)
    finished = now = g_date_time_new_now_utc ();
  return bindery_format_elapsed (g_date_time_difference (finished, started));
}

static char *
format_path (gpointer    this_,
             const char *path,
             const char *root)
{
  return bindery_display_path_in (path, root);
}

static gboolean
path_visible (gpointer         this_,
              BinderyJobState  state,
              const char      *path)
{
  return !bindery_job_state_is_finished (state) && path != NULL && path[0] != '\0';
}

/* --- behaviour -------------------------------------------------------------------- */

static gboolean
tick_cb (gpointer user_data)
{
  BinderyJobRow *self = user_data;

  self->tick++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICK]);
  return G_SOURCE_CONTINUE;
}

static void
update_ticking (BinderyJobRow *self)
{
  gboolean running = self->job != NULL &&
                     bindery_job_get_state (self->job) == BINDERY_JOB_STATE_RUNNING &&
                     gtk_widget_get_mapped (GTK_WIDGET (self));

  if (running && self->tick_source == 0)
    {
      self->tick_source = g_timeout_add_seconds (1, tick_cb, self);
      g_source_set_name_by_id (self->tick_source, "[bindery] job row elapsed time");
      /* The time shown stood still while the row was hidden. */
      tick_cb (self);
    }
  else if (!running)
    {
      g_clear_handle_id (&self->tick_source, g_source_remove);
    }
}

static void
on_pause_clicked (BinderyJobRow *self)
{
  bindery_job_row_toggle_pause (self);
}

static void
on_cancel_clicked (BinderyJobRow *self)
{
  if (self->job != NULL)
    bindery_job_cancel (self->job);
}

static void
on_job_state (BinderyJobRow *self)
{
  g_autofree char *state = NULL;

  update_ticking (self);
  /* A paused or finished job shows the time it stopped at. */
  tick_cb (self);
  state = bindery_job_state_display (bindery_job_get_state (self->job));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pause_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  bindery_job_get_state (self->job) == BINDERY_JOB_STATE_PAUSED ? _("Resume") : _("Pause"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, state,
                                  -1);
}

static void
bindery_job_row_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (bindery_job_row_parent_class)->map (widget);
  update_ticking (BINDERY_JOB_ROW (widget));
}

static void
bindery_job_row_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (bindery_job_row_parent_class)->unmap (widget);
  update_ticking (BINDERY_JOB_ROW (widget));
}

static void
bindery_job_row_set_job (BinderyJobRow *self,
                         BinderyJob    *job)
{
  if (!g_set_object (&self->job, job))
    return;
  if (job != NULL)
    {
      g_signal_connect_object (job, "notify::state", G_CALLBACK (on_job_state), self, G_CONNECT_SWAPPED);
      on_job_state (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
}

static void
bindery_job_row_dispose (GObject *object)
{
  BinderyJobRow *self = BINDERY_JOB_ROW (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), BINDERY_TYPE_JOB_ROW);
  g_clear_object (&self->job);

  G_OBJECT_CLASS (bindery_job_row_parent_class)->dispose (object);
}

static void
bindery_job_row_finalize (GObject *object)
{
  BinderyJobRow *self = BINDERY_JOB_ROW (object);

  g_free (self->root);

  G_OBJECT_CLASS (bindery_job_row_parent_class)->finalize (object);
}

static void
bindery_job_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BinderyJobRow *self = BINDERY_JOB_ROW (object);

  switch (prop_id)
    {
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    case PROP_ROOT:
      g_value_set_string (value, self->root);
      break;
    case PROP_TICK:
      g_value_set_uint (value, self->tick);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_job_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BinderyJobRow *self = BINDERY_JOB_ROW (object);

  switch (prop_id)
    {
    case PROP_JOB:
      bindery_job_row_set_job (self, g_value_get_object (value));
      break;
    case PROP_ROOT:
      bindery_job_row_set_root (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_job_row_class_init (BinderyJobRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bindery_job_row_dispose;
  object_class->finalize = bindery_job_row_finalize;
  object_class->get_property = bindery_job_row_get_property;
  object_class->set_property = bindery_job_row_set_property;
  widget_class->map = bindery_job_row_map;
  widget_class->unmap = bindery_job_row_unmap;

  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, BINDERY_TYPE_JOB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROOT] =
    g_param_spec_string ("root", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TICK] =
    g_param_spec_uint ("tick", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BINDERY_TYPE_JOB);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bindery/Bindery/bindery-job-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BinderyJobRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, BinderyJobRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, BinderyJobRow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, BinderyJobRow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BinderyJobRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BinderyJobRow, items_label);
  gtk_widget_class_bind_template_child (widget_class, BinderyJobRow, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, BinderyJobRow, path_label);
  gtk_widget_class_bind_template_callback (widget_class, format_state);
  gtk_widget_class_bind_template_callback (widget_class, state_is_controllable);
  gtk_widget_class_bind_template_callback (widget_class, state_is_cancellable);
  gtk_widget_class_bind_template_callback (widget_class, pause_icon);
  gtk_widget_class_bind_template_callback (widget_class, pause_tooltip);
  gtk_widget_class_bind_template_callback (widget_class, progress_fraction);
  gtk_widget_class_bind_template_callback (widget_class, format_items);
  gtk_widget_class_bind_template_callback (widget_class, format_elapsed);
  gtk_widget_class_bind_template_callback (widget_class, format_path);
  gtk_widget_class_bind_template_callback (widget_class, path_visible);
  gtk_widget_class_bind_template_callback (widget_class, on_pause_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
}

static void
bindery_job_row_init (BinderyJobRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bindery_job_row_new (BinderyJob *job)
{
  g_return_val_if_fail (BINDERY_IS_JOB (job), NULL);

  return g_object_new (BINDERY_TYPE_JOB_ROW, "job", job, NULL);
}

void
bindery_job_row_set_root (BinderyJobRow *self,
                          const char    *root)
{
  g_return_if_fail (BINDERY_IS_JOB_ROW (self));

  if (g_strcmp0 (self->root, root) == 0)
    return;
  g_free (self->root);
  self->root = g_strdup (root);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROOT]);
}

BinderyJob *
bindery_job_row_get_job (BinderyJobRow *self)
{
  g_return_val_if_fail (BINDERY_IS_JOB_ROW (self), NULL);
  return self->job;
}

const char *
bindery_job_row_get_title_text (BinderyJobRow *self)
{
  g_return_val_if_fail (BINDERY_IS_JOB_ROW (self), NULL);
  return gtk_label_get_label (self->title_label);
}

const char *
bindery_job_row_get_state_text (BinderyJobRow *self)
{
  g_return_val_if_fail (BINDERY_IS_JOB_ROW (self), NULL);
  return gtk_label_get_label (self->state_label);
}

const char *
bindery_job_row_get_items_text (BinderyJobRow *self)
{
  g_return_val_if_fail (BINDERY_IS_JOB_ROW (self), NULL);
  return gtk_label_get_label (self->items_label);
}

const char *
bindery_job_row_get_path_text (BinderyJobRow *self)
{
  g_return_val_if_fail (BINDERY_IS_JOB_ROW (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->path_label)) ? gtk_label_get_label (self->path_label) : "";
}

double
bindery_job_row_get_fraction (BinderyJobRow *self)
{
  g_return_val_if_fail (BINDERY_IS_JOB_ROW (self), 0.0);
  return gtk_progress_bar_get_fraction (self->progress_bar);
}

gboolean
bindery_job_row_can_control (BinderyJobRow *self)
{
  g_return_val_if_fail (BINDERY_IS_JOB_ROW (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->pause_button));
}

gboolean
bindery_job_row_offers_resume (BinderyJobRow *self)
{
  g_return_val_if_fail (BINDERY_IS_JOB_ROW (self), FALSE);
  return g_strcmp0 (gtk_button_get_icon_name (self->pause_button), "media-playback-start-symbolic") == 0;
}

void
bindery_job_row_toggle_pause (BinderyJobRow *self)
{
  g_return_if_fail (BINDERY_IS_JOB_ROW (self));

  if (self->job == NULL)
    return;
  if (bindery_job_get_state (self->job) == BINDERY_JOB_STATE_PAUSED)
    bindery_job_resume (self->job);
  else
    bindery_job_pause (self->job);
}
