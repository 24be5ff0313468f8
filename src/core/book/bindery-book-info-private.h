/* bindery-book-info-private.h: the setters the book readers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bindery-book-info.h"

G_BEGIN_DECLS

BinderyBookInfo *bindery_book_info_new  (void);
/* Parses ComicInfo.xml into info (metadata, metadata_error, cover). info->pages sorted. */
void      bindery_book_info_apply_comicinfo (BinderyBookInfo *info,
                                             const char      *data,
                                             gsize            len);
/* Cover = pages[index] when in range, else the first page. */
void      bindery_book_info_set_cover   (BinderyBookInfo   *info,
                                         int                index);

/* Sets a BINDERY_BOOK_ERROR_UNREADABLE error from errno for an open/read failure. */
void      bindery_book_set_errno_error  (GError           **error,
                                         int                errsv,
                                         const char        *what);

G_END_DECLS
