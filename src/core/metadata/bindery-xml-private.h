/* bindery-xml-private.h: the one safe way Bindery parses XML (ComicInfo, OPF, container.xml)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/* Parses data with a private parser context: XML_PARSE_NONET, never XML_PARSE_NOENT or
 * XML_PARSE_DTDLOAD, no external subset or entity is ever loaded, and nothing is printed.
 * A DTD declaring an internal entity stops the parse at that declaration:
 * BINDERY_METADATA_ERROR_UNSAFE_XML. A document that is not well-formed:
 * BINDERY_METADATA_ERROR_MALFORMED_XML. what names the document in messages ("ComicInfo.xml"). */
xmlDoc     *bindery_xml_parse            (const char *data,
                                          gsize       len,
                                          const char *what,
                                          GError    **error);

/* One attribute of an element event, as libxml2's SAX2 gives it: local name, prefix, namespace
 * URI, and the value from value up to end (not NUL-terminated). */
typedef struct {
  const xmlChar *local_name;
  const xmlChar *prefix;
  const xmlChar *uri;
  const xmlChar *value;
  const xmlChar *end;
} BinderyXmlAttribute;

/* What bindery_xml_parse_events() reports, in document order: the elements (by local name)
 * with their attributes (those written in the element; none the DTD defaults), and the text
 * and CDATA between them. Entity references (never expanded), comments and processing
 * instructions are not reported: they add no text in the tree either. */
typedef struct {
  void (*start_element) (gpointer                   user_data,
                         const char                *local_name,
                         const BinderyXmlAttribute *attributes,
                         guint                      n_attributes);
  void (*end_element)   (gpointer                   user_data);
  void (*text)          (gpointer                   user_data,
                         const char                *text,
                         gsize                      len);
} BinderyXmlEvents;

/* bindery_xml_parse() without building a tree: the same safety hooks, the same errors (and
 * FALSE then); events may arrive before a later error is found, so act on them only once it
 * returns TRUE. */
gboolean    bindery_xml_parse_events     (const char              *data,
                                          gsize                    len,
                                          const char              *what,
                                          const BinderyXmlEvents  *events,
                                          gpointer                 user_data,
                                          GError                 **error);

/* An attribute's value as the tree's attribute text: references resolved (a reference to a
 * declared entity adds nothing), trimmed; NULL when empty. */
char       *bindery_xml_attribute_text   (const BinderyXmlAttribute *attribute);

/* A document that declares UTF-8 (or no encoding, and has no UTF-16/UTF-32 byte-order mark) but
 * holds bytes that are not UTF-8 (a byte ≥ 0x80 out of sequence): its whole text re-read as
 * Windows-1252, as UTF-8, newly allocated, with *bad_offset set to the first offending byte.
 * NULL when the document is valid UTF-8, declares another encoding (libxml2 converts those),
 * or its first invalid byte is a control byte (NUL …) rather than a stray 8-bit character. */
char       *bindery_xml_recode_windows_1252 (const char *data,
                                             gsize       len,
                                             gsize      *out_len,
                                             gsize      *bad_offset);

/* TRUE when node is an element whose local name is local_name (ASCII case-insensitive). */
gboolean    bindery_xml_is_element       (xmlNode    *node,
                                          const char *local_name);

/* The first child element named local_name, or NULL. */
xmlNode    *bindery_xml_child            (xmlNode    *node,
                                          const char *local_name);

/* The text of node and its descendant elements (text and CDATA only: entity references, which
 * are never expanded, contribute nothing), trimmed; NULL when empty. */
char       *bindery_xml_text             (xmlNode    *node);

/* The value of the attribute whose local name is local_name (ASCII case-insensitive), in any
 * namespace, trimmed; NULL when absent or empty. */
char       *bindery_xml_attr             (xmlNode    *node,
                                          const char *local_name);

/* TRUE when the white-space separated list value contains token (ASCII case-insensitive). */
gboolean    bindery_xml_has_token        (const char *value,
                                          const char *token);

G_END_DECLS
