/* bindery-rar-headers.h: a small reader of RAR4/RAR5 block headers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libarchive 3.6.2 does not flag RAR5 encryption, so the book readers look at the
 * archive headers themselves: RAR5 archive encryption header (type 4) and the file
 * encryption record (extra-area record 0x01 of a file header); RAR4 archive header flag
 * 0x0080 (encrypted headers) and file header flag 0x0004 (encrypted file).
 * Only headers are read (data areas are skipped); every size is checked against the
 * input, so any byte sequence is safe to feed (see tests/fuzz/).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  BINDERY_RAR_VERSION_NONE,  /* not a RAR signature */
  BINDERY_RAR_VERSION_4,     /* RAR 1.5 - 4.x: "Rar!\x1a\x07\x00" */
  BINDERY_RAR_VERSION_5,     /* RAR 5.0: "Rar!\x1a\x07\x01\x00" */
} BinderyRarVersion;

typedef struct {
  BinderyRarVersion version;
  guint             n_files;           /* file headers read */
  guint             encrypted_headers : 1;
  guint             encrypted_files : 1;
  guint             complete : 1;       /* reached the end-of-archive header */
  guint             damaged : 1;        /* a header failed its CRC or ran past the end */
} BinderyRarHeaders;

/* One file header (RAR4 type 0x74, RAR5 type 2), for checking data libarchive reads:
 * libarchive 3.6.2 does not compare the CRC of stored entries. */
typedef struct {
  guint64 unpacked_size;
  guint32 crc;            /* CRC-32 of the unpacked data, when has_crc */
  guint   has_crc : 1;
  guint   is_dir : 1;
  guint   split : 1;      /* continued from or into another volume */
} BinderyRarFile;

/* Reads up to len bytes at offset into buf; returns the number read (short at the end
 * of the input), or -1 on an I/O error. */
typedef gssize (*BinderyRarReadFunc) (gpointer user_data,
                                      guint64  offset,
                                      guint8  *buf,
                                      gsize    len);

BinderyRarVersion bindery_rar_version_from_magic (const guint8       *data,
                                                  gsize               len);
/* Returns FALSE only on an I/O error from read_func. */
gboolean          bindery_rar_headers_read       (BinderyRarReadFunc  read_func,
                                                  gpointer            user_data,
                                                  guint64             size,
                                                  BinderyRarHeaders  *out);
gboolean          bindery_rar_headers_read_buffer (const guint8       *data,
                                                   gsize               len,
                                                   BinderyRarHeaders  *out);
/* As bindery_rar_headers_read, also appending a BinderyRarFile to files (may be NULL) for
 * every file header read, in archive order. */
gboolean          bindery_rar_headers_read_files (BinderyRarReadFunc  read_func,
                                                  gpointer            user_data,
                                                  guint64             size,
                                                  BinderyRarHeaders  *out,
                                                  GArray             *files);
/* fd is read with pread (its offset is left alone). */
gboolean          bindery_rar_headers_read_fd    (int                 fd,
                                                  BinderyRarHeaders  *out,
                                                  GError            **error);
gboolean          bindery_rar_headers_read_files_fd (int                 fd,
                                                     BinderyRarHeaders  *out,
                                                     GArray             *files,
                                                     GError            **error);

G_END_DECLS
