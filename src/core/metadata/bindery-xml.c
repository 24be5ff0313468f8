/* bindery-xml.c: safe libxml2 parsing shared by the ComicInfo, OPF and container.xml readers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every document gets its own xmlParserCtxt (nothing global is changed, so any thread may parse
 * at any time) with XML_PARSE_NONET and never XML_PARSE_NOENT or XML_PARSE_DTDLOAD, and with
 * SAX hooks of its own:
 *   - entityDecl: a declaration of an internal entity (general or parameter, i.e. one with
 *     replacement text) marks the document unsafe and stops the parser right there, so a
 *     "billion laughs" document costs no more than reading its DTD. External entities are
 *     declared as usual (so references to them are not errors) but never loaded: without
 *     XML_PARSE_NOENT libxml2 leaves an entity-reference node, which bindery_xml_text() skips.
 *   - externalSubset / resolveEntity: no-ops, as a second guard against loading anything.
 *   - serror: collects the first error instead of letting libxml2 print it. Errors libxml2
 *     raises without a parser context go to the calling thread's structured error handler,
 *     which is pointed at the same collector for the duration of the parse (libxml2 keeps that
 *     handler per thread) and restored afterwards.
 * XML_PARSE_NOBLANKS is not used: it is a heuristic, and every reader trims text anyway.
 */
#define G_LOG_DOMAIN "bindery-metadata"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <limits.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>

#include "bindery-metadata.h"
#include "bindery-xml-private.h"

typedef struct {
  char     *unsafe_entity; /* name of the first internal entity declared */
  char     *first_error;   /* "line N: message" of the first error */
  gboolean  stopped;
  /* event parsing (bindery_xml_parse_events): no tree is built */
  const BinderyXmlEvents *events;
  gpointer  user_data;
  guint     n_elements;    /* elements started */
} ParseState;

static void
record_error (ParseState *state,
              xmlError   *err)
{
  g_autofree char *message = NULL;

  if (state == NULL || err == NULL || state->first_error != NULL)
    return;
  if (err->level != XML_ERR_ERROR && err->level != XML_ERR_FATAL)
    return;

  message = g_strstrip (g_strdup (err->message != NULL ? err->message : "unknown error"));
  if (err->line > 0)
    state->first_error = g_strdup_printf ("line %d: %s", err->line, message);
  else
    state->first_error = g_steal_pointer (&message);
}

static void
on_context_error (void     *user_data,
                  xmlError *err)
{
  xmlParserCtxtPtr ctxt = user_data;

  record_error (ctxt != NULL ? ctxt->_private : NULL, err);
}

static void
on_thread_error (void     *user_data,
                 xmlError *err)
{
  record_error (user_data, err);
}

static void
on_entity_decl (void          *user_data,
                const xmlChar *name,
                int            type,
                const xmlChar *public_id,
                const xmlChar *system_id,
                xmlChar       *content)
{
  xmlParserCtxtPtr ctxt = user_data;
  ParseState *state = ctxt->_private;

  if (type == XML_INTERNAL_GENERAL_ENTITY ||
      type == XML_INTERNAL_PARAMETER_ENTITY ||
      type == XML_INTERNAL_PREDEFINED_ENTITY)
    {
      if (state->unsafe_entity == NULL)
        state->unsafe_entity = g_strdup ((const char *) name);
      state->stopped = TRUE;
      xmlStopParser (ctxt);
      return;
    }

  xmlSAX2EntityDecl (user_data, name, type, public_id, system_id, content);
}

static void
on_external_subset (void          *user_data,
                    const xmlChar *name,
                    const xmlChar *external_id,
                    const xmlChar *system_id)
{
  /* Never load an external DTD. */
}

static xmlParserInputPtr
on_resolve_entity (void          *user_data,
                   const xmlChar *public_id,
                   const xmlChar *system_id)
{
  /* Never load an external entity. */
  return NULL;
}

/* --- event parsing: the parser's SAX2 callbacks without the tree ------------------- */

