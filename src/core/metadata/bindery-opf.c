/* bindery-opf.c: EPUB container.xml and OPF package documents (EPUB 2 and 3) → metadata record,
 * spine and cover
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Metadata (element and attribute names matched by local name, any namespace prefix):
 *   - Title: the first dc:title whose EPUB 3 title-type is "main", else the first dc:title.
 *   - Creators [{name, role}]: every dc:creator, and every dc:contributor with a role other than
 *     "bkp" (book producer: the tool that made the file). The role is the MARC relator from the
 *     EPUB 2 opf:role attribute or an EPUB 3 <meta refines="#id" property="role">, lower-cased;
 *     omitted when there is none.
 *   - Role lists: dc:creator with role aut (or none) → Writer[]; ill/art → Penciller[]; clr →
 *     Colorist[]; cov → CoverArtist[]; edt → Editor[]; trl → Translator[] (also the spelled out
 *     "author", "illustrator", "editor", "translator").
 *   - Publisher; Date (the dc:date without opf:event or with event "publication", else the first)
 *     plus Year/Month/Day; LanguageISO (first valid dc:language; invalid ones are warnings).
 *   - Summary: dc:description; when it holds HTML markup the tags are removed (block ends become
 *     line breaks) and HTML character references decoded.
 *   - Genre[]: every dc:subject, one item each. Identifier[]: every dc:identifier.
 *   - ISBN: the first identifier whose opf:scheme (or EPUB 3 identifier-type) says ISBN, or that
 *     starts with "urn:isbn:"/"isbn:", or that is a valid ISBN-10/13 once hyphens and spaces are
 *     removed; stored without "urn:isbn:", hyphens and spaces.
 *   - Series/Number: calibre:series + calibre:series_index when present, else the EPUB 3
 *     belongs-to-collection (the first with collection-type "series", else the first) + its
 *     group-position. A decimal index is written without a useless fraction ("2.0" → "2").
 * Manifest and spine: spine itemrefs → manifest hrefs, resolved against the OPF's folder
 * (bindery_epub_resolve_href()); itemrefs naming no manifest item are skipped with a warning.
 * Cover: the first manifest item whose properties hold "cover-image", else the item whose id
 * (or, for old files, href) is the content of <meta name="cover">.
 * A root other than <package> is BINDERY_METADATA_ERROR_INVALID, and so is an OPF inside an
 * EPUB (opf_path not "") without <manifest> or <spine>; a sidecar OPF may lack both.
 */
#define G_LOG_DOMAIN "bindery-metadata"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "bindery-metadata.h"
#include "bindery-metadata-private.h"
#include "bindery-opf-private.h"
#include "bindery-xml-private.h"

void
bindery_opf_free (BinderyOpf *opf)
{
  if (opf == NULL)
    return;
  g_clear_pointer (&opf->metadata, json_object_unref);
  g_clear_pointer (&opf->spine, g_ptr_array_unref);
  g_clear_pointer (&opf->cover_href, g_free);
  g_free (opf);
}

/* ---- Paths ----------------------------------------------------------------------------- */

static gboolean
has_uri_scheme (const char *href)
{
  const char *p = href;

  if (!g_ascii_isalpha (*p))
    return FALSE;
  while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
    p++;
  return *p == ':';
}

char *
bindery_epub_normalize_path (const char *base_dir,
                             const char *path)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_auto(GStrv) base_parts = NULL;
  g_auto(GStrv) path_parts = NULL;

  if (path[0] != '/' && base_dir != NULL)
    base_parts = g_strsplit (base_dir, "/", -1);
  path_parts = g_strsplit (path, "/", -1);

  for (int round = 0; round < 2; round++)
    {
      GStrv list = round == 0 ? base_parts : path_parts;

      for (guint i = 0; list != NULL && list[i] != NULL; i++)
        {
          if (list[i][0] == '\0' || strcmp (list[i], ".") == 0)
            continue;
          if (strcmp (list[i], "..") == 0)
            {
              /* never climbs out of the container */
              if (parts->len > 0)
                g_ptr_array_remove_index (parts, parts->len - 1);
              continue;
            }
          g_ptr_array_add (parts, list[i]);
        }
    }

  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("/", (char **) parts->pdata);
}

