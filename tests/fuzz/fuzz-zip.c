/* fuzz-zip.c: fuzz target for the ZIP / EPUB book reader over in-memory archives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is written to a memfd (the reader takes a path: /proc/self/fd/N), then read
 * as a book: listing, ComicInfo.xml or OPF, every page entry (at most 1 MiB each), and a
 * verification of every entry. Inputs get "PK" as their first bytes, so that they stay
 * in the ZIP reader. Seeds: every fixture ZIP, CBZ and EPUB.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bindery-book.h"
#include "bindery-book-verify.h"
#include "bindery-metadata.h"
#include "fuzz-runner.h"

static int memfd = -1;
static char memfd_path[64];

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(BinderyBookInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) verify_error = NULL;
  g_autofree char *bad_entry = NULL;
  gsize done = 0;

  if (size < 4 || size > (16u << 20))
    return 0;
  bindery_book_init ();
  bindery_metadata_init ();
  if (memfd < 0)
    {
      memfd = memfd_create ("bindery-fuzz-zip", MFD_CLOEXEC);
      if (memfd < 0)
        abort ();
      g_snprintf (memfd_path, sizeof memfd_path, "/proc/self/fd/%d", memfd);
    }
  if (ftruncate (memfd, 0) != 0)
    abort ();
  if (pwrite (memfd, "PK", 2, 0) != 2)
    abort ();
  while (done < size - 2)
    {
      ssize_t n = pwrite (memfd, data + 2 + done, size - 2 - done, 2 + done);

      if (n <= 0)
        abort ();
      done += n;
    }

  info = bindery_book_read_info (memfd_path, &error);
  if ((info == NULL) == (error == NULL))
    abort ();
  if (info != NULL)
    {
      if (info->pages != NULL && info->page_count != info->pages->len && info->format != BINDERY_BOOK_FORMAT_EPUB)
        abort ();
      for (guint i = 0; info->pages != NULL && i < info->pages->len && i < 8; i++)
        {
          g_autoptr(GError) entry_error = NULL;
          g_autoptr(GBytes) bytes = bindery_book_read_entry (memfd_path, info->format,
                                                             g_ptr_array_index (info->pages, i),
                                                             1 << 20, &entry_error);

          if ((bytes == NULL) == (entry_error == NULL))
            abort ();
        }
    }
  if (!bindery_book_verify (memfd_path, NULL, NULL, NULL, &bad_entry, &verify_error) && verify_error == NULL)
    abort ();
  return 0;
}

#ifndef BINDERY_LIBFUZZER

const char * const fuzz_target_dictionary[] = {
  "PK\3\4", "PK\1\2", "PK\5\6", "PK\6\6", "PK\6\7", "PK\7\10", "\0\0\0\0", "\377\377\377\377",
  "\10\0", "\11\0", "\14\0", "\143\0", "ComicInfo.xml", "META-INF/container.xml", "mimetype",
  "application/epub+zip", "../", "/", "\\", "001.jpg", NULL,
};
const guint fuzz_target_mutations = 100;

void
fuzz_target_add_seeds (const char *path,
                       const char *relative_path,
                       GPtrArray  *seeds)
{
  g_autoptr(GError) error = NULL;
  char *data;
  gsize len;

  if (bindery_book_format_from_name (relative_path) != BINDERY_BOOK_FORMAT_ZIP &&
      bindery_book_format_from_name (relative_path) != BINDERY_BOOK_FORMAT_EPUB)
    return;
  if (!g_file_get_contents (path, &data, &len, &error))
    return;
  if (len >= 4 && memcmp (data, "PK", 2) == 0 && len <= 256 * 1024)
    g_ptr_array_add (seeds, g_bytes_new_take (data, len));
  else
    g_free (data);
}

#endif /* BINDERY_LIBFUZZER */