static void
on_start_element (void           *user_data,
                  const xmlChar  *localname,
                  const xmlChar  *prefix,
                  const xmlChar  *uri,
                  int             n_namespaces,
                  const xmlChar **namespaces,
                  int             n_attributes,
                  int             n_defaulted,
                  const xmlChar **attributes)
{
  xmlParserCtxtPtr ctxt = user_data;
  ParseState *state = ctxt->_private;

  if (state == NULL || state->events == NULL)
    return;
  state->n_elements++;
  /* The tree leaves out the attributes the DTD defaults (no XML_PARSE_DTDATTR): they come
   * last, and so are left out here too. */
  state->events->start_element (state->user_data, (const char *) localname,
                                (const BinderyXmlAttribute *) (gpointer) attributes,
                                (guint) MAX (0, n_attributes - n_defaulted));
}

static void
on_end_element (void          *user_data,
                const xmlChar *localname,
                const xmlChar *prefix,
                const xmlChar *uri)
{
  xmlParserCtxtPtr ctxt = user_data;
  ParseState *state = ctxt->_private;

  if (state == NULL || state->events == NULL)
    return;
  state->events->end_element (state->user_data);
}

/* Text and CDATA (and the white space the tree would keep as text): in the tree these are
 * the text and CDATA nodes that bindery_xml_text() joins. */
static void
on_text (void          *user_data,
         const xmlChar *text,
         int            len)
{
  xmlParserCtxtPtr ctxt = user_data;
  ParseState *state = ctxt->_private;

  if (state == NULL || state->events == NULL || len <= 0)
    return;
  state->events->text (state->user_data, (const char *) text, (gsize) len);
}

/* Entity references (never expanded), comments and processing instructions: nodes the tree
 * would keep and bindery_xml_text() skips. */
static void
on_reference (void          *user_data,
              const xmlChar *name)
{
}

static void
on_comment (void          *user_data,
            const xmlChar *value)
{
}

static void
on_processing_instruction (void          *user_data,
                           const xmlChar *target,
                           const xmlChar *data)
{
}

/* Event parsing keeps a parser context per thread between documents: making and freeing
 * one (its name dictionary, stacks and handler table) was about a tenth of a ComicInfo's
 * parse. A context is kept only after a document that parsed cleanly, reset before the next
 * one (xmlCtxtReset: input, stacks, DTD defaults, errors and state), and replaced after
 * CONTEXT_MAX_USES documents so that its dictionary of names stays small. Only event
 * parsing, whose handlers are always the same, uses them. */
#define CONTEXT_MAX_USES 256

typedef struct {
  xmlParserCtxtPtr ctxt;   /* NULL while in use */
  guint            uses;
} ThreadContext;

static void
thread_context_free (gpointer data)
{
  ThreadContext *cached = data;

  if (cached->ctxt != NULL)
    xmlFreeParserCtxt (cached->ctxt);
  g_free (cached);
}

static GPrivate thread_context = G_PRIVATE_INIT (thread_context_free);

/* A context reading data: the thread's kept one, reset, when reuse is set and there is one. */
static xmlParserCtxtPtr
take_context (const char *data,
              gsize       len,
              gboolean    reuse)
{
  ThreadContext *cached = reuse ? g_private_get (&thread_context) : NULL;
  xmlParserCtxtPtr ctxt;
  xmlParserInputBufferPtr buffer;
  xmlParserInputPtr input;

  if (cached == NULL || cached->ctxt == NULL)
    return xmlCreateMemoryParserCtxt (data, (int) len);

  ctxt = g_steal_pointer (&cached->ctxt);
  xmlCtxtReset (ctxt);
  buffer = xmlParserInputBufferCreateMem (data, (int) len, XML_CHAR_ENCODING_NONE);
  if (buffer == NULL)
    {
      xmlFreeParserCtxt (ctxt);
      return NULL;
    }
  input = xmlNewIOInputStream (ctxt, buffer, XML_CHAR_ENCODING_NONE);
  if (input == NULL)
    {
      xmlFreeParserInputBuffer (buffer);
      xmlFreeParserCtxt (ctxt);
      return NULL;
    }
  inputPush (ctxt, input);
  return ctxt;
}

/* Done with ctxt: kept for the thread's next document when reuse is set and it parsed
 * cleanly, else freed. */
static void
give_back_context (xmlParserCtxtPtr ctxt,
                   gboolean         reuse,
                   gboolean         clean)
{
  ThreadContext *cached;

  if (reuse && clean)
    {
      cached = g_private_get (&thread_context);
      if (cached == NULL)
        {
          cached = g_new0 (ThreadContext, 1);
          g_private_set (&thread_context, cached);
        }
      if (cached->ctxt == NULL && ++cached->uses < CONTEXT_MAX_USES)
        {
          cached->ctxt = ctxt;
          return;
        }
      cached->uses = 0;
    }
  xmlFreeParserCtxt (ctxt);
}

