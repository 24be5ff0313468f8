/* fuzz-comicinfo.c: fuzz target for the ComicInfo.xml parser (libxml2 under our safety hooks,
 * the Windows-1252 fallback, the field rules)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Seeds: the ComicInfo.xml of every fixture archive that has one.
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
  JsonObject *record;
  int front_cover = 7;

  bindery_metadata_init ();
  record = bindery_comicinfo_parse ((const char *) data, size, &front_cover, warnings, &error);
  /* Invariants: a record or an error, never both; a record's strings are UTF-8. */
  if ((record == NULL) == (error == NULL))
    abort ();
  if (record != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), record);
      g_autofree char *text = json_to_string (node, FALSE);

      if (!g_utf8_validate (text, -1, NULL))
        abort ();
      json_object_unref (record);
    }
  else if (front_cover != -1)
    abort ();
  for (guint i = 0; i < warnings->len; i++)
    if (!g_utf8_validate (g_ptr_array_index (warnings, i), -1, NULL))
      abort ();
  return 0;
}

#ifndef BINDERY_LIBFUZZER

const char * const fuzz_target_dictionary[] = {
  "<", ">", "</", "/>", "&", "&amp;", "&#233;", "&#x0;", "<!DOCTYPE ComicInfo [", "]>",
  "<!ENTITY e \"x\">", "<!ENTITY e SYSTEM \"file:///etc/passwd\">", "&e;", "<![CDATA[", "]]>",
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "encoding='ISO-8859-1'", "\xef\xbb\xbf", "\xe9",
  "\x93", "\xff\xfe", "<Number>", "<Year>", "<Month>13</Month>", "<Day>", "<Pages><Page Image=\"",
  "Type=\"FrontCover\"", "<CommunityRating>", "<Manga>", "<LanguageISO>", "-1", "1/2", ",", NULL,
};
const guint fuzz_target_mutations = 300;

void
fuzz_target_add_seeds (const char *path,
                       const char *relative_path,
                       GPtrArray  *seeds)
{
  g_autoptr(BinderyBookInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  if (bindery_book_format_from_name (relative_path) == BINDERY_BOOK_FORMAT_UNKNOWN)
    return;
  bytes = bindery_book_read_entry (path, BINDERY_BOOK_FORMAT_UNKNOWN, "ComicInfo.xml", 1 << 20, &error);
  if (bytes != NULL)
    g_ptr_array_add (seeds, bytes);
}

#endif /* BINDERY_LIBFUZZER */
