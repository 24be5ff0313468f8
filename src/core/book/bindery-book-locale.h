/* bindery-book-locale.h: a thread-local UTF-8 LC_CTYPE for libarchive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <locale.h>

G_BEGIN_DECLS

/* libarchive converts the names RAR and 7z store as Unicode to the locale's charset (and
 * fails in the C locale): code reading or writing archives with libarchive runs between
 * these two, under a thread-local UTF-8 LC_CTYPE. enter returns the previous locale
 * ((locale_t) 0 when no UTF-8 locale exists: nothing changed) for leave. */
locale_t           bindery_book_enter_utf8_locale   (void);
void               bindery_book_leave_utf8_locale   (locale_t previous);

G_END_DECLS