char *
bindery_epub_resolve_href (const char *opf_path,
                           const char *href)
{
  g_autofree char *stripped = bindery_metadata_strip (href);
  g_autofree char *decoded = NULL;
  g_autofree char *base_dir = NULL;
  char *cut;

  if (stripped == NULL || has_uri_scheme (stripped))
    return NULL;

  cut = strpbrk (stripped, "#?");
  if (cut != NULL)
    *cut = '\0';

  decoded = g_uri_unescape_string (stripped, NULL);
  if (decoded == NULL)
    decoded = g_strdup (stripped);

  if (opf_path != NULL && strchr (opf_path, '/') != NULL)
    base_dir = g_path_get_dirname (opf_path);

  return bindery_epub_normalize_path (base_dir, decoded);
}

/* ---- container.xml --------------------------------------------------------------------- */

char *
bindery_epub_container_rootfile (const char  *data,
                                 gsize        len,
                                 GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *root;

  doc = bindery_xml_parse (data, len, "META-INF/container.xml", error);
  if (doc == NULL)
    return NULL;

  root = xmlDocGetRootElement (doc);
  if (!bindery_xml_is_element (root, "container"))
    {
      g_set_error (error, BINDERY_METADATA_ERROR, BINDERY_METADATA_ERROR_INVALID,
                   _("META-INF/container.xml: the root element is <%s>, not <container>"),
                   (const char *) root->name);
      return NULL;
    }

  for (xmlNode *rootfiles = root->children; rootfiles != NULL; rootfiles = rootfiles->next)
    {
      if (!bindery_xml_is_element (rootfiles, "rootfiles"))
        continue;
      for (xmlNode *node = rootfiles->children; node != NULL; node = node->next)
        {
          g_autofree char *full_path = NULL;
          char *path;

          if (!bindery_xml_is_element (node, "rootfile"))
            continue;
          full_path = bindery_xml_attr (node, "full-path");
          if (full_path == NULL)
            continue;
          path = bindery_epub_normalize_path (NULL, full_path);
          if (path != NULL)
            return path;
        }
    }

  g_set_error_literal (error, BINDERY_METADATA_ERROR, BINDERY_METADATA_ERROR_INVALID,
                       _("META-INF/container.xml names no rootfile"));
  return NULL;
}

/* ---- OPF ------------------------------------------------------------------------------- */

typedef struct {
  xmlNode    *metadata;
  GHashTable *refines;   /* id → GPtrArray of <meta refines="#id"> nodes */
  GPtrArray  *warnings;
} OpfReader;

static void
collect_refines (OpfReader *reader,
                 xmlNode   *container)
{
  for (xmlNode *node = container->children; node != NULL; node = node->next)
    {
      g_autofree char *refines = NULL;
      GPtrArray *list;

      if (bindery_xml_is_element (node, "dc-metadata") ||
          bindery_xml_is_element (node, "x-metadata"))
        {
          collect_refines (reader, node);
          continue;
        }
      if (!bindery_xml_is_element (node, "meta"))
        continue;
      refines = bindery_xml_attr (node, "refines");
      if (refines == NULL || refines[0] != '#' || refines[1] == '\0')
        continue;

      list = g_hash_table_lookup (reader->refines, refines + 1);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (reader->refines, g_strdup (refines + 1), list);
        }
      g_ptr_array_add (list, node);
    }
}

/* The text of the first <meta refines="#id" property="property">, or NULL. */
static char *
refined (OpfReader  *reader,
         xmlNode    *node,
         const char *property)
{
  g_autofree char *id = bindery_xml_attr (node, "id");
  GPtrArray *list;

  if (id == NULL)
    return NULL;
  list = g_hash_table_lookup (reader->refines, id);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      g_autofree char *name = bindery_xml_attr (list->pdata[i], "property");

      if (g_strcmp0 (name, property) == 0)
        return bindery_xml_text (list->pdata[i]);
    }
  return NULL;
}

/* Elements of metadata (and of nested dc-metadata/x-metadata, OPF 1.x) named local_name. */
static void
collect_elements (xmlNode    *container,
                  const char *local_name,
                  GPtrArray  *out)
{
  for (xmlNode *node = container->children; node != NULL; node = node->next)
    {
      if (bindery_xml_is_element (node, "dc-metadata") ||
          bindery_xml_is_element (node, "x-metadata"))
        collect_elements (node, local_name, out);
      else if (bindery_xml_is_element (node, local_name))
        g_ptr_array_add (out, node);
    }
}

static GPtrArray *
elements (OpfReader  *reader,
          const char *local_name)
{
  GPtrArray *out = g_ptr_array_new ();

  if (reader->metadata != NULL)
    collect_elements (reader->metadata, local_name, out);
  return out;
}

