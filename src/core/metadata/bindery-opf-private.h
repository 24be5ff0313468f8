/* bindery-opf-private.h: helpers of the OPF reader (paths, ISBN, HTML descriptions)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* base_dir + "/" + path with empty and "." components dropped and ".." collapsed; ".." never
 * climbs above the root. base_dir may be NULL (and is ignored when path starts with '/').
 * NULL when nothing is left. */
char     *bindery_epub_normalize_path (const char *base_dir,
                                       const char *path);

/* An ISBN-10 or ISBN-13 without "urn:isbn:"/"isbn:", hyphens and spaces, when text is one with a
 * valid check digit; when declared (the identifier's scheme says ISBN) or text has an ISBN URN
 * prefix, any remaining digits (and a final X) are accepted. NULL otherwise. */
char     *bindery_isbn_normalize      (const char *text,
                                       gboolean    declared);

/* text with HTML markup removed when it has any (known tag names only; block ends become line
 * breaks, runs of blank lines collapse) and HTML character references decoded; a copy of text
 * otherwise. NULL for NULL. */
char     *bindery_html_to_text        (const char *text);

G_END_DECLS
