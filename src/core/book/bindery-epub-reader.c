/* bindery-epub-reader.c: EPUB 2/3 over the ZIP reader: container.xml → OPF → spine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pages are the spine items (resolved to zip entries against the OPF's folder); the cover
 * is the OPF's declared one or none. A missing or malformed container.xml or OPF makes
 * the book corrupt. A same-named .opf beside the book overrides the embedded OPF field by
 * field.
 */
#define G_LOG_DOMAIN "bindery-book"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bindery-book-private.h"
#include "bindery-metadata.h"

#include <string.h>
#include <zip.h>

/* "dir/Book.epub" → "dir/Book.opf" (also tried: ".OPF"). */
static void
apply_sidecar (BinderyBookInfo *info,
               const char      *path)
{
  static const char *const exts[] = { ".opf", ".OPF" };
  const char *base = strrchr (path, '/');
  const char *dot = strrchr (path, '.');
  gsize stem;

  if (dot == NULL || (base != NULL && dot < base))
    return;
  stem = dot - path;

  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      g_autofree char *sidecar = g_malloc (stem + strlen (exts[i]) + 1);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(BinderyOpf) opf = NULL;
      g_autofree char *data = NULL;
      gsize len;

      memcpy (sidecar, path, stem);
      strcpy (sidecar + stem, exts[i]);

      if (!g_file_test (sidecar, G_FILE_TEST_IS_REGULAR))
        continue;
      if (!g_file_get_contents (sidecar, &data, &len, &local_error))
        {
          g_ptr_array_add (info->warnings, g_strdup_printf (_("Sidecar OPF not read: %s"),
                                                            local_error->message));
          return;
        }
      opf = bindery_opf_parse (data, len, "", info->warnings, &local_error);
      if (opf == NULL)
        {
          g_ptr_array_add (info->warnings, g_strdup_printf (_("Sidecar OPF ignored: %s"),
                                                            local_error ? local_error->message
                                                                        : "not readable"));
          return;
        }
      if (opf->metadata != NULL)
        bindery_metadata_merge (info->metadata, opf->metadata);
      return;
    }
}

static GBytes *
read_named (zip_t       *za,
            gint64       index,
            const char  *name,
            const char  *what,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GBytes *bytes;

  if (index < 0 && name != NULL)
    index = bindery_zip_locate (za, name);
  if (index < 0)
    {
      g_autofree char *display = g_utf8_make_valid (name, -1);
      g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                   _("The EPUB has no %s (%s)"), what, display);
      return NULL;
    }
  bytes = bindery_zip_read_index (za, index, name, BINDERY_BOOK_MAX_XML_SIZE, &local_error);
  if (bytes == NULL)
    {
      /* An encrypted or unreadable OPF keeps its kind; anything else is corrupt. */
      int code = local_error->code;
      if (code != BINDERY_BOOK_ERROR_ENCRYPTED && code != BINDERY_BOOK_ERROR_UNREADABLE)
        code = BINDERY_BOOK_ERROR_CORRUPT;
      g_set_error (error, BINDERY_BOOK_ERROR, code, _("The EPUB's %s cannot be read: %s"),
                   what, local_error->message);
    }
  return bytes;
}

BinderyBookInfo *
bindery_epub_read_info (zip_t       *za,
                        const char  *path,
                        gint64       container_index,
                        gboolean     sidecar,
                        GError     **error)
{
  g_autoptr(BinderyBookInfo) info = NULL;
  g_autoptr(GBytes) container = NULL;
  g_autoptr(GBytes) opf_bytes = NULL;
  g_autoptr(BinderyOpf) opf = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *rootfile = NULL;
  const char *data;
  gsize len;

  container = read_named (za, container_index, "META-INF/container.xml", "container.xml", error);
  if (container == NULL)
    return NULL;
  data = g_bytes_get_data (container, &len);
  rootfile = bindery_epub_container_rootfile (data, len, &local_error);
  if (rootfile == NULL || rootfile[0] == '\0')
    {
      g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                   _("The EPUB's container.xml is malformed: %s"),
                   local_error ? local_error->message : "no rootfile");
      return NULL;
    }
  if (!bindery_book_entry_name_is_safe (rootfile))
    {
      g_autofree char *display = g_utf8_make_valid (rootfile, -1);
      g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNSAFE_ENTRY_NAME,
                   _("The EPUB's container.xml names an unsafe OPF path “%s”"), display);
      return NULL;
    }

  opf_bytes = read_named (za, -1, rootfile, "OPF package document", error);
  if (opf_bytes == NULL)
    return NULL;
  data = g_bytes_get_data (opf_bytes, &len);

  info = bindery_book_info_new ();
  info->format = BINDERY_BOOK_FORMAT_EPUB;
  opf = bindery_opf_parse (data, len, rootfile, info->warnings, &local_error);
  if (opf == NULL)
    {
      g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                   _("The EPUB's OPF package document is malformed: %s"),
                   local_error ? local_error->message : "not readable");
      return NULL;
    }
  if (opf->spine == NULL || opf->spine->len == 0)
    {
      g_set_error_literal (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_NO_PAGES,
                           _("The EPUB's spine is empty"));
      return NULL;
    }

  info->pages = g_ptr_array_ref (opf->spine);
  info->page_count = info->pages->len;
  info->cover_entry = g_strdup (opf->cover_href);
  info->cover_index = -1;
  if (opf->metadata != NULL)
    {
      json_object_unref (info->metadata);
      info->metadata = json_object_ref (opf->metadata);
    }
  if (sidecar)
    apply_sidecar (info, path);
  return g_steal_pointer (&info);
}
