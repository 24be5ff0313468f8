/* bindery-scan-series-job.h: a scan of one series folder (type "scan-series")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same scan as BinderyScanJob limited to one series: its "target" is the series
 * folder relative to the library root (raw bytes; "" = the root series). With the
 * series pattern only the folder's own files are read, with the collection pattern
 * the whole top-level folder. Only that series' books can become missing.
 */
#pragma once

#include "bindery-scan-job.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_SCAN_SERIES_JOB (bindery_scan_series_job_get_type ())
G_DECLARE_FINAL_TYPE (BinderyScanSeriesJob, bindery_scan_series_job, BINDERY, SCAN_SERIES_JOB, BinderyScanJob)

BinderyJob *bindery_scan_series_job_new (gint64      library_id,
                                         const char *series_path,
                                         JsonObject *options);

G_END_DECLS
