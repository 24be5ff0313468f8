/* bindery-series-list.h: the series matching a search and filters, as a lazy GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Items are BinderySeriesItem. See bindery-paged-list.h for paging and reloads.
 */
#pragma once

#include "bindery-paged-list.h"
#include "bindery-series-item.h"
#include "bindery-book-list.h"

G_BEGIN_DECLS

typedef enum {
  BINDERY_SERIES_SORT_NAME,
  BINDERY_SERIES_SORT_DATE_ADDED, /* newest first */
} BinderySeriesSort;

#define BINDERY_TYPE_SERIES_LIST (bindery_series_list_get_type ())
G_DECLARE_FINAL_TYPE (BinderySeriesList, bindery_series_list, BINDERY, SERIES_LIST, BinderyPagedList)

/* Properties: "library-id" (0 = all), "search" (series name, or a book in it whose title,
 * file name or writer matches), "sort", "status-filter" (MISSING: missing series or series
 * with missing books; ERROR: series with books in error; PROBLEMS: either). */
BinderySeriesList  *bindery_series_list_new               (BinderyCatalog      *catalog);

gint64              bindery_series_list_get_library_id    (BinderySeriesList   *self);
void                bindery_series_list_set_library_id    (BinderySeriesList   *self,
                                                           gint64               library_id);
const char         *bindery_series_list_get_search        (BinderySeriesList   *self);
void                bindery_series_list_set_search        (BinderySeriesList   *self,
                                                           const char          *search);
BinderySeriesSort   bindery_series_list_get_sort          (BinderySeriesList   *self);
void                bindery_series_list_set_sort          (BinderySeriesList   *self,
                                                           BinderySeriesSort    sort);
BinderyStatusFilter bindery_series_list_get_status_filter (BinderySeriesList   *self);
void                bindery_series_list_set_status_filter (BinderySeriesList   *self,
                                                           BinderyStatusFilter  filter);

G_END_DECLS
