/* fuzz-opf.c: fuzz target for the EPUB package (OPF) parser and container.xml
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Seeds: the OPF and container.xml of every fixture EPUB, and sidecar .opf files.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bindery-book.h"
#include "bindery-metadata.h"
#include "fuzz-runner.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) container_error = NULL;
  g_autoptr(BinderyOpf) opf = NULL;
  g_autoptr(BinderyOpf) sidecar = NULL;
  g_autofree char *rootfile = NULL;

  bindery_metadata_init ();
  opf = bindery_opf_parse ((const char *) data, size, "OEBPS/content.opf", warnings, &error);
  if ((opf == NULL) == (error == NULL))
    abort ();
  /* every resolved href stays inside the container */
  for (guint i = 0; opf != NULL && i < opf->spine->len; i++)
    {
      const char *href = g_ptr_array_index (opf->spine, i);

      g_auto(GStrv) parts = NULL;

      if (href == NULL || href[0] == '/')
        abort ();
      parts = g_strsplit (href, "/", -1);
      for (guint p = 0; parts[p] != NULL; p++)
        if (strcmp (parts[p], "..") == 0)
          abort ();
    }
  g_clear_error (&error);
  sidecar = bindery_opf_parse ((const char *) data, size, "", warnings, &error);
  rootfile = bindery_epub_container_rootfile ((const char *) data, size, &container_error);
  if ((rootfile == NULL) == (container_error == NULL))
    abort ();
  return 0;
}

#ifndef BINDERY_LIBFUZZER

const char * const fuzz_target_dictionary[] = {
  "<", ">", "</", "/>", "&amp;", "<!DOCTYPE package [", "]>", "<!ENTITY e \"x\">", "&e;",
  "<![CDATA[", "]]>", "xmlns=\"http://www.idpf.org/2007/opf\"", "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"",
  "<dc:title>", "<dc:creator opf:role=\"aut\">", "<meta name=\"cover\" content=\"", "properties=\"cover-image\"",
  "<itemref idref=\"", "<item id=\"", "href=\"", "../", "%2e%2e/", "#frag", "?q", "http://x/",
  "refines=\"#", "<meta property=\"belongs-to-collection\"", "<dc:date>", "\xe9", NULL,
};
const guint fuzz_target_mutations = 300;

static void
add_entry (const char *path,
           const char *entry,
           GPtrArray  *seeds)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = bindery_book_read_entry (path, BINDERY_BOOK_FORMAT_ZIP, entry, 1 << 20, &error);

  if (bytes != NULL)
    g_ptr_array_add (seeds, bytes);
}

void
fuzz_target_add_seeds (const char *path,
                       const char *relative_path,
                       GPtrArray  *seeds)
{
  if (g_str_has_suffix (relative_path, ".opf"))
    {
      g_autoptr(GError) error = NULL;
      char *data;
      gsize len;

      if (g_file_get_contents (path, &data, &len, &error))
        g_ptr_array_add (seeds, g_bytes_new_take (data, len));
      return;
    }
  if (g_str_has_suffix (relative_path, ".epub"))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) container = bindery_book_read_entry (path, BINDERY_BOOK_FORMAT_ZIP,
                                                             "META-INF/container.xml", 1 << 20, &error);
      g_autofree char *rootfile = NULL;
      const char *data;
      gsize len = 0;

      if (container == NULL)
        return;
      data = g_bytes_get_data (container, &len);
      rootfile = bindery_epub_container_rootfile (data, len, NULL);
      g_ptr_array_add (seeds, g_bytes_ref (container));
      if (rootfile != NULL)
        add_entry (path, rootfile, seeds);
    }
}

#endif /* BINDERY_LIBFUZZER */
