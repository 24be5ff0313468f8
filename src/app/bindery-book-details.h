/* bindery-book-details.h: one book: cover, metadata, file facts, status; open it, show it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bindery-application.h"
#include "bindery-book-item.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_BOOK_DETAILS (bindery_book_details_get_type ())
G_DECLARE_FINAL_TYPE (BinderyBookDetails, bindery_book_details, BINDERY, BOOK_DETAILS, AdwWindow)

BinderyBookDetails *bindery_book_details_new (BinderyApplication *application,
                                              BinderyBookItem    *book);
BinderyBookItem    *bindery_book_details_get_book (BinderyBookDetails *self);

G_END_DECLS
