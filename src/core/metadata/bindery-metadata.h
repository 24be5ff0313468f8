/* bindery-metadata.h: ComicInfo.xml, EPUB OPF, PDF Info and file names → one metadata record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The record is a JsonObject keyed by ComicInfo field names (see BinderyBookInfo.metadata
 * in bindery-book.h): strings, integers, doubles, and arrays of strings for list fields.
 * XML is parsed with libxml2 with XML_PARSE_NONET and never XML_PARSE_NOENT or
 * XML_PARSE_DTDLOAD: external entities are never loaded (their references come out empty),
 * a DTD that declares an internal entity makes the document unsafe-xml.
 * All functions are thread-safe (call bindery_metadata_init() once from the main thread first;
 * it calls xmlInitParser()).
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <poppler.h>

G_BEGIN_DECLS

/* The most bytes of one text field (a Summary, a Notes …) kept in a record, and so in the
 * catalog: 64 KiB. Longer text is cut at a character boundary, with a warning. */
#define BINDERY_METADATA_TEXT_MAX 65536

#define BINDERY_METADATA_ERROR (bindery_metadata_error_quark ())

typedef enum {
  BINDERY_METADATA_ERROR_MALFORMED_XML, /* "malformed-xml" */
  BINDERY_METADATA_ERROR_UNSAFE_XML,    /* "unsafe-xml" */
  BINDERY_METADATA_ERROR_INVALID,       /* well-formed but not what was expected (no OPF package …) */
} BinderyMetadataError;

GQuark      bindery_metadata_error_quark      (void);
const char *bindery_metadata_error_kind_to_string (BinderyMetadataError kind);
void        bindery_metadata_init             (void);

/* ComicInfo.xml. front_cover: out, the <Page Type="FrontCover" Image="N"> index or -1.
 * Invalid typed values are dropped with a warning appended to warnings (char*). */
JsonObject *bindery_comicinfo_parse           (const char  *data,
                                               gsize        len,
                                               int         *front_cover,
                                               GPtrArray   *warnings,
                                               GError     **error);

typedef struct {
  JsonObject *metadata;     /* Title, Writer[], Creators[{name, role}], Publisher, Date, Year, Month, Day,
                               LanguageISO, Summary, Genre[], Identifier[], ISBN, Series, Number,
                               NumberSort … */
  GPtrArray  *spine;        /* char* hrefs of the spine itemrefs, in order, resolved against the
                               OPF's folder (zip entry names); empty for a stand-alone sidecar */
  char       *cover_href;   /* resolved zip entry name of the declared cover, or NULL */
} BinderyOpf;

void        bindery_opf_free                  (BinderyOpf *opf);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BinderyOpf, bindery_opf_free)

/* opf_path: the OPF's own entry name inside the EPUB ("OEBPS/content.opf"), used to resolve
 * hrefs; "" for a sidecar file. */
BinderyOpf *bindery_opf_parse                 (const char  *data,
                                               gsize        len,
                                               const char  *opf_path,
                                               GPtrArray   *warnings,
                                               GError     **error);
/* An OPF href (relative URL) → zip entry name: fragment and query dropped, percent-decoded,
 * resolved against opf_path's folder, "." and ".." collapsed without ever climbing above the
 * container root. NULL for an absolute URL ("http://…") or an empty result. */
char       *bindery_epub_resolve_href         (const char  *opf_path,
                                               const char  *href);
/* META-INF/container.xml → the first rootfile's full-path. */
char       *bindery_epub_container_rootfile   (const char  *data,
                                               gsize        len,
                                               GError     **error);

/* PDF Info dictionary: Title, Writer[] (Author), Summary (Subject), Keywords, Tags[], CreationDate,
 * Year/Month/Day. */
JsonObject *bindery_pdf_metadata              (PopplerDocument *document);

/* File-name fallback: Series, Number (text, "#12" "012" "c045"), NumberSort, Volume ("v03", "Vol. 3"),
 * Year ("(2016)"). folder_name: the series folder's name (may be NULL). */
JsonObject *bindery_filename_metadata         (const char  *folder_name,
                                               const char  *file_basename);

/* Numeric sort key of a Number text: "12" → 12, "12.5" → 12.5, "1/2" → 0.5, "-1" → -1,
 * "Annual" → FALSE. */
gboolean    bindery_number_sort_key           (const char  *number,
                                               double      *out);

/* Copies every member of from into into (from wins). */
void        bindery_metadata_merge            (JsonObject  *into,
                                               JsonObject  *from);
/* Members of fallback missing from into are copied (into wins). */
void        bindery_metadata_fill             (JsonObject  *into,
                                               JsonObject  *fallback);

G_END_DECLS
