/* bindery-log-view.c: a job's log as a table (time, level, file, message), filterable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-app"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bindery-log-view.h"

struct _BinderyLogView
{
  GtkWidget           parent_instance;

  /* template */
  GtkSearchEntry     *search_entry;
  GtkDropDown        *level_dropdown;
  GtkStack           *stack;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *path_column;

  /* owned */
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  GtkCustomFilter    *filter;
  char               *search;
  char               *export_name;
  char               *root;
  BinderyLogLevel     min_level;
  guint               syncing_entry : 1;
};

G_DEFINE_FINAL_TYPE (BinderyLogView, bindery_log_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ROOT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  BinderyLogView *self = user_data;

  return bindery_log_line_matches (item, self->min_level, self->search);
}

/* The File column: the path relative to the library (the file's name is what tells
 * lines apart, so a path too long loses its start), the whole path as tooltip. */
static void
path_update (GtkListItem    *list_item,
             GParamSpec     *pspec,
             BinderyLogView *self)
{
  GtkWidget *inscription = gtk_list_item_get_child (list_item);
  BinderyLogLine *line = gtk_list_item_get_item (list_item);
  const char *path = line != NULL ? bindery_log_line_get_path (line) : NULL;
  g_autofree char *shown = bindery_display_path_in (path, self->root);

  gtk_inscription_set_text (GTK_INSCRIPTION (inscription), shown);
  gtk_widget_set_tooltip_text (inscription, path);
}

static void
path_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           BinderyLogView           *self)
{
  path_update (list_item, NULL, self);
}

static void
path_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            BinderyLogView           *self)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (inscription), 0);
  /* One line at the top of the row, however tall the message makes it. */
  gtk_widget_set_valign (inscription, GTK_ALIGN_START);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_START);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), 24);
  gtk_list_item_set_child (list_item, inscription);
  /* Cells on screen follow a new root. */
  g_signal_connect_object (self, "notify::root", G_CALLBACK (path_update), list_item, G_CONNECT_SWAPPED);
}

static void
set_path_factory (BinderyLogView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect_object (factory, "setup", G_CALLBACK (path_setup), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (path_bind), self, 0);
  gtk_column_view_column_set_factory (self->path_column, factory);
}

static void
update_empty (BinderyLogView *self)
{
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0
                                      ? "lines" : "empty");
}

static void
on_search_changed (BinderyLogView *self)
{
  /* Setting the entry's text goes through an empty text on the way. */
  if (self->syncing_entry)
    return;
  bindery_log_view_set_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_level_selected (BinderyLogView *self)
{
  bindery_log_view_set_min_level (self, (BinderyLogLevel) gtk_drop_down_get_selected (self->level_dropdown));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  bindery_log_view_copy_selected (BINDERY_LOG_VIEW (widget));
}

static void
export_response (GtkNativeDialog *dialog,
                 int              response,
                 gpointer         user_data)
{
  g_autoptr(BinderyLogView) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (!bindery_log_view_export (self, file, &error))
        {
          GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
          GtkWidget *message = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Could Not Export the Log"), error->message);

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (message), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (message));
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BinderyLogView *self = BINDERY_LOG_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export Log"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser),
                                     self->export_name != NULL ? self->export_name : "bindery.log");
  g_signal_connect (chooser, "response", G_CALLBACK (export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_items_changed (BinderyLogView *self)
{
  update_empty (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.export",
                                 g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0);
}

static void
on_selection_changed (BinderyLogView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.copy",
                                 gtk_single_selection_get_selected_item (self->selection) != NULL);
}

static void
bindery_log_view_dispose (GObject *object)
{
  BinderyLogView *self = BINDERY_LOG_VIEW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), BINDERY_TYPE_LOG_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (bindery_log_view_parent_class)->dispose (object);
}

static void
bindery_log_view_finalize (GObject *object)
{
  BinderyLogView *self = BINDERY_LOG_VIEW (object);

  g_free (self->search);
  g_free (self->export_name);
  g_free (self->root);

  G_OBJECT_CLASS (bindery_log_view_parent_class)->finalize (object);
}

static void
bindery_log_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BinderyLogView *self = BINDERY_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      g_value_set_string (value, self->root);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_log_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BinderyLogView *self = BINDERY_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      bindery_log_view_set_root (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_log_view_class_init (BinderyLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bindery_log_view_dispose;
  object_class->finalize = bindery_log_view_finalize;
  object_class->get_property = bindery_log_view_get_property;
  object_class->set_property = bindery_log_view_set_property;

  /* The library's folder: the File column shows paths relative to it. */
  properties[PROP_ROOT] =
    g_param_spec_string ("root", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BINDERY_TYPE_LOG_LINE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bindery/Bindery/bindery-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BinderyLogView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BinderyLogView, level_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BinderyLogView, stack);
  gtk_widget_class_bind_template_child (widget_class, BinderyLogView, column_view);
  gtk_widget_class_bind_template_child (widget_class, BinderyLogView, path_column);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_level_selected);

  gtk_widget_class_install_action (widget_class, "log.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "log.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "log.copy", NULL);
  gtk_widget_class_set_css_name (widget_class, "bindery-log-view");
}

static void
bindery_log_view_init (BinderyLogView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->min_level = BINDERY_LOG_INFO;
  set_path_factory (self);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (on_selection_changed), self,
                           G_CONNECT_SWAPPED);
  on_items_changed (self);
  on_selection_changed (self);
}