/* Parses data under the safety hooks: a tree (events NULL; *doc_out set) or the events. */
static gboolean
parse (const char              *data,
       gsize                    len,
       const char              *what,
       const BinderyXmlEvents  *events,
       gpointer                 user_data,
       xmlDoc                 **doc_out,
       GError                 **error)
{
  ParseState state = { NULL, NULL, FALSE, events, user_data, 0 };
  xmlParserCtxtPtr ctxt;
  xmlStructuredErrorFunc old_handler;
  void *old_handler_data;
  g_autoptr(xmlDoc) doc = NULL;
  gboolean well_formed;
  gboolean ok = FALSE;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (what != NULL, FALSE);

  bindery_metadata_init ();

  if (len == 0)
    {
      g_set_error (error, BINDERY_METADATA_ERROR, BINDERY_METADATA_ERROR_MALFORMED_XML,
                   _("%s is empty"), what);
      return FALSE;
    }
  if (len > INT_MAX)
    {
      g_set_error (error, BINDERY_METADATA_ERROR, BINDERY_METADATA_ERROR_MALFORMED_XML,
                   "%s is too large (%" G_GSIZE_FORMAT " bytes)", what, len);
      return FALSE;
    }

  old_handler = xmlStructuredError;
  old_handler_data = xmlStructuredErrorContext;
  xmlSetStructuredErrorFunc (&state, on_thread_error);

  ctxt = take_context (data, len, events != NULL);
  if (ctxt == NULL)
    {
      xmlSetStructuredErrorFunc (old_handler_data, old_handler);
      g_set_error (error, BINDERY_METADATA_ERROR, BINDERY_METADATA_ERROR_MALFORMED_XML,
                   _("%s could not be read: %s"), what,
                   state.first_error != NULL ? state.first_error : "out of memory");
      g_free (state.first_error);
      return FALSE;
    }

  ctxt->_private = &state;
  xmlCtxtUseOptions (ctxt, XML_PARSE_NONET);
  ctxt->sax->serror = on_context_error;
  ctxt->sax->entityDecl = on_entity_decl;
  ctxt->sax->externalSubset = on_external_subset;
  ctxt->sax->resolveEntity = on_resolve_entity;
  if (events != NULL)
    {
      /* The document (and its DTD, which declares the entities) is still made by the
       * default handlers; the elements, text and the rest go to ours and make no nodes.
       * characters and ignorableWhitespace stay one function, as in the tree builder, so
       * that the parser takes the same paths. */
      ctxt->sax->startElementNs = on_start_element;
      ctxt->sax->endElementNs = on_end_element;
      ctxt->sax->characters = on_text;
      ctxt->sax->ignorableWhitespace = on_text;
      ctxt->sax->cdataBlock = on_text;
      ctxt->sax->reference = on_reference;
      ctxt->sax->comment = on_comment;
      ctxt->sax->processingInstruction = on_processing_instruction;
    }

  xmlParseDocument (ctxt);

  doc = g_steal_pointer (&ctxt->myDoc);
  well_formed = ctxt->wellFormed;
  ctxt->_private = NULL;
  give_back_context (ctxt, events != NULL, well_formed && !state.stopped && state.unsafe_entity == NULL &&
                                           state.first_error == NULL);
  xmlSetStructuredErrorFunc (old_handler_data, old_handler);

  if (state.unsafe_entity != NULL)
    {
      g_set_error (error, BINDERY_METADATA_ERROR, BINDERY_METADATA_ERROR_UNSAFE_XML,
                   _("%s declares the internal entity '%s' in its DTD; entity expansion is refused"),
                   what, state.unsafe_entity);
    }
  else if (!well_formed || doc == NULL)
    {
      g_set_error (error, BINDERY_METADATA_ERROR, BINDERY_METADATA_ERROR_MALFORMED_XML,
                   _("%s is not well-formed XML: %s"), what,
                   state.first_error != NULL ? state.first_error : "no document");
    }
  else if (events != NULL ? state.n_elements == 0 : xmlDocGetRootElement (doc) == NULL)
    {
      g_set_error (error, BINDERY_METADATA_ERROR, BINDERY_METADATA_ERROR_MALFORMED_XML,
                   _("%s has no root element"), what);
    }
  else
    {
      ok = TRUE;
      if (doc_out != NULL)
        *doc_out = g_steal_pointer (&doc);
    }

  g_free (state.unsafe_entity);
  g_free (state.first_error);
  return ok;
}

