/* bindery-cover-cell.c: one cover in the gallery (a series or a book)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-app"

#include "config.h"

#include <glib/gi18n.h>

#include "bindery-book-item.h"
#include "bindery-cover-cell.h"
#include "bindery-series-item.h"

struct _BinderyCoverCell
{
  GtkWidget           parent_instance;

  /* template */
  GtkOverlay         *overlay;
  GtkStack           *cover_stack;
  GtkPicture         *picture;
  GtkImage           *badge;
  GtkLabel           *count;
  GtkLabel           *title;
  GtkLabel           *subtitle;

  /* owned */
  BinderyCoverLoader *loader;
  GObject            *item;
  GSignalGroup       *item_signals;
  GCancellable       *cancellable;
  char               *cover_path;
};

G_DEFINE_FINAL_TYPE (BinderyCoverCell, bindery_cover_cell, GTK_TYPE_WIDGET)

static int
texture_height (BinderyCoverCell *self)
{
  return BINDERY_COVER_HEIGHT * gtk_widget_get_scale_factor (GTK_WIDGET (self));
}

static void
show_placeholder (BinderyCoverCell *self)
{
  gtk_picture_set_paintable (self->picture, NULL);
  gtk_stack_set_visible_child_name (self->cover_stack, "placeholder");
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(BinderyCoverCell) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = bindery_cover_loader_load_finish (BINDERY_COVER_LOADER (source), result, &error);
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No cover: %s", error->message);
      return;
    }
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_stack_set_visible_child_name (self->cover_stack, "cover");
}

static void
set_cover_path (BinderyCoverCell *self,
                const char       *path)
{
  GdkTexture *cached;

  if (g_strcmp0 (self->cover_path, path) == 0)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_free (self->cover_path);
  self->cover_path = g_strdup (path);

  if (path == NULL || self->loader == NULL)
    {
      show_placeholder (self);
      return;
    }

  cached = bindery_cover_loader_lookup (self->loader, path, texture_height (self));
  if (cached != NULL)
    {
      /* No transition for a cover we already have: scrolling back must not flicker. */
      gtk_stack_set_transition_type (self->cover_stack, GTK_STACK_TRANSITION_TYPE_NONE);
      gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (cached));
      gtk_stack_set_visible_child_name (self->cover_stack, "cover");
      gtk_stack_set_transition_type (self->cover_stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
      return;
    }

  show_placeholder (self);
  self->cancellable = g_cancellable_new ();
  bindery_cover_loader_load_async (self->loader, path, texture_height (self), self->cancellable,
                                   load_done, g_object_ref (self));
}

static void
set_badge (BinderyCoverCell *self,
           const char       *icon_name,
           const char       *css_class,
           const char       *tooltip)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->badge), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->badge), "warning");
  gtk_widget_set_visible (GTK_WIDGET (self->badge), icon_name != NULL);
  if (icon_name == NULL)
    return;
  gtk_image_set_from_icon_name (self->badge, icon_name);
  gtk_widget_add_css_class (GTK_WIDGET (self->badge), css_class);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->badge), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->badge),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
}

static void
update_from_series (BinderyCoverCell  *self,
                    BinderySeriesItem *series)
{
  guint n_books = bindery_series_item_get_book_count (series);
  guint n_missing = bindery_series_item_get_missing_count (series);
  guint n_errors = bindery_series_item_get_error_count (series);
  g_autofree char *books = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u book", "%u books", n_books), n_books);
  g_autofree char *count = g_strdup_printf ("%u", n_books);

  gtk_label_set_label (self->title, bindery_series_item_get_name (series));
  gtk_label_set_label (self->subtitle, books);
  gtk_label_set_label (self->count, count);
  gtk_widget_set_visible (GTK_WIDGET (self->count), n_books > 0);
  set_cover_path (self, bindery_series_item_get_cover (series));

  if (n_errors > 0)
    {
      g_autofree char *tip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u book could not be read",
                                                           "%u books could not be read", n_errors), n_errors);

      set_badge (self, "dialog-warning-symbolic", "error", tip);
    }
  else if (n_missing > 0 || g_strcmp0 (bindery_series_item_get_status (series), "missing") == 0)
    {
      g_autofree char *tip = NULL;

      if (n_missing > 0)
        tip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u book is missing", "%u books are missing",
                                            n_missing), n_missing);
      else
        tip = g_strdup (_("The series folder is missing"));
      set_badge (self, "bindery-missing-symbolic", "warning", tip);
    }
  else
    {
      set_badge (self, NULL, NULL, NULL);
    }
}

