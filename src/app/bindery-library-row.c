/* bindery-library-row.c: a library in the sidebar: name, book count and state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-app"

#include "config.h"

#include <glib/gi18n.h>

#include "bindery-library-row.h"

struct _BinderyLibraryRow
{
  GtkListBoxRow   parent_instance;

  /* template */
  GtkImage       *icon;
  GtkLabel       *name_label;
  GtkLabel       *count_label;
  GtkSpinner     *spinner;
  GtkImage       *state_icon;
  GtkImage       *watch_icon;

  /* owned */
  BinderyLibrary *library;
  gboolean        counted;
  guint           n_books;
  guint           n_missing;
  guint           n_errors;
  gboolean        busy;
  BinderyWatchState watch_state;
  char           *watch_reason;
  char           *watch_text;
};

G_DEFINE_FINAL_TYPE (BinderyLibraryRow, bindery_library_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_LIBRARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_watch (BinderyLibraryRow *self,
              gboolean           unavailable)
{
  const char *icon = NULL;
  g_autofree char *text = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->watch_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->watch_icon), "dim-label");
  switch (self->watch_state)
    {
    case BINDERY_WATCH_STATE_WATCHING:
    case BINDERY_WATCH_STATE_STARTING:
      icon = "view-reveal-symbolic";
      text = g_strdup (_("Watched: changes are picked up as they happen"));
      gtk_widget_add_css_class (GTK_WIDGET (self->watch_icon), "dim-label");
      break;
    case BINDERY_WATCH_STATE_POLLING:
      icon = "view-refresh-symbolic";
      /* Translators: the library is scanned at intervals instead of watched; then why */
      text = g_strdup_printf (_("Polled: checked for changes at intervals (%s)"),
                              self->watch_reason != NULL ? self->watch_reason : "");
      gtk_widget_add_css_class (GTK_WIDGET (self->watch_icon), "warning");
      break;
    case BINDERY_WATCH_STATE_UNAVAILABLE:
      break;   /* the state icon says it */
    case BINDERY_WATCH_STATE_STOPPED:
    default:
      icon = "view-conceal-symbolic";
      text = g_strdup (_("Not watched: rescan to pick up changes"));
      gtk_widget_add_css_class (GTK_WIDGET (self->watch_icon), "dim-label");
      break;
    }
  if (unavailable)
    g_clear_pointer (&text, g_free);

  g_free (self->watch_text);
  self->watch_text = g_steal_pointer (&text);
  gtk_widget_set_visible (GTK_WIDGET (self->watch_icon), self->watch_text != NULL);
  if (self->watch_text != NULL)
    {
      gtk_image_set_from_icon_name (self->watch_icon, icon);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->watch_icon), self->watch_text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->watch_icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, self->watch_text, -1);
    }
}

static void
update (BinderyLibraryRow *self)
{
  const char *state = self->library != NULL ? bindery_library_get_state (self->library) : NULL;
  gboolean scanning = self->busy || g_strcmp0 (state, "scanning") == 0;
  gboolean unavailable = g_strcmp0 (state, "unavailable") == 0;
  g_autofree char *books = g_strdup_printf ("%'u", self->n_books);
  g_autofree char *text = NULL;
  const char *tooltip = NULL;

  /* Nothing until counted (the window counts after its first frame), rather than "0 books". */
  text = self->counted ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s book", "%s books", self->n_books), books)
                       : g_strdup ("");
  if (unavailable)
    {
      g_free (text);
      text = g_strdup (_("Unavailable"));
    }
  gtk_label_set_label (self->count_label, text);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), scanning);
  gtk_spinner_set_spinning (self->spinner, scanning);

  gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), "warning");
  if (unavailable)
    {
      gtk_image_set_from_icon_name (self->state_icon, "drive-removable-media-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), "warning");
      tooltip = _("The library folder cannot be found");
    }
  else if (self->n_errors > 0)
    {
      gtk_image_set_from_icon_name (self->state_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), "error");
      tooltip = g_dngettext (GETTEXT_PACKAGE, "Some books could not be read", "Some books could not be read",
                             self->n_errors);
    }
  else if (self->n_missing > 0)
    {
      gtk_image_set_from_icon_name (self->state_icon, "bindery-missing-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), "warning");
      tooltip = _("Some books are missing");
    }
  update_watch (self, unavailable);
  gtk_widget_set_visible (GTK_WIDGET (self->state_icon), !scanning && tooltip != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_icon), tooltip);
  if (tooltip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->state_icon),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

static void
bindery_library_row_dispose (GObject *object)
{
  BinderyLibraryRow *self = BINDERY_LIBRARY_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BINDERY_TYPE_LIBRARY_ROW);
  g_clear_object (&self->library);
  g_clear_pointer (&self->watch_reason, g_free);
  g_clear_pointer (&self->watch_text, g_free);

  G_OBJECT_CLASS (bindery_library_row_parent_class)->dispose (object);
}

static void
bindery_library_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BinderyLibraryRow *self = BINDERY_LIBRARY_ROW (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_library_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BinderyLibraryRow *self = BINDERY_LIBRARY_ROW (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      self->library = g_value_dup_object (value);
      if (self->library != NULL)
        g_signal_connect_object (self->library, "notify::state", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_library_row_class_init (BinderyLibraryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bindery_library_row_dispose;
  object_class->get_property = bindery_library_row_get_property;
  object_class->set_property = bindery_library_row_set_property;

  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL, BINDERY_TYPE_LIBRARY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BINDERY_TYPE_LIBRARY);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bindery/Bindery/bindery-library-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryRow, icon);
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryRow, count_label);
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryRow, state_icon);
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryRow, watch_icon);
}

static void
bindery_library_row_init (BinderyLibraryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bindery_library_row_new (BinderyLibrary *library)
{
  BinderyLibraryRow *self;

  g_return_val_if_fail (BINDERY_IS_LIBRARY (library), NULL);

  self = g_object_new (BINDERY_TYPE_LIBRARY_ROW, "library", library, NULL);
  update (self);
  return GTK_WIDGET (self);
}

BinderyLibrary *
bindery_library_row_get_library (BinderyLibraryRow *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY_ROW (self), NULL);
  return self->library;
}

void
bindery_library_row_set_counts (BinderyLibraryRow *self,
                                guint              n_books,
                                guint              n_missing,
                                guint              n_errors)
{
  g_return_if_fail (BINDERY_IS_LIBRARY_ROW (self));

  self->counted = TRUE;
  self->n_books = n_books;
  self->n_missing = n_missing;
  self->n_errors = n_errors;
  update (self);
}

void
bindery_library_row_set_busy (BinderyLibraryRow *self,
                              gboolean           busy)
{
  g_return_if_fail (BINDERY_IS_LIBRARY_ROW (self));

  if (self->busy == busy)
    return;
  self->busy = busy;
  update (self);
}

void
bindery_library_row_set_watch (BinderyLibraryRow *self,
                               BinderyWatchState  state,
                               const char        *reason)
{
  g_return_if_fail (BINDERY_IS_LIBRARY_ROW (self));

  self->watch_state = state;
  g_free (self->watch_reason);
  self->watch_reason = g_strdup (reason);
  update (self);
}

const char *
bindery_library_row_get_watch_text (BinderyLibraryRow *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY_ROW (self), NULL);
  return self->watch_text;
}
