/* bindery-core.h: process-wide set-up of libbindery-core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Call once from main(), before any thread starts: the locale (UTF-8 LC_CTYPE for
 * libarchive), TZ (so libzip's mktime() does not stat /etc/localtime per entry under
 * a global lock), libxml2, and the job types the queue can re-create after a restart. */
void bindery_core_init (void);

G_END_DECLS