xmlDoc *
bindery_xml_parse (const char *data,
                   gsize       len,
                   const char *what,
                   GError    **error)
{
  xmlDoc *doc = NULL;

  if (!parse (data, len, what, NULL, NULL, &doc, error))
    return NULL;
  return doc;
}

gboolean
bindery_xml_parse_events (const char              *data,
                          gsize                    len,
                          const char              *what,
                          const BinderyXmlEvents  *events,
                          gpointer                 user_data,
                          GError                 **error)
{
  g_return_val_if_fail (events != NULL, FALSE);

  return parse (data, len, what, events, user_data, NULL, error);
}

/* Windows-1252 0x80–0x9F; the five bytes it leaves undefined map to the C1 controls of the
 * same value, as the WHATWG Encoding Standard does. 0xA0–0xFF are Latin-1. */
static const guint16 windows_1252_c1[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* TRUE when the XML declaration names an encoding other than UTF-8, or the data starts with
 * a UTF-16 or UTF-32 byte-order mark: libxml2 converts those itself. */
static gboolean
declares_other_encoding (const char *data,
                         gsize       len)
{
  const guchar *p = (const guchar *) data;
  gsize n = MIN (len, 1024);
  const char *decl_end, *value;
  char quote;
  gsize value_len;

  if (n >= 2 && ((p[0] == 0xFE && p[1] == 0xFF) || (p[0] == 0xFF && p[1] == 0xFE)))
    return TRUE;
  if (n >= 4 && p[0] == 0 && p[1] == 0 && p[2] == 0xFE && p[3] == 0xFF)
    return TRUE;
  if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
    {
      p += 3;
      n -= 3;
    }
  if (n < 6 || memcmp (p, "<?xml", 5) != 0 || !g_ascii_isspace (p[5]))
    return FALSE;
  decl_end = g_strstr_len ((const char *) p, (gssize) n, "?>");
  if (decl_end == NULL)
    return FALSE;
  value = g_strstr_len ((const char *) p, decl_end - (const char *) p, "encoding");
  if (value == NULL)
    return FALSE;
  value += strlen ("encoding");
  while (value < decl_end && g_ascii_isspace (*value))
    value++;
  if (value >= decl_end || *value != '=')
    return FALSE;
  value++;
  while (value < decl_end && g_ascii_isspace (*value))
    value++;
  if (value >= decl_end || (*value != '"' && *value != '\''))
    return FALSE;
  quote = *value++;
  for (value_len = 0; value + value_len < decl_end && value[value_len] != quote; value_len++)
    ;
  return !((value_len == 5 && g_ascii_strncasecmp (value, "UTF-8", 5) == 0) ||
           (value_len == 4 && g_ascii_strncasecmp (value, "UTF8", 4) == 0));
}

char *
bindery_xml_recode_windows_1252 (const char *data,
                                 gsize       len,
                                 gsize      *out_len,
                                 gsize      *bad_offset)
{
  const char *invalid = NULL;
  GString *out;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len == 0 || g_utf8_validate_len (data, len, &invalid))
    return NULL;
  /* a NUL or other control byte: not a mis-declared 8-bit text, leave it to the parser */
  if ((guchar) *invalid < 0x80 || declares_other_encoding (data, len))
    return NULL;

  out = g_string_sized_new (len + len / 8 + 16);
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) data[i];

      if (c < 0x80)
        g_string_append_c (out, (char) c);
      else if (c < 0xA0)
        g_string_append_unichar (out, windows_1252_c1[c - 0x80]);
      else
        g_string_append_unichar (out, c);
    }
  if (bad_offset != NULL)
    *bad_offset = (gsize) (invalid - data);
  if (out_len != NULL)
    *out_len = out->len;
  return g_string_free (out, FALSE);
}

static const char *
local_name (xmlNode *node)
{
  return (const char *) node->name;
}

