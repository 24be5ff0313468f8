/* app-test-util.c: helpers for the app tests (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "app-test-util.h"

static gboolean
timeout_cb (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

void
app_test_wait_until (AppTestCondition condition,
                     gpointer         data,
                     guint            timeout_s)
{
  gboolean expired = FALSE;
  guint source = g_timeout_add_seconds (timeout_s, timeout_cb, &expired);

  while (!condition (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (source);
  if (!condition (data))
    g_error ("condition not reached within %u s", timeout_s);
}

void
app_test_flush (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
app_test_copy_tree (const char *source,
                    const char *dest)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  g_assert_cmpint (g_mkdir (dest, 0700), ==, 0);
  dir = g_dir_open (source, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (source, name, NULL);
      g_autofree char *to = g_build_filename (dest, name, NULL);

      if (g_file_test (from, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (from, G_FILE_TEST_IS_DIR))
        {
          app_test_copy_tree (from, to);
        }
      else
        {
          g_autoptr(GFile) src = g_file_new_for_path (from);
          g_autoptr(GFile) dst = g_file_new_for_path (to);

          g_assert_true (g_file_copy (src, dst, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
          g_assert_no_error (error);
        }
    }
}

void
app_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;
  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          app_test_rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

char *
app_test_make_tmp_dir (const char *prefix)
{
  g_autofree char *template = g_strconcat (prefix, "-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}

char *
app_test_fixture (const char *name)
{
  const char *root = g_getenv ("BINDERY_FIXTURES");
  g_autofree char *path = NULL;

  if (root == NULL || !g_file_test (root, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("the fixtures are not available (BINDERY_FIXTURES)");
      return NULL;
    }
  path = g_build_filename (root, name, NULL);
  return g_steal_pointer (&path);
}

static void
set_true (gboolean *flag)
{
  *flag = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
widget_allocated (gpointer data)
{
  return gtk_widget_get_width (data) > 0 && gtk_widget_get_height (data) > 0;
}

void
app_test_save_screenshot (GtkWidget  *window,
                          const char *name)
{
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;

  /* The frame clock lays the window out on its own ticks: wait for a painted frame. */
  app_test_wait_until (widget_allocated, window, 10);
  {
    GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
    gboolean painted = FALSE;
    gulong handler;

    if (clock != NULL)
      {
        handler = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (set_true), &painted);
        gtk_widget_queue_draw (window);
        app_test_wait_until (flag_set, &painted, 10);
        g_signal_handler_disconnect (clock, handler);
      }
  }
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);

  if (builddir == NULL || renderer == NULL || width <= 0 || height <= 0)
    {
      g_test_message ("no screenshot of %s: %s", name, renderer == NULL ? "not realized" : "no size");
      return;
    }
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_test_message ("no screenshot of %s: nothing drawn", name);
      return;
    }
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (builddir, "..", "meson-logs", file, NULL);
  if (gdk_texture_save_to_png (texture, path))
    g_test_message ("screenshot: %s", path);
  else
    g_test_message ("no screenshot of %s: cannot write %s", name, path);
}
