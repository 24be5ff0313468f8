/* bindery-metadata-private.h: record helpers shared by the metadata readers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The record is a JsonObject keyed by ComicInfo field names. Every setter trims its text and
 * leaves the record untouched when the result is empty, so "empty" and "absent" are the same.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Appends a formatted warning (char*, g_free) to warnings; warnings may be NULL. */
void      bindery_metadata_warn          (GPtrArray   *warnings,
                                          const char  *format,
                                          ...) G_GNUC_PRINTF (2, 3);

/* Trimmed copy (ASCII white space), or NULL when text is NULL or only white space. */
char     *bindery_metadata_strip         (const char  *text);

/* Sets field to the trimmed text; returns FALSE (and sets nothing) when it is empty. Text
 * longer than BINDERY_METADATA_TEXT_MAX bytes is cut there (at a character boundary) and a
 * warning naming the field and its size is appended to warnings (may be NULL). */
gboolean  bindery_metadata_set_string_full (JsonObject  *record,
                                            const char  *field,
                                            const char  *text,
                                            GPtrArray   *warnings);
gboolean  bindery_metadata_set_string    (JsonObject  *record,
                                          const char  *field,
                                          const char  *text);

/* Appends item (trimmed, skipped when empty or already present) to the array field. */
void      bindery_metadata_add_list_item (JsonObject  *record,
                                          const char  *field,
                                          const char  *item);

/* Splits text on any of separators and appends every non-empty trimmed item. */
void      bindery_metadata_set_list      (JsonObject  *record,
                                          const char  *field,
                                          const char  *text,
                                          const char  *separators);

/* Parses a whole decimal integer in [min, max]; FALSE when text is not one. */
gboolean  bindery_metadata_parse_int     (const char  *text,
                                          gint64       min,
                                          gint64       max,
                                          gint64      *out);

/* Number (text) and NumberSort (when numeric). */
void      bindery_metadata_set_number    (JsonObject  *record,
                                          const char  *number);

/* "en", "ja", "pt-BR", "zh-Hant", "es-419": a 2–3 letter ISO 639 code, optionally followed by
 * BCP 47 subtags (1–8 letters or digits each), separated by '-' or '_'. */
gboolean  bindery_metadata_language_valid (const char *text);

/* ISO 8601 date prefix ("2020", "2020-05", "2020-05-04", "2020-05-04T10:00:00Z") → year, month,
 * day (0 when not given). FALSE when the text does not start with a valid date. */
gboolean  bindery_metadata_parse_date    (const char  *text,
                                          int         *year,
                                          int         *month,
                                          int         *day);

/* Sets date_field (when not NULL) to the text and Year/Month/Day to its parts; invalid dates are
 * dropped with a warning naming the field. */
void      bindery_metadata_set_date      (JsonObject  *record,
                                          const char  *date_field,
                                          const char  *text,
                                          GPtrArray   *warnings);

/* Author text (PDF Info, …) → Writer[]: see bindery-pdf-metadata.c for the splitting rule. */
void      bindery_pdf_set_authors        (JsonObject  *record,
                                          const char  *author);

#define BINDERY_YEAR_MIN 1000
#define BINDERY_YEAR_MAX 9999

G_END_DECLS