GtkWidget *
bindery_log_view_new (void)
{
  return g_object_new (BINDERY_TYPE_LOG_VIEW, NULL);
}

void
bindery_log_view_set_lines (BinderyLogView *self,
                            GListModel     *lines)
{
  g_return_if_fail (BINDERY_IS_LOG_VIEW (self));
  g_return_if_fail (lines == NULL || G_IS_LIST_MODEL (lines));

  gtk_filter_list_model_set_model (self->filtered, lines);
}

GListModel *
bindery_log_view_get_lines (BinderyLogView *self)
{
  g_return_val_if_fail (BINDERY_IS_LOG_VIEW (self), NULL);
  return gtk_filter_list_model_get_model (self->filtered);
}

GListModel *
bindery_log_view_get_shown (BinderyLogView *self)
{
  g_return_val_if_fail (BINDERY_IS_LOG_VIEW (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

BinderyLogLevel
bindery_log_view_get_min_level (BinderyLogView *self)
{
  g_return_val_if_fail (BINDERY_IS_LOG_VIEW (self), BINDERY_LOG_INFO);
  return self->min_level;
}

void
bindery_log_view_set_min_level (BinderyLogView  *self,
                                BinderyLogLevel  level)
{
  GtkFilterChange change;

  g_return_if_fail (BINDERY_IS_LOG_VIEW (self));
  g_return_if_fail (level <= BINDERY_LOG_ERROR);

  if (self->min_level == level)
    return;
  change = level > self->min_level ? GTK_FILTER_CHANGE_MORE_STRICT : GTK_FILTER_CHANGE_LESS_STRICT;
  self->min_level = level;
  if (gtk_drop_down_get_selected (self->level_dropdown) != (guint) level)
    gtk_drop_down_set_selected (self->level_dropdown, level);
  gtk_filter_changed (GTK_FILTER (self->filter), change);
}

const char *
bindery_log_view_get_search (BinderyLogView *self)
{
  g_return_val_if_fail (BINDERY_IS_LOG_VIEW (self), NULL);
  return self->search;
}

void
bindery_log_view_set_search (BinderyLogView *self,
                             const char     *text)
{
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  g_return_if_fail (BINDERY_IS_LOG_VIEW (self));

  if (text != NULL && text[0] == '\0')
    text = NULL;
  if (g_strcmp0 (self->search, text) == 0)
    return;

  if (self->search == NULL || (text != NULL && strstr (text, self->search) != NULL))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (text == NULL || strstr (self->search, text) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  g_free (self->search);
  self->search = g_strdup (text);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text != NULL ? text : "") != 0)
    {
      self->syncing_entry = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
      self->syncing_entry = FALSE;
    }
  gtk_filter_changed (GTK_FILTER (self->filter), change);
}

void
bindery_log_view_set_root (BinderyLogView *self,
                           const char     *root)
{
  g_return_if_fail (BINDERY_IS_LOG_VIEW (self));

  if (g_strcmp0 (self->root, root) == 0)
    return;
  g_free (self->root);
  self->root = g_strdup (root);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROOT]);
}

const char *
bindery_log_view_get_root (BinderyLogView *self)
{
  g_return_val_if_fail (BINDERY_IS_LOG_VIEW (self), NULL);
  return self->root;
}

void
bindery_log_view_set_export_name (BinderyLogView *self,
                                  const char     *name)
{
  g_return_if_fail (BINDERY_IS_LOG_VIEW (self));

  g_free (self->export_name);
  self->export_name = g_strdup (name);
}

gboolean
bindery_log_view_export (BinderyLogView  *self,
                         GFile           *file,
                         GError         **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (BINDERY_IS_LOG_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BinderyLogLine) line = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);
      g_autofree char *str = bindery_log_line_to_string (line);

      g_string_append (text, str);
      g_string_append_c (text, '\n');
    }

  return g_file_replace_contents (file, text->str, text->len, NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

gboolean
bindery_log_view_copy_selected (BinderyLogView *self)
{
  BinderyLogLine *line;
  g_autofree char *text = NULL;

  g_return_val_if_fail (BINDERY_IS_LOG_VIEW (self), FALSE);

  line = gtk_single_selection_get_selected_item (self->selection);
  if (line == NULL)
    return FALSE;

  text = bindery_log_line_to_string (line);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  return TRUE;
}

void
bindery_log_view_select (BinderyLogView *self,
                         guint           position)
{
  g_return_if_fail (BINDERY_IS_LOG_VIEW (self));

  gtk_single_selection_set_selected (self->selection, position);
}
