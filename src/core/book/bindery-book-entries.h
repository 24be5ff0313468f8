/* bindery-book-entries.h: the entry-name rules of MANIFEST.md (which entries are pages,
 * which names are safe)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when entry name is a page by the page rule (extension, no __MACOSX / dot component). */
gboolean           bindery_entry_is_page            (const char *entry_name);
/* FALSE for NULL, empty, absolute ('/x', '\\x', 'C:x') names and names with a '..'
 * component (slash and backslash both separators). */
gboolean           bindery_book_entry_name_is_safe  (const char *entry_name);

G_END_DECLS
