/* bindery-cover-priority.h: the covers the gallery shows are made first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Watches a GtkGridView of book or series items: which cells are on screen, and the
 * next screen of items below them. While a thumbnail job is queued or running, it
 * hands their books (a series' cover book) to the job with
 * bindery_thumbnail_job_prioritize(), at most ~20 times a second, after scrolling,
 * resizing, a new model or a new job. The covers then reach the cells through the
 * usual catalog refresh.
 *
 * With BINDERY_COVER_PRIORITY=off in the environment it still follows the cells on
 * screen but tells no job: for benchmarks (build-aux/bench covers) that compare the
 * cover job with and without the visible-first work.
 */
#pragma once

#include <gtk/gtk.h>

#include "bindery-job-queue.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_COVER_PRIORITY (bindery_cover_priority_get_type ())
G_DECLARE_FINAL_TYPE (BinderyCoverPriority, bindery_cover_priority, BINDERY, COVER_PRIORITY, GObject)

BinderyCoverPriority *bindery_cover_priority_new            (GtkGridView          *grid_view);
/* The queue whose thumbnail jobs are told (NULL: none, read-only). */
void                  bindery_cover_priority_set_queue      (BinderyCoverPriority *self,
                                                             BinderyJobQueue      *queue);
/* From the grid's factory: the cells that may be on screen are among the bound ones. */
void                  bindery_cover_priority_bind           (BinderyCoverPriority *self,
                                                             GtkListItem          *list_item);
void                  bindery_cover_priority_unbind         (BinderyCoverPriority *self,
                                                             GtkListItem          *list_item);
/* Looks again soon (coalesced). */
void                  bindery_cover_priority_queue_update   (BinderyCoverPriority *self);
/* Looks now; returns the number of books handed to thumbnail jobs (0 when none runs). */
guint                 bindery_cover_priority_update         (BinderyCoverPriority *self);
/* The book ids last handed to the jobs, most wanted first (gint64; borrowed). */
GArray               *bindery_cover_priority_get_wanted     (BinderyCoverPriority *self);
/* Positions in the model of the cells on screen, at the last look (first, last). */
gboolean              bindery_cover_priority_get_visible_range (BinderyCoverPriority *self,
                                                                guint                *first,
                                                                guint                *last);

G_END_DECLS
