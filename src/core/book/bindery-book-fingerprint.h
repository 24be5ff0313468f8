/* bindery-book-fingerprint.h: a book's fingerprint: its size and a hash of a few sampled blocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Size + hash of a few sampled blocks (never a full read): "<size>-<16 hex digits>"
 * (XXH64 chained over up to four 4 KiB blocks at the start, 1/3, 2/3 and end, seeded with the
 * size; the whole file when it is 16 KiB or less). */
char              *bindery_book_fingerprint         (const char *path, GError **error);
/* The same from an open file (read with pread; the offset is left alone). */
char              *bindery_book_fingerprint_fd      (int fd, guint64 size, GError **error);

G_END_DECLS
