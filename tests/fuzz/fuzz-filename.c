/* fuzz-filename.c: fuzz target for the file-name metadata parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is "FOLDER\nFILE NAME" (no newline: no folder). Seeds: the folder and file name
 * of every fixture file.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bindery-metadata.h"
#include "fuzz-runner.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);  /* a name has no NUL */
  char *newline = strchr (text, '\n');
  const char *folder = NULL;
  const char *name = text;
  JsonObject *record;

  if (newline != NULL)
    {
      *newline = '\0';
      folder = text;
      name = newline + 1;
    }
  record = bindery_filename_metadata (folder, name);
  if (record == NULL)
    abort ();
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), record);
    g_autofree char *json = json_to_string (node, FALSE);

    if (!g_utf8_validate (json, -1, NULL))
      abort ();
  }
  json_object_unref (record);
  return 0;
}

#ifndef BINDERY_LIBFUZZER

const char * const fuzz_target_dictionary[] = {
  " ", "#", "(", ")", "[", "]", "v", "Vol.", "vol ", "c", "ch", "001", "12.5", "1/2", "-1",
  "(2016)", "(of 4)", "Annual", ".cbz", ".cbr", ".", "_", "-", "\xe9", "\xc3\xa9", "\xff",
  "99999999999999999999", "0x", "\n", NULL,
};
const guint fuzz_target_mutations = 200;

void
fuzz_target_add_seeds (const char *path,
                       const char *relative_path,
                       GPtrArray  *seeds)
{
  g_autofree char *folder = g_path_get_dirname (relative_path);
  g_autofree char *folder_name = g_path_get_basename (folder);
  g_autofree char *name = g_path_get_basename (relative_path);
  char *text = g_strdup_printf ("%s\n%s", folder_name, name);

  g_ptr_array_add (seeds, g_bytes_new_take (text, strlen (text)));
}

#endif /* BINDERY_LIBFUZZER */