static const char *
error_kind_label (const char *kind)
{
  static const struct {
    const char *kind;
    const char *label;
  } kinds[] = {
    { "corrupt", N_("Damaged") },
    { "encrypted", N_("Password protected") },
    { "unsupported", N_("Unsupported") },
    { "no-pages", N_("No pages") },
    { "unsafe-entry-name", N_("Unsafe contents") },
    { "unreadable", N_("Unreadable") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (g_strcmp0 (kind, kinds[i].kind) == 0)
        return _(kinds[i].label);
    }
  return _("Could not be read");
}

static void
update_from_book (BinderyCoverCell *self,
                  BinderyBookItem  *book)
{
  const char *number = bindery_book_item_get_number (book);
  const char *status = bindery_book_item_get_status (book);
  int year = bindery_book_item_get_year (book);
  g_autofree char *subtitle = NULL;

  if (number != NULL && number[0] != '\0' && year > 0)
    subtitle = g_strdup_printf (_("#%s · %d"), number, year);
  else if (number != NULL && number[0] != '\0')
    subtitle = g_strdup_printf (_("#%s"), number);
  else if (year > 0)
    subtitle = g_strdup_printf ("%d", year);
  else if (bindery_book_item_get_format (book) != NULL)
    subtitle = g_ascii_strup (bindery_book_item_get_format (book), -1);

  /* A book that cannot be read says why instead. */
  if (g_strcmp0 (status, "error") == 0)
    {
      g_free (subtitle);
      subtitle = g_strdup (error_kind_label (bindery_book_item_get_error_kind (book)));
    }
  else if (g_strcmp0 (status, "missing") == 0)
    {
      g_free (subtitle);
      subtitle = g_strdup (_("Missing"));
    }

  gtk_label_set_label (self->title, bindery_book_item_get_display_title (book));
  gtk_label_set_label (self->subtitle, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->count), FALSE);
  set_cover_path (self, bindery_book_item_get_thumbnail (book));

  if (g_strcmp0 (status, "error") == 0)
    {
      const char *message = bindery_book_item_get_error_message (book);

      set_badge (self, "dialog-warning-symbolic", "error",
                 message != NULL ? message : _("This book could not be read"));
    }
  else if (g_strcmp0 (status, "missing") == 0)
    {
      set_badge (self, "bindery-missing-symbolic", "warning", _("The file is missing"));
    }
  else
    {
      set_badge (self, NULL, NULL, NULL);
    }
}

static void
update (BinderyCoverCell *self)
{
  if (BINDERY_IS_SERIES_ITEM (self->item))
    update_from_series (self, BINDERY_SERIES_ITEM (self->item));
  else if (BINDERY_IS_BOOK_ITEM (self->item))
    update_from_book (self, BINDERY_BOOK_ITEM (self->item));
  else
    {
      gtk_label_set_label (self->title, "");
      gtk_label_set_label (self->subtitle, "");
      gtk_widget_set_visible (GTK_WIDGET (self->count), FALSE);
      set_cover_path (self, NULL);
      set_badge (self, NULL, NULL, NULL);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_label_get_label (self->title),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, gtk_label_get_label (self->subtitle),
                                  -1);
}

static void
on_item_notify (BinderyCoverCell *self)
{
  update (self);
}

static void
bindery_cover_cell_dispose (GObject *object)
{
  BinderyCoverCell *self = BINDERY_COVER_CELL (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->item_signals != NULL)
    g_signal_group_set_target (self->item_signals, NULL);
  g_clear_object (&self->item_signals);
  g_clear_object (&self->item);
  g_clear_object (&self->loader);
  gtk_widget_dispose_template (GTK_WIDGET (self), BINDERY_TYPE_COVER_CELL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (bindery_cover_cell_parent_class)->dispose (object);
}

static void
bindery_cover_cell_finalize (GObject *object)
{
  BinderyCoverCell *self = BINDERY_COVER_CELL (object);

  g_free (self->cover_path);

  G_OBJECT_CLASS (bindery_cover_cell_parent_class)->finalize (object);
}

static void
bindery_cover_cell_class_init (BinderyCoverCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bindery_cover_cell_dispose;
  object_class->finalize = bindery_cover_cell_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bindery/Bindery/bindery-cover-cell.ui");
  gtk_widget_class_bind_template_child (widget_class, BinderyCoverCell, overlay);
  gtk_widget_class_bind_template_child (widget_class, BinderyCoverCell, cover_stack);
  gtk_widget_class_bind_template_child (widget_class, BinderyCoverCell, picture);
  gtk_widget_class_bind_template_child (widget_class, BinderyCoverCell, badge);
  gtk_widget_class_bind_template_child (widget_class, BinderyCoverCell, count);
  gtk_widget_class_bind_template_child (widget_class, BinderyCoverCell, title);
  gtk_widget_class_bind_template_child (widget_class, BinderyCoverCell, subtitle);
  gtk_widget_class_set_css_name (widget_class, "bindery-cover-cell");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bindery_cover_cell_init (BinderyCoverCell *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_set_size_request (GTK_WIDGET (self->cover_stack), BINDERY_COVER_WIDTH, BINDERY_COVER_HEIGHT);
  self->item_signals = g_signal_group_new (G_TYPE_OBJECT);
  g_signal_group_connect_swapped (self->item_signals, "notify", G_CALLBACK (on_item_notify), self);
}

GtkWidget *
bindery_cover_cell_new (BinderyCoverLoader *loader)
{
  BinderyCoverCell *self = g_object_new (BINDERY_TYPE_COVER_CELL, NULL);

  g_set_object (&self->loader, loader);
  return GTK_WIDGET (self);
}

void
bindery_cover_cell_set_item (BinderyCoverCell *self,
                             GObject          *item)
{
  g_return_if_fail (BINDERY_IS_COVER_CELL (self));
  g_return_if_fail (item == NULL || G_IS_OBJECT (item));

  if (self->item == item)
    return;

  g_set_object (&self->item, item);
  g_signal_group_set_target (self->item_signals, item);
  update (self);
}

GObject *
bindery_cover_cell_get_item (BinderyCoverCell *self)
{
  g_return_val_if_fail (BINDERY_IS_COVER_CELL (self), NULL);
  return self->item;
}

gboolean
bindery_cover_cell_has_cover (BinderyCoverCell *self)
{
  g_return_val_if_fail (BINDERY_IS_COVER_CELL (self), FALSE);
  return gtk_picture_get_paintable (self->picture) != NULL;
}