static void
read_title (OpfReader  *reader,
            JsonObject *record)
{
  g_autoptr(GPtrArray) titles = elements (reader, "title");
  xmlNode *chosen = NULL;

  for (guint i = 0; i < titles->len; i++)
    {
      g_autofree char *type = refined (reader, titles->pdata[i], "title-type");
      g_autofree char *text = bindery_xml_text (titles->pdata[i]);

      if (text == NULL)
        continue;
      if (chosen == NULL)
        chosen = titles->pdata[i];
      if (g_strcmp0 (type, "main") == 0)
        {
          chosen = titles->pdata[i];
          break;
        }
    }

  if (chosen != NULL)
    {
      g_autofree char *text = bindery_xml_text (chosen);

      bindery_metadata_set_string (record, "Title", text);
    }
}

static const struct {
  const char *role;
  const char *field;
} role_fields[] = {
  { "aut", "Writer" }, { "author", "Writer" },
  { "ill", "Penciller" }, { "art", "Penciller" }, { "illustrator", "Penciller" },
  { "clr", "Colorist" },
  { "cov", "CoverArtist" },
  { "edt", "Editor" }, { "editor", "Editor" },
  { "trl", "Translator" }, { "translator", "Translator" },
};

static void
read_people (OpfReader  *reader,
             JsonObject *record,
             const char *element,
             gboolean    is_creator)
{
  g_autoptr(GPtrArray) people = elements (reader, element);

  for (guint i = 0; i < people->len; i++)
    {
      xmlNode *node = people->pdata[i];
      g_autofree char *name = bindery_xml_text (node);
      g_autofree char *role = bindery_xml_attr (node, "role");
      JsonObject *creator;
      JsonArray *creators;

      if (name == NULL)
        continue;
      if (role == NULL)
        role = refined (reader, node, "role");
      if (role != NULL)
        {
          char *lower = g_ascii_strdown (role, -1);

          g_free (role);
          role = lower;
        }
      if (!is_creator && (role == NULL || strcmp (role, "bkp") == 0))
        continue;

      if (!json_object_has_member (record, "Creators"))
        json_object_set_array_member (record, "Creators", json_array_new ());
      creators = json_object_get_array_member (record, "Creators");
      creator = json_object_new ();
      json_object_set_string_member (creator, "name", name);
      if (role != NULL)
        json_object_set_string_member (creator, "role", role);
      json_array_add_object_element (creators, creator);

      if (role == NULL && is_creator)
        {
          bindery_metadata_add_list_item (record, "Writer", name);
          continue;
        }
      for (gsize j = 0; role != NULL && j < G_N_ELEMENTS (role_fields); j++)
        if (strcmp (role_fields[j].role, role) == 0)
          bindery_metadata_add_list_item (record, role_fields[j].field, name);
    }
}

static void
read_date (OpfReader  *reader,
           JsonObject *record)
{
  g_autoptr(GPtrArray) dates = elements (reader, "date");
  xmlNode *chosen = NULL;

  for (guint i = 0; i < dates->len; i++)
    {
      g_autofree char *event = bindery_xml_attr (dates->pdata[i], "event");

      if (event == NULL || g_ascii_strcasecmp (event, "publication") == 0)
        {
          chosen = dates->pdata[i];
          break;
        }
    }
  if (chosen == NULL && dates->len > 0)
    chosen = dates->pdata[0];

  if (chosen != NULL)
    {
      g_autofree char *text = bindery_xml_text (chosen);

      bindery_metadata_set_date (record, "Date", text, reader->warnings);
    }
}

static void
read_language (OpfReader  *reader,
               JsonObject *record)
{
  g_autoptr(GPtrArray) languages = elements (reader, "language");

  for (guint i = 0; i < languages->len; i++)
    {
      g_autofree char *text = bindery_xml_text (languages->pdata[i]);

      if (text == NULL)
        continue;
      if (bindery_metadata_language_valid (text))
        {
          json_object_set_string_member (record, "LanguageISO", text);
          return;
        }
      bindery_metadata_warn (reader->warnings, _("OPF language: invalid value '%s' dropped"), text);
    }
}

