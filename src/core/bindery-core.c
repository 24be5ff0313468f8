/* bindery-core.c: process-wide set-up of libbindery-core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-core"

#include "config.h"

#include "bindery-core.h"

#include "bindery-book.h"
#include "bindery-context.h"
#include "bindery-convert-job.h"
#include "bindery-metadata.h"
#include "bindery-scan-job.h"
#include "bindery-thumbnail-job.h"

void
bindery_core_init (void)
{
  bindery_init_locale ();
  bindery_book_init ();
  bindery_metadata_init ();
  bindery_scan_job_register_types ();
  bindery_thumbnail_job_register_type ();
  bindery_convert_job_register_type ();
}
