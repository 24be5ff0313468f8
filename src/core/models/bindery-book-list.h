/* bindery-book-list.h: the books matching a search, filters and a sort, as a lazy GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Items are BinderyBookItem. Everything (search, filters, sort) is SQL; see
 * bindery-paged-list.h for paging and reload semantics. Set the properties, then call
 * bindery_paged_list_reload().
 */
#pragma once

#include "bindery-paged-list.h"
#include "bindery-book-item.h"

G_BEGIN_DECLS

typedef enum {
  BINDERY_BOOK_SORT_NAME,        /* display title, then file name */
  BINDERY_BOOK_SORT_NUMBER,      /* series name, then the number's sort key (reading order) */
  BINDERY_BOOK_SORT_DATE_ADDED,  /* newest first */
} BinderyBookSort;

typedef enum {
  BINDERY_STATUS_FILTER_ANY,
  BINDERY_STATUS_FILTER_READY,
  BINDERY_STATUS_FILTER_MISSING,
  BINDERY_STATUS_FILTER_ERROR,
  BINDERY_STATUS_FILTER_PROBLEMS, /* missing or error */
} BinderyStatusFilter;

/* Metadata facets to browse and filter by. */
typedef enum {
  BINDERY_FACET_NONE,
  BINDERY_FACET_WRITER,     /* book_metadata_lists field 'Writer' */
  BINDERY_FACET_GENRE,      /* book_metadata_lists field 'Genre' */
  BINDERY_FACET_PUBLISHER,  /* book_metadata.publisher */
  BINDERY_FACET_YEAR,       /* books.year */
  BINDERY_FACET_LANGUAGE,   /* book_metadata.language */
  BINDERY_FACET_STORY_ARC,  /* book_metadata.story_arc (and list field 'StoryArc') */
} BinderyFacet;

#define BINDERY_TYPE_BOOK_LIST (bindery_book_list_get_type ())
G_DECLARE_FINAL_TYPE (BinderyBookList, bindery_book_list, BINDERY, BOOK_LIST, BinderyPagedList)

/* Properties: "library-id" (0 = all), "series-id" (0 = all), "search" (matches title, file
 * name, series name, ComicInfo series and writers; case-insensitive for ASCII), "sort",
 * "status-filter", "facet" + "facet-value". */
BinderyBookList    *bindery_book_list_new               (BinderyCatalog      *catalog);

gint64              bindery_book_list_get_library_id    (BinderyBookList     *self);
void                bindery_book_list_set_library_id    (BinderyBookList     *self,
                                                         gint64               library_id);
gint64              bindery_book_list_get_series_id     (BinderyBookList     *self);
void                bindery_book_list_set_series_id     (BinderyBookList     *self,
                                                         gint64               series_id);
const char         *bindery_book_list_get_search        (BinderyBookList     *self);
void                bindery_book_list_set_search        (BinderyBookList     *self,
                                                         const char          *search);
BinderyBookSort     bindery_book_list_get_sort          (BinderyBookList     *self);
void                bindery_book_list_set_sort          (BinderyBookList     *self,
                                                         BinderyBookSort      sort);
BinderyStatusFilter bindery_book_list_get_status_filter (BinderyBookList     *self);
void                bindery_book_list_set_status_filter (BinderyBookList     *self,
                                                         BinderyStatusFilter  filter);
BinderyFacet        bindery_book_list_get_facet         (BinderyBookList     *self);
const char         *bindery_book_list_get_facet_value   (BinderyBookList     *self);
/* facet NONE clears the facet filter. */
void                bindery_book_list_set_facet         (BinderyBookList     *self,
                                                         BinderyFacet         facet,
                                                         const char          *value);

/* Counts the matching books with COUNT(*) (without loading ids). */
gboolean            bindery_book_list_count             (BinderyBookList     *self,
                                                         guint               *n_books,
                                                         GError             **error);

/* Reloads so far whose id query had to sort the rows itself rather than read them in an
 * index's order (the name and date-added orders of every book are indexed; tests check
 * they stay so, a sort of 100,000 rows costing the All Books view ~0.1-0.2 s). */
guint               bindery_book_list_get_n_sorted_reloads (BinderyBookList  *self);

const char         *bindery_facet_to_string             (BinderyFacet         facet);
gboolean            bindery_facet_from_string           (const char          *str,
                                                         BinderyFacet        *out);

G_END_DECLS