static void
read_identifiers (OpfReader  *reader,
                  JsonObject *record)
{
  g_autoptr(GPtrArray) identifiers = elements (reader, "identifier");

  for (guint i = 0; i < identifiers->len; i++)
    {
      xmlNode *node = identifiers->pdata[i];
      g_autofree char *text = bindery_xml_text (node);
      g_autofree char *scheme = bindery_xml_attr (node, "scheme");
      g_autofree char *type = refined (reader, node, "identifier-type");
      g_autofree char *isbn = NULL;
      gboolean declared;

      if (text == NULL)
        continue;
      bindery_metadata_add_list_item (record, "Identifier", text);
      if (json_object_has_member (record, "ISBN"))
        continue;

      declared = (scheme != NULL && g_ascii_strcasecmp (scheme, "ISBN") == 0) ||
                 (type != NULL && (g_ascii_strcasecmp (type, "ISBN") == 0 ||
                                   strcmp (type, "02") == 0 || strcmp (type, "15") == 0));
      isbn = bindery_isbn_normalize (text, declared);
      if (isbn != NULL)
        json_object_set_string_member (record, "ISBN", isbn);
    }
}

static void
set_series_index (JsonObject *record,
                  const char *index)
{
  g_autofree char *text = bindery_metadata_strip (index);
  double value;

  if (text == NULL)
    return;

  /* A plain decimal ("2.0", "2.50") is written in its shortest form. */
  if (strspn (text, "0123456789.") == strlen (text) && strchr (text, '.') != NULL &&
      bindery_number_sort_key (text, &value) && value < 1e15)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      if (value == (double) (gint64) value)
        {
          g_free (text);
          text = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);
        }
      else
        {
          g_free (text);
          text = g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.15g", value));
        }
    }
  bindery_metadata_set_number (record, text);
}

static char *
meta_content (OpfReader  *reader,
              const char *name)
{
  g_autoptr(GPtrArray) metas = elements (reader, "meta");

  for (guint i = 0; i < metas->len; i++)
    {
      g_autofree char *meta_name = bindery_xml_attr (metas->pdata[i], "name");

      if (g_strcmp0 (meta_name, name) == 0)
        {
          char *content = bindery_xml_attr (metas->pdata[i], "content");

          if (content != NULL)
            return content;
        }
    }
  return NULL;
}

static void
read_series (OpfReader  *reader,
             JsonObject *record)
{
  g_autofree char *calibre_series = meta_content (reader, "calibre:series");
  g_autoptr(GPtrArray) metas = NULL;
  xmlNode *collection = NULL;

  if (calibre_series != NULL)
    {
      g_autofree char *index = meta_content (reader, "calibre:series_index");

      json_object_set_string_member (record, "Series", calibre_series);
      set_series_index (record, index);
      return;
    }

  metas = elements (reader, "meta");
  for (guint i = 0; i < metas->len; i++)
    {
      g_autofree char *property = bindery_xml_attr (metas->pdata[i], "property");
      g_autofree char *refines = bindery_xml_attr (metas->pdata[i], "refines");
      g_autofree char *text = NULL;
      g_autofree char *type = NULL;

      if (g_strcmp0 (property, "belongs-to-collection") != 0 || refines != NULL)
        continue;
      text = bindery_xml_text (metas->pdata[i]);
      if (text == NULL)
        continue;
      type = refined (reader, metas->pdata[i], "collection-type");
      if (collection == NULL)
        collection = metas->pdata[i];
      if (g_strcmp0 (type, "series") == 0)
        {
          collection = metas->pdata[i];
          break;
        }
    }

  if (collection != NULL)
    {
      g_autofree char *name = bindery_xml_text (collection);
      g_autofree char *position = refined (reader, collection, "group-position");

      json_object_set_string_member (record, "Series", name);
      set_series_index (record, position);
    }
}

static JsonObject *
read_metadata (OpfReader *reader)
{
  JsonObject *record = json_object_new ();
  g_autoptr(GPtrArray) list = NULL;

  read_title (reader, record);
  read_people (reader, record, "creator", TRUE);
  read_people (reader, record, "contributor", FALSE);

  list = elements (reader, "publisher");
  for (guint i = 0; i < list->len; i++)
    {
      g_autofree char *text = bindery_xml_text (list->pdata[i]);

      if (bindery_metadata_set_string (record, "Publisher", text))
        break;
    }
  g_clear_pointer (&list, g_ptr_array_unref);

  read_date (reader, record);
  read_language (reader, record);

  list = elements (reader, "description");
  for (guint i = 0; i < list->len; i++)
    {
      g_autofree char *text = bindery_xml_text (list->pdata[i]);
      g_autofree char *plain = bindery_html_to_text (text);

      if (bindery_metadata_set_string (record, "Summary", plain))
        break;
    }
  g_clear_pointer (&list, g_ptr_array_unref);

  list = elements (reader, "subject");
  for (guint i = 0; i < list->len; i++)
    {
      g_autofree char *text = bindery_xml_text (list->pdata[i]);

      bindery_metadata_add_list_item (record, "Genre", text);
    }

  read_identifiers (reader, record);
  read_series (reader, record);
  return record;
}

