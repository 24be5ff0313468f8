/* bindery-scan-plan.h: what a scan has to do, from a walk and a catalog snapshot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The snapshot is the library's books and series loaded once into hash tables (no
 * query per file). The plan classifies every walked file:
 *   new        no book at that path (maybe a moved one: see the fingerprint claim)
 *   changed    size, mtime or inode differ, or the same-named sidecar .opf
 *              appeared, changed or went (or --force, or --deep and the
 *              fingerprint differs): re-read, same book id
 *   restored   a missing book is back at its path unchanged
 *   unchanged  not opened
 * and lists the vanished books (in scope, not found by the walk, and not at or below
 * something the walk could not read: those are unknown and kept as they are). A vanished book
 * whose fingerprint reappears at a new path is the same book (moved): the writer
 * claims it with bindery_scan_plan_claim_moved(). Vanished books not claimed become
 * missing, never deleted.
 *
 * Series: pattern "series" → the folder that directly holds the book; "collection"
 * → the top-level folder holding it. Books in the root belong to the root series
 * (rel_path ""), named after the library folder.
 */
#pragma once

#include "bindery-catalog.h"
#include "bindery-library.h"
#include "bindery-scan-scope.h"
#include "bindery-walker.h"

G_BEGIN_DECLS

typedef enum {
  BINDERY_BOOK_STATUS_READY,
  BINDERY_BOOK_STATUS_MISSING,
  BINDERY_BOOK_STATUS_ERROR,
} BinderyBookStatus;

typedef struct {
  gint64             id;
  gint64             series_id;     /* 0 = none */
  const char        *rel_path;      /* raw bytes */
  gint64             size;
  gint64             mtime;
  guint64            inode;
  const char        *fingerprint;   /* may be NULL */
  const char        *sidecar;       /* sidecar .opf stamp when last read, NULL = none */
  BinderyBookStatus  status;
  gboolean           seen;          /* found by the walk */
  gboolean           claimed;       /* taken by a moved file */
} BinderySnapshotBook;

typedef struct {
  gint64      id;
  const char *rel_path;
  const char *name;
  gboolean    missing;
  const char *metadata;             /* series.json as stored, may be NULL */
} BinderySnapshotSeries;

typedef struct {
  GStringChunk *strings;
  GArray       *books;              /* BinderySnapshotBook */
  GHashTable   *books_by_path;      /* rel_path → index + 1 */
  GArray       *series;             /* BinderySnapshotSeries */
  GHashTable   *series_by_path;     /* rel_path → index + 1 */
  guint         n_present;          /* books not missing */
} BinderyScanSnapshot;

BinderyScanSnapshot *bindery_scan_snapshot_load (BinderyCatalog      *catalog,
                                                 gint64               library_id,
                                                 GError             **error);
void                 bindery_scan_snapshot_free (BinderyScanSnapshot *snapshot);
/* Index of the book at rel_path, or -1. */
int                  bindery_scan_snapshot_find_book   (BinderyScanSnapshot *snapshot,
                                                        const char          *rel_path);
int                  bindery_scan_snapshot_find_series (BinderyScanSnapshot *snapshot,
                                                        const char          *rel_path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BinderyScanSnapshot, bindery_scan_snapshot_free)

typedef enum {
  BINDERY_SCAN_ACTION_UNCHANGED,
  BINDERY_SCAN_ACTION_NEW,
  BINDERY_SCAN_ACTION_CHANGED,
  BINDERY_SCAN_ACTION_RESTORED,
} BinderyScanAction;

typedef struct {
  const BinderyWalkFile *file;
  const char            *series_path;   /* interned in the plan */
  BinderyScanAction      action;
  int                    snapshot_book; /* index in the snapshot, -1 for new files */
  gboolean               analyse;       /* must be opened: new, changed, forced */
  gboolean               fingerprint;   /* needs a fingerprint: new (move check), deep */
} BinderyScanItem;

typedef struct {
  BinderyScanSnapshot *snapshot;        /* borrowed */
  BinderyWalk         *walk;            /* borrowed */
  GStringChunk        *strings;
  GArray              *items;           /* BinderyScanItem, in walk order */
  GArray              *vanished;        /* int snapshot book indexes, in scope and not seen */
  GHashTable          *unknown_series;  /* series rel_path set: holds a book not seen because
                                           the walk could not read where it is (kept as it was) */
  guint                n_unknown;       /* such books */
  GHashTable          *vanished_by_fingerprint;  /* fingerprint → GArray of int, read-only after new */
  guint                n_to_analyse;
} BinderyScanPlan;

/* scope: NULL for the whole library, else the series folder (rel path) scanned alone.
 * force: re-read every book; deep: fingerprint unchanged books too. */
BinderyScanPlan *bindery_scan_plan_new            (BinderyScanSnapshot   *snapshot,
                                                   BinderyWalk           *walk,
                                                   BinderyLibraryPattern  pattern,
                                                   const char            *scope,
                                                   gboolean               force,
                                                   gboolean               deep);
/* A scoped scan (bindery-scan-scope.h): books vanish only in folders's scope; missing
 * books outside it can still be claimed as moved (their fingerprint reappears). */
BinderyScanPlan *bindery_scan_plan_new_for_folders (BinderyScanSnapshot   *snapshot,
                                                    BinderyWalk           *walk,
                                                    BinderyLibraryPattern  pattern,
                                                    BinderyScanScope      *folders,
                                                    gboolean               force,
                                                    gboolean               deep);
void             bindery_scan_plan_free           (BinderyScanPlan       *plan);
/* Thread-safe (read-only): may fingerprint belong to a vanished book? */
gboolean         bindery_scan_plan_is_vanished_fingerprint (BinderyScanPlan *plan,
                                                            const char      *fingerprint);
/* Writer thread: the first unclaimed vanished book with that fingerprint, now
 * claimed (its index), or -1. */
int              bindery_scan_plan_claim_moved    (BinderyScanPlan       *plan,
                                                   const char            *fingerprint);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BinderyScanPlan, bindery_scan_plan_free)

/* The series folder of a book (newly allocated). */
char            *bindery_scan_series_path         (BinderyLibraryPattern  pattern,
                                                   const char            *book_rel_path);
/* Display name of a series folder; "" → the library folder's name. */
char            *bindery_scan_series_name         (const char            *library_path,
                                                   const char            *series_path);

G_END_DECLS
