/* bindery-natural-compare.h: the natural order of MANIFEST.md
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Page names in a book (book/) and the catalog's listings (catalog/) both sort by it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* strcmp-like; NULL sorts first. Thread-safe, no allocation, no locale. */
int bindery_natural_compare (const char *a,
                             const char *b);

G_END_DECLS
