/* bindery-thumbnailer-main.c: bindery-thumbnailer -s SIZE INPUT OUTPUT
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A freedesktop.org thumbnailer: writes the book's cover as a PNG whose larger side
 * is at most SIZE (smaller covers are not scaled up), made by the same code as the
 * thumbnail job. INPUT is a file name or a local URI. Exit status 0 on success,
 * 1 when no thumbnail could be made, 2 on bad usage.
 */
#define G_LOG_DOMAIN "bindery-thumbnailer"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <locale.h>
#include <stdio.h>

#include "bindery-core.h"
#include "bindery-context.h"
#include "bindery-thumbnailer.h"

#define MAX_SIZE 4096

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) input = NULL;
  g_autoptr(BinderyCover) cover = NULL;
  g_autofree char *input_path = NULL;
  g_auto(GStrv) files = NULL;
  BinderyCoverRequest request = { 0, };
  int size = 256;
  GOptionEntry entries[] = {
    { "size", 's', 0, G_OPTION_ARG_INT, &size, N_("Largest width or height of the thumbnail (default 256)"), "SIZE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "INPUT OUTPUT" },
    { NULL }
  };

  bindery_core_init ();
  g_set_prgname ("bindery-thumbnailer");

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Writes the cover of a comic or ebook (INPUT) as a PNG thumbnail (OUTPUT)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bindery-thumbnailer: %s\n", error->message);
      return 2;
    }
  if (files == NULL || g_strv_length (files) != 2)
    {
      fprintf (stderr, _("Usage: bindery-thumbnailer -s SIZE INPUT OUTPUT\n"));
      return 2;
    }
  if (size < 1 || size > MAX_SIZE)
    {
      fprintf (stderr, _("bindery-thumbnailer: SIZE must be between 1 and %d\n"), MAX_SIZE);
      return 2;
    }

  input = g_file_new_for_commandline_arg (files[0]);
  input_path = g_file_get_path (input);
  if (input_path == NULL)
    {
      fprintf (stderr, _("bindery-thumbnailer: %s is not a local file\n"), files[0]);
      return 1;
    }

  request.max_width = size;
  request.max_height = size;
  cover = bindery_thumbnailer_render_cover (input_path, &request, &error);
  if (cover == NULL)
    {
      g_autofree char *shown = g_filename_display_name (input_path);
      fprintf (stderr, "bindery-thumbnailer: %s: %s\n", shown, error->message);
      return 1;
    }
  for (guint i = 0; i < cover->warnings->len; i++)
    g_debug ("%s", (const char *) g_ptr_array_index (cover->warnings, i));

  if (!gdk_pixbuf_save (cover->pixbuf, files[1], "png", &error, NULL))
    {
      g_autofree char *shown = g_filename_display_name (files[1]);
      fprintf (stderr, _("bindery-thumbnailer: cannot write %s: %s\n"), shown, error->message);
      return 1;
    }
  return 0;
}
