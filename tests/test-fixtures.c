/* test-fixtures.c: test programs that cannot run without the shared fixtures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "test-fixtures.h"

/* meson's exit status for a skipped test */
#define EXIT_SKIP 77

static char *
why_missing (const char *env_var)
{
  const char *path = g_getenv (env_var);

  if (path != NULL && g_file_test (path, G_FILE_TEST_IS_DIR))
    return NULL;
  if (path == NULL)
    return g_strdup_printf ("$%s is not set; run the tests with meson test", env_var);
  return g_strdup_printf ("$%s (%s) is not a folder; these tests read the shared fixtures "
                          "(configure with -Dfixtures_dir=PATH to point at them)", env_var, path);
}

void
test_require_folder (const char *env_var)
{
  char *why = why_missing (env_var);

  if (why == NULL)
    return;
  g_print ("SKIP: %s\n", why);
  g_free (why);
  exit (EXIT_SKIP);
}

gboolean
test_have_folder (const char *env_var)
{
  g_autofree char *why = why_missing (env_var);

  if (why == NULL)
    return TRUE;
  g_test_skip (why);
  return FALSE;
}