static void
read_manifest_and_spine (BinderyOpf *opf,
                         xmlNode    *manifest,
                         xmlNode    *spine,
                         OpfReader  *reader,
                         const char *opf_path)
{
  g_autoptr(GHashTable) items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cover_id = NULL;
  xmlNode *cover = NULL;

  for (xmlNode *node = manifest != NULL ? manifest->children : NULL; node != NULL; node = node->next)
    {
      g_autofree char *properties = NULL;
      g_autofree char *id = NULL;

      if (!bindery_xml_is_element (node, "item"))
        continue;
      id = bindery_xml_attr (node, "id");
      if (id != NULL && !g_hash_table_contains (items, id))
        g_hash_table_insert (items, g_steal_pointer (&id), node);
      properties = bindery_xml_attr (node, "properties");
      if (cover == NULL && bindery_xml_has_token (properties, "cover-image"))
        cover = node;
    }

  if (cover == NULL && (cover_id = meta_content (reader, "cover")) != NULL)
    {
      cover = g_hash_table_lookup (items, cover_id);
      for (xmlNode *node = manifest != NULL ? manifest->children : NULL;
           cover == NULL && node != NULL; node = node->next)
        {
          g_autofree char *href = bindery_xml_attr (node, "href");

          if (bindery_xml_is_element (node, "item") && g_strcmp0 (href, cover_id) == 0)
            cover = node;
        }
    }
  if (cover != NULL)
    {
      g_autofree char *href = bindery_xml_attr (cover, "href");

      opf->cover_href = href != NULL ? bindery_epub_resolve_href (opf_path, href) : NULL;
    }

  for (xmlNode *node = spine != NULL ? spine->children : NULL; node != NULL; node = node->next)
    {
      g_autofree char *idref = NULL;
      g_autofree char *href = NULL;
      char *resolved;
      xmlNode *item;

      if (!bindery_xml_is_element (node, "itemref"))
        continue;
      idref = bindery_xml_attr (node, "idref");
      item = idref != NULL ? g_hash_table_lookup (items, idref) : NULL;
      href = item != NULL ? bindery_xml_attr (item, "href") : NULL;
      resolved = href != NULL ? bindery_epub_resolve_href (opf_path, href) : NULL;
      if (resolved == NULL)
        {
          bindery_metadata_warn (reader->warnings,
                                 _("OPF spine: itemref '%s' names no usable manifest item"),
                                 idref != NULL ? idref : "");
          continue;
        }
      g_ptr_array_add (opf->spine, resolved);
    }
}

BinderyOpf *
bindery_opf_parse (const char  *data,
                   gsize        len,
                   const char  *opf_path,
                   GPtrArray   *warnings,
                   GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(BinderyOpf) opf = NULL;
  g_autoptr(GHashTable) refines = NULL;
  OpfReader reader = { NULL, NULL, warnings };
  const char *what;
  xmlNode *root, *manifest, *spine;
  gboolean embedded = opf_path != NULL && opf_path[0] != '\0';

  what = embedded ? opf_path : "OPF";
  doc = bindery_xml_parse (data, len, what, error);
  if (doc == NULL)
    return NULL;

  root = xmlDocGetRootElement (doc);
  if (!bindery_xml_is_element (root, "package"))
    {
      g_set_error (error, BINDERY_METADATA_ERROR, BINDERY_METADATA_ERROR_INVALID,
                   _("%s: the root element is <%s>, not <package>"), what, (const char *) root->name);
      return NULL;
    }

  manifest = bindery_xml_child (root, "manifest");
  spine = bindery_xml_child (root, "spine");
  if (embedded && (manifest == NULL || spine == NULL))
    {
      g_set_error (error, BINDERY_METADATA_ERROR, BINDERY_METADATA_ERROR_INVALID,
                   _("%s has no <%s>"), what, manifest == NULL ? "manifest" : "spine");
      return NULL;
    }

  refines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) g_ptr_array_unref);
  reader.refines = refines;
  reader.metadata = bindery_xml_child (root, "metadata");
  if (reader.metadata != NULL)
    collect_refines (&reader, reader.metadata);

  opf = g_new0 (BinderyOpf, 1);
  opf->spine = g_ptr_array_new_with_free_func (g_free);
  opf->metadata = read_metadata (&reader);
  read_manifest_and_spine (opf, manifest, spine, &reader, embedded ? opf_path : "");

  return g_steal_pointer (&opf);
}
