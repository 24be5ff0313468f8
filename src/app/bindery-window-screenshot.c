/* bindery-window-screenshot.c: the window saved as a PNG, now or once its covers have settled
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-app"

#include "config.h"

#include <glib/gstdio.h>

#include "bindery-window-private.h"

gboolean
bindery_window_save_screenshot (BinderyWindow  *self,
                                const char     *path,
                                GError        **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *tmp_path = NULL;
  GskRenderer *renderer;
  int width, height;

  g_return_val_if_fail (BINDERY_IS_WINDOW (self), FALSE);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  renderer = gtk_native_get_renderer (GTK_NATIVE (self));
  if (renderer == NULL || width <= 0 || height <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The window is not shown");
      return FALSE;
    }

  paintable = gtk_widget_paintable_new (GTK_WIDGET (self));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Nothing to render");
      return FALSE;
    }
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  /* Written under another name and renamed, so a reader never sees half a file. */
  tmp_path = g_strconcat (path, ".tmp", NULL);
  if (!gdk_texture_save_to_png (texture, tmp_path) || g_rename (tmp_path, path) != 0)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_unlink (tmp_path);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write %s", display);
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  BinderyWindow *window;
  char          *path;
  guint          ticks;
  guint          settled;
} Screenshot;

static gboolean
screenshot_tick (gpointer data)
{
  Screenshot *shot = data;
  g_autoptr(GError) error = NULL;

  /* Wait for the covers in flight, then for their cross-fade (150 ms), at most 5 s. */
  shot->ticks++;
  if (bindery_cover_loader_get_n_pending (shot->window->cover_loader) == 0)
    shot->settled++;
  else
    shot->settled = 0;
  if (shot->settled < 6 && shot->ticks < 100)
    return G_SOURCE_CONTINUE;

  if (!bindery_window_save_screenshot (shot->window, shot->path, &error))
    g_message ("Could not save a screenshot: %s", error->message);
  return G_SOURCE_REMOVE;
}

static void
screenshot_free (gpointer data)
{
  Screenshot *shot = data;

  g_object_unref (shot->window);
  g_free (shot->path);
  g_free (shot);
}

void
bindery_window_save_screenshot_when_ready (BinderyWindow *self,
                                           const char    *path)
{
  Screenshot *shot;

  g_return_if_fail (BINDERY_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  shot = g_new0 (Screenshot, 1);
  shot->window = g_object_ref (self);
  shot->path = g_strdup (path);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 50, screenshot_tick, shot, screenshot_free);
}
