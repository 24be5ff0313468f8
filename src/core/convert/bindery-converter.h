/* bindery-converter.h: one RAR or 7z book to CBZ, verified, without losing a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bindery_converter_convert() does, in this order: streams every entry of the source
 * through libarchive into a hidden temporary file in the same folder
 * (BINDERY_CONVERT_TEMP_PREFIX + 6 random characters + BINDERY_CONVERT_TEMP_SUFFIX), in
 * the source's entry order with the source's names; page images, folders and links are
 * stored, everything else (ComicInfo.xml, text) deflated; flushes and fsyncs it; reopens
 * it with libzip and checks every entry's name, size and CRC-32 against what was read
 * from the source; renames it to <stem>.cbz without replacing anything (RENAME_NOREPLACE);
 * fsyncs the folder. The original is never written, moved or removed here: the caller
 * disposes of it (bindery_converter_dispose_original) once the catalog points at the new
 * file. On any failure the temporary file is removed and nothing else changed.
 *
 * Writing: libarchive's ZIP writer, not libzip. It streams entry by entry into our own
 * descriptor, so the temporary file is the one we named (libzip's zip_close writes all
 * entries at once into a temporary file of its own naming, then renames it), memory
 * stays at one buffer whatever the book's size, and pause and cancel act between
 * entries. Reading back: libzip, a second, independent implementation of the format.
 *
 * When <stem>.cbz exists and holds exactly the source's entries (names, order, sizes,
 * CRC-32: what a run killed between its rename and its catalog update leaves), it is taken
 * as the conversion (result->adopted); any other existing file is G_IO_ERROR_EXISTS.
 *
 * Errors: source problems are BINDERY_BOOK_ERROR (encrypted, corrupt, unsupported,
 * unsafe-entry-name, unreadable); destination problems are G_IO_ERROR (G_IO_ERROR_EXISTS:
 * <stem>.cbz is taken; G_IO_ERROR_NO_SPACE, G_IO_ERROR_PERMISSION_DENIED, …);
 * BINDERY_CONVERT_ERROR_VERIFY when the new file does not read back as written;
 * G_IO_ERROR_CANCELLED when check() said so. Messages state the reason; the caller
 * adds the path.
 *
 * Thread-safe: no shared state; runs on the caller's thread.
 */
#pragma once

#include <gio/gio.h>

#include "bindery-book.h"

G_BEGIN_DECLS

#define BINDERY_CONVERT_TEMP_PREFIX ".bindery-convert-"
#define BINDERY_CONVERT_TEMP_SUFFIX ".cbz.tmp"

#define BINDERY_CONVERT_ERROR (bindery_convert_error_quark ())
typedef enum {
  BINDERY_CONVERT_ERROR_VERIFY,   /* the new file does not read back as written */
} BinderyConvertError;

GQuark   bindery_convert_error_quark (void);

/* Between entries: return FALSE + error to stop (cancel); may block (pause). */
typedef gboolean (*BinderyConvertCheckFunc)    (gpointer   user_data,
                                                GError   **error);
/* Source bytes consumed so far (compressed, as read from the file) of the source's size. */
typedef void     (*BinderyConvertProgressFunc) (guint64    done,
                                                guint64    total,
                                                gpointer   user_data);

typedef struct {
  BinderyConvertCheckFunc     check;       /* nullable */
  BinderyConvertProgressFunc  progress;    /* nullable */
  gpointer                    user_data;
  /* Tests: the writer fails with this errno once this many bytes were written
   * (0: never). Stands in for faults a test cannot make for real. */
  guint64                     fail_after_bytes;
  int                         fail_errno;
} BinderyConvertOptions;

typedef struct {
  char    *path;          /* the new file (final name) */
  guint64  entries;       /* entries written */
  guint64  bytes_before;  /* the source's size */
  guint64  bytes_after;   /* the new file's size */
  guint64  data_bytes;    /* uncompressed bytes of all entries */
  gboolean adopted;       /* <stem>.cbz was already there, holding exactly the source's
                             entries: a run killed after its rename left it; taken as the
                             conversion (nothing was written) */
} BinderyConvertResult;

void      bindery_convert_result_clear        (BinderyConvertResult *result);

/* TRUE for the formats converted: RAR (RAR4, RAR5) and 7z. */
gboolean  bindery_converter_can_convert       (BinderyBookFormat    format);
/* The folder's <stem>.cbz for a book file (its extension replaced). */
char     *bindery_converter_destination_path  (const char          *path);
/* TRUE when basename is one of our temporary names (exact pattern). */
gboolean  bindery_converter_is_temp_name      (const char          *basename);

/* path: the book file; format: its format from content (RAR or 7z). options nullable. */
gboolean  bindery_converter_convert           (const char                  *path,
                                               BinderyBookFormat            format,
                                               const BinderyConvertOptions *options,
                                               BinderyConvertResult        *result,
                                               GError                     **error);

/* TRUE when the ZIP at dest holds exactly the entries of the book at path (names, order,
 * sizes, CRC-32 of the data), as our conversion writes them. Reads both in full. */
gboolean  bindery_converter_is_conversion_of  (const char          *path,
                                               BinderyBookFormat    format,
                                               const char          *dest);

/* The size the new file would have, from the source's entry headers alone (no data is
 * read): every entry's uncompressed size plus the ZIP records around it (text entries are
 * counted uncompressed, so this is an upper bound but for them). For a dry run. */
gboolean  bindery_converter_estimate_size     (const char          *path,
                                               BinderyBookFormat    format,
                                               guint64             *size,
                                               GError             **error);

/* Moves the original to the trash, or deletes it when delete is TRUE. No trash on its
 * file system: FALSE with G_IO_ERROR_NOT_SUPPORTED and the file left where it was. */
gboolean  bindery_converter_dispose_original  (const char          *path,
                                               gboolean             delete,
                                               GError             **error);

/* Removes our temporary files (bindery_converter_is_temp_name, regular files only)
 * under folder, recursing into sub-folders (hidden ones and links excepted) when
 * recursive. Returns how many were removed; problems are skipped (g_debug). */
guint     bindery_converter_remove_temp_files (const char          *folder,
                                               gboolean             recursive);

G_END_DECLS