gboolean
bindery_xml_is_element (xmlNode    *node,
                        const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && node->name != NULL &&
         g_ascii_strcasecmp (local_name (node), name) == 0;
}

xmlNode *
bindery_xml_child (xmlNode    *node,
                   const char *name)
{
  if (node == NULL)
    return NULL;
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (bindery_xml_is_element (child, name))
      return child;
  return NULL;
}

static void
append_text (GString *out,
             xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      switch (child->type)
        {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
          if (child->content != NULL)
            g_string_append (out, (const char *) child->content);
          break;
        case XML_ELEMENT_NODE:
          append_text (out, child);
          break;
        default:
          /* XML_ENTITY_REF_NODE (never expanded), comments, processing instructions */
          break;
        }
    }
}

char *
bindery_xml_text (xmlNode *node)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (node == NULL)
    return NULL;
  append_text (out, node);
  g_strstrip (out->str);
  if (out->str[0] == '\0')
    return NULL;
  return g_strdup (out->str);
}

char *
bindery_xml_attr (xmlNode    *node,
                  const char *name)
{
  if (node == NULL || node->type != XML_ELEMENT_NODE)
    return NULL;

  for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
    {
      if (attr->name == NULL || g_ascii_strcasecmp ((const char *) attr->name, name) != 0)
        continue;
      return bindery_xml_text ((xmlNode *) attr);
    }
  return NULL;
}

gboolean
bindery_xml_has_token (const char *value,
                       const char *token)
{
  g_auto(GStrv) tokens = NULL;

  if (value == NULL)
    return FALSE;
  tokens = g_strsplit_set (value, " \t\r\n", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    if (g_ascii_strcasecmp (tokens[i], token) == 0)
      return TRUE;
  return FALSE;
}

/* Appends the UTF-8 of a character reference's value ("#38", "#x263A"); nothing when it is
 * not a valid character (as the tree's attribute text does). */
static void
append_char_ref (GString    *out,
                 const char *ref,
                 gsize       len)
{
  guint64 value = 0;
  gboolean hex = len >= 2 && (ref[1] == 'x');
  gsize i = hex ? 2 : 1;

  if (i >= len)
    return;
  for (; i < len; i++)
    {
      int digit = hex ? g_ascii_xdigit_value (ref[i]) : g_ascii_digit_value (ref[i]);

      if (digit < 0 || value > 0x10FFFF)
        return;
      value = value * (hex ? 16 : 10) + (guint64) digit;
    }
  if (value != 0 && value <= 0x10FFFF && g_unichar_validate ((gunichar) value))
    g_string_append_unichar (out, (gunichar) value);
}

static const struct {
  const char *name;
  char        value;
} predefined_entities[] = {
  { "lt", '<' }, { "gt", '>' }, { "amp", '&' }, { "apos", '\'' }, { "quot", '"' },
};

char *
bindery_xml_attribute_text (const BinderyXmlAttribute *attribute)
{
  const char *p = (const char *) attribute->value;
  const char *end = (const char *) attribute->end;
  g_autoptr(GString) out = NULL;

  if (p == NULL || end == NULL || end <= p)
    return NULL;

  /* The parser has already replaced character references and normalised white space; an
   * ampersand comes as "&#38;", and a reference to a declared entity as "&name;" (which the
   * tree keeps as an entity reference node, no text). */
  out = g_string_sized_new ((gsize) (end - p));
  while (p < end)
    {
      const char *amp = memchr (p, '&', (gsize) (end - p));
      const char *semicolon;

      if (amp == NULL)
        {
          g_string_append_len (out, p, end - p);
          break;
        }
      g_string_append_len (out, p, amp - p);
      semicolon = memchr (amp, ';', (gsize) (end - amp));
      if (semicolon == NULL)
        break;
      if (amp[1] == '#')
        append_char_ref (out, amp + 1, (gsize) (semicolon - amp - 1));
      else
        for (guint i = 0; i < G_N_ELEMENTS (predefined_entities); i++)
          if ((gsize) (semicolon - amp - 1) == strlen (predefined_entities[i].name) &&
              memcmp (amp + 1, predefined_entities[i].name, semicolon - amp - 1) == 0)
            g_string_append_c (out, predefined_entities[i].value);
      p = semicolon + 1;
    }

  g_strstrip (out->str);
  if (out->str[0] == '\0')
    return NULL;
  return g_strdup (out->str);
}
